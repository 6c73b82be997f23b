"""Separate an article's own paragraphs from the page furniture saved around them.

A page copied to text carries a header (navigation, title, date line, masthead, byline),
boilerplate inside the story (share buttons, photo credits, "Read also" link lists) and a
trailer (author bio, "Original url:" block, wire sign-off). Quote finding runs on the body
only, so the rules here are conservative: a paragraph is dropped only when its shape says it
is furniture, and never when it holds a double quotation mark that could open a quote.
Every paragraph keeps offsets into the original text, whose characters are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from bot.corpus.dates import parse_date_line, parse_dateline
from bot.corpus.paragraphs import split_paragraphs
from bot.corpus.sources import publisher_for_name
from bot.models import Paragraph


@dataclass(frozen=True)
class CleanDocument:
    """The parts of one article; ``title`` and ``header`` are for metadata, ``body`` for quotes."""

    title: Paragraph | None
    header: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]
    trailer: tuple[Paragraph, ...]


# Marks that may open a quotation; a paragraph holding one is never dropped as furniture.
_DOUBLE_QUOTE_MARKS = '"“”„«»'
_BOILERPLATE = re.compile(
    r"(?:accessibility links|breaking news|skip to (?:main )?content|share(?: this(?: article"
    r"| story)?)?|share on \w+|tweet|print|e-?mail|comments?|advertisement|menu|search"
    r"|\d+ pages? in this article|subscribe(?: to| now| for)?\b.{0,60}|sign up\b.{0,60}"
    r"|follow us\b.{0,60}|read more:?|related(?: articles| stories| content| news)?:?"
    r"|most (?:read|popular)|(?:image|photo|photograph|picture|video)(?: credit)?s?:.{0,120}"
    r"|©.{0,120}|\(?(?:photo|image|file photo) (?:by|credit|courtesy)\b.{0,100}"
    r"|(?:ap|afp|reuters|getty images|epa)(?: photo)?/.{0,100}|•?\s*\d+x\d+ image|next|previous)",
    re.IGNORECASE,
)
_TRAILER_START = re.compile(
    r"(?:original url:?.*|back to top|•\s*\d+x\d+ image|about the author:?"
    r"|(?:source|url|link|permalink|originally published at):?\s*<?https?://\S+>?)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"\(?(?:with (?:additional )?reporting (?:from|by)|additional reporting by|reporting by"
    r"|editing by|writing by|compiled by)\b.{0,200}",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"[Bb][Yy]:?\s+[A-Z][\w.'’-]+(?:\s+[\w.'’-]+){0,5}(?:\s*,\s*[\w .'’/&-]{1,40})?"
)
_READ_ALSO = re.compile(
    r"(?:read also|see also|also read|read more|related(?: articles| stories)?|more on this"
    r"(?: story)?|you may also like|recommended)\s*:?",
    re.IGNORECASE,
)
# Caption marks: "(left)", "(pictured)", or a label "Photo: ". Two patterns, each tried only
# when the text holds its "(" or ":": the label's word boundary gives the regex engine no
# first character to skip to, so it is tried at every position of the text it searches.
_CAPTION_POSITION = re.compile(
    r"\((?:left|right|center|centre|top|bottom|pictured|file)\)", re.IGNORECASE
)
_CAPTION_LABEL = re.compile(r"\b(?:image|photo):\s", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"(?:\s*|.*[.!?\"'”)]\s+)(?:reuters?|REUTERS?)\.{0,3}(?:\^M)?\s*", re.IGNORECASE
)
_MARKDOWN_BOLD = re.compile(r"\*\*[^*]{2,60}\*\*")
_TITLE_MAX = 300
_HEAD_CHARS = 20_000
_LABEL_MAX_WORDS = 8


class _Line(NamedTuple):
    """A tuple rather than a dataclass: the header scan makes one per line of every file."""

    start: int
    end: int
    text: str
    alone: bool  # the line is a whole paragraph (blank lines around it)


def clean(text: str) -> CleanDocument:
    """Split ``text`` into title, header, body and trailer paragraphs (see module doc)."""
    title, header, body_start = _scan_header(text)
    body, trailer = _split_trailer(text, split_paragraphs(text, body_start))
    return CleanDocument(title, tuple(header), tuple(_drop_furniture(body)), tuple(trailer))


def _lines(text: str) -> Iterator[_Line]:
    """Non-blank lines (trimmed, with offsets); ``alone`` when blank lines surround the line.

    Lazy: the header scan usually stops within a few lines, so the rest of the text is never
    split. A block's first line waits until the next line shows whether it stands alone.
    """
    held: tuple[int, int, str] | None = None  # a block's first line, not yet yielded
    in_block = False
    pos = 0
    size = len(text)
    while pos <= size:
        cut = text.find("\n", pos)
        if cut < 0:
            cut = size
        raw = text[pos:cut]
        line_start = pos
        pos = cut + 1
        stripped = raw.strip()
        if not stripped:
            if held is not None:
                yield _Line(*held, True)
            held, in_block = None, False
            continue
        start = line_start + len(raw) - len(raw.lstrip())
        line = (start, start + len(stripped), stripped)
        if not in_block:
            held, in_block = line, True
            continue
        if held is not None:
            yield _Line(*held, False)
            held = None
        yield _Line(*line, False)
    if held is not None:
        yield _Line(*held, True)


def _scan_header(text: str) -> tuple[Paragraph | None, list[Paragraph], int]:
    """Walk lines from the top until the first line that reads as story text.

    Returns the title, the other header lines, and the offset where the body begins. The body
    may begin mid-paragraph (a Reuters byline line directly above the dateline).
    """
    title: Paragraph | None = None
    pending: list[Paragraph] = []
    header: list[Paragraph] = []
    dated = False
    head = _head(text)
    for index, line in enumerate(_lines(head)):
        para = Paragraph(line.start, line.end, line.text)
        if index > 40 or len(line.text) > _TITLE_MAX * 4:
            return _finish(title, pending, header, line.start)
        is_date_line = parse_date_line(line.text) is not None
        if is_date_line:
            dated = True
            if title is None and pending:  # a short headline directly above its date line
                title = pending.pop(0)
        if _is_header_line(line.text, is_date_line) or (
            title is not None and (_is_masthead(line.text) or _is_label(line, dated))
        ):
            header.append(para)
            continue
        if title is None and _is_title_candidate(line.text):
            if len(line.text.split()) >= 3:
                title = para
            else:
                pending.append(para)
            continue
        return _finish(title, pending, header, line.start)
    return _finish(title, pending, header, len(head))


def _head(text: str) -> str:
    """The first lines only: a header is never long, and huge files must stay cheap."""
    if len(text) <= _HEAD_CHARS:
        return text
    cut = text.rfind("\n", 0, _HEAD_CHARS)
    return text[: cut + 1] if cut > 0 else text[:_HEAD_CHARS]


def _finish(
    title: Paragraph | None, pending: list[Paragraph], header: list[Paragraph], body_start: int
) -> tuple[Paragraph | None, list[Paragraph], int]:
    """Short lines held back while looking for a title: the first is the title if none was found."""
    if title is None and pending:
        title, pending = pending[0], pending[1:]
    extra = [p for p in pending if p is not title]
    merged = sorted([*header, *extra], key=lambda p: p.start)
    return title, merged, body_start


def _is_header_line(line: str, is_date_line: bool) -> bool:
    """Lines that can only be furniture: navigation, date line, masthead, byline.

    The caller has already parsed ``line`` as a date line, so ``is_date_line`` passes that
    answer on rather than parsing every line twice.
    """
    if len(line) > 200 or _has_double_quote(line):
        return False
    return bool(
        is_date_line  # first: already known (in wire copy, a third of the header lines)
        or _BOILERPLATE.fullmatch(line)
        or publisher_for_name(line)
        or _BYLINE.fullmatch(line)
    )


def _has_double_quote(text: str) -> bool:
    """Whether ``text`` holds a double quotation mark (plain ``in`` tests beat a regex scan)."""
    return any(mark in text for mark in _DOUBLE_QUOTE_MARKS)


def _is_masthead(line: str) -> bool:
    """A short line with markdown bold, as in "The  **Moscow Times**"."""
    return (
        len(line.split()) <= 5
        and _MARKDOWN_BOLD.search(line) is not None
        and line[-1] != "."
        and not line.startswith("#")
        and not _has_double_quote(line)
    )


def _is_label(line: _Line, dated: bool) -> bool:
    """A short line under the title: section label or photo caption.

    Before the date line it may share a block with it ("Russian Politics & Diplomacy" over
    "September 22"); after it only a stand-alone line counts, since the first line of a
    hard-wrapped wire story is short too.
    """
    text = line.text
    return (
        (line.alone or not dated)
        and len(text.split()) <= _LABEL_MAX_WORDS
        and text[-1] not in ".!?:\"”'’"
        and not _has_double_quote(text)
        and parse_dateline(text) is None
    )


def _is_title_candidate(line: str) -> bool:
    return len(line) <= _TITLE_MAX and parse_dateline(line) is None


def _split_trailer(
    text: str, paragraphs: list[Paragraph]
) -> tuple[list[Paragraph], list[Paragraph]]:
    """Cut the story at the first trailer marker, and take off a wire sign-off line."""
    for index, para in enumerate(paragraphs):
        cut = para.text.find("\n")  # not split: that would copy the rest of the paragraph
        first_line = (para.text if cut < 0 else para.text[:cut]).strip()
        if index > 0 and _TRAILER_START.fullmatch(first_line):
            body, trailer = paragraphs[:index], paragraphs[index:]
            break
    else:
        body, trailer = paragraphs, []
    while body and _CREDIT.fullmatch(body[-1].text) and not _has_double_quote(body[-1].text):
        trailer.insert(0, body.pop())
    if body:
        last, sign_off = _without_sign_off(text, body[-1])
        if sign_off is not None:
            body = body[:-1] + ([last] if last is not None else [])
            trailer.insert(0, sign_off)
    return body, trailer


def _without_sign_off(text: str, para: Paragraph) -> tuple[Paragraph | None, Paragraph | None]:
    """Split "... last sentence.\\n Reuter" into the story part and the sign-off."""
    cut = para.text.rfind("\n") + 1
    last_line = para.text[cut:]
    if len(last_line) > 300 or not _SIGN_OFF.fullmatch(last_line):
        return para, None
    word = re.search(r"reuters?\.{0,3}(?:\^M)?\s*$", last_line, re.IGNORECASE)
    if word is None:  # pragma: no cover - the fullmatch guarantees it
        return para, None
    sign_start = para.start + cut + word.start()
    sign_off = Paragraph(sign_start, para.end, text[sign_start : para.end])
    keep_end = sign_start
    while keep_end > para.start and text[keep_end - 1].isspace():
        keep_end -= 1
    if keep_end <= para.start:
        return None, sign_off
    return Paragraph(para.start, keep_end, text[para.start : keep_end]), sign_off


def _drop_furniture(paragraphs: list[Paragraph]) -> Iterator[Paragraph]:
    """Drop share/credit lines, captions and "Read also" link lists inside the story."""
    in_link_list = False
    for para in paragraphs:
        has_quote = _has_double_quote(para.text)
        if not has_quote and _READ_ALSO.fullmatch(para.text):
            in_link_list = True
            continue
        if in_link_list and not has_quote and _looks_like_headline(para.text):
            continue
        in_link_list = False
        if has_quote or not _is_furniture(para.text):
            yield para


def _only_boilerplate_lines(text: str) -> bool:
    """Whether every non-blank line of ``text`` is boilerplate ("Share", "Read more").

    Line by line with ``str.find``: the first line of story text decides, so the rest of a
    long paragraph is never split into lines.
    """
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end].strip()
        if line and not _BOILERPLATE.fullmatch(line):
            return False
        start = end + 1
    return True


def _looks_like_headline(text: str) -> bool:
    """A related-link headline: one short line without closing punctuation."""
    return "\n" not in text and len(text) <= 160 and text.rstrip()[-1] not in ".!?:;,"


def _is_furniture(text: str) -> bool:
    if _only_boilerplate_lines(text):
        return True
    if len(text) <= 400 and (
        ("(" in text and _CAPTION_POSITION.search(text))
        or (":" in text and _CAPTION_LABEL.search(text))
    ):
        return True
    return bool(_TRAILER_START.fullmatch(text.strip()))
