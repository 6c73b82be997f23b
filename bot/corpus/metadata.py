"""Header facts of one article: title, publication date and time, publisher, URL and author.

Each fact is read from the place a page prints it (header lines, the wire dateline opening the
story, the sign-off, the "Original url:" block) and never from free text, because a sentence
mentioning a date or a news agency says nothing about this article's own publication.
Whatever the text does not state stays ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.corpus.clean import CleanDocument
from bot.corpus.dates import (
    DateHit,
    header_segments,
    parse_date_line,
    parse_dateline,
    parse_url_date,
)
from bot.corpus.sources import (
    default_tags,
    normalise_name,
    publisher_for_name,
    publisher_for_url,
)
from bot.models import Paragraph, PublicationInfo

_URL_LABEL = re.compile(
    r"^[ \t]*(?P<label>original url|source url|source|url|link|permalink|originally published at"
    r"|read more at|article url)[ \t]*:?[ \t]*\n?(?:[ \t]*\n){0,3}[ \t]*"
    r"<?(?P<url>https?://[^\s<>\"]{3,2000})>?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_BARE_URL = re.compile(r"<?(https?://[^\s<>\"]{3,2000})>?")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s+|\*\*|__")
_TAG_AFTER_DATE = re.compile(r"[\s.,]*(?:/(?P<slash>[^/\n]{2,20})/|\((?P<paren>[^()\n]{2,20})\))")
_PLACE_TAG = re.compile(r"[A-Z][\w.'’ ,-]{1,50}?\s\((?P<tag>[^()\n]{2,20})\)\s*[-–—]")
_SUBSCRIBE = re.compile(r"[Ss]ubscribe to\s+(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})")
_SIGN_OFF = re.compile(r"reuters?\.{0,3}(?:\^M)?", re.IGNORECASE)
_NAME = (
    r"(?P<name>[A-Z][\w'’.-]+"
    r"(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|da|del|la|le|bin|al-)){1,4})"
)
_BYLINE = re.compile(
    r"[Bb][Yy]:?\s+"
    + _NAME
    + r"(?:\s+(?:and|&)\s+[^,\n]{1,60})?(?:\s*,\s*(?P<affil>[^,\n]{1,40}))?"
)
_CREDIT = re.compile(
    r"(?:^|\(|;\s)\s*(?i:(?:additional\s+)?(?:reporting|written|writing)\s+by)\s+" + _NAME
)
_BIO = re.compile(
    _NAME + r"\s+is\s+(?:a|an|the)\s+[^.\n]{0,80}?(?:correspondent|reporter|writer|editor"
    r"|journalist|columnist|contributor|producer|analyst)"
)
_NAME_STOP = re.compile(r"\s+(?:and|in|for|with|at|of|on)\b.*$")


def extract_info(
    text: str, document: CleanDocument, publishers: Mapping[str, str] | None = None
) -> PublicationInfo:
    """Read the header facts of ``text``, using the parts ``document`` already separated.

    ``publishers`` maps web domains to publisher names (default: the shipped table).
    """
    url = _find_url(text, document)
    hit = _find_date(document, url)
    return PublicationInfo(
        title=_title(document.title),
        date=hit.date if hit else None,
        time=hit.time if hit else None,
        utc_offset=hit.utc_offset if hit else None,
        source=_find_source(document, url, publishers),
        url=url,
        author=_find_author(document),
    )


def _title(paragraph: Paragraph | None) -> str | None:
    """The headline without markdown heading or bold marks."""
    if paragraph is None:
        return None
    title = _HEADING_MARKS.sub("", paragraph.text).strip()
    return title or None


def _find_url(text: str, document: CleanDocument) -> str | None:
    """A labelled URL ("Original url:", "Source:", "URL:"), else a lone URL in the trailer."""
    for para in (*document.trailer, *document.header):
        found = _labelled_url(para.text)
        if found:
            return found
    tail = text[document.trailer[0].start :] if document.trailer else ""
    found = _labelled_url(tail)
    if found:
        return found
    for para in document.trailer:
        bare = _BARE_URL.fullmatch(para.text.strip())
        if bare:
            return _tidy_url(bare.group(1))
    return None


def _labelled_url(text: str) -> str | None:
    if "http" not in text:
        return None
    match = _URL_LABEL.search(text)
    return _tidy_url(match.group("url")) if match else None


def _tidy_url(url: str) -> str:
    """Drop sentence punctuation a copy-paste leaves after the address."""
    return url.rstrip(".,;)]>")


def _find_date(document: CleanDocument, url: str | None) -> DateHit | None:
    """Header date line first, then a dateline opening the story, then the URL path."""
    hit = _first(parse_date_line(p.text) for p in document.header)
    if hit is None:
        hit = _first(parse_dateline(p.text) for p in document.body[:3])
    url_date = parse_url_date(url) if url else None
    if hit is None:
        return DateHit(url_date) if url_date else None
    same_day = url_date is not None and (url_date.month, url_date.day) == (
        hit.date.month,
        hit.date.day,
    )
    if hit.date.year is None and url_date is not None and same_day:
        return DateHit(url_date, hit.time, hit.utc_offset)
    return hit


def _first(hits: Iterable[DateHit | None]) -> DateHit | None:
    for hit in hits:
        if hit is not None:
            return hit
    return None


def _find_source(
    document: CleanDocument, url: str | None, publishers: Mapping[str, str] | None
) -> str | None:
    """Masthead line, dateline tag, URL domain, wire sign-off, byline affiliation, in that order."""
    for para in document.header:
        name = publisher_for_name(para.text) or _bold_masthead(para.text)
        if name:
            return name
    tagged = _dateline_tag(document.body[:3])
    if tagged:
        return tagged
    if url:
        found = publisher_for_url(url, dict(publishers) if publishers is not None else None)
        if found:
            return found
    if any(_SIGN_OFF.fullmatch(p.text.strip()) for p in document.trailer):
        return "Reuters"
    return _byline_affiliation(document.header) or _subscribe_masthead(document.header)


def _bold_masthead(line: str) -> str | None:
    """A short header line set in markdown bold names the publisher ("The **Moscow Times**")."""
    if "**" not in line or len(line.split()) > 5:
        return None
    name = normalise_name(line)
    return name if name[:1].isupper() else None


def _dateline_tag(paragraphs: Iterable[Paragraph]) -> str | None:
    """The agency tag of a dateline: "/TASS/.", "(EIRNS)—", "WASHINGTON (Reuters) -"."""
    tags = default_tags()
    for para in paragraphs:
        head = para.text[:200]
        # The tag's "(" comes within the pattern's first 53 characters, or nowhere.
        place = _PLACE_TAG.match(head) if "(" in head[:53] else None
        if place and place.group("tag").strip() in tags:
            return tags[place.group("tag").strip()]
        if parse_dateline(head) is None:
            continue
        if "/" not in head[:120] and "(" not in head[:120]:
            continue  # every tag is in slashes or parentheses: skip the slower regex scan
        for match in _TAG_AFTER_DATE.finditer(head, 0, 120):
            tag = (match.group("slash") or match.group("paren") or "").strip()
            if tag in tags:
                return tags[tag]
    return None


def _byline_affiliation(header: Iterable[Paragraph]) -> str | None:
    """ "by Janie Gabbett, Reuters": the affiliation names the publisher when it is a wire."""
    tags = default_tags()
    for para in header:
        match = _BYLINE.fullmatch(para.text.strip())
        if match and match.group("affil") and match.group("affil").strip() in tags:
            return tags[match.group("affil").strip()]
    return None


def _subscribe_masthead(header: Iterable[Paragraph]) -> str | None:
    """ "Subscribe to EIR Online" at the top of a page names the site it was saved from."""
    for para in header:
        match = _SUBSCRIBE.fullmatch(para.text.strip())
        if match:
            name = match.group("name")
            return publisher_for_name(name) or name
    return None


def _find_author(document: CleanDocument) -> str | None:
    """A byline in the header, else a "Reporting by" credit, else an author bio after the story."""
    for para in document.header:
        for segment in (para.text.strip(), *header_segments(para.text)):
            match = _BYLINE.fullmatch(segment)
            if match:
                return _clean_name(match.group("name"))
    for para in (*document.trailer[:4], *document.body[-2:]):
        head = para.text[:300]
        # Every credit holds "by", and no letters but B/b and Y/y match those two even
        # case-insensitively, so a plain test spares most paragraphs the regex scan.
        credit = _CREDIT.search(head) if "by" in head.lower() else None
        if credit:
            return _clean_name(credit.group("name"))
    for para in document.trailer:
        bio = _BIO.match(para.text)
        if bio:
            return _clean_name(bio.group("name"))
    return None


def _clean_name(name: str) -> str:
    """Keep only the first person named: "Jane Doe and John Roe" -> "Jane Doe"."""
    return _NAME_STOP.sub("", name).strip(" ,;.")
