"""Plain data shared by extraction, storage, search and rendering.

Everything here is a frozen dataclass so values can cross threads (extraction runs off the
event loop) and be cached without anyone mutating them behind another's back.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import NamedTuple

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A publication date that may lack its year.

    Publishers often print "September 22" with no year; we keep exactly what the page says
    instead of guessing, so ``year`` is ``None`` then.
    """

    year: int | None
    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        # A year-unknown date may be 29 February, so check days against a leap year. (A
        # table, not calendar.monthrange, which also works out the month's first weekday.)
        days = _DAYS_IN_MONTH[self.month - 1]
        if self.month == 2 and (self.year is None or calendar.isleap(self.year)):
            days = 29
        if not 1 <= self.day <= days:
            raise ValueError(f"day out of range: {self.year}-{self.month}-{self.day}")

    def iso(self) -> str:
        """``YYYY-MM-DD``, or ``--MM-DD`` (the ISO 8601 form) when the year is unknown."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse_iso(cls, value: str) -> PartialDate:
        """Inverse of :meth:`iso`."""
        if value.startswith("--"):
            month, day = value[2:].split("-")
            return cls(None, int(month), int(day))
        year, month, day = value.split("-")
        return cls(int(year), int(month), int(day))


class Paragraph(NamedTuple):
    """A block of the original text; ``text == original[start:end]``.

    A named tuple rather than a dataclass: files can hold a million paragraphs, and tuples
    are several times cheaper to create.
    """

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PublicationInfo:
    """Header facts about an article. ``None`` everywhere means "the text does not say"."""

    title: str | None = None
    date: PartialDate | None = None
    time: str | None = None  # "HH:MM"
    utc_offset: str | None = None  # "+03:00"
    source: str | None = None
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class ExtractedQuote:
    """One direct quotation, exactly as written between its marks.

    ``start``/``end`` are offsets of the quoted text (without the marks) in the original file
    text, so ``original[start:end] == text``. ``paragraph`` indexes the article's body
    paragraphs, for showing context.
    """

    text: str
    start: int
    end: int
    paragraph: int
    speaker: str | None = None
    explicit: bool = False
    partial: bool = False


@dataclass(frozen=True)
class ExtractedArticle:
    """Everything extraction learns from one file; ``text`` is the file's original text."""

    file: str
    text: str
    info: PublicationInfo
    body: tuple[Paragraph, ...]
    quotes: tuple[ExtractedQuote, ...] = field(default=())
