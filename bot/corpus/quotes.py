"""Find double-quoted spans in an article body, with exact offsets into the original text.

Saved pages mix straight ``"`` and curly ``“ ”`` marks, sometimes ``''…''`` pairs, and often
leave a mark unbalanced (a quote running over several paragraphs reopens each paragraph but
closes only at the end). So marks are paired within one paragraph at a time, a quote still
open at the paragraph end stops there, and every decision is local: one pass over the marks,
linear in the text length whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.corpus.reporting_verbs import VERB_RE
from bot.models import Paragraph

# Double marks only: single quotes are nested quotes or apostrophes and stay inside spans.
_MARK = re.compile(r"''|``|[\"“”„‟]")
# Every mark above contains one of these; most paragraphs hold none, and looking for them
# with ``in`` is several times cheaper than scanning with the regex.
_MARK_PIECES = ('"', "“", "”", "„", "‟", "''", "``")
_OPEN_ONLY = frozenset({"“", "„", "‟", "``"})
_CLOSE_ONLY = frozenset({"”"})
_SENTENCE_END = frozenset(".!?")
_CLAUSE_END = frozenset(".!?,;:")
# Words that open a reporting clause right after a quotation (`"…," he said`, `"…" - Kerry`).
_ATTRIBUTION_AFTER = re.compile(
    r"\s*(?:[-–—]\s*)?(?:[A-Z][\w.'’-]*|he|she|they|it|the|a|an|one|said|says|added|asked|"
    r"told|wrote|according)\b"
)
# Text before a quote that hands the floor to the quoted words (`said:`, `said,`, `that`).
_INTRODUCED = re.compile(
    r"(?:[:,]|\b(?:that|saying|adding|reads?|read|stating|asking)|(?:"
    + VERB_RE.pattern
    + r")(?:\s+[\w'’-]+){0,4}?)\s*$"
)


@dataclass(frozen=True)
class QuoteSpan:
    """The text between one pair of double quotation marks (or a mark and a paragraph end).

    ``start``/``end`` are offsets into the original file text, so ``original[start:end] ==
    text``. ``paragraph`` indexes the body paragraphs. ``partial`` marks a fragment quoted
    inside the writer's own sentence (scare quotes, terms, ``called it "destabilizing"``).
    """

    text: str
    start: int
    end: int
    paragraph: int
    partial: bool


def find_quotes(body: Sequence[Paragraph]) -> list[QuoteSpan]:
    """Return every double-quoted span of ``body`` in document order.

    Never raises on odd input: unbalanced marks are paired greedily and a quote left open
    ends at its paragraph end, which is also where a multi-paragraph quote's segment ends.
    """
    spans: list[QuoteSpan] = []
    for index, paragraph in enumerate(body):
        for start, end in _pair_marks(paragraph.text):
            span = _make_span(paragraph, index, start, end)
            if span is not None:
                spans.append(span)
    return spans


def _pair_marks(text: str) -> list[tuple[int, int]]:
    """Pair the marks of one paragraph; return ``(inner_start, inner_end)`` offsets in it."""
    pairs: list[tuple[int, int]] = []
    if not any(piece in text for piece in _MARK_PIECES):
        return pairs
    open_at: int | None = None
    for match in _MARK.finditer(text):
        mark = match.group(0)
        before = text[match.start() - 1] if match.start() > 0 else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if before.isalnum() and after.isalnum() and len(mark) == 1:
            continue  # `Venezuela"s`, `5"7`: not a quotation mark
        can_open = not after.isspace() and mark not in _CLOSE_ONLY
        can_close = not before.isspace() and mark not in _OPEN_ONLY
        if open_at is None:
            if can_open or not can_close:
                open_at = match.end()
            continue
        if can_close or not can_open:
            pairs.append((open_at, match.start()))
            open_at = None
        else:
            # A fresh opener while one is pending: the earlier quote never closed. Pages
            # whose paragraphs are single lines leave it open at its line end; keep that
            # segment, as for a paragraph end. On the same line, it was a stray mark.
            line_end = text.rfind("\n", open_at, match.start())
            if line_end != -1:
                pairs.append((open_at, line_end))
            open_at = match.end()
    if open_at is not None:
        pairs.append((open_at, len(text)))
    return pairs


def _make_span(paragraph: Paragraph, index: int, start: int, end: int) -> QuoteSpan | None:
    """Trim whitespace inside the marks and classify; ``None`` for an empty span."""
    raw = paragraph.text[start:end]
    stripped = raw.strip()
    if not stripped:
        return None
    lead = len(raw) - len(raw.lstrip())
    inner_start = start + lead
    inner_end = inner_start + len(stripped)
    partial = _is_partial(paragraph.text, inner_start, inner_end, stripped)
    return QuoteSpan(
        text=stripped,
        start=paragraph.start + inner_start,
        end=paragraph.start + inner_end,
        paragraph=index,
        partial=partial,
    )


def _is_partial(text: str, start: int, end: int, quoted: str) -> bool:
    """Whether the span is a fragment inside the writer's sentence rather than a quotation.

    A direct quotation either stands as its own sentence (it opens the sentence or follows an
    introducing ``said:``/``said,``/``that``), or ends with clause punctuation and hands over
    to an attribution (`"…," he said`). Everything else sits mid-sentence: a term, a scare
    quote or a partial quote.
    """
    before = text[max(0, start - 80) : max(0, start - 1)].rstrip()
    after = text[end + 1 : end + 41] if end < len(text) else ""
    words = len(quoted.split())
    ends_clause = quoted[-1] in _CLAUSE_END
    if not before or before[-1] in _SENTENCE_END or before.endswith(('"', "”")):
        return words < 3 and not ends_clause
    if quoted[0].islower():
        return True  # the writer's clause runs on into the quoted words
    if _INTRODUCED.search(before):
        return False
    return not (ends_clause and words >= 3 and _ATTRIBUTION_AFTER.match(after))
