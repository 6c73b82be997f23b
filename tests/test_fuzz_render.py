"""Rendering stays inside Discord's limits and never pings, whatever the corpus holds.

Discord rejects a whole reply when any part is over a limit, and the user then sees only
"interaction failed"; corpus text is written by strangers and may hold ``@everyone`` or
role mentions. So every renderer in :mod:`bot.render` is fed hypothesis-built result objects
with arbitrary (long, hostile, markdown-laden) text, and :func:`bot.limits.fit_embed` is fed
arbitrary embeds. The checks are Discord's documented limits, the same the fake enforces.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import limits, render
from bot.models import PartialDate
from bot.search.formatting import format_date
from bot.search.results import (
    ArticleDetail,
    ArticleHit,
    ArticleSummary,
    Correction,
    DayGroup,
    OnThisDay,
    Page,
    QuoteContext,
    QuoteHit,
    SourceInfo,
    SpeakerProfile,
    WhoSaidMatch,
)

HOSTILE = [
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@!42>",
    "<@&987654321>",
    "<#5>",
    "**",
    "__",
    "*",
    "_",
    "~~",
    "`",
    "```",
    "||",
    "> ",
    "\\",
    "[x](https://e.com)",
    "\n",
    " ",
    "\u200b",
    "é",
    "🙂",
]
SHORT = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=12).map("".join),
)
# Long texts are built by repetition: generating 10,000 random characters per example would
# make every example slow without finding anything that a repeated hostile piece does not.
LONG = st.builds(lambda piece, times: piece * times, SHORT, st.integers(0, 200))
TEXT = st.one_of(SHORT, LONG)
OPT_TEXT = st.none() | TEXT
NAME = st.none() | SHORT
IDENT = st.text(alphabet="0123456789abcdef", min_size=1, max_size=24)
URL = st.none() | st.from_regex(r"https?://[a-z0-9.-]{1,30}/[^\s<>\"]{0,200}", fullmatch=True)
COUNT = st.integers(0, 10**9)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate | None:
    if draw(st.booleans()):
        return None
    year = draw(st.none() | st.integers(1, 9999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year or 2000, month)[1]))
    return PartialDate(year, month, day)


@st.composite
def quote_hits(draw: st.DrawFn) -> QuoteHit:
    date = draw(partial_dates())
    return QuoteHit(
        quote_id=draw(IDENT),
        text=draw(TEXT),
        speaker=draw(NAME),
        speaker_canonical=draw(NAME),
        article_id=draw(IDENT),
        title=draw(OPT_TEXT),
        source=draw(NAME),
        date=date,
        date_text=format_date(date),
        url=draw(URL),
        score=draw(st.floats(allow_nan=False)),
    )


@st.composite
def article_hits(draw: st.DrawFn) -> ArticleHit:
    date = draw(partial_dates())
    return ArticleHit(
        article_id=draw(IDENT),
        title=draw(OPT_TEXT),
        source=draw(NAME),
        date=date,
        date_text=format_date(date),
        url=draw(URL),
        snippet=draw(TEXT),
    )


@st.composite
def summaries(draw: st.DrawFn) -> ArticleSummary:
    date = draw(partial_dates())
    return ArticleSummary(
        article_id=draw(IDENT),
        title=draw(OPT_TEXT),
        source=draw(NAME),
        date=date,
        date_text=format_date(date),
        url=draw(URL),
        author=draw(NAME),
    )


def pages(items: Any, min_items: int = 1, max_items: int = 10) -> Any:
    @st.composite
    def build(draw: st.DrawFn) -> Page[Any]:
        found = tuple(draw(st.lists(items, min_size=min_items, max_size=max_items)))
        offset = draw(st.integers(0, 10**6))
        corrections = tuple(
            draw(st.lists(st.builds(Correction, SHORT, SHORT), max_size=3)),
        )
        return Page(
            items=found,
            total=len(found) + draw(COUNT),
            offset=offset,
            limit=max(1, len(found)),
            searched=draw(TEXT),
            corrections=corrections,
        )

    return build()


@st.composite
def profiles(draw: st.DrawFn) -> SpeakerProfile:
    first, last = draw(partial_dates()), draw(partial_dates())
    return SpeakerProfile(
        speaker_id=draw(COUNT),
        name=draw(TEXT.filter(bool)),
        aliases=tuple(draw(st.lists(SHORT, max_size=40))),
        quote_count=draw(COUNT),
        first_date=first,
        last_date=last,
        first_date_text=format_date(first),
        last_date_text=format_date(last),
        sources=tuple(draw(st.lists(SHORT, max_size=60))),
        timeline=draw(pages(quote_hits(), min_items=0, max_items=25)),
        undated_quotes=draw(COUNT),
        others=tuple(draw(st.lists(st.tuples(SHORT, COUNT), max_size=40))),
    )


@st.composite
def source_infos(draw: st.DrawFn) -> SourceInfo:
    return SourceInfo(
        name=draw(SHORT),
        article_count=draw(COUNT),
        first_date=None,
        last_date=None,
        date_range_text=format_date(draw(partial_dates())),
        undated_articles=draw(COUNT),
    )


@st.composite
def days(draw: st.DrawFn) -> OnThisDay:
    groups = []
    for _ in range(draw(st.integers(0, 12))):
        articles = tuple(draw(st.lists(summaries(), max_size=6)))
        found = tuple(draw(st.lists(quote_hits(), max_size=4)))
        year = draw(st.none() | st.integers(1, 9999))
        groups.append(
            DayGroup(
                label="year unknown" if year is None else f"{2026 - year} years ago",
                year=year,
                years_ago=None if year is None else 2026 - year,
                articles=articles,
                quotes=found,
                article_count=len(articles) + draw(COUNT),
                quote_count=len(found),
            )
        )
    return OnThisDay(9, 28, "28 September", "2026-09-28", tuple(groups))


@st.composite
def contexts(draw: st.DrawFn) -> QuoteContext:
    paragraph = draw(TEXT)
    start = draw(st.integers(0, len(paragraph)))
    end = draw(st.integers(start, len(paragraph)))
    return QuoteContext(draw(quote_hits()), paragraph, start, end)


WHOSAID = st.tuples(
    st.lists(st.builds(WhoSaidMatch, quote_hits(), st.floats(0, 100)), min_size=1, max_size=5),
    TEXT,
)
RENDERERS: list[tuple[str, Any, Callable[[Any], render.Reply]]] = [
    (
        "quote_page",
        st.tuples(pages(quote_hits(), max_items=1), TEXT),
        lambda a: render.quote_page(*a),
    ),
    ("whosaid", WHOSAID, lambda a: render.whosaid(*a)),
    ("article_page", pages(article_hits(), max_items=5), render.article_page),
    ("speaker_profile", profiles(), render.speaker_profile),
    (
        "article_detail",
        st.builds(ArticleDetail, summaries(), st.lists(quote_hits(), max_size=40).map(tuple)),
        render.article_detail,
    ),
    ("sources", st.lists(source_infos(), max_size=120), render.sources),
    ("on_this_day", days(), render.on_this_day),
    ("context", contexts(), render.context),
    ("about", st.dictionaries(st.sampled_from(["articles", "quotes"]), COUNT), render.about),
]
_PING = re.compile(r"@(?:everyone|here)|<@[!&]?\d+>")


def check_payload(payload: dict[str, Any]) -> None:
    """Discord's limits for one message, and no text that could ping anyone."""
    content = payload.get("content") or ""
    assert len(content) <= limits.CONTENT
    embeds = [embed.to_dict() for embed in payload.get("embeds", [])]
    assert len(embeds) <= limits.EMBEDS_PER_MESSAGE
    assert payload["allowed_mentions"].to_dict() == {"parse": []}
    for embed in embeds:
        check_embed_dict(embed)
    assert not _PING.search(content), content
    assert not _PING.search(repr(embeds)), embeds


