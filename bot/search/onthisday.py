"""Calendar rules for "on this day": which month-days to show and how to label each year.

29 February exists only in leap years, so in a non-leap year its articles are shown on
28 February instead of vanishing for three years.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import BadDate
from bot.search.formatting import years_ago_label

YEAR_UNKNOWN_LABEL = "year unknown"


def today_in(timezone: str) -> date:
    """Today's date in an IANA time zone (the server's, not the host's)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise BadDate(
            f"I don't know the time zone “{timezone[:60]}”; try e.g. Europe/Paris."
        ) from error
    return datetime.now(zone).date()


def days_to_show(month: int, day: int, reference_year: int) -> list[tuple[int, int]]:
    """The month-days whose items belong on ``month``-``day`` in ``reference_year``."""
    days = [(month, day)]
    if (month, day) == (2, 28) and not calendar.isleap(reference_year):
        days.append((2, 29))
    return days


def group_label(year: int | None, reference_year: int) -> str:
    """``"9 years ago"`` or ``"year unknown"``."""
    if year is None:
        return YEAR_UNKNOWN_LABEL
    return years_ago_label(reference_year - year)
