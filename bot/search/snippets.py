"""A snippet of the best passage of an article, matched words in **bold**.

The full-text tables are contentless, so FTS5's ``snippet()`` (and ``offsets``) cannot work.
Tokenizing a whole body in Python for every hit was most of the cost of an article search,
so instead one compiled regex of the expanded query terms scans the body in C. The body is
first mapped character for character (same length, so offsets stay those of the original
text) to the lower-case, accent-free letters the index holds, and the scan stops after
:data:`_MAX_SPANS` matches: the best window is almost always among the first ones, and a
bounded scan keeps long articles from costing more than short ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from bot.search.query import Alternative, token_key
from bot.textnorm import fold

_MARKDOWN_CHARS = "\\*_~`|>[]"
_MARKDOWN = str.maketrans({char: "\\" + char for char in _MARKDOWN_CHARS})
_MAX_SPANS = 64
_HEAD_CHARS = 100_000
_WORD_CHAR = r"[^\W_]"  # what unicode61 keeps in tokens: letters and digits
_SEPARATOR = r"[\W_]+"  # what it drops between the tokens of a phrase
_FOLDS: dict[int, str] = {}  # non-ASCII code point -> its one-character index form


class _Span(NamedTuple):
    """A match in the body: a tuple, since a page of snippets makes hundreds of them."""

    start: int
    end: int
    group: int


class _Needle(NamedTuple):
    """One alternative made ready for scanning: its first token (located with ``str.find``)
    and an anchored pattern for what must follow it."""

    group: int
    first: str
    tail: re.Pattern[str]


def _fold_char(char: str) -> str:
    """The character the index would hold for ``char``, when that is one character.

    Anything that folds to more or fewer characters (ligatures, zero-width spaces) is kept
    as it is, so the mapped body always has the original's length and offsets.
    """
    key = token_key(fold(char))
    return key if len(key) == 1 else char


def _matchable(body: str) -> str:
    """``body`` lower-cased and accent-folded with the same length (ASCII fast path)."""
    if body.isascii():
        return body.lower()
    table = _FOLDS
    for char in set(body):
        if ord(char) > 127 and ord(char) not in table:
            table[ord(char)] = _fold_char(char)
    return _lower_same_length(body.translate(table))


def _lower_same_length(text: str) -> str:
    """``str.lower`` unless it would change the length (a few characters like "İ" do)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@lru_cache(maxsize=1024)
def _tail(alternative: Alternative) -> re.Pattern[str]:
    """What must follow an alternative's first token where ``str.find`` located it: the other
    tokens (any separators between them, as unicode61 drops them), then the end of a word."""
    rest = "".join(_SEPARATOR + re.escape(token) for token in alternative.tokens[1:])
    end = f"{_WORD_CHAR}*" if alternative.prefix else f"(?!{_WORD_CHAR})"
    return re.compile(rest + end)


def _needles(groups: Sequence[Sequence[Alternative]]) -> list[_Needle]:
    """The query's alternatives ready for scanning; built once for a whole page of bodies."""
    return [
        _Needle(number, alternative.tokens[0], _tail(alternative))
        for number, group in enumerate(groups)
        for alternative in group
        if alternative.tokens
    ]


def find_spans(body: str, needles: Sequence[_Needle]) -> list[_Span]:
    """Where each term (any of its alternatives) occurs in ``body``, in text order (bounded).

    Each alternative's first token is located with ``str.find`` (fast C substring search),
    and an anchored regex checks the rest, so the cost follows the number of occurrences,
    not the number of words in the body. Overlaps are resolved as a token-by-token matcher
    would: at one place the longest alternative wins, and later overlapping ones are dropped.
    """
    if len(body) > _HEAD_CHARS:
        # A huge body is folded and scanned from the start only; the whole of it is looked at
        # only when the head holds no match at all. Cut at a space so no word is halved.
        cut = body.rfind(" ", 0, _HEAD_CHARS)
        spans = _scan(_matchable(body[: cut if cut > 0 else _HEAD_CHARS]), needles)
        if spans:
            return spans
    return _scan(_matchable(body), needles)


