"""Full Reuters builds of two checkouts, interleaved with the raw baseline, pair by pair.

Same-day runs of the same code on this machine range by 10-20 %, so a change to the build
is judged by builds of the old and new code run in turns (their order alternating), each
next to the baseline of ``bench_index.py``:

    git worktree add /tmp/before HEAD~1
    (cd /tmp/before && python3 -m venv .venv && .venv/bin/pip install -q -e .)
    .venv/bin/python benchmarks/compare_builds.py /tmp/before . --pairs 8

(Installing the other checkout builds its compiled modules in place; without them it would
run pure Python and the comparison would be unfair to it.)

Each build runs in a fresh interpreter of this checkout's virtual environment with the
given checkout first on ``sys.path``; the CPU columns are the building process's and its
extraction workers'. Prints one line per pair, then medians and the per-pair differences.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import ROOT, require, shared_folder

_ONE_BUILD = """
import asyncio, json, resource, sys
from pathlib import Path
checkout, corpus, database, kind = sys.argv[1:5]
sys.path.insert(0, checkout)
from benchmarks.bench_index import baseline, dateline
if kind == "baseline":
    seconds = baseline(Path(corpus), Path(database))
else:
    seconds = asyncio.run(dateline(Path(corpus), Path(database)))[0]
own = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([seconds, own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime]))
"""


def build(checkout: Path, corpus: Path, database: Path, kind: str) -> list[float]:
    done = subprocess.run(
        [sys.executable, "-c", _ONE_BUILD, str(checkout), str(corpus), str(database), kind],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    database.unlink(missing_ok=True)
    return list(json.loads(done.stdout.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the checkout to compare against")
    parser.add_argument("after", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    corpus = require(args.corpus or shared_folder() / "corpora" / "reuters21578")
    checkouts = {"before": args.before.resolve(), "after": args.after.resolve()}
    runs: dict[str, list[list[float]]] = {"baseline": [], "before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="dateline-compare-") as folder:
        for pair in range(args.pairs):
            order = ["before", "after"] if pair % 2 == 0 else ["after", "before"]
            database = Path(folder) / "index.db"
            runs["baseline"].append(build(ROOT, corpus, database, "baseline"))
            for name in order:
                runs[name].append(build(checkouts[name], corpus, database, "dateline"))
            print(
                f"pair {pair + 1}: baseline {runs['baseline'][-1][0]:.2f} s, "
                f"before {runs['before'][-1][0]:.2f} s, after {runs['after'][-1][0]:.2f} s",
                flush=True,
            )
    base = statistics.median(run[0] for run in runs["baseline"])
    print(f"\nbaseline median {base:.2f} s")
    for name in ("before", "after"):
        wall, own, workers = (statistics.median(run[i] for run in runs[name]) for i in range(3))
        print(
            f"{name}: median {wall:.2f} s, {wall / base:.2f}x baseline; "
            f"CPU of the building process {own:.2f} s, of its workers {workers:.2f} s"
        )
    differences = [a[0] - b[0] for a, b in zip(runs["after"], runs["before"], strict=True)]
    print(
        "after - before, per pair: "
        + ", ".join(f"{d:+.2f}" for d in differences)
        + f" s (median {statistics.median(differences):+.3f} s)"
    )


if __name__ == "__main__":
    main()
