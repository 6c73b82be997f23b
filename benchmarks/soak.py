"""Soak: thousands of mixed interactions through the fake Discord while the corpus reloads.

Why: unit and fault tests show each path works once; a soak shows nothing degrades when
they all run together for a while: no reply lost or slow past Discord's 3-second window, no
error, no memory creeping up, while full reloads rebuild the index underneath the readers.

The real bot (discord.py unpatched) runs against the fake Discord from ``tests/fakediscord``
in this process, on a temporary copy of the bundled corpus plus generated articles. Reply
time is measured from the moment the interaction is sent on the gateway to the bot's answer
(its callback, or for a deferred command its first edit). RSS is taken after a warm-up
(caches, the paging memory filling) and at the end of the load; the fake's own bookkeeping of
finished interactions is dropped as the run goes, so the growth measured is the bot's.

    .venv/bin/python benchmarks/soak.py                      # 10,000 interactions, 50 at once
    .venv/bin/python benchmarks/soak.py --interactions 2000 --concurrency 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import logging
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakediscord import FakeDiscord, FakeMember, InteractionHandle  # noqa: E402

from bot.app import create_bot, open_services  # noqa: E402
from bot.config import Config, CorpusConfig, DiscordConfig, StorageConfig  # noqa: E402

SEED_CORPUS = ROOT / "data" / "corpus"
TOKEN = "soak-token.not-a-real-one"
MANAGE_GUILD = 1 << 5
ANSWER_TIMEOUT = 30.0
SPEAKERS = ["Pat Okafor", "Lena Brandt", "Omar Haddad", "Mei Tanaka", "Ruth Silva"]
SOURCES = ["Reuters", "TASS", "AP"]
TOPICS = ["ceasefire", "pipeline", "harvest", "election", "tariffs", "vaccine", "floods"]


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    reloads: int = 0
    reload_seconds: list[float] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        self.times.setdefault(kind, []).append(seconds)

    def fail(self, kind: str, why: str) -> None:
        self.errors[kind] += 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{kind}: {why}")


def write_articles(corpus: Path, count: int, rng: random.Random) -> None:
    """Generated articles: dated across years on a few month-days, quoted, with sources."""
    for n in range(count):
        speaker = rng.choice(SPEAKERS)
        topic = rng.choice(TOPICS)
        year = rng.randint(2005, 2024)
        month, day = rng.choice([(3, 3), (9, 28), (9, 22), (6, 1)])
        source = rng.choice(SOURCES)
        body = " ".join(rng.choice([*TOPICS, "the", "talks", "report"]) for _ in range(120))
        (corpus / f"generated-{n:04d}.txt").write_text(
            f"Talks on the {topic} resume, story {n}\n\n"
            f"{year}-{month:02d}-{day:02d}\n\n"
            f"LONDON ({source}) - {body}.\n\n"
            f'"The {topic} plan number {n} will hold," {speaker} said on {topic} day.\n\n'
            f'"We expect more {topic} news soon," {speaker.split()[-1]} added.\n',
            encoding="utf-8",
        )


def build_config(fake: FakeDiscord, folder: Path, corpus: Path) -> Config:
    return replace(
        Config(),
        discord=DiscordConfig(
            token=TOKEN, api_base_url=fake.api_base_url, gateway_url=fake.gateway_url
        ),
        corpus=CorpusConfig(path=corpus),
        storage=StorageConfig(database=folder / "index.db"),
    )


def forget(fake: FakeDiscord, handle: InteractionHandle) -> None:
    """Drop the fake's record of a finished interaction (the fake is not what we measure)."""
    fake._interactions.pop(handle.id, None)
    fake._by_token.pop(handle.token, None)
    if handle.original is not None:
        message = fake._messages.pop(int(handle.original["id"]), None)
        if message is not None and message in handle.channel.messages:
            handle.channel.messages.remove(message)


def trim_fake(fake: FakeDiscord) -> None:
    fake.requests.clear()
    fake.gateway_log.clear()
    if fake.session is not None:
        fake.session.sent.clear()  # the RESUME replay buffer; the soak never drops the socket


