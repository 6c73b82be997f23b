"""The query layer answers any Unicode with a result or a polite :class:`UserFacingError`.

Every slash-command option is free text typed by a stranger. The cogs show a
``UserFacingError``'s message as it is and treat anything else as a bug (an error reference
and a logged traceback), so the search service must never let another exception out, whatever
the words, names, dates or paging cursor. These properties run against a real index of the
bundled corpus, through the same service object the bot uses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import UserFacingError
from bot.indexer import build_index
from bot.search.service import SearchService
from bot.storage.database import connect

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

# FTS5 syntax, SQL, look-alikes and words that are in the seed corpus, mixed with noise.
PIECES = [
    '"',
    "*",
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    ",",
    ":",
    "^",
    "-",
    "+",
    "'",
    ";",
    "--",
    "%",
    "_",
    "\\",
    "\x00",
    "\u202e",
    "\u200b",
    "\ufeff",
    "🙂",
    "Т",
    "lavrov",
    "Lavrov",
    "Sergei",
    "coalition",
    "syria",
    "said",
    "Moscow Times",
    "TASS",
    "09-22",
    "2015-09-28",
    "02-29",
    "9999-12-31",
    "0000-01-01",
    " ",
    "  ",
]
QUERY = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=12).map(" ".join),
)
OPTIONAL = st.none() | QUERY
DATE = st.none() | st.one_of(
    st.text(max_size=12),
    st.from_regex(r"-?\d{1,5}-\d{1,3}-\d{1,3}", fullmatch=True),
    st.from_regex(r"\d{1,3}-\d{1,3}", fullmatch=True),
)
# Offsets the bot can send are page numbers; past SQLite's 64-bit range is a known bug,
# pinned by test_an_offset_beyond_64_bits_is_a_user_error below.
OFFSET = st.integers(min_value=-(2**62), max_value=2**62)
LIMIT = st.integers(min_value=-(2**70), max_value=2**70)

FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
SLOW_EXAMPLES = 3_000  # per call below; six calls


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Any], Any]]:
    """The seed index and a runner that awaits a service call on one private event loop.

    Hypothesis calls the test body many times inside one test, so the service is opened
    once per module on a loop owned here, not on pytest-asyncio's per-test loop.
    """
    database = tmp_path_factory.mktemp("fuzz-query") / "index.db"
    with asyncio.Runner() as runner:

        async def build() -> SearchService:
            connection = await connect(database)
            try:
                await build_index(connection, CORPUS, max_file_bytes=5_000_000)
            finally:
                await connection.close()
            return await SearchService.open(database)

        search = runner.run(build())

        def call(make: Callable[[SearchService], Awaitable[Any]]) -> Any:
            return runner.run(make(search))

        try:
            yield call
        finally:
            runner.run(search.close())


def answers_or_explains(call: Callable[[Any], Any], make: Callable[[SearchService], Any]) -> None:
    """The call returns, or raises a UserFacingError with a sentence to show; nothing else."""
    try:
        call(make)
    except UserFacingError as error:
        message = error.message
    else:
        return
    assert message.strip()
    assert len(message) < 2000


def check_quotes(call: Any, args: tuple[Any, ...]) -> None:
    text, speaker, source, since, until, offset, limit = args
    answers_or_explains(
        call,
        lambda s: s.search_quotes(
            text,
            speaker=speaker,
            source=source,
            date_from=since,
            date_to=until,
            offset=offset,
            limit=limit,
        ),
    )


def check_articles(call: Any, args: tuple[Any, ...]) -> None:
    text, source, since, until, cursor = args
    answers_or_explains(
        call,
        lambda s: s.search_articles(
            text, source=source, date_from=since, date_to=until, cursor=cursor
        ),
    )


def check_who_said(call: Any, text: str) -> None:
    answers_or_explains(call, lambda s: s.who_said(text))


def check_speaker(call: Any, args: tuple[str, int]) -> None:
    name, offset = args
    answers_or_explains(call, lambda s: s.speaker_profile(name, offset=offset))


def check_on_this_day(call: Any, day: str | None) -> None:
    answers_or_explains(call, lambda s: s.on_this_day(day, reference="2026-09-28"))


def check_lookups(call: Any, text: str) -> None:
    """Ids come back from buttons and autocomplete, but a client can send anything."""
    answers_or_explains(call, lambda s: s.article(text))
    answers_or_explains(call, lambda s: s.quote_context(text))
    answers_or_explains(call, lambda s: s.citation(text))
    answers_or_explains(call, lambda s: s.random_quote(speaker=text))


QUOTES_ARGS = st.tuples(QUERY, OPTIONAL, OPTIONAL, DATE, DATE, OFFSET, LIMIT)
ARTICLES_ARGS = st.tuples(QUERY, OPTIONAL, DATE, DATE, st.none() | st.text(max_size=40))
SPEAKER_ARGS = st.tuples(QUERY, OFFSET)
PROPERTIES: list[tuple[str, Callable[[Any, Any], None], Any]] = [
    ("search_quotes", check_quotes, QUOTES_ARGS),
    ("search_articles", check_articles, ARTICLES_ARGS),
    ("who_said", check_who_said, QUERY),
    ("speaker_profile", check_speaker, SPEAKER_ARGS),
    ("on_this_day", check_on_this_day, DATE),
    ("lookups", check_lookups, QUERY),
]


@FAST
@given(args=QUOTES_ARGS)
def test_search_quotes_never_raises_a_bug(service: Any, args: tuple[Any, ...]) -> None:
    check_quotes(service, args)


@FAST
@given(args=ARTICLES_ARGS)
def test_search_articles_never_raises_a_bug(service: Any, args: tuple[Any, ...]) -> None:
    check_articles(service, args)


@FAST
@given(text=QUERY)
def test_who_said_never_raises_a_bug(service: Any, text: str) -> None:
    check_who_said(service, text)


@FAST
@given(args=SPEAKER_ARGS)
def test_speaker_profile_never_raises_a_bug(service: Any, args: tuple[str, int]) -> None:
    check_speaker(service, args)


@FAST
@given(day=DATE)
def test_on_this_day_never_raises_a_bug(service: Any, day: str | None) -> None:
    check_on_this_day(service, day)


@FAST
@given(text=QUERY)
def test_lookups_by_id_never_raise_a_bug(service: Any, text: str) -> None:
    check_lookups(service, text)


OVERFLOWING: list[tuple[str, Callable[[SearchService], Awaitable[Any]]]] = [
    ("speaker_profile", lambda s: s.speaker_profile("Lavrov", offset=2**63)),
    ("search_quotes", lambda s: s.search_quotes("Lavrov", offset=2**63)),
    ("quotes_by_speaker", lambda s: s.search_quotes(None, speaker="Lavrov", offset=2**63)),
    ("search_articles", lambda s: s.search_articles("coalition", offset=2**63)),
]


@pytest.mark.parametrize(("name", "make"), OVERFLOWING, ids=[name for name, _ in OVERFLOWING])
def test_an_offset_beyond_64_bits_is_a_user_error(
    service: Any, name: str, make: Callable[[SearchService], Awaitable[Any]]
) -> None:
    answers_or_explains(service, make)


@pytest.mark.slow
def test_slow_query_fuzz(service: Any, capsys: pytest.CaptureFixture[str]) -> None:
    counts: dict[str, int] = {}
    for name, check, strategy in PROPERTIES:
        count = 0

        @settings(
            max_examples=SLOW_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def run(value: Any) -> None:
            nonlocal count
            count += 1
            check(service, value)  # noqa: B023 - run() is called before the loop moves on

        run()
        counts[name] = count
    with capsys.disabled():
        print(f"\n[fuzz] query layer: {sum(counts.values()):,} cases {counts}")
    assert sum(counts.values()) >= 0.9 * SLOW_EXAMPLES * len(PROPERTIES)
