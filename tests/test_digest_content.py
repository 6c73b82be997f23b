"""Digest content: Discord's limits on long days, escaping, and the year-unknown group."""

from __future__ import annotations

from datetime import date

from bot.digest.content import MAX_MESSAGES, DigestContent, heading, pages
from bot.limits import EMBED_TOTAL, EMBEDS_PER_MESSAGE
from bot.models import PartialDate
from bot.search.results import ArticleSummary, DayGroup, OnThisDay, QuoteHit

DAY = date(2026, 9, 28)


def _group(year: int | None, articles: int) -> DayGroup:
    summaries = tuple(
        ArticleSummary(
            article_id=f"a{year}-{n}",
            title=f"@everyone A very long headline about things number {n} " * 3,
            source="The <@123> Times",
            date=PartialDate(year, 9, 28) if year else None,
            date_text=f"28 September {year}" if year else "28 September (year unknown)",
            url=f"https://example.com/{year}/{n}",
        )
        for n in range(articles)
    )
    quotes = tuple(
        QuoteHit(
            quote_id=f"q{year}-{n}",
            text="We will @here talk about it " * 20,
            speaker="Someone",
            speaker_canonical=None,
            article_id=article.article_id,
            title=article.title,
            source=article.source,
            date=article.date,
            date_text=article.date_text,
            url=article.url,
        )
        for n, article in enumerate(summaries)
    )
    label = f"{2026 - year} years ago" if year else "year unknown"
    return DayGroup(
        label=label,
        year=year,
        years_ago=2026 - year if year else None,
        articles=summaries,
        quotes=quotes,
        article_count=articles + 7,
        quote_count=len(quotes),
    )


def _content(groups: list[DayGroup]) -> DigestContent:
    result = OnThisDay(9, 28, "28 September", DAY.isoformat(), tuple(groups))
    return DigestContent(DAY, DAY, result)


def test_a_long_day_is_split_into_messages_within_discords_limits() -> None:
    groups = [_group(year, 10) for year in range(1990, 2026)] + [_group(None, 3)]
    messages = pages(_content(groups))
    assert 1 < len(messages) <= MAX_MESSAGES
    for embeds in messages:
        assert len(embeds) <= EMBEDS_PER_MESSAGE
        assert sum(len(embed) for embed in embeds) <= EMBED_TOTAL
    last = messages[-1][-1].description or ""
    assert "more years" in last


def test_groups_link_articles_show_quotes_and_never_ping() -> None:
    [[recent, unknown]] = pages(_content([_group(2015, 2), _group(None, 1)]))
    assert recent.title == "11 years ago (2015)"
    assert unknown.title == "Year unknown"
    text = recent.description or ""
    assert "](https://example.com/2015/0)" in text
    assert "> “We will" in text
    assert "…and 7 more articles" in text
    assert "@everyone" not in text
    assert "@here" not in text
    assert "<@123>" not in text


def test_heading_says_late_and_nearest() -> None:
    result = OnThisDay(9, 30, "30 September", DAY.isoformat(), (_group(2015, 1),))
    nearest = DigestContent(DAY, date(2026, 9, 30), result)
    text = heading(nearest, late_note="Posted late.")
    assert "On this day: 28 September" in text
    assert "nearest day with items is 30 September" in text
    assert "*Posted late.*" in text