def check_embed_dict(embed: dict[str, Any]) -> None:
    title, description = embed.get("title", ""), embed.get("description", "")
    footer = embed.get("footer", {}).get("text", "")
    author = embed.get("author", {}).get("name", "")
    fields = embed.get("fields", [])
    assert len(title) <= limits.EMBED_TITLE
    assert len(description) <= limits.EMBED_DESCRIPTION
    assert len(footer) <= limits.FOOTER
    assert len(author) <= limits.AUTHOR_NAME
    assert len(fields) <= limits.EMBED_FIELDS
    for field in fields:
        assert 1 <= len(field["name"]) <= limits.FIELD_NAME
        assert 1 <= len(field["value"]) <= limits.FIELD_VALUE
    total = len(title) + len(description) + len(footer) + len(author)
    total += sum(len(field["name"]) + len(field["value"]) for field in fields)
    assert total <= limits.EMBED_TOTAL


def check_renderer(case: tuple[str, Any]) -> None:
    name, value = case
    render_fn = {n: f for n, _, f in RENDERERS}[name]
    check_payload(render_fn(value).kwargs())


ANY_RENDER = st.one_of(*(st.tuples(st.just(name), strategy) for name, strategy, _ in RENDERERS))


@st.composite
def embeds(draw: st.DrawFn) -> discord.Embed:
    embed = discord.Embed(title=draw(OPT_TEXT), description=draw(OPT_TEXT), url=draw(URL))
    for _ in range(draw(st.integers(0, 40))):
        embed.add_field(name=draw(TEXT), value=draw(TEXT), inline=draw(st.booleans()))
    if draw(st.booleans()):
        embed.set_footer(text=draw(TEXT))
    if draw(st.booleans()):
        embed.set_author(name=draw(TEXT))
    return embed


