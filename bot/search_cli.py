"""Search subcommands for ``python -m bot``: the same service calls the Discord commands make.

Readable text by default, JSON with ``--json``. A :class:`UserFacingError` is printed as its
message and exits 1, exactly as the bot would reply to a user.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any, TextIO

from bot.config import Config
from bot.errors import UserFacingError
from bot.models import PartialDate
from bot.search.formatting import citation, counted, other_people
from bot.search.results import (
    ArticleDetail,
    ArticleHit,
    OnThisDay,
    Page,
    QuoteContext,
    QuoteHit,
    SourceInfo,
    SpeakerProfile,
    WhoSaidMatch,
)
from bot.search.service import SearchService

SEARCH_COMMANDS: frozenset[str] = frozenset(
    {
        "quote",
        "search",
        "whosaid",
        "speaker",
        "onthisday",
        "sources",
        "random",
        "article",
        "context",
    }
)


def add_search_commands(subparsers: Any) -> None:
    """Register the search subcommands on ``python -m bot``'s subparsers."""
    quote = _command(subparsers, "quote", "search quotes (ranked), with filters")
    quote.add_argument("text", nargs="*", help='words; "exact phrase"; word* for a prefix')
    quote.add_argument("--speaker", help="speaker name or any alias (fuzzy)")
    _filters(quote)
    _paging(quote)

    search = _command(subparsers, "search", "search articles, with a snippet of the best passage")
    search.add_argument("text", nargs="+", help='words; "exact phrase"; word* for a prefix')
    _filters(search)
    _paging(search)
    search.add_argument("--snippet", type=int, default=240, help="snippet length budget")

    whosaid = _command(subparsers, "whosaid", "who said this? from remembered words")
    whosaid.add_argument("text", nargs="+", help="the words as you remember them")
    whosaid.add_argument("--limit", type=int, default=3)

    speaker = _command(subparsers, "speaker", "a speaker's profile and quote timeline")
    speaker.add_argument("name", nargs="+", help="name or any alias (fuzzy)")
    _paging(speaker, default_limit=25)

    day = _command(subparsers, "onthisday", "articles and quotes of a day in every year")
    day.add_argument("day", nargs="?", help="MM-DD (default: today in --tz)")
    day.add_argument("--tz", default=None, help="IANA time zone (default: from the config)")
    day.add_argument("--reference", help='count "years ago" from this YYYY-MM-DD')
    day.add_argument("--limit", type=int, default=10, help="items shown per year")

    _command(subparsers, "sources", "publishers with article counts and date ranges")

    rand = _command(subparsers, "random", "a random quote")
    rand.add_argument("--speaker", help="only quotes by this speaker")

    article = _command(subparsers, "article", "an article's details and quotes by id")
    article.add_argument("id")

    context = _command(subparsers, "context", "the paragraph around a quote, by quote id")
    context.add_argument("id")


