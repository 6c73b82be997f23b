"""Regexes rewritten for speed match exactly what their plain formulations match.

Three hot patterns of speaker attribution open with a character class instead of a
look-behind or word boundary, so the regex engine skips to the few characters a match can
start at; look-behinds then check what the plain pattern checked before the match. The
plain formulations below are the specification: both are run over the bundled articles and
over random strings built from the characters (or words) each pattern cares about.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.corpus import names, speakers
from bot.corpus.reporting_verbs import VERB_RE

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

PLAIN_NAME_RUN = re.compile(
    rf"(?<![\w'’\-])(?<![{names._UPPER}]\.){names._WORD}"
    rf"(?:[ \t\n]+(?:{names._PARTICLE}[ \t\n]+)?{names._WORD})*"
)
PLAIN_SENTENCE_BREAK = re.compile(
    r"(?:(?<=[.!?])[\"”’')\]]*\s+(?=[\"“(\[]?[A-Z0-9ÀÖØ-Þ\"“])|;\s+|:\s*\n|\n(?=[\"“]))"
)
PLAIN_UNNAMED_SPEAKER = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w.&'’\-]+\s+){0,3}?([a-z]+)\s+(?:also\s+)?"
    r"(?:" + VERB_RE.pattern + r")"
)

Matches = list[tuple[tuple[int, int], str | None]]


def plain_runs(text: str) -> Matches:
    return [(m.span(), None) for m in PLAIN_NAME_RUN.finditer(text)]


def fast_runs(text: str) -> Matches:
    return [(m.span(), None) for m in names.NAME_RUN.finditer(text)]


def chosen_runs(text: str) -> Matches:
    """The pattern `name_runs_in` picks for the text (capital-first when no prefixed name)."""
    return [(m.span(), None) for m in names.name_runs_in(text).finditer(text)]


def plain_breaks(text: str) -> Matches:
    return [(m.span(), None) for m in PLAIN_SENTENCE_BREAK.finditer(text)]


def fast_breaks(text: str) -> Matches:
    # After a full stop the gap is group 1; otherwise the whole match (see speakers.py).
    return [
        ((m.start(1), m.end()) if m.start(1) >= 0 else m.span(), None)
        for m in speakers._SENTENCE_BREAK.finditer(text)
    ]


def plain_unnamed(text: str) -> Matches:
    return [(m.span(), m.group(1)) for m in PLAIN_UNNAMED_SPEAKER.finditer(text)]


def fast_unnamed(text: str) -> Matches:
    return [(m.span(), m.group(1)) for m in speakers._UNNAMED_SPEAKER.finditer(text)]


def random_text(rng: random.Random, pieces: list[str], glue: list[str], count: int) -> str:
    return "".join(rng.choice(pieces) + rng.choice(glue) for _ in range(rng.randrange(count)))


def words(text: str) -> list[str]:
    return text.split()


NAME_PIECES = words(
    "al- el- abu- bin- ibn- ul- d' l' d’ an- at- as- de van y "
    "Amr Estaing H.W. U.S. U.K. O.J. Bush Łukasz Šimon Σωκράτης Лавров "
    "a d l b i u e x 1 - ' . H. W"
)
BREAK_PIECES = list(".!?;:\n\"”’')](“[Aa0É \t")
UNNAMED_PIECES = words(
    "a an A An one One another Another anothe on ne x said says also official bank "
    "U.S. told - . Xa ba 1a"
)

CASES: list[
    tuple[str, Callable[[str], Matches], Callable[[str], Matches], list[str], list[str]]
] = [
    ("name runs", plain_runs, fast_runs, NAME_PIECES, ["", " ", "  ", "\n", ".", ","]),
    ("name runs, pattern chosen per text", plain_runs, chosen_runs, NAME_PIECES, ["", " ", "\n"]),
    ("sentence breaks", plain_breaks, fast_breaks, BREAK_PIECES, [""]),
    ("unnamed speakers", plain_unnamed, fast_unnamed, UNNAMED_PIECES, [" ", " ", "\n", "", ","]),
]


@pytest.mark.parametrize(
    ("plain", "fast"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_same_matches_over_the_bundled_articles(
    plain: Callable[[str], Matches], fast: Callable[[str], Matches]
) -> None:
    texts = [path.read_text(encoding="utf-8-sig") for path in sorted(CORPUS.glob("*.txt"))]
    assert texts
    for text in texts:
        assert fast(text) == plain(text)
    assert any(plain(text) for text in texts)  # the comparison compared something


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_same_matches_over_random_strings(
    case: tuple[str, Callable[[str], Matches], Callable[[str], Matches], list[str], list[str]],
) -> None:
    _, plain, fast, pieces, glue = case
    rng = random.Random(1987)
    found = 0
    for _ in range(20_000):
        text = random_text(rng, pieces, glue, 10)
        expected = plain(text)
        assert fast(text) == expected, repr(text)
        found += bool(expected)
    assert found > 200  # the strings exercise the pattern, not just its misses


def test_the_pattern_chosen_depends_on_a_prefixed_name() -> None:
    """The capital-first pattern is used only where no "al-", "d'" … name could start."""
    assert names.name_runs_in("Bashar al-Assad met Valéry Giscard d'Estaing.") is names.NAME_RUN
    for text in ("Sergei Lavrov said on Monday.", "A U.S.-Japan deal", "Smith's aide"):
        assert names.name_runs_in(text) is not names.NAME_RUN


def test_name_runs_searched_from_inside_a_text() -> None:
    """Other patterns search a run from a sentence start: look-behinds still see before it."""
    text = (CORPUS / sorted(p.name for p in CORPUS.glob("*.txt"))[0]).read_text("utf-8-sig")
    rng = random.Random(7)
    for _ in range(2_000):
        start = rng.randrange(len(text))
        end = start + rng.randrange(1, 400)
        plain = PLAIN_NAME_RUN.search(text, start, end)
        fast = names.NAME_RUN.search(text, start, end)
        assert (fast and fast.span()) == (plain and plain.span())
