"""Recognise publication dates in the shapes news pages print them.

A date is only taken from places that state the publication date: a line that is nothing but
a date (the page's date line), a wire dateline opening the story, or the URL path. A date in a
sentence ("came on September 17") is about an event, so nothing here searches free text.
A year the text does not give stays ``None``; it is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.models import PartialDate

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?"
    r"|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAY = re.compile(
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?,?\s*",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"(?:published|posted|updated|last updated|date|dated)(?:\s+on)?\s*:?\s*", re.IGNORECASE
)
# Each shape anchored at the start; the caller decides what may follow.
_SHAPES = (
    re.compile(_MONTH + r"\s+" + _DAY + r"\b(?:,?\s*" + _YEAR + r"\b)?", re.IGNORECASE),
    re.compile(_DAY + r"\s+" + _MONTH + r"\b(?:,?\s*" + _YEAR + r"\b)?", re.IGNORECASE),
    re.compile(r"(?P<day>[0-3]?\d)-" + _MONTH + r"-" + _YEAR, re.IGNORECASE),
    re.compile(_YEAR + r"-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(_YEAR + r"/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)\b"),
)
# The first shape opens with a month name, all others with a digit: one look at the first
# character rules out the shapes that cannot match there.
_LETTER_FIRST_SHAPES = _SHAPES[:1]
_DIGIT_FIRST_SHAPES = _SHAPES[1:]
_TIME = re.compile(
    r"(?:[\s,|@–—-]*|T)(?:at\s+)?(?P<h>[0-2]?\d)[:.](?P<m>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?",
    re.IGNORECASE,
)
_ZONE = re.compile(
    r"[\s,(]*(?:(?P<base>utc|gmt)\s*(?:(?P<sign>[+\-−])\s*(?P<oh>[01]?\d)(?::?(?P<om>[0-5]\d))?)?"
    r"|(?P<sign2>[+\-])(?P<oh2>[01]\d):?(?P<om2>[0-5]\d)|(?P<abbr>[A-Z]{1,4}))\)?",
    re.IGNORECASE,
)
_ZONES = {
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "est": "-05:00", "edt": "-04:00",
    "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00",
    "pdt": "-07:00", "bst": "+01:00", "cet": "+01:00", "cest": "+02:00", "msk": "+03:00",
    "eet": "+02:00", "eest": "+03:00", "ist": "+05:30", "jst": "+09:00",
}  # fmt: skip
_SEGMENT_SPLIT = re.compile(r"\s+[|•·]\s+|\s+by\s+(?=\w)")
# Every split point holds one of these; a line with none (most header lines) is not split.
_SEGMENT_MARKS = ("|", "•", "·", "by")
_TRAILING_JUNK = " \t\u00a0\u200b.,;|"
_MAX_DATE_LINE = 90

# Wire datelines: "UNITED NATIONS, September 22./TASS/.", "SALVADOR, Feb 26 - ",
# "DECATUR, Ill., March 3 (Reuters) -". The place is upper case, as wires print it.
_PLACE = re.compile(r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}\.?)?,\s*")
_DATELINE_AFTER = re.compile(r"\s*(?:\.?\s*/|\(|[-–—]|\.\s|\.$|,\s*\d)")
_DATE_FIRST_AFTER = re.compile(r"\s*(?:\(|[-–—])")
# Every date shape holds a digit (the day or the year). Most lines a header scan meets have
# none, and one search rules them out before the shapes are tried. (A month-name search is
# no cheaper than the anchored shapes themselves, so it is not worth adding.)
_DIGIT = re.compile(r"\d")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?=[/\-_.]|$)")


@dataclass(frozen=True)
class DateHit:
    """A date with the clock time and UTC offset printed beside it, when printed."""

    date: PartialDate
    time: str | None = None
    utc_offset: str | None = None


def _month_number(match: re.Match[str]) -> int:
    """The month a shape read: a number in the ISO-like shapes, a name in the others."""
    if "mnum" in match.re.groupindex:
        return int(match.group("mnum"))
    return _MONTHS[match.group("month")[:3].lower()]


def _date_at(text: str, pos: int) -> tuple[PartialDate, int] | None:
    """Parse one date starting exactly at ``pos``; returns it and where it ends."""
    digit_first = text[pos : pos + 1].isdecimal()  # what ``\d`` matches in a str pattern
    for shape in _DIGIT_FIRST_SHAPES if digit_first else _LETTER_FIRST_SHAPES:
        match = shape.match(text, pos)
        if match is None:
            continue
        year = match.group("year")
        try:
            date = PartialDate(
                int(year) if year else None, _month_number(match), int(match.group("day"))
            )
        except (ValueError, KeyError):
            continue
        return date, match.end()
    return None


def _time_at(text: str, pos: int) -> tuple[str | None, int]:
    match = _TIME.match(text, pos)
    if match is None:
        return None, pos
    hour, minute = int(match.group("h")), int(match.group("m"))
    ampm = (match.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23:
        return None, pos
    return f"{hour:02d}:{minute:02d}", match.end()


def _zone_at(text: str, pos: int) -> tuple[str | None, int]:
    match = _ZONE.match(text, pos)
    if match is None:
        return None, pos
    if match.group("base"):
        if match.group("sign") is None:
            return "+00:00", match.end()
        sign = "-" if match.group("sign") in "-−" else "+"
        hours, minutes = int(match.group("oh")), int(match.group("om") or 0)
        if hours > 14:
            return None, pos
        return f"{sign}{hours:02d}:{minutes:02d}", match.end()
    if match.group("sign2"):
        return f"{match.group('sign2')}{match.group('oh2')}:{match.group('om2')}", match.end()
    offset = _ZONES.get(match.group("abbr").lower())
    return (offset, match.end()) if offset else (None, pos)


# Cleaning and metadata look at the same header lines and opening paragraphs (title check,
# label check, date, agency tag), so recent answers are kept; a DateHit is immutable.
_RECENT = 256


@lru_cache(maxsize=_RECENT)
def parse_date_line(line: str) -> DateHit | None:
    """A line that is only a date (with optional weekday, time and zone), as a header prints it.

    Examples: "September 28, 2015", "Thursday, February 23, 2006\\u00a0",
    "September 22, 21:05 UTC+3", "26-FEB-1987 15:01:01.79", "2018-09-26". A header line that
    joins fields with "|" or "•" ("By Jane Doe | Sept. 28, 2015") counts by its date field.
    """
    if len(line) > _MAX_DATE_LINE * 2 or _DIGIT.search(line) is None:
        return None
    whole = _date_only(line)
    if whole is not None:
        return whole
    if not any(mark in line for mark in _SEGMENT_MARKS):
        return None  # nothing to split at: the one segment is the whole line, just tried
    segments = _SEGMENT_SPLIT.split(line)[:6]
    if len(segments) == 1:
        return None
    for segment in segments:
        found = _date_only(segment)
        if found is not None:
            return found
    return None


def header_segments(line: str) -> list[str]:
    """The fields of a header line joined by "|", "•" or "·" (at most a few)."""
    return [part.strip() for part in _SEGMENT_SPLIT.split(line)[:6] if part.strip()]


def _date_only(line: str) -> DateHit | None:
    text = line.strip(_TRAILING_JUNK + "\n")
    if not text or len(text) > _MAX_DATE_LINE:
        return None
    pos = 0
    prefix = _PREFIX.match(text)
    if prefix:
        pos = prefix.end()
    weekday = _WEEKDAY.match(text, pos)
    if weekday and weekday.end() > pos and _date_at(text, weekday.end()):
        pos = weekday.end()
    found = _date_at(text, pos)
    if found is None:
        return None
    date, pos = found
    time, pos = _time_at(text, pos)
    offset = None
    if time is not None:
        offset, pos = _zone_at(text, pos)
    if text[pos:].strip(_TRAILING_JUNK):
        return None
    return DateHit(date, time, offset)


def parse_dateline(paragraph: str) -> DateHit | None:
    """A wire dateline opening a story: "UNITED NATIONS, September 22./TASS/. Russian ...".

    Also the date-first form "May 26, 2016 (EIRNS)—Russian ...", which needs a year and a
    following tag or dash so that a sentence opening with a date is not mistaken for one.
    """
    return _dateline_at_head(paragraph[:200])


@lru_cache(maxsize=_RECENT)
def _dateline_at_head(head: str) -> DateHit | None:
    """:func:`parse_dateline` on the first 200 characters, which are all it reads.

    Keyed by that head, so the whole paragraph and its head, both asked about, share an
    answer, and a long paragraph is never hashed whole.
    """
    place = _PLACE.match(head)
    if place is not None:
        found = _date_at(head, place.end())
        if found is not None and _DATELINE_AFTER.match(head, found[1]):
            return _with_time(head, found)
    found = _date_at(head, 0)
    if found is not None and found[0].year is not None and _DATE_FIRST_AFTER.match(head, found[1]):
        return _with_time(head, found)
    return None


def _with_time(text: str, found: tuple[PartialDate, int]) -> DateHit:
    date, pos = found
    time, pos = _time_at(text, pos)
    offset = _zone_at(text, pos)[0] if time is not None else None
    return DateHit(date, time, offset)


def parse_url_date(url: str) -> PartialDate | None:
    """A ``/YYYY/MM/DD/`` (or ``/YYYY-MM-DD``) path segment, as many news sites use."""
    match = _URL_DATE.search(url)
    if match is None:
        return None
    try:
        return PartialDate(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