def _command(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("--db", type=Path, help="index file (default: from the config)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="publisher name (fuzzy)")
    # --since/--until as in the Discord commands, --from/--to as first written.
    parser.add_argument("--since", "--from", dest="date_from", help="on or after YYYY-MM-DD")
    parser.add_argument("--until", "--to", dest="date_to", help="on or before YYYY-MM-DD")
    parser.add_argument("--year", type=int, help="only this year")


def _paging(parser: argparse.ArgumentParser, default_limit: int = 10) -> None:
    parser.add_argument("--limit", type=int, default=default_limit)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--cursor", help="the next-page cursor a previous page printed")


async def run_search_command(config: Config, args: argparse.Namespace, out: TextIO) -> int:
    """Run one search subcommand; user errors print their message and return 1."""
    database: Path = args.db or config.storage.database
    try:
        async with await SearchService.open(database) as service:
            result = await _call(service, config, args)
    except UserFacingError as error:
        if getattr(args, "json", False):
            out.write(json.dumps({"error": error.message, "kind": type(error).__name__}) + "\n")
        else:
            out.write(f"{error.message}\n")
        return 1
    if args.json:
        out.write(json.dumps(to_jsonable(result), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render(result).rstrip() + "\n")
    return 0


async def _call(service: SearchService, config: Config, args: argparse.Namespace) -> object:
    command = args.command
    if command == "quote":
        return await service.search_quotes(
            " ".join(args.text),
            speaker=args.speaker,
            source=args.source,
            date_from=args.date_from,
            date_to=args.date_to,
            year=args.year,
            limit=args.limit,
            offset=args.offset,
            cursor=args.cursor,
        )
    if command == "search":
        return await service.search_articles(
            " ".join(args.text),
            source=args.source,
            date_from=args.date_from,
            date_to=args.date_to,
            year=args.year,
            limit=args.limit,
            offset=args.offset,
            cursor=args.cursor,
            snippet_chars=args.snippet,
        )
    if command == "whosaid":
        return await service.who_said(" ".join(args.text), limit=args.limit)
    if command == "speaker":
        return await service.speaker_profile(
            " ".join(args.name), limit=args.limit, offset=args.offset
        )
    if command == "onthisday":
        return await service.on_this_day(
            args.day,
            timezone=args.tz or config.digest.default_timezone,
            reference=args.reference,
            limit_per_group=args.limit,
        )
    if command == "sources":
        return await service.sources()
    if command == "random":
        return await service.random_quote(speaker=args.speaker)
    if command == "article":
        return await service.article(args.id)
    if command == "context":
        return await service.quote_context(args.id)
    raise ValueError(f"not a search command: {command}")


def to_jsonable(value: object) -> Any:
    """Dataclasses and named tuples to dicts (with ``summary``/``note`` for pages), dates as
    ISO strings."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Page):
        data = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        data.update(summary=value.summary, note=value.note)
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a named tuple (QuoteHit)
        return {name: to_jsonable(item) for name, item in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    return value


def render(result: object) -> str:
    """Readable text for any search result."""
    if isinstance(result, Page):
        return _render_page(result)
    if isinstance(result, QuoteHit):  # before the tuples: a hit is a named tuple
        return _quote_line(result)
    if isinstance(result, tuple) and result and isinstance(result[0], WhoSaidMatch):
        return "\n".join(f"{match.score:5.1f}  {_quote_line(match.quote)}" for match in result)
    if isinstance(result, tuple):
        return _render_sources(result) if result else "No sources in the archive."
    if isinstance(result, SpeakerProfile):
        return _render_profile(result)
    if isinstance(result, OnThisDay):
        return _render_day(result)
    if isinstance(result, ArticleDetail):
        return _render_article(result)
    if isinstance(result, QuoteContext):
        return f"{citation(result.quote)}\n\n{result.paragraph}"
    return str(result)


def _quote_line(quote: QuoteHit) -> str:
    return f"{citation(quote)}  [{quote.quote_id}]"


def _render_page(page: Page[Any]) -> str:
    lines = []
    if page.note:
        lines.append(page.note[:1].upper() + page.note[1:])  # not .capitalize(): keep names
    if page.truncated:
        lines.append("(your search was shortened)")
    header = f"{page.summary}" + (f" for {page.searched}" if page.searched else "")
    lines.append(header)
    for number, item in enumerate(page.items, start=page.offset + 1):
        if isinstance(item, QuoteHit):
            lines.append(f"{number}. {_quote_line(item)}")
        elif isinstance(item, ArticleHit):
            where = ", ".join(x for x in (item.source, item.date_text) if x)
            lines.append(f"{number}. {item.title or '(untitled)'} — {where}  [{item.article_id}]")
            lines.append(f"   {item.snippet}")
    if page.next_cursor:
        lines.append(f"next page: --cursor {page.next_cursor}")
    return "\n".join(lines)


def _render_sources(sources: tuple[SourceInfo, ...]) -> str:
    return "\n".join(
        f"{s.name}: {s.article_count} article{'s' if s.article_count != 1 else ''}, "
        f"{s.date_range_text}"
        for s in sources
    )


def _render_profile(profile: SpeakerProfile) -> str:
    lines = [profile.name]
    if profile.aliases:
        lines.append("also written: " + ", ".join(profile.aliases))
    lines.append(
        f"{counted(profile.quote_count, 'quote')}, "
        f"{profile.first_date_text} – {profile.last_date_text}"
        + (f" (+{profile.undated_quotes} with year unknown)" if profile.undated_quotes else "")
    )
    if profile.sources:
        lines.append("sources: " + ", ".join(profile.sources))
    if profile.others:
        lines.append("the name also fits: " + other_people(profile.others))
    lines.append(f"timeline ({profile.timeline.summary}):")
    for quote in profile.timeline.items:
        lines.append(f"  {quote.date_text}: “{quote.text.strip()}” — {quote.source or '?'}")
    return "\n".join(lines)


def _render_day(day: OnThisDay) -> str:
    lines = [f"On {day.day_text} (relative to {day.reference}):"]
    for group in day.groups:
        year = f" ({group.year})" if group.year is not None else ""
        lines.append(
            f"{group.label}{year}: {counted(group.article_count, 'article')}, "
            f"{counted(group.quote_count, 'quote')}"
        )
        for article in group.articles:
            where = ", ".join(x for x in (article.source, article.date_text) if x)
            lines.append(f"  - {article.title or '(untitled)'} — {where}  [{article.article_id}]")
        for quote in group.quotes:
            speaker = quote.speaker_canonical or quote.speaker or "Unattributed"
            lines.append(f"    {speaker}: “{quote.text.strip()}”")
    return "\n".join(lines)


def _render_article(detail: ArticleDetail) -> str:
    article = detail.article
    lines = [
        article.title or "(untitled)",
        ", ".join(x for x in (article.source, article.date_text, article.author) if x),
    ]
    if article.url:
        lines.append(article.url)
    lines.append(f"{counted(len(detail.quotes), 'quote')}:")
    lines.extend(f"  {_quote_line(quote)}" for quote in detail.quotes)
    return "\n".join(lines)
