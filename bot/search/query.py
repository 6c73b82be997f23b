"""Turning what a user typed into a safe FTS5 query, and user dates into :class:`PartialDate`.

User text never reaches FTS5 as syntax: it is folded like the index (:func:`bot.textnorm.fold`),
split into word tokens the way the ``unicode61`` tokenizer splits them, and every token is
written back inside double quotes. So ``AND OR (``, ``NEAR(``, ``col:x`` or a lone ``"`` are
just words (or nothing), and the only syntax a user controls is ``"exact phrase"`` and a
trailing ``*`` for a prefix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.errors import BadDate, NothingToSearch
from bot.models import PartialDate
from bot.textnorm import fold

MAX_QUERY_CHARS = 300
"""Longer input is cut here: no sensible search is longer, and it bounds the work per query."""
MAX_TERMS = 12
"""At most this many words or phrases are ANDed; the rest of a pasted paragraph is dropped."""

TermKind = Literal["word", "phrase", "prefix"]

# unicode61 makes tokens of letters and digits; everything else separates them.
_TOKEN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W_]+(?:[-'.][^\W_]+)*")  # a word as written: "U.S", "O'Brien"
_SCANNER = re.compile(
    r'"(?P<phrase>[^"]*)"?'  # a phrase; an unterminated one runs to the end
    rf"|(?P<word>{_WORD.pattern})(?P<star>\*)?"
)


@dataclass(frozen=True)
class Term:
    """One ANDed part of a query, as tokens the index would hold (lower case, no accents).

    ``word`` may hold several tokens when the user joined them with a hyphen, apostrophe or
    dot ("de-conflict", "U.S."); ``hyphenated`` records whether gluing them together is a
    plausible spelling of the same word ("deconflict").
    """

    tokens: tuple[str, ...]
    kind: TermKind
    hyphenated: bool = False
    written: str = field(default="", compare=False)
    """How the user wrote it ("U.S.", "O'Brien"), for replies; not part of what is searched."""

    def display(self) -> str:
        text = self.written or ("-" if self.hyphenated else " ").join(self.tokens)
        if self.kind == "phrase":
            return f'"{text}"'
        if self.kind == "prefix":
            return f"{text}*"
        return text


@dataclass(frozen=True)
class ParsedQuery:
    """The terms of a query plus whether the input had to be shortened."""

    terms: tuple[Term, ...]
    truncated: bool = False

    def display(self) -> str:
        return " ".join(term.display() for term in self.terms)


@dataclass(frozen=True)
class Alternative:
    """One way a term can appear in the index: a phrase of tokens, the last maybe a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def to_fts(self) -> str:
        return quote_fts(" ".join(self.tokens)) + ("*" if self.prefix else "")


def token_key(token: str) -> str:
    """Lower case without diacritics: the form ``unicode61 remove_diacritics 2`` stores."""
    decomposed = unicodedata.normalize("NFKD", token.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """Index-style tokens of already folded text."""
    return [key for key in (token_key(t) for t in _TOKEN.findall(text)) if key]


def parse_query(
    text: str, *, max_chars: int = MAX_QUERY_CHARS, max_terms: int = MAX_TERMS
) -> ParsedQuery:
    """Split user input into ANDed terms; raise :class:`NothingToSearch` if there are none."""
    truncated = len(text) > max_chars
    folded = fold(text[:max_chars])
    terms: list[Term] = []
    for match in _SCANNER.finditer(folded):
        term = _term(match)
        if term is not None and term not in terms:
            terms.append(term)
    if not terms:
        raise NothingToSearch()
    if len(terms) > max_terms:
        terms, truncated = terms[:max_terms], True
    return ParsedQuery(tuple(terms), truncated)


def _term(match: re.Match[str]) -> Term | None:
    phrase = match.group("phrase")
    if phrase is not None:
        tokens = tuple(tokenize(phrase))
        # Only the words are echoed back, never markdown or mentions typed between them.
        written = " ".join(m.group(0) for m in _WORD.finditer(phrase))
        return Term(tokens, "phrase", written=written) if tokens else None
    word = match.group("word")
    if "." in word and match.string.startswith(".", match.end()):
        word += "."  # an abbreviation: "U.S." rather than "U.S"
    tokens = tuple(tokenize(word))
    if not tokens:
        return None
    if match.group("star"):
        return Term(tokens, "prefix", written=word)
    return Term(tokens, "word", hyphenated=len(tokens) > 1 and "-" in word, written=word)


def quote_fts(text: str) -> str:
    """An FTS5 string literal: the text between double quotes, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _in_order(group: Iterable[Alternative]) -> list[Alternative]:
    """A term's alternatives as the expression writes them: sorted, each FTS5 text once."""
    return sorted(
        {alternative.to_fts(): alternative for alternative in group}.values(),
        key=Alternative.to_fts,
    )


def match_expression(groups: Sequence[Iterable[Alternative]], operator: str = "AND") -> str:
    """``(a OR b) AND (c)``: alternatives of one term ORed, terms joined by ``operator``."""
    if operator not in {"AND", "OR"}:
        raise ValueError(f"unsupported operator {operator!r}")
    parts = []
    for group in groups:
        alternatives = [alternative.to_fts() for alternative in _in_order(group)]
        if alternatives:
            parts.append("(" + " OR ".join(alternatives) + ")")
    return f" {operator} ".join(parts)


def phrase_counts(groups: Sequence[Iterable[Alternative]], frequency: Mapping[str, int]) -> str:
    """How many rows hold each phrase of :func:`match_expression`, in its order ("12 7 -1").

    The ranking function (:mod:`bot.storage.ranking`) takes these instead of counting them
    on every search. A single word's count is its vocabulary entry; a phrase of several words
    or a prefix is -1, for the ranking function to count itself.
    """
    counts = []
    for group in groups:
        for alternative in _in_order(group):
            single = len(alternative.tokens) == 1 and not alternative.prefix
            counts.append(frequency.get(alternative.tokens[0], -1) if single else -1)
    return " ".join(map(str, counts))


def parse_date(value: str, *, what: str = "date") -> PartialDate:
    """``YYYY-MM-DD`` (also ``YYYY/MM/DD``) or ``MM-DD`` / ``--MM-DD`` for a day in any year."""
    text = value.strip().replace("/", "-")
    if text.startswith("--"):
        text = text[2:]
    parts = text.split("-")
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            return PartialDate(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2 and all(1 <= len(part) <= 2 for part in parts):
            return PartialDate(None, int(parts[0]), int(parts[1]))
    except ValueError:
        pass
    shown = value if len(value) <= 40 else value[:37] + "…"
    raise BadDate(
        f"I can't read the {what} “{shown}”: use YYYY-MM-DD (2015-09-28) or MM-DD (09-28)."
    )


def parse_full_date(value: str, *, what: str = "date") -> date:
    """A date with a year, for date-range filters."""
    parsed = parse_date(value, what=what)
    if parsed.year is None or parsed.year < 1:
        raise BadDate(f"The {what} needs a year: use YYYY-MM-DD, for example 2015-09-28.")
    return date(parsed.year, parsed.month, parsed.day)


def parse_month_day(value: str) -> tuple[int, int]:
    """``MM-DD`` (a year, if given, is ignored) for "on this day"."""
    parsed = parse_date(value, what="day")
    return parsed.month, parsed.day
