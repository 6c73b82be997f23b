"""The search service every Discord command and CLI subcommand calls.

Methods take plain values (strings as typed, ints) and return frozen result dataclasses.
Bad or unlucky input raises a :class:`bot.errors.UserFacingError`; the service builds no SQL
(that is :mod:`bot.storage.search_store`) and keeps rapidfuzz/vocabulary work that grows with
the index off the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import math
import random
import sqlite3
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from rapidfuzz import fuzz, utils

from bot.errors import BadCursor, BadDate, NoResults, NotFound, UnknownSource, UnknownSpeaker
from bot.lru import LRU
from bot.search.autocomplete import Autocomplete
from bot.search.convert import article_summary, partial_date, quote_hit
from bot.search.formatting import (
    citation,
    format_date,
    format_month_day,
    format_range,
    shorten,
)
from bot.search.names import Named, NameDirectory
from bot.search.onthisday import days_to_show, group_label, today_in
from bot.search.query import (
    Alternative,
    ParsedQuery,
    Term,
    match_expression,
    parse_full_date,
    parse_month_day,
    parse_query,
    phrase_counts,
)
from bot.search.results import (
    ArticleDetail,
    ArticleHit,
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
from bot.search.snippets import make_snippets
from bot.search.typos import Corrector
from bot.search.vocabulary import Vocabulary
from bot.storage.ranking import FtsQuery
from bot.storage.search_store import NO_FILTERS, Filters, FtsTable, HitRow, SearchStore
from bot.textnorm import fold_key

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_PAGE = 50
WHOSAID_MAX_CHARS = 600
WHOSAID_CANDIDATES = 50
WHOSAID_MIN_SCORE = 55.0
# The rarest 3-6 remembered words find the quote; on 150 misremembered Reuters quotes this
# kept the top-1 hit rate (121 vs 119 of 150) and halved the latency of ORing up to 10.
_WHOSAID_MAX_WORDS = 6
_WHOSAID_MIN_WORDS = 3
_COMMON_SHARE = 0.02  # words in more than this share of quotes say little about which one
_PREPARED_CACHE = 512  # expanded queries remembered per table
_PHRASE_CACHE = 100_000  # split phrases whose existence is remembered per table
_INLINE_SNIPPET_CHARS = 200_000  # page bodies above this build snippets in a thread


@dataclass(frozen=True)
class _Prepared:
    """A query ready for FTS5, with what to tell the user about it."""

    groups: tuple[tuple[Alternative, ...], ...]
    searched: str
    corrections: tuple[Correction, ...]
    truncated: bool
    query: FtsQuery
    """The FTS5 expression and its phrases' counts, built once (prepared queries are cached
    and reused)."""
    suggested: str = ""
    """The query with rare words replaced by much more common close ones ("did you mean")."""


def _cache_key(parsed: ParsedQuery) -> tuple[ParsedQuery, str]:
    """Terms compare without their written form; the key keeps it, so each reply repeats
    its own user's wording ("U.S." or "u.s.")."""
    return parsed, parsed.display()


