"""Split article text into paragraphs while keeping offsets into the original text.

Two conventions occur in saved pages: blank lines between paragraphs (web pages), and
hard-wrapped lines where an indented line opens a new paragraph (1980s wire copy).
"""

from __future__ import annotations

import re

from bot.models import Paragraph

# A paragraph break: a blank (or white-space-only) line, or a line break followed by a line
# indented with two or more spaces (wire copy indents each new paragraph; web text never does).
_BREAK = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*|\n(?=  )")


def split_paragraphs(text: str, start: int = 0) -> list[Paragraph]:
    """Return the non-blank paragraphs of ``text[start:]`` (which must use ``\\n`` line ends).

    Leading and trailing white space is trimmed from each paragraph, and offsets point at the
    trimmed text in ``text``. Regex splitting keeps this linear and fast even for millions of
    lines.
    """
    paragraphs: list[Paragraph] = []
    for match in _BREAK.finditer(text, start):
        _append_trimmed(paragraphs, text, start, match.start())
        start = match.end()
    _append_trimmed(paragraphs, text, start, len(text))
    return paragraphs


def _append_trimmed(paragraphs: list[Paragraph], text: str, start: int, end: int) -> None:
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return
    start += segment.find(stripped[0])  # past the leading white space, without a copy
    end = start + len(stripped)
    paragraphs.append(Paragraph(start, end, stripped))
