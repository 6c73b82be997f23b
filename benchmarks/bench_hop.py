"""What one trip to aiosqlite's database thread costs, as the statement it carries grows.

    .venv/bin/python benchmarks/bench_hop.py [--repeat 300]

Every search (and the raw FTS5 baseline of bench_search.py) sends one statement to
aiosqlite's thread and waits for the answer. This runs statements of growing length (a
recursive count: no tables, nothing but CPU) directly on the event loop and through
aiosqlite, in turn, and prints the medians and their difference, the hop. On a virtual
machine whose idle cores sleep, the hop is no constant: it depends on how long the event
loop sat waiting and on what ran just before, one reason sub-millisecond search ratios
move so much between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import time

import aiosqlite

COUNT = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
    "SELECT count(*) FROM c"
)
SIZES = (10, 300, 1_000, 2_000, 4_000, 8_000, 16_000)


def _median_us(values: list[float]) -> float:
    return statistics.median(values[len(values) // 10 :]) * 1e6  # the first tenth warms up


async def measure(repeat: int) -> None:
    direct = sqlite3.connect(":memory:")
    hopping = await aiosqlite.connect(":memory:")
    print("| statement µs | through aiosqlite µs | hop µs |\n|---:|---:|---:|")
    try:
        for size in SIZES:
            plain: list[float] = []
            threaded: list[float] = []
            for _ in range(repeat):  # in turn, so machine load hits both alike
                started = time.perf_counter()
                direct.execute(COUNT, (size,)).fetchall()
                plain.append(time.perf_counter() - started)
                started = time.perf_counter()
                await hopping.execute_fetchall(COUNT, (size,))
                threaded.append(time.perf_counter() - started)
            own, total = _median_us(plain), _median_us(threaded)
            print(f"| {own:.0f} | {total:.0f} | {total - own:.0f} |")
    finally:
        direct.close()
        await hopping.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300, help="runs of each statement")
    asyncio.run(measure(parser.parse_args().repeat))


if __name__ == "__main__":
    main()
