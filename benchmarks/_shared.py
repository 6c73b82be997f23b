"""Where benchmarks find ../shared, and small timing helpers they all use."""

from __future__ import annotations

import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_folder() -> Path:
    """``../shared`` beside the checkout, or ``$DATELINE_SHARED``."""
    override = os.environ.get("DATELINE_SHARED")
    return Path(override) if override else ROOT.parent / "shared"


def require(path: Path) -> Path:
    """Exit cleanly (status 0, a message) when a benchmark's data is not on this machine."""
    if not path.exists():
        print(f"skipped: {path} is not here (set DATELINE_SHARED to its folder)")
        sys.exit(0)
    return path


def misremember(text: str, rng: random.Random) -> str:
    """How a person half remembers a quote: a word dropped (from quotes over six words) and
    one letter changed in a longer word, as "who said this?" benchmarks ask for it."""
    words = text.split()
    if len(words) > 6:
        del words[rng.randrange(len(words))]
    word = rng.randrange(len(words))
    if len(words[word]) > 4:
        letters = list(words[word])
        letters[2] = "e" if letters[2] != "e" else "a"
        words[word] = "".join(letters)
    return " ".join(words)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile, the usual definition for latency tables."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]