class _Lexicon:
    """Vocabulary plus corrector for one full-text table."""

    def __init__(self, rows: list[tuple[str, int]], documents: int) -> None:
        self.vocabulary = Vocabulary(rows, documents)
        self.corrector = Corrector(self.vocabulary)
        self._prepared: LRU[tuple[ParsedQuery, str], _Prepared | NoResults] = LRU(_PREPARED_CACHE)
        self._phrases: dict[Alternative, bool] = {}  # split phrase -> whether any row has it
        self.ready: LRU[str, _Prepared] = LRU(_PREPARED_CACHE)  # text as typed -> final form

    def prepare(self, parsed: ParsedQuery) -> _Prepared:
        """:meth:`_prepare`, remembered for the last :data:`_PREPARED_CACHE` queries.

        Paging through results and repeated popular searches ask for the same expansion
        again; the vocabulary never changes while this lexicon exists, so the answer cannot
        go stale (a refresh builds a new lexicon). A "nothing contains" answer is cached too.
        """
        key = _cache_key(parsed)
        cached = self._prepared.get(key)
        if cached is None:
            try:
                cached = self._prepare(parsed)
            except NoResults as error:
                cached = error
            self._prepared.put(key, cached)
        if isinstance(cached, NoResults):
            raise NoResults(cached.message)
        return cached

    def _prepare(self, parsed: ParsedQuery) -> _Prepared:
        """Alternatives per term; a term that finds nothing is spell-corrected once, and a
        rare one that looks like a typo of a common word gets a suggestion."""
        groups: list[tuple[Alternative, ...]] = []
        shown: list[str] = []
        suggested: list[str] = []
        corrections: list[Correction] = []
        for term in parsed.terms:
            alternatives = self._alternatives(term)
            if not alternatives:
                fixed = self._correct(term)
                if fixed is not None:
                    alternatives = self._alternatives(fixed)
                    if alternatives:
                        corrections.append(Correction(term.display(), fixed.display()))
                        term = fixed
            if not alternatives:
                raise NoResults(f"Nothing in the archive contains “{shorten(term.display(), 60)}”.")
            groups.append(tuple(alternatives))
            shown.append(term.display())
            suggested.append((self._suggestion(term) or term).display())
        frozen = tuple(groups)
        return _Prepared(
            frozen,
            " ".join(shown),
            tuple(corrections),
            parsed.truncated,
            self.fts_query(frozen),
            " ".join(suggested) if suggested != shown else "",
        )

    def fts_query(self, groups: Sequence[Sequence[Alternative]], operator: str = "AND") -> FtsQuery:
        """The expression for ``groups`` with each phrase's row count from the vocabulary."""
        return FtsQuery(
            match_expression(groups, operator), phrase_counts(groups, self.vocabulary.frequency)
        )

    def _alternatives(self, term: Term) -> list[Alternative]:
        """The vocabulary's alternatives minus split phrases already known to occur nowhere,
        so a word whose only "spellings" are such phrases counts as unknown and is corrected
        ("exprots" would otherwise search for the phrase "exp rots" and find nothing)."""
        return [a for a in self.vocabulary.alternatives(term) if self._phrases.get(a, True)]

    def forget_if_dead(self, parsed: ParsedQuery, groups: Sequence[Sequence[Alternative]]) -> bool:
        """Drop the remembered expansion of ``parsed`` when one of its words turned out to
        have only split phrases that occur nowhere; the next :meth:`prepare` corrects it."""
        if not any(all(self._phrases.get(a) is False for a in group) for group in groups):
            return False
        self._prepared.pop(_cache_key(parsed))
        return True

    def unchecked_splits(self, groups: Sequence[Sequence[Alternative]]) -> list[Alternative]:
        """Multi-word alternatives of expanded words not yet known to occur as phrases.

        Splits like "re serve" for "reserve" come from the vocabulary's tokens, which each
        occur, but most such phrases never do. FTS5's bm25 scans every phrase of a query once
        to weigh it, so each dead alternative costs a pass over two doclists on every
        search; checking once per index load which ones exist lets :meth:`without_dead`
        drop them. A quoted phrase is checked too: if it occurs nowhere, the answer says so.
        """
        return [
            alternative
            for group in groups
            for alternative in group
            if len(alternative.tokens) > 1 and alternative not in self._phrases
        ]

    def remember_splits(self, alternatives: Sequence[Alternative], present: Sequence[bool]) -> None:
        if len(self._phrases) > _PHRASE_CACHE:
            self._phrases.clear()
        self._phrases.update(zip(alternatives, present, strict=True))

    def without_dead(
        self, groups: tuple[tuple[Alternative, ...], ...]
    ) -> tuple[tuple[Alternative, ...], ...]:
        """``groups`` minus split phrases known to match nothing (never emptying a group)."""
        pruned = []
        for group in groups:
            alive = tuple(a for a in group if self._phrases.get(a, True))
            pruned.append(alive or group)
        return tuple(pruned)

    def needs_correction(self, parsed: ParsedQuery) -> bool:
        """Whether some term finds nothing or almost nothing (correcting it, or looking for a
        suggestion, is slow enough for a thread)."""
        if _cache_key(parsed) in self._prepared:
            return False
        return any(not self._alternatives(term) or self._is_rare(term) for term in parsed.terms)

    async def prepare_async(self, parsed: ParsedQuery) -> _Prepared:
        """:meth:`prepare`, in a thread only when a word has to be spell-corrected."""
        if self.needs_correction(parsed):
            return await asyncio.to_thread(self.prepare, parsed)
        return self.prepare(parsed)

    def _is_rare(self, term: Term) -> bool:
        """A single plain word in so few documents that it may be a typo that happens to
        occur in the archive too ("goverment" in 8 Reuters articles, "government" in 2,117)."""
        return (
            term.kind == "word" and len(term.tokens) == 1 and self.corrector.is_rare(term.tokens[0])
        )

    def _suggestion(self, term: Term) -> Term | None:
        """``term`` spelled as a far more common close word, when it is rare (else None)."""
        if not self._is_rare(term):
            return None
        better = self.corrector.suggest(term.tokens[0])
        if better is None:
            return None
        return replace(term, tokens=(better,), written=_cased_like(term.written, better))

    def _correct(self, term: Term) -> Term | None:
        """``term`` with its unknown words spelled as the closest indexed ones (or None).

        Called only when ``term`` has no live alternative, so a single word is unknown even
        when the vocabulary offered split phrases for it (they occur nowhere)."""
        single = term.kind == "word" and len(term.tokens) == 1
        unknown = set(term.tokens) if single else set(self.vocabulary.unknown_tokens(term))
        if not unknown:
            return None
        tokens = []
        for token in term.tokens:
            if token in unknown:
                corrected = self.corrector.correct(token)
                if corrected is None:
                    return None
                tokens.append(corrected)
            else:
                tokens.append(token)
        corrected = ("-" if term.hyphenated else " ").join(tokens)
        return replace(term, tokens=tuple(tokens), written=_cased_like(term.written, corrected))

    def whosaid_groups(self, parsed: ParsedQuery) -> tuple[tuple[Alternative, ...], ...]:
        """ORed alternatives for the rarest remembered words (common words are dropped)."""
        vocabulary = self.vocabulary
        tokens = list(dict.fromkeys(token for term in parsed.terms for token in term.tokens))
        known: list[tuple[int, str]] = []
        for token in tokens:
            word = token if vocabulary.forms(token) else self.corrector.correct(token)
            if word is None:
                continue
            frequency = sum(vocabulary.doc_frequency(f) for f in vocabulary.forms(word))
            known.append((frequency, word))
        known.sort()
        # The rarest words, never fewer than a few: a common word ORed in makes FTS5 score a
        # large share of all quotes (the cost grows with the index) and barely moves the
        # ranking, while the rare words alone already pick the quote out.
        common = _COMMON_SHARE * max(vocabulary.documents, 1)
        rare = sum(1 for frequency, _ in known if frequency <= common)
        chosen = [word for _, word in known[: max(rare, _WHOSAID_MIN_WORDS)]]
        chosen = chosen[:_WHOSAID_MAX_WORDS]
        return tuple(
            tuple(vocabulary.alternatives(Term((word,), "word"))) for word in chosen if word
        )