def _scan(text: str, needles: Sequence[_Needle]) -> list[_Span]:
    found: list[_Span] = []
    horizon = len(text)  # past the last place every capped alternative was searched to
    for group, first, tail in needles:
        hits = 0
        at = text.find(first)
        while at != -1 and at < horizon:
            if at == 0 or not text[at - 1].isalnum():
                match = tail.match(text, at + len(first))
                if match is not None:
                    found.append(_Span(at, match.end(), group))
                    hits += 1
                    if hits == _MAX_SPANS:
                        horizon = at  # later matches of others would be unbalanced
                        break
            at = text.find(first, at + 1)
    found.sort(key=lambda span: (span.start, -span.end))
    merged: list[_Span] = []
    for span in found:
        if span.start > horizon:
            break
        if merged and span.start < merged[-1].end:
            continue  # overlapping alternatives ("de conflict" and "conflict"): keep the first
        merged.append(span)
    return merged[:_MAX_SPANS]


def _escape(text: str) -> str:
    """``text`` with every run of white space one space and Markdown's marks escaped.

    ``str.split`` and the substring tests run in C and skip the work a piece does not need;
    a regular expression for the spaces and an unconditional ``translate`` (which has no
    fast path for a mark that becomes two characters) were a third of a page's snippets.
    """
    words = text.split()
    if not words:
        return " " if text else ""
    collapsed = " ".join(words)
    if text[0].isspace():
        collapsed = " " + collapsed
    if text[-1].isspace():
        collapsed += " "
    if any(mark in collapsed for mark in _MARKDOWN_CHARS):
        return collapsed.translate(_MARKDOWN)
    return collapsed


def _render(body: str, start: int, end: int, spans: list[_Span]) -> str:
    pieces: list[str] = ["…"] if start > 0 else []
    cursor = start
    for span in spans:
        if span.start >= end:
            break  # spans are in text order
        if span.start < start or span.end > end:
            continue
        pieces.append(_escape(body[cursor : span.start]))
        pieces.append(f"**{_escape(body[span.start : span.end])}**")
        cursor = span.end
    pieces.append(_escape(body[cursor:end]))
    if end < len(body):
        pieces.append("…")
    return "".join(pieces).strip()


def _best_start(spans: list[_Span], width: int) -> int:
    """Start of the first span whose window of ``width`` holds the most distinct terms, then
    the most matches; one sliding pass (spans are sorted and do not overlap)."""
    best_key, best_start = (-1, -1), 0
    groups: dict[int, int] = {}
    last = 0  # spans[index:last] fit in the window starting at spans[index]
    for index, first in enumerate(spans):
        while last < len(spans) and spans[last].end - first.start <= width:
            groups[spans[last].group] = groups.get(spans[last].group, 0) + 1
            last += 1
        key = (len(groups), last - index)
        if key > best_key:
            best_key, best_start = key, first.start
        if last > index:
            if groups[first.group] == 1:
                del groups[first.group]
            else:
                groups[first.group] -= 1
        else:
            last = index + 1  # a single span wider than the window
    return best_start


def _window(body: str, anchor: int, width: int) -> tuple[int, int]:
    """About a fifth of the window before the first match, cut at spaces."""
    start = max(0, anchor - width // 5)
    if start > 0:
        space = body.find(" ", start, anchor)
        start = space + 1 if space != -1 else start
    end = min(len(body), start + width)
    if end < len(body):
        space = body.rfind(" ", start, end)
        if space > anchor:
            end = space
    return start, end


def _first_width(spans: list[_Span], budget: int) -> int:
    """The text width to try first: ``budget`` less room for the bold marks of the matches
    in the best window and the two ellipses, so most snippets render once, not twice."""
    if not spans:
        return budget
    anchor = _best_start(spans, budget)
    inside = sum(1 for span in spans if anchor <= span.start < anchor + budget)
    return max(budget - 4 * inside - 2, budget // 2)


def make_snippets(
    bodies: Sequence[str], groups: Sequence[Sequence[Alternative]], budget: int = 240
) -> list[str]:
    """For each of a page's bodies, its best passage in at most ``budget`` characters with
    the matches in bold; the query's matcher is built once for the whole page."""
    needles = _needles(groups)
    return [_snippet(body, needles, budget) for body in bodies]


def _snippet(body: str, needles: Sequence[_Needle], budget: int) -> str:
    budget = max(budget, 20)
    spans = find_spans(body, needles)
    width = _first_width(spans, budget)
    while width > 10:
        anchor = _best_start(spans, width) if spans else 0
        start, end = _window(body, anchor, width)
        text = _render(body, start, end, spans)
        if len(text) <= budget:
            return text
        width -= max(len(text) - budget, 8)
    plain = _escape(body).strip()
    return plain[: budget - 1].rstrip() + "…" if len(plain) > budget else plain
