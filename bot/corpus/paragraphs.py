"""Split article text into paragraphs while keeping offsets into the original text.

Two conventions occur in saved pages: blank lines between paragraphs (web pages), and
hard-wrapped lines where an indented line opens a new paragraph (1980s wire copy).
"""

from __future__ import annotations

import re

from bot.models import Paragraph

_LINE = re.compile(r"[^\n]*(?:\n|$)")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Return the non-blank paragraphs of ``text`` (which must use ``\\n`` line ends).

    A paragraph ends at a blank line, or before a line indented by two or more spaces that
    follows an unindented-or-text line in wire style. Leading and trailing whitespace is
    trimmed from each paragraph, and offsets point at the trimmed text.
    """
    paragraphs: list[Paragraph] = []
    start: int | None = None
    end = 0
    pos = 0
    for match in _LINE.finditer(text):
        line = match.group(0)
        if not line:
            break
        stripped = line.strip()
        line_start = pos
        pos += len(line)
        if not stripped:
            if start is not None:
                paragraphs.append(_trimmed(text, start, end))
                start = None
            continue
        if start is not None and _opens_wire_paragraph(line):
            paragraphs.append(_trimmed(text, start, end))
            start = None
        if start is None:
            start = line_start
        end = line_start + len(line.rstrip("\n"))
    if start is not None:
        paragraphs.append(_trimmed(text, start, end))
    return [p for p in paragraphs if p.text]


def _opens_wire_paragraph(line: str) -> bool:
    """Wire copy indents each new paragraph; web text never indents with spaces."""
    return line.startswith("  ") and not line.startswith("\t")


def _trimmed(text: str, start: int, end: int) -> Paragraph:
    segment = text[start:end]
    lead = len(segment) - len(segment.lstrip())
    trail = len(segment) - len(segment.rstrip())
    start += lead
    end -= trail
    return Paragraph(start, end, text[start:end])