class SearchService:
    """Quote, article, speaker and calendar search over one index file."""

    def __init__(self, store: SearchStore, *, rng: random.Random | None = None) -> None:
        self._store = store
        self._rng = rng or random.Random()
        self._quotes = _Lexicon([], 0)
        self._articles = _Lexicon([], 0)
        self._speakers = NameDirectory(())
        self._sources = NameDirectory(())
        self.autocomplete = Autocomplete()

    @classmethod
    async def open(cls, database: Path, *, rng: random.Random | None = None) -> SearchService:
        """Open ``database`` read-only and load the in-memory vocabulary and name lists."""
        if not await asyncio.to_thread(database.is_file):
            raise FileNotFoundError(f"no index at {database}; run `python -m bot index` first")
        service = cls(await SearchStore.open(database), rng=rng)
        try:
            await service.refresh()
        except BaseException:
            await service.close()
            raise
        return service

    async def close(self) -> None:
        await self._store.close()

    async def __aenter__(self) -> SearchService:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.close()

    async def refresh(self) -> None:
        """Reload vocabulary, names and autocomplete (call after the index is rebuilt)."""
        quote_vocab = await self._store.vocabulary("quotes")
        article_vocab = await self._store.vocabulary("articles")
        speakers = await self._store.speakers()
        sources = await self._store.sources()
        titles = await self._store.titles()
        self._quotes, self._articles = await asyncio.to_thread(
            lambda: (_Lexicon(*quote_vocab), _Lexicon(*article_vocab))
        )
        self._speakers = NameDirectory(
            Named(s.id, s.name, s.aliases, s.quote_count) for s in speakers
        )
        self._sources = NameDirectory(
            Named(s.id, s.name, _publisher_aliases(s.name), s.article_count) for s in sources
        )
        autocomplete = Autocomplete()
        await asyncio.to_thread(
            autocomplete.load,
            [(s.name, s.aliases) for s in speakers],
            [s.name for s in sources],
            [(t.id, t.title, t.source, t.date_iso) for t in titles],
        )
        self.autocomplete = autocomplete

    # --- ranked search -------------------------------------------------------------------------

    async def _live(
        self, lexicon: _Lexicon, table: FtsTable, groups: tuple[tuple[Alternative, ...], ...]
    ) -> tuple[tuple[Alternative, ...], ...]:
        """``groups`` without split phrases that occur nowhere (checked once, then cached)."""
        unchecked = lexicon.unchecked_splits(groups)
        if unchecked:
            present = await _fts(
                self._store.phrases_present(table, [a.to_fts() for a in unchecked])
            )
            lexicon.remember_splits(unchecked, present)
        return lexicon.without_dead(groups)

    async def _prepare(self, lexicon: _Lexicon, table: FtsTable, text: str) -> _Prepared:
        """The FTS5 expression for ``text``; a repeated text (a page turn, a popular search)
        is a dictionary lookup, which at 19k articles is a fifth of a quote search."""
        ready = lexicon.ready.get(text)
        if ready is not None:
            return ready
        parsed = parse_query(text)
        prepared = await lexicon.prepare_async(parsed)
        groups = await self._live(lexicon, table, prepared.groups)
        if lexicon.forget_if_dead(parsed, groups):  # now known dead: prepare corrects the word
            prepared = await lexicon.prepare_async(parsed)
            groups = await self._live(lexicon, table, prepared.groups)
        if groups != prepared.groups:
            prepared = replace(prepared, groups=groups, query=lexicon.fts_query(groups))
        lexicon.ready.put(text, prepared)
        return prepared

    async def search_quotes(
        self,
        text: str | None = None,
        *,
        speaker: str | None = None,
        source: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        year: int | None = None,
        limit: int = 10,
        offset: int = 0,
        cursor: str | None = None,
    ) -> Page[QuoteHit]:
        """Quotes ranked by bm25 over the words and the speaker's names, with filters.

        With no words but a filter (``speaker="lavrov"``) it lists the matching quotes in
        date order instead.
        """
        filters = self._filters(speaker, source, date_from, date_to, year)
        limit = _clamp(limit)
        if not (text or "").strip() and not filters.empty:
            key = _fingerprint("quotes-list", filters)
            offset = _decode_cursor(cursor, key) if cursor else _offset(offset)
            pks, total = await self._store.list_quotes(filters, limit, offset)
            rows = await self._store.quotes_by_pk(pks)
            if total == 0:
                raise NoResults("No quote matches those filters.")
            items = tuple(quote_hit(rows[pk]) for pk in pks if pk in rows)
            return _page(items, total, offset, limit, key, searched="")
        prepared = await self._prepare(self._quotes, "quotes", text or "")
        key = _fingerprint("quotes", prepared.query.match, filters)
        offset = _decode_cursor(cursor, key) if cursor else _offset(offset)
        hits, total = await _fts(self._store.search_quotes(prepared.query, filters, limit, offset))
        if total == 0:
            raise NoResults(_no_results("quote", prepared, filters))
        items = tuple(quote_hit(row, -row.score) for row in hits)
        return _page(items, total, offset, limit, key, prepared=prepared)

    async def search_articles(
        self,
        text: str,
        *,
        source: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        year: int | None = None,
        limit: int = 10,
        offset: int = 0,
        cursor: str | None = None,
        snippet_chars: int = 240,
    ) -> Page[ArticleHit]:
        """Articles ranked by bm25 (title counts double), each with a bolded snippet."""
        filters = self._filters(None, source, date_from, date_to, year)
        limit = _clamp(limit)
        prepared = await self._prepare(self._articles, "articles", text)
        key = _fingerprint("articles", prepared.query.match, filters)
        offset = _decode_cursor(cursor, key) if cursor else _offset(offset)
        hits, total = await _fts(
            self._store.search_articles(prepared.query, filters, limit, offset)
        )
        if total == 0:
            raise NoResults(_no_results("article", prepared, filters))

        def build() -> tuple[ArticleHit, ...]:
            snippets = make_snippets([body for _, body, _ in hits], prepared.groups, snippet_chars)
            items = []
            for (row, _, score), snippet in zip(hits, snippets, strict=True):
                summary = article_summary(row)
                items.append(
                    ArticleHit(
                        article_id=row.id,
                        title=row.title,
                        source=row.source,
                        date=summary.date,
                        date_text=summary.date_text,
                        url=row.url,
                        snippet=snippet,
                        score=-score,
                    )
                )
            return tuple(items)

        # Snippets scan at most a bounded number of matches per body, so a page of ordinary
        # articles is cheaper to do here than the hop to a thread; only huge bodies go there.
        if sum(len(body) for _, body, _ in hits) > _INLINE_SNIPPET_CHARS:
            items = await asyncio.to_thread(build)
        else:
            items = build()
        return _page(items, total, offset, limit, key, prepared=prepared)

    async def who_said(self, text: str, *, limit: int = 3) -> tuple[WhoSaidMatch, ...]:
        """Find a quote from remembered (maybe misremembered) words, best match first.

        Full-text search ORs the rarer words to get candidates; rapidfuzz then compares the
        whole remembered phrase with each candidate, so word order and small slips matter
        little and the score (0-100) says how close the memory was.
        """
        parsed = parse_query(text, max_chars=WHOSAID_MAX_CHARS, max_terms=200)
        groups = await asyncio.to_thread(self._quotes.whosaid_groups, parsed)
        groups = await self._live(self._quotes, "quotes", tuple(group for group in groups if group))
        if not groups:
            raise NoResults("I can't find a quote with any of those words.")
        candidates = await _fts(
            self._store.quote_candidates(self._quotes.fts_query(groups, "OR"), WHOSAID_CANDIDATES)
        )
        wanted = fold_key(text[:WHOSAID_MAX_CHARS])

        def rank() -> list[tuple[float, float, HitRow]]:
            scored = []
            for row in candidates:
                score = similarity(wanted, fold_key(row.text))
                if score >= WHOSAID_MIN_SCORE:
                    scored.append((score, row.score, row))
            scored.sort(key=lambda item: (-item[0], item[1], item[2].pk))
            return scored

        ranked = await asyncio.to_thread(rank)
        if not ranked:
            raise NoResults("No quote in the archive is close to those words.")
        return tuple(
            WhoSaidMatch(quote_hit(row, -bm25), round(score, 1))
            for score, bm25, row in ranked[: max(1, min(limit, 25))]
        )

    # --- speakers, sources, calendar -------------------------------------------------------------

    async def speaker_profile(
        self, name: str, *, limit: int = 25, offset: int = 0
    ) -> SpeakerProfile:
        """One speaker (found by any alias, fuzzily) with a page of their quotes by date."""
        speaker_id, *others = self._speaker_ids(name)  # the most quoted of equal matches
        person = self._speakers.get(speaker_id)
        assert person is not None
        stats = await self._store.speaker_stats([speaker_id])
        limit, offset = _clamp(limit), _offset(offset)
        rows = await self._store.speaker_timeline([speaker_id], limit, offset)
        first, last = partial_date(stats.first_iso), partial_date(stats.last_iso)
        timeline = _page(
            tuple(quote_hit(row) for row in rows),
            stats.quote_count,
            offset,
            limit,
            _fingerprint("speaker", str(speaker_id)),
            searched=person.name,
        )
        return SpeakerProfile(
            speaker_id=speaker_id,
            name=person.name,
            aliases=tuple(a for a in person.aliases if a != person.name),
            quote_count=stats.quote_count,
            first_date=first,
            last_date=last,
            first_date_text=format_date(first),
            last_date_text=format_date(last),
            sources=stats.sources,
            timeline=timeline,
            undated_quotes=stats.undated,
            others=tuple(
                (other.name, other.weight)
                for other in map(self._speakers.get, others)
                if other is not None
            ),
        )

    async def figures(self) -> dict[str, int]:
        """Articles, quotes, speakers, sources and skipped files in the committed index.

        Read on this service's own connection, not the bot's shared one: that one also
        carries digest claims and command-sync writes, which wait while a reload holds the
        write lock, and a count queued behind such a write would wait with it.
        """
        return await self._store.figures()

    async def sources(self) -> tuple[SourceInfo, ...]:
        """Every publisher with its article count and date range, largest first."""
        return tuple(
            SourceInfo(
                name=row.name,
                article_count=row.article_count,
                first_date=partial_date(row.first_iso),
                last_date=partial_date(row.last_iso),
                date_range_text=format_range(
                    partial_date(row.first_iso), partial_date(row.last_iso), row.undated
                ),
                undated_articles=row.undated,
            )
            for row in await self._store.sources()
        )

    async def on_this_day(
        self,
        month_day: str | None = None,
        *,
        timezone: str = "UTC",
        reference: str | date | None = None,
        limit_per_group: int = 10,
    ) -> OnThisDay:
        """Articles and quotes of one month-day in every year, grouped by "N years ago".

        ``month_day`` defaults to today in ``timezone``; ``reference`` (default: today there)
        is the date the "years ago" count from. Year-unknown items form their own group.
        """
        today = today_in(timezone)
        ref = _reference(reference) or today
        month, day = parse_month_day(month_day) if month_day else (today.month, today.day)
        days = days_to_show(month, day, ref.year)
        articles = await self._store.articles_on(days)
        quotes = await self._store.quotes_on(days)
        years: list[int | None] = list(dict.fromkeys(_year(a.date_iso) for a in articles))
        years.sort(key=lambda y: (y is None, -(y or 0)))
        cap = max(1, min(limit_per_group, 100))
        groups = []
        for year in years:
            group_articles = [a for a in articles if _year(a.date_iso) == year]
            group_quotes = [q for q in quotes if _year(q.date_iso) == year]
            groups.append(
                DayGroup(
                    label=group_label(year, ref.year),
                    year=year,
                    years_ago=None if year is None else ref.year - year,
                    articles=tuple(article_summary(a) for a in group_articles[:cap]),
                    quotes=tuple(quote_hit(q) for q in group_quotes[:cap]),
                    article_count=len(group_articles),
                    quote_count=len(group_quotes),
                )
            )
        if not groups:
            raise NoResults(
                f"Nothing in the archive was published on {format_month_day(month, day)}."
            )
        return OnThisDay(month, day, format_month_day(month, day), ref.isoformat(), tuple(groups))

    async def random_quote(self, *, speaker: str | None = None) -> QuoteHit:
        """A random quote, optionally by one speaker (any alias)."""
        ids = self._speaker_ids(speaker) if speaker else None
        row = await self._store.random_quote(ids, self._rng)
        if row is None:
            raise NoResults("The archive has no quotes yet.")
        return quote_hit(row)

    # --- lookups by id ---------------------------------------------------------------------------

    async def article(self, article_id: str) -> ArticleDetail:
        """An article's metadata and its quotes."""
        row = await self._store.article_by_id(article_id.strip()[:64])
        if row is None:
            raise NotFound("That article is not in the archive (it may have been removed).")
        quotes = await self._store.quotes_of_articles([row.pk])
        return ArticleDetail(article_summary(row), tuple(quote_hit(q) for q in quotes))

    async def quote(self, quote_id: str) -> QuoteHit:
        return (await self.quote_context(quote_id)).quote

    async def quote_context(self, quote_id: str) -> QuoteContext:
        """The paragraph around a quote, with the quote's position in it."""
        found = await self._store.quote_by_id(quote_id.strip()[:80])
        if found is None:
            raise NotFound("That quote is not in the archive (it may have been removed).")
        row, paragraph = found
        start, end = row.start - row.para_start, row.end - row.para_start
        if paragraph[start:end] != row.text:
            start = paragraph.find(row.text)
            end = start + len(row.text) if start >= 0 else 0
            start = max(start, 0)
        return QuoteContext(quote_hit(row), paragraph, start, end)

    async def citation(self, quote_id: str) -> str:
        """``Speaker: “quote” — Title, Source, 28 September 2015. URL``."""
        return citation(await self.quote(quote_id))

    # --- helpers ---------------------------------------------------------------------------------

    def _speaker_ids(self, name: str) -> tuple[int, ...]:
        resolution = self._speakers.resolve(name)
        if not resolution.ids:
            raise UnknownSpeaker(name.strip(), resolution.suggestions)
        return resolution.ids

    def _filters(
        self,
        speaker: str | None,
        source: str | None,
        date_from: str | None,
        date_to: str | None,
        year: int | None,
    ) -> Filters:
        if not (speaker or source or date_from or date_to) and year is None:
            return NO_FILTERS  # the usual search: nothing to resolve or build
        speaker_ids = self._speaker_ids(speaker) if speaker and speaker.strip() else None
        source_ids = None
        if source and source.strip():
            resolution = self._sources.resolve(source)
            if not resolution.ids:
                raise UnknownSource(source.strip(), resolution.suggestions)
            source_ids = resolution.ids
        start = parse_full_date(date_from, what="start date") if date_from else None
        end = parse_full_date(date_to, what="end date") if date_to else None
        if start and end and start > end:
            raise BadDate("The start date is after the end date.")
        if year is not None and not 1 <= year <= 9999:
            raise BadDate(f"{year} is not a year I can search for.")
        return Filters(
            speaker_ids=speaker_ids,
            source_ids=source_ids,
            date_from=start.isoformat() if start else None,
            date_to=end.isoformat() if end else None,
            year=year,
        )