async def answered(handle: InteractionHandle) -> dict[str, Any]:
    """The user-visible answer: the callback, or after a defer the first edit."""
    body = await handle.response(timeout=ANSWER_TIMEOUT)
    if body["type"] == 5:
        edited = await handle.next_edit(timeout=ANSWER_TIMEOUT)
        return {"type": 4, "data": edited}
    return dict(body)


def error_in(body: dict[str, Any]) -> str | None:
    data = body.get("data") or {}
    content = str(data.get("content") or "")
    if "went wrong" in content:
        return content
    if body.get("type") in (4, 7) and not (data.get("embeds") or content):
        return "an empty reply"
    return None


class Soak:
    def __init__(
        self, fake: FakeDiscord, bot: Any, members: list[FakeMember], manager: FakeMember
    ) -> None:
        self.fake = fake
        self.paging = bot.presenter.paging
        self.members = members
        self.manager = manager
        self.results = Results()
        self.budget = 0  # interactions left to send
        self.rng = random.Random(7)
        self.channel = next(iter(fake.channels.values()))
        self.operations: list[tuple[str, int, Callable[[FakeMember], Awaitable[None]]]] = [
            ("quote", 30, self.quote_and_page),
            ("whosaid", 10, lambda m: self.command(m, "whosaid", {"words": self.words()})),
            ("search", 15, lambda m: self.command(m, "search", {"query": self.topic()})),
            ("speaker", 10, lambda m: self.command(m, "speaker", {"name": self.speaker()})),
            ("onthisday", 8, lambda m: self.command(m, "onthisday", {"date": self.day()})),
            ("random", 8, lambda m: self.command(m, "random", {})),
            ("sources", 4, lambda m: self.command(m, "sources", {})),
            ("about", 3, lambda m: self.command(m, "about", {})),
            ("autocomplete", 12, self.autocomplete),
        ]

    def take(self) -> bool:
        """Reserve one interaction of the run's budget (a /quote and its click are two)."""
        if self.budget <= 0:
            return False
        self.budget -= 1
        return True

    def finished(self) -> int:
        """Interactions answered or failed so far."""
        return sum(len(t) for t in self.results.times.values()) + sum(self.results.errors.values())

    def remembered_searches(self) -> int:
        """Paged searches the bot keeps for ◀ ▶ (bounded; nothing else is kept per reply)."""
        return len(self.paging)

    def topic(self) -> str:
        return self.rng.choice([*TOPICS, "Lavrov", "coalition", "deconflict"])

    def speaker(self) -> str:
        return self.rng.choice([*SPEAKERS, "Lavrov", "Stoltenberg"])

    def words(self) -> str:
        return f"the {self.rng.choice(TOPICS)} plan will hold"

    def day(self) -> str:
        return self.rng.choice(["03-03", "09-28", "09-22", "06-01"])

    async def timed(self, kind: str, send: Callable[[], Awaitable[InteractionHandle]]) -> Any:
        started = time.perf_counter()
        handle: InteractionHandle | None = None
        try:
            handle = await send()
            body = await answered(handle)
        except Exception as error:  # noqa: BLE001 - every failure is a counted error
            self.results.fail(kind, f"{type(error).__name__}: {error}")
            return None
        self.results.record(kind, time.perf_counter() - started)
        why = error_in(body)
        if why is not None:
            self.results.fail(kind, why)
        return handle

    async def command(self, member: FakeMember, name: str, options: dict[str, Any]) -> None:
        handle = await self.timed(
            name,
            lambda: self.fake.inject_interaction(name, options, user=member, channel=self.channel),
        )
        if handle is not None:
            forget(self.fake, handle)

    async def quote_and_page(self, member: FakeMember) -> None:
        """/quote, then (when it has pages) the same user turns to the next page."""
        query = self.topic()
        handle = await self.timed(
            "quote",
            lambda: self.fake.inject_interaction(
                "quote", {"query": query}, user=member, channel=self.channel
            ),
        )
        if handle is None:
            return
        message = handle.original
        buttons = [
            c["custom_id"]
            for row in (message or {}).get("components", [])
            for c in row.get("components", [])
            if not c.get("disabled")
        ]
        following = next((b for b in buttons if b.startswith("dateline:next:")), None)
        if message is not None and following is not None and self.take():
            click = await self.timed(
                "button", lambda: self.fake.inject_component(message, following, user=member)
            )
            if click is not None:
                forget(self.fake, click)
        forget(self.fake, handle)

    async def autocomplete(self, member: FakeMember) -> None:
        typed = self.speaker()[: self.rng.randint(1, 4)]
        started = time.perf_counter()
        try:
            await self._autocomplete(member, typed)
        except Exception as error:  # noqa: BLE001
            self.results.fail("autocomplete", f"{type(error).__name__}: {error}")
            return
        self.results.record("autocomplete", time.perf_counter() - started)

    async def _autocomplete(self, member: FakeMember, typed: str) -> None:
        handle = await self.fake.inject_interaction(
            "speaker",
            {"name": typed},
            user=member,
            channel=self.channel,
            _kind=4,
            _focused="name",
        )
        body = await handle.response(timeout=ANSWER_TIMEOUT)
        forget(self.fake, handle)
        if body["type"] != 8:
            raise RuntimeError(f"autocomplete answered with type {body['type']}")

    def pick(self) -> tuple[str, Callable[[FakeMember], Awaitable[None]]]:
        names = [name for name, _, _ in self.operations]
        weights = [weight for _, weight, _ in self.operations]
        index = self.rng.choices(range(len(names)), weights)[0]
        return names[index], self.operations[index][2]

    async def reload_loop(self, stop: asyncio.Event) -> None:
        """Full reloads back to back until the interactions are done."""
        while not stop.is_set():
            started = time.perf_counter()
            handle = await self.fake.inject_interaction(
                "corpus reload", {"full": True}, user=self.manager, channel=self.channel
            )
            await handle.response(timeout=ANSWER_TIMEOUT)

            def finished(handle: InteractionHandle = handle) -> bool:
                original = handle.original or {}
                return bool(original.get("embeds")) or "failed" in str(original.get("content"))

            await self.fake.wait_until(finished, 300, "the reload report")
            if handle.original and not handle.original.get("embeds"):
                self.results.fail("reload", str(handle.original.get("content")))
            else:
                self.results.reloads += 1
                self.results.reload_seconds.append(time.perf_counter() - started)
            forget(self.fake, handle)


