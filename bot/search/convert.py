"""Store rows -> result values, with display dates filled in once, here."""

from __future__ import annotations

from functools import lru_cache

from bot.models import PartialDate
from bot.search.formatting import format_date
from bot.search.results import ArticleSummary, QuoteHit
from bot.storage.search_store import ArticleRow, HitRow, QuoteRow


def partial_date(iso: str | None) -> PartialDate | None:
    """The stored ``YYYY-MM-DD`` / ``--MM-DD`` as a date; anything unreadable is "no date"."""
    if not iso:
        return None
    try:
        return PartialDate.parse_iso(iso)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dated(iso: str | None) -> tuple[PartialDate | None, str]:
    """Parsed and display date of one stored value, cached: a page of hits shares few dates,
    and parsing plus formatting was a measurable share of a sub-millisecond search."""
    when = partial_date(iso)
    return when, format_date(when)


def quote_hit(row: QuoteRow | HitRow, score: float = 0.0) -> QuoteHit:
    when, date_text = _dated(row.date_iso)
    return QuoteHit(
        quote_id=row.id,
        text=row.text,
        speaker=row.speaker_name,
        speaker_canonical=row.canonical,
        article_id=row.article_id,
        title=row.title,
        source=row.source,
        date=when,
        date_text=date_text,
        url=row.url,
        score=score,
    )


def article_summary(row: ArticleRow) -> ArticleSummary:
    when, date_text = _dated(row.date_iso)
    return ArticleSummary(
        article_id=row.id,
        title=row.title,
        source=row.source,
        date=when,
        date_text=date_text,
        url=row.url,
        author=row.author,
    )