def _publisher_aliases(name: str) -> tuple[str, ...]:
    """A publisher written with its expansion is known by either part: "EIR (Executive
    Intelligence Review)" is also "EIR" and "Executive Intelligence Review"."""
    head, _, rest = name.partition("(")
    inner = rest.split(")", 1)[0]
    return tuple(part.strip() for part in (head, inner) if part.strip() and rest)


def _cased_like(written: str, corrected: str) -> str:
    """The corrected word in the user's capitals: "Stoltenbrg" -> "Stoltenberg"."""
    if len(written) > 1 and written.isupper():
        return corrected.upper()
    if written[:1].isupper():
        return " ".join(word[:1].upper() + word[1:] for word in corrected.split(" "))
    return corrected


def similarity(wanted: str, quote: str) -> float:
    """0-100: how well remembered words match a quote (alignment plus shared words).

    Both measures are symmetric: a two-word quote ("war") lies wholly inside a remembered
    sentence and would score 100. A person may remember part of a quote, but not a quote
    that is a small part of what they remember, so a quote shorter than the remembered
    words is scaled down by the square root of the share it covers.
    """
    a, b = utils.default_process(wanted), utils.default_process(quote)
    if not a or not b:
        return 0.0
    covered = math.sqrt(min(1.0, len(b) / len(a)))
    return covered * (0.6 * fuzz.partial_ratio(a, b) + 0.4 * fuzz.token_set_ratio(a, b))


