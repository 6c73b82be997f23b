"""Digest timing as pure functions: fire times across DST, what is due, grace, missed days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest.models import DigestSettings, WhenEmpty
from bot.digest.schedule import due, fire_time, missed_days, next_fire
from bot.digest.service import DigestError, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
GRACE = timedelta(hours=6)


def _settings(
    hour: int, minute: int, zone: str, since: datetime, **extra: object
) -> DigestSettings:
    values: dict[str, object] = {
        "guild_id": 1,
        "channel_id": 2,
        "hour": hour,
        "minute": minute,
        "timezone": zone,
        "when_empty": WhenEmpty.SKIP,
        "paused": False,
        "pause_reason": None,
        "active_since": since,
        **extra,
    }
    return DigestSettings(**values)  # type: ignore[arg-type]


def _every(start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    times = []
    while start <= end:
        times.append(start)
        start += step
    return times


@pytest.mark.parametrize(
    ("zone", "day", "hour", "minute", "utc_fire"),
    [
        # Spring forward: 02:30 does not exist; it fires once, an hour later in real time.
        ("Europe/Berlin", date(2026, 3, 29), 2, 30, datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # Fall back: 02:30 happens twice; the first one is used.
        ("Europe/Berlin", date(2026, 10, 25), 2, 30, datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        ("America/New_York", date(2026, 3, 8), 2, 30, datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        ("America/New_York", date(2026, 11, 1), 1, 30, datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        ("Europe/Berlin", date(2026, 7, 1), 7, 0, datetime(2026, 7, 1, 5, 0, tzinfo=UTC)),
    ],
)
def test_fire_time_is_one_instant_per_local_date(
    zone: str, day: date, hour: int, minute: int, utc_fire: datetime
) -> None:
    assert fire_time(hour, minute, zone, day) == utc_fire


@pytest.mark.parametrize(
    ("zone", "day", "hour", "minute"),
    [
        ("Europe/Berlin", date(2026, 3, 29), 2, 30),
        ("Europe/Berlin", date(2026, 10, 25), 2, 30),
        ("America/New_York", date(2026, 3, 8), 2, 30),
        ("America/New_York", date(2026, 11, 1), 1, 30),
    ],
)
def test_every_dst_day_has_exactly_one_due_occurrence(
    zone: str, day: date, hour: int, minute: int
) -> None:
    """Checked every 5 minutes across the whole DST day: one local date comes due, once."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=tz)
    settings = _settings(hour, minute, zone, start.astimezone(UTC))
    first_due: dict[date, datetime] = {}
    for now in _every(
        start.astimezone(UTC), start.astimezone(UTC) + timedelta(hours=48), timedelta(minutes=5)
    ):
        found = due(settings, now, GRACE)
        if found is not None and found.post:
            first_due.setdefault(found.local_date, now)
    assert day in first_due
    assert first_due[day] >= fire_time(hour, minute, zone, day)
    assert first_due[day] - fire_time(hour, minute, zone, day) < timedelta(minutes=5)


def test_due_respects_grace_and_marks_late() -> None:
    since = datetime(2026, 9, 1, tzinfo=UTC)
    settings = _settings(7, 0, "Europe/Berlin", since)
    fire = datetime(2026, 9, 28, 5, 0, tzinfo=UTC)
    on_time = due(settings, fire + timedelta(seconds=1), GRACE)
    assert on_time is not None
    assert on_time.post
    assert not on_time.late
    late = due(settings, fire + timedelta(hours=5), GRACE)
    assert late is not None
    assert late.post
    assert late.late
    missed = due(settings, fire + timedelta(hours=7), GRACE)
    assert missed is not None
    assert not missed.post
    assert missed.local_date == date(2026, 9, 28)
    before = due(settings, fire - timedelta(minutes=1), GRACE)
    assert before is not None
    assert before.local_date == date(2026, 9, 27)


def test_nothing_is_due_before_the_settings_existed_or_while_paused() -> None:
    set_at = datetime(2026, 9, 28, 6, 0, tzinfo=UTC)  # 08:00 Berlin, after the 07:00 digest
    settings = _settings(7, 0, "Europe/Berlin", set_at)
    assert due(settings, set_at + timedelta(minutes=1), GRACE) is None
    paused = _settings(7, 0, "Europe/Berlin", datetime(2026, 1, 1, tzinfo=UTC), paused=True)
    assert due(paused, set_at, GRACE) is None


def test_missed_days_are_the_gap_since_the_last_logged_day() -> None:
    settings = _settings(7, 0, "UTC", datetime(2026, 9, 1, tzinfo=UTC))
    assert missed_days(settings, date(2026, 9, 20), date(2026, 9, 23)) == [
        date(2026, 9, 21),
        date(2026, 9, 22),
    ]
    assert len(missed_days(settings, None, date(2026, 9, 28))) == 7  # capped


def test_next_fire_after_a_fall_back_day_moves_to_the_next_day() -> None:
    settings = _settings(2, 30, "Europe/Berlin", datetime(2026, 1, 1, tzinfo=UTC))
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert next_fire(settings, first - timedelta(seconds=1)) == first
    assert next_fire(settings, first) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07:30", (7, 30)), ("7", (7, 0)), ("7pm", (19, 0)), ("12am", (0, 0)), ("19h05", (19, 5))],
)
def test_parse_time(text: str, expected: tuple[int, int]) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "7:60", "noon", "13pm", ""])
def test_parse_time_refuses_nonsense(text: str) -> None:
    with pytest.raises(DigestError):
        parse_time(text)