def check_fit(embed: discord.Embed) -> None:
    check_embed_dict(limits.fit_embed(embed).to_dict())


FAST = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("name", [name for name, _, _ in RENDERERS])
def test_every_renderer_stays_within_limits_and_never_pings(name: str) -> None:
    strategy = {n: s for n, s, _ in RENDERERS}[name]

    @FAST
    @given(strategy)
    def run(value: Any) -> None:
        check_renderer((name, value))

    run()


@FAST
@given(embeds())
def test_fit_embed_makes_any_embed_acceptable(embed: discord.Embed) -> None:
    check_fit(embed)


@FAST
@given(TEXT, st.integers(0, 5000))
def test_shorten_never_exceeds_its_limit(text: str, limit: int) -> None:
    cut = limits.shorten(text, limit)
    assert len(cut) <= limit
    if len(text) <= limit:
        assert cut == text


@FAST
@given(TEXT)
def test_escape_defuses_every_mention(text: str) -> None:
    assert not _PING.search(limits.escape(text))


def test_an_oversized_author_name_is_cut() -> None:
    embed = discord.Embed(title="t").set_author(name="a" * 1000)
    check_fit(embed)


def test_a_very_long_search_note_fits_the_content_limit() -> None:
    hit = QuoteHit("q1", "words", None, None, "a1", None, None, None, "date unknown", None)
    page = Page((hit,), 1, 0, 1, searched="x*" * 3000, corrections=(Correction("a", "b"),))
    check_payload(render.quote_page(page).kwargs())


@pytest.mark.slow
def test_slow_render_fuzz(capsys: pytest.CaptureFixture[str]) -> None:
    budgets = {"renderers": 20_000, "fit_embed": 10_000, "shorten": 10_000, "escape": 10_000}
    checks: dict[str, tuple[Callable[[Any], None], Any]] = {
        "renderers": (check_renderer, ANY_RENDER),
        "fit_embed": (check_fit, embeds()),
        "shorten": (
            lambda args: test_shorten_never_exceeds_its_limit.hypothesis.inner_test(*args),
            st.tuples(TEXT, st.integers(0, 5000)),
        ),
        "escape": (test_escape_defuses_every_mention.hypothesis.inner_test, TEXT),
    }
    counts: dict[str, int] = {}
    for name, (check, strategy) in checks.items():
        count = 0

        @settings(
            max_examples=budgets[name],
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def run(value: Any) -> None:
            nonlocal count
            count += 1
            check(value)  # noqa: B023 - run() is called before the loop moves on

        run()
        counts[name] = count
    with capsys.disabled():
        print(f"\n[fuzz] rendering: {sum(counts.values()):,} cases {counts}")
    assert sum(counts.values()) >= 0.9 * sum(budgets.values())