async def soak(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="dateline-soak-") as folder:
        work = Path(folder)
        corpus = work / "corpus"
        shutil.copytree(SEED_CORPUS, corpus)
        write_articles(corpus, args.articles, rng)
        fake = FakeDiscord(token=TOKEN)
        await fake.start()
        try:
            guild = fake.add_guild("Soak")
            fake.add_text_channel(guild, "quotes")
            members = [fake.add_member(guild, fake.add_user(f"user{n}")) for n in range(50)]
            managers = fake.add_role(guild, "Managers", permissions=MANAGE_GUILD)
            manager = fake.add_member(guild, fake.add_user("manager"), roles=[managers])
            config = build_config(fake, work, corpus)
            async with open_services(config) as services:
                bot = create_bot(services, guild_ready_timeout=0.05)
                async with fake.running(bot):
                    run = Soak(fake, bot, members, manager)
                    run.budget = args.interactions
                    return await drive(fake, run, args)
        finally:
            await fake.stop()


async def drive(fake: FakeDiscord, run: Soak, args: argparse.Namespace) -> dict[str, Any]:
    process = psutil.Process()
    error_logs = ErrorCounter()
    logging.getLogger().addHandler(error_logs)
    warm_up = min(args.interactions // 10, 1000)
    marks: dict[str, float] = {}
    snapshots: list[tracemalloc.Snapshot] = []
    stop = asyncio.Event()

    async def worker(slot: int) -> None:
        member = run.members[slot % len(run.members)]
        trimmed = 0
        while run.take():
            _kind, operation = run.pick()
            await operation(member)
            finished = run.finished()
            if finished // 500 > trimmed:
                trimmed = finished // 500
                trim_fake(fake)
            if finished >= warm_up and "rss_warm" not in marks:
                marks["rss_warm"] = settled_rss(process)
                marks["blocks_warm"] = sys.getallocatedblocks()
                if args.trace:
                    snapshots.append(tracemalloc.take_snapshot())

    started = time.perf_counter()
    reloads = asyncio.create_task(run.reload_loop(stop))
    await asyncio.gather(*(worker(slot) for slot in range(args.concurrency)))
    elapsed = time.perf_counter() - started
    stop.set()
    await reloads
    trim_fake(fake)
    # Measured at the end of the load, with nothing given time to expire: replies keep no
    # per-message state, so whatever grew here would stay.
    marks["rss_loaded"] = settled_rss(process)
    marks["blocks_loaded"] = sys.getallocatedblocks()
    marks["remembered"] = run.remembered_searches()
    if args.trace and snapshots:
        growth = tracemalloc.take_snapshot().compare_to(snapshots[0], "lineno")
        print("largest Python allocation growth since the warm-up:")
        for stat in growth[:15]:
            print(f"  {stat}")
    logging.getLogger().removeHandler(error_logs)
    everything = [t for times in run.results.times.values() for t in times]
    return {
        "interactions": run.finished(),
        "concurrency": args.concurrency,
        "articles": args.articles + 5,
        "seconds": elapsed,
        "results": run.results,
        "all": everything,
        "marks": marks,
        "unhandled": list(fake.unhandled),
        "error_logs": error_logs.count,
    }


def settled_rss(process: psutil.Process) -> int:
    """RSS after a full collection and, with glibc, handing freed heap back to the OS.

    Without ``malloc_trim`` RSS keeps the high-water mark of every burst, which says more
    about the allocator than about what the bot still holds.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: plain RSS
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return int(process.memory_info().rss)


class ErrorCounter(logging.Handler):
    """Counts ERROR records from the bot (an unexpected error shows up here first)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def report(found: dict[str, Any]) -> str:
    results: Results = found["results"]
    marks = found["marks"]
    growth = (marks["rss_loaded"] - marks["rss_warm"]) / marks["rss_warm"] * 100
    blocks = (marks["blocks_loaded"] - marks["blocks_warm"]) / marks["blocks_warm"] * 100
    mb = 1024 * 1024
    errors = sum(results.errors.values()) + found["error_logs"] + len(found["unhandled"])
    lines = [
        f"Soak: {found['interactions']:,} interactions, {found['concurrency']} at a time, "
        f"{found['articles']:,} articles, {results.reloads} full reloads during the run "
        f"({found['seconds']:.0f} s, {found['interactions'] / found['seconds']:.0f}/s)",
        "",
        "| kind | count | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    rows = sorted(results.times.items(), key=lambda item: -len(item[1]))
    for kind, times in [*rows, ("all", found["all"])]:
        lines.append(
            f"| {kind} | {len(times):,} | {percentile(times, 0.5) * 1000:.1f} | "
            f"{percentile(times, 0.99) * 1000:.1f} | {max(times) * 1000:.1f} |"
        )
    reload_median = percentile(results.reload_seconds, 0.5)
    lines += [
        "",
        "| errors | error log lines | unknown routes | reloads (median s) |",
        "|---:|---:|---:|---:|",
        f"| {sum(results.errors.values())} | {found['error_logs']} | "
        f"{len(found['unhandled'])} | {results.reloads} ({reload_median:.1f}) |",
        "",
        "| RSS after warm-up | RSS at end of load | remembered paged searches | RSS growth "
        "| Python blocks growth |",
        "|---:|---:|---:|---:|---:|",
        f"| {marks['rss_warm'] / mb:.0f} MB | {marks['rss_loaded'] / mb:.0f} MB "
        f"| {marks['remembered']:,.0f} | {growth:+.1f}% | {blocks:+.1f}% |",
    ]
    if results.error_examples:
        lines += ["", "errors:", *(f"  {example}" for example in results.error_examples)]
    verdict = "PASS" if errors == 0 and growth < 10 else "FAIL"
    lines += ["", f"{verdict}: target 0 errors and RSS growth < 10%"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--articles", type=int, default=300, help="generated articles added to the corpus"
    )
    parser.add_argument(
        "--trace", action="store_true", help="print where Python memory grew (slow: tracemalloc)"
    )
    args = parser.parse_args(argv)
    if args.trace:
        tracemalloc.start(8)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(logging.ERROR)  # rate-limit retries are expected
    found = asyncio.run(soak(args))
    print(report(found))
    results: Results = found["results"]
    errors = sum(results.errors.values()) + found["error_logs"] + len(found["unhandled"])
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
