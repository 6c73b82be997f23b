"""Extraction never raises on arbitrary bytes or text, and what it exports is always sound.

A corpus is whatever people saved to disk, so the reader and the extraction pipeline must
accept any input: a crash would skip an article (or, before the indexer's guard, a whole
reload). Beyond "does not raise", every exported quote must be a literal slice of its file,
because citations promise the exact words, and every date must be a real (partial) date,
because on-this-day and the date filters compare them.

The default run uses a few hundred derandomised examples per property so CI stays fast and
repeatable; ``pytest -m slow`` runs the same properties with random seeds and many more
examples, and prints how many cases it generated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.corpus.extract import extract_article
from bot.corpus.reader import decode_bytes
from bot.models import ExtractedArticle, PartialDate

# Pieces of real-looking articles, so generated text reaches the quote, speaker, date and
# source rules instead of only the "nothing here" paths that random characters reach.
FRAGMENTS = [
    '"',
    "“",
    "”",
    "''",
    "«",
    "»",
    "„",
    " said ",
    " told reporters",
    ", according to ",
    "Sergei Lavrov",
    "Lavrov",
    "the foreign minister",
    "He",
    " she added.",
    "\n",
    "\n\n",
    "\r\n",
    "September 22, 21:05 UTC+3",
    "26-FEB-1987 15:01:01.79",
    "Thursday, February 23, 2006",
    "February 30, 2015",
    "May 26, 2016 (EIRNS)—",
    "2015-09-28",
    "/2015/09/28/",
    "99/99/9999",
    "MOSCOW, Sept 28 (Reuters) - ",
    "/TASS/",
    "Original url: https://www.rt.com/news/1",
    "https://example.com/a/b",
    "By John Smith",
    "Read also:",
    "Share this article",
    "© 2016",
    "@everyone",
    "<@&123>",
    "**",
    "\u200b",
    "\ufeff",
    "Т",  # Cyrillic capital T, a look-alike
    "—",
    " ",
    ".",
    "0",
    # Pieces the speaker rules look for (titles, appositions, bodies, inverted verbs).
    " president of ",
    "A",
    " and ",
    "'s ",
    "Chief ",
    "Commented ",
    ", adding, ",
    " the statement said",
    ", Fayetteville,",
    "Mr. ",
]
ARTICLE_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join),
)
RAW_BYTES = st.one_of(
    st.binary(max_size=600),
    ARTICLE_TEXT.flatmap(
        lambda text: st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]).map(
            lambda encoding: text.encode(encoding, errors="replace")
        )
    ),
)
_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
_OFFSET = re.compile(r"[+-](?:0\d|1[0-4]):[0-5]\d")

FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
SLOW_EXAMPLES = {"bytes": 15_000, "text": 20_000}


def check_sound(article: ExtractedArticle, text: str) -> None:
    """Everything the export shows is taken from the text or is a valid value."""
    assert article.text == text
    for paragraph in article.body:
        assert 0 <= paragraph.start <= paragraph.end <= len(text)
        assert text[paragraph.start : paragraph.end] == paragraph.text
    for quote in article.quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text, quote
        assert 0 <= quote.paragraph < len(article.body)
        assert quote.speaker is None or quote.speaker.strip(), quote
    info = article.info
    if info.date is not None:
        check_date(info.date)
    assert info.time is None or _TIME.fullmatch(info.time), info.time
    assert info.utc_offset is None or _OFFSET.fullmatch(info.utc_offset), info.utc_offset
    for value in (info.title, info.source, info.url, info.author):
        assert value is None or isinstance(value, str)


def check_date(date: PartialDate) -> None:
    """A real calendar day (year unknown allowed) whose ISO form reads back the same."""
    assert date.year is None or 1 <= date.year <= 9999, date
    rebuilt = PartialDate(date.year, date.month, date.day)  # validates month and day
    assert PartialDate.parse_iso(rebuilt.iso()) == date


def check_text(text: str) -> None:
    check_sound(extract_article(text, "fuzz.txt"), text)


def check_bytes(raw: bytes) -> None:
    """What the reader does with a file's bytes, then extraction of the decoded text."""
    result = decode_bytes(raw)
    if isinstance(result, str):
        assert result  # a reason to show in the skipped-files list
        return
    text, encoding, warning = result
    assert "\r" not in text
    assert encoding in {"utf-8", "utf-16", "cp1252"}
    assert warning is None or warning
    check_text(text)


@FAST
@given(ARTICLE_TEXT)
def test_extraction_of_any_text_is_sound(text: str) -> None:
    check_text(text)


@FAST
@given(RAW_BYTES)
def test_decoding_then_extracting_any_bytes_is_sound(raw: bytes) -> None:
    check_bytes(raw)


def test_known_tricky_inputs() -> None:
    """Inputs that have broken similar pipelines: lone marks, BOMs, CR-only line ends."""
    for text in ['"', "“”", '""""', "\n\n\n", '"a" said "b', "\ufeff\ufeff", "x\u2028y"]:
        check_text(text)
    for raw in [b"", b"\xff\xfe", b"\xfe\xff\x00", b"\xef\xbb\xbf", b"a\rb\r\nc", b"\x80" * 9]:
        check_bytes(raw)


def run_counted(check: Callable[[Any], None], strategy: Any, examples: int) -> int:
    """Run ``check`` as a random property with ``examples`` cases; returns how many ran."""
    count = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        nonlocal count
        count += 1
        check(value)

    run()
    return count


@pytest.mark.slow
def test_slow_extraction_fuzz(capsys: pytest.CaptureFixture[str]) -> None:
    counts = {
        "bytes": run_counted(check_bytes, RAW_BYTES, SLOW_EXAMPLES["bytes"]),
        "text": run_counted(check_text, ARTICLE_TEXT, SLOW_EXAMPLES["text"]),
    }
    with capsys.disabled():
        print(f"\n[fuzz] extraction: {sum(counts.values()):,} cases {counts}")
    assert sum(counts.values()) >= 0.9 * sum(SLOW_EXAMPLES.values())
