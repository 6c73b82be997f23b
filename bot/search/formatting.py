"""Plain-text display of dates and citations, shared by the CLI and the Discord embeds.

A year the article does not give is never invented: "22 September (year unknown)".
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from bot.models import PartialDate
from bot.search.results import QuoteHit

UNKNOWN_DATE = "date unknown"


def format_date(value: PartialDate | None) -> str:
    """``"28 September 2015"``, ``"22 September (year unknown)"`` or ``"date unknown"``."""
    if value is None:
        return UNKNOWN_DATE
    day_month = f"{value.day} {calendar.month_name[value.month]}"
    if value.year is None:
        return f"{day_month} (year unknown)"
    return f"{day_month} {value.year}"


def format_month_day(month: int, day: int) -> str:
    """``"22 September"``."""
    return f"{day} {calendar.month_name[month]}"


def format_range(first: PartialDate | None, last: PartialDate | None, undated: int = 0) -> str:
    """``"28 September 2015 – 26 May 2016"``, plus how many items have no year."""
    if first is None or last is None:
        text = "no dated items"
    elif first == last:
        text = format_date(first)
    else:
        text = f"{format_date(first)} – {format_date(last)}"
    if undated:
        text += f" (+{undated} with year unknown)"
    return text


def counted(count: int, noun: str) -> str:
    """``"1 article"``, ``"2,340 quotes"``: a count with its noun in the right number."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def other_people(others: Sequence[tuple[str, int]], shown: int = 5) -> str:
    """``Howard Baker (11 quotes), D. J. Baker (4 quotes) and 2 more``."""
    named = [f"{name} ({counted(quotes, 'quote')})" for name, quotes in others[:shown]]
    more = len(others) - len(named)
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def years_ago_label(years: int) -> str:
    """``"this year"``, ``"1 year ago"``, ``"9 years ago"`` (or ``"in 2 years"`` for the future)."""
    if years == 0:
        return "this year"
    if years < 0:
        return "in 1 year" if years == -1 else f"in {-years} years"
    return "1 year ago" if years == 1 else f"{years} years ago"


def citation(quote: QuoteHit) -> str:
    """One line to paste anywhere: speaker, "quote", title, source, date, URL."""
    speaker = quote.speaker_canonical or quote.speaker or "Unattributed"
    parts = [f"{speaker}: “{quote.text.strip()}”"]
    where = [item for item in (quote.title, quote.source, quote.date_text) if item]
    if where:
        parts.append(" — " + ", ".join(where))
    if quote.url:
        parts.append(f". {quote.url}")
    return "".join(parts)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