async def _fts(call: Awaitable[T]) -> T:
    """Run a full-text query; FTS5 refusing an expression is a user problem, not a crash."""
    try:
        return await call
    except sqlite3.OperationalError as error:
        if "fts5" not in str(error).lower():
            raise
        log.warning("fts5 rejected a query: %s", error)
        raise NoResults("I couldn't search for that; try different words.") from error


MAX_OFFSET = 1_000_000_000  # far past any result list, far inside SQLite's integers


def _clamp(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


def _offset(offset: int) -> int:
    """Non-negative and within SQLite's 64-bit integers (past the end is simply empty)."""
    return max(0, min(offset, MAX_OFFSET))


def _year(iso: str | None) -> int | None:
    when = partial_date(iso)
    return when.year if when else None


def _reference(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_full_date(value, what="reference date")


def _no_results(kind: str, prepared: _Prepared, filters: Filters) -> str:
    extra = " with those filters" if not filters.empty else ""
    message = f"No {kind} matches {shorten(prepared.searched, 80)}{extra}."
    if prepared.suggested:
        message += f" Did you mean {shorten(prepared.suggested, 80)}?"
    return message


@lru_cache(maxsize=1024)
def _fingerprint(*parts: str | Filters) -> str:
    """What a cursor belongs to (the search and its filters), short; remembered, since a
    page turn or a repeated search asks for the same one."""
    text = "\x1f".join(part if isinstance(part, str) else repr(part) for part in parts)
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def _decode_cursor(cursor: str, key: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"==").decode("ascii")
        offset_text, fingerprint = raw.split(":", 1)
        offset = int(offset_text)
    except (ValueError, UnicodeError) as error:
        raise BadCursor() from error
    if fingerprint != key or not 0 <= offset <= MAX_OFFSET:
        raise BadCursor()
    return offset


def _encode_cursor(offset: int, key: str) -> str:
    return base64.urlsafe_b64encode(f"{offset}:{key}".encode()).decode("ascii").rstrip("=")


def _page(
    items: Sequence[T],
    total: int,
    offset: int,
    limit: int,
    key: str,
    *,
    prepared: _Prepared | None = None,
    searched: str = "",
) -> Page[T]:
    after = offset + len(items)
    return Page(
        items=tuple(items),
        total=total,
        offset=offset,
        limit=limit,
        next_cursor=_encode_cursor(after, key) if after < total and items else None,
        searched=prepared.searched if prepared else searched,
        corrections=prepared.corrections if prepared else (),
        truncated=prepared.truncated if prepared else False,
        suggested=prepared.suggested if prepared else "",
    )
