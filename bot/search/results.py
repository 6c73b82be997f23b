"""What the search service returns: frozen, plain values that any front end can render.

Dates travel as :class:`PartialDate` (``None`` when the article gives none) together with
their display text, so a renderer never has to know the year-unknown rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from bot.models import PartialDate

T = TypeVar("T")


@dataclass(frozen=True)
class Correction:
    """A word that found nothing and what was searched instead."""

    original: str
    corrected: str


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a ranked result list; ``total`` counts every match, not just this page."""

    items: tuple[T, ...]
    total: int
    offset: int
    limit: int
    next_cursor: str | None = None
    searched: str = ""
    corrections: tuple[Correction, ...] = ()
    truncated: bool = False
    suggested: str = ""  # the query with likely typos replaced, offered as "did you mean"

    @property
    def summary(self) -> str:
        """``"1–5 of 57"`` (or ``"0 of 0"``)."""
        if not self.items:
            return f"0 of {self.total}"
        first, last = self.offset + 1, self.offset + len(self.items)
        return f"{first}–{last} of {self.total}"

    @property
    def note(self) -> str | None:
        """``showing results for …`` when a typo was corrected, ``did you mean …?`` when a
        rare word looks like one, else ``None``."""
        notes = []
        if self.corrections:
            notes.append(f"showing results for {self.searched}")
        if self.suggested:
            notes.append(f"did you mean {self.suggested}?")
        return " · ".join(notes) or None


class QuoteHit(NamedTuple):
    """A quote with who said it and where it was published.

    A named tuple, not a frozen dataclass like its neighbours: every search builds ten to
    fifty of these, and a frozen dataclass sets each field through ``object.__setattr__``
    (1.2 µs a hit against 0.3 µs, a twentieth of a whole quote search at 19k articles).
    """

    quote_id: str
    text: str
    speaker: str | None  # as the article writes it
    speaker_canonical: str | None  # the name the archive uses for that person
    article_id: str
    title: str | None
    source: str | None
    date: PartialDate | None
    date_text: str
    url: str | None
    score: float = 0.0


@dataclass(frozen=True)
class ArticleHit:
    """An article that matched, with a snippet (matched terms in **bold**)."""

    article_id: str
    title: str | None
    source: str | None
    date: PartialDate | None
    date_text: str
    url: str | None
    snippet: str
    score: float = 0.0


@dataclass(frozen=True)
class WhoSaidMatch:
    """A quote found from remembered words; ``score`` is 0-100 similarity."""

    quote: QuoteHit
    score: float


@dataclass(frozen=True)
class SpeakerProfile:
    """Everything about one speaker; ``timeline`` is one page of quotes in date order."""

    speaker_id: int
    name: str
    aliases: tuple[str, ...]
    quote_count: int
    first_date: PartialDate | None
    last_date: PartialDate | None
    first_date_text: str
    last_date_text: str
    sources: tuple[str, ...]
    timeline: Page[QuoteHit]
    undated_quotes: int  # quotes whose year is unknown (listed last in the timeline)
    others: tuple[tuple[str, int], ...] = ()  # other people the typed name fits, with quotes


@dataclass(frozen=True)
class ArticleSummary:
    """An article's metadata without its text."""

    article_id: str
    title: str | None
    source: str | None
    date: PartialDate | None
    date_text: str
    url: str | None
    author: str | None = None


@dataclass(frozen=True)
class DayGroup:
    """Items of one year on a given day; ``years_ago`` is ``None`` for year-unknown items."""

    label: str
    year: int | None
    years_ago: int | None
    articles: tuple[ArticleSummary, ...]
    quotes: tuple[QuoteHit, ...]
    article_count: int
    quote_count: int


@dataclass(frozen=True)
class OnThisDay:
    """Articles and quotes from one month-day across the years."""

    month: int
    day: int
    day_text: str
    reference: str  # ISO date the "N years ago" labels are relative to
    groups: tuple[DayGroup, ...]


@dataclass(frozen=True)
class SourceInfo:
    """A publisher with how many articles it has and their date range."""

    name: str
    article_count: int
    first_date: PartialDate | None
    last_date: PartialDate | None
    date_range_text: str
    undated_articles: int


@dataclass(frozen=True)
class ArticleDetail:
    """An article's metadata and its quotes, for a lookup by id."""

    article: ArticleSummary
    quotes: tuple[QuoteHit, ...]


@dataclass(frozen=True)
class QuoteContext:
    """The paragraph a quote sits in; ``quote_start``/``quote_end`` index ``paragraph``."""

    quote: QuoteHit
    paragraph: str
    quote_start: int
    quote_end: int


@dataclass(frozen=True)
class Choice:
    """An autocomplete choice: ``name`` is shown (<= 100 characters), ``value`` is sent back."""

    name: str
    value: str
