"""Score title, date, source and URL extraction against the ground truth in ../shared.

Run ``.venv/bin/python benchmarks/score_metadata.py [--set NAME|all] [--check] [--limit N]
[--verbose]``. Each file goes through ``clean`` and ``extract_info`` exactly as in the bot.

Gold comes from ``seeds/gold.json``, the corpora's ``manifest.jsonl`` files and
``eval/wikinews-dev/gold.json``; ``eval/polnear`` only labels titles. A date matches when
``PartialDate.iso()`` equals the gold string (``--MM-DD`` for a year-unknown date, null for no
date); a source matches the gold name or one of its ``source_alternatives``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.corpus.clean import clean
from bot.corpus.metadata import extract_info
from bot.models import PublicationInfo

FIELDS = ("title", "date", "source", "url")
SETS = ("seeds", "reuters", "gum", "wikinews-dev", "polnear")
DEFAULT_SETS = ("seeds", "reuters", "gum", "wikinews-dev")
# Minimum accuracy per field for --check.
THRESHOLDS = {"seeds": 1.0, "reuters": 0.98, "gum": 0.98, "wikinews-dev": 0.98, "polnear": 0.98}


@dataclass(frozen=True)
class Case:
    """One article file and its gold record."""

    path: Path
    gold: dict[str, Any]


@dataclass
class SetScore:
    """Per-field counts for one set, plus the mismatches for --verbose."""

    name: str
    total: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0

    def accuracy(self, name: str) -> float | None:
        """Share of files whose field matched; ``None`` when the set has no gold for it."""
        total = self.total.get(name, 0)
        return self.right.get(name, 0) / total if total else None


def shared_dir() -> Path:
    """The shared folder: ``$DATELINE_SHARED`` or ``../shared`` next to the repository."""
    override = os.environ.get("DATELINE_SHARED")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "shared"


def _read_json_list(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _read_manifest(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_cases(name: str, shared: Path) -> list[Case]:
    """The files and gold records of one set; empty when the set is not on disk."""
    sources = {
        "seeds": (shared / "seeds", "gold.json"),
        "reuters": (shared / "corpora" / "reuters21578", "manifest.jsonl"),
        "gum": (shared / "corpora" / "gum-wikinews", "manifest.jsonl"),
        "wikinews-dev": (shared / "eval" / "wikinews-dev", "gold.json"),
        "polnear": (shared / "eval" / "polnear", "gold.json"),
    }
    folder, gold_name = sources[name]
    gold_path = folder / gold_name
    if not gold_path.is_file():
        return []
    if gold_name.endswith(".jsonl"):
        records = _read_manifest(gold_path)
    else:
        records = _read_json_list(gold_path)
    return [Case(folder / record["file"], record) for record in records]


def predict(text: str) -> PublicationInfo:
    """Run the extraction steps that the bot runs for metadata."""
    return extract_info(text, clean(text))


def compare(info: PublicationInfo, gold: dict[str, Any]) -> dict[str, tuple[bool, Any, Any]]:
    """Per gold field: (matched, predicted, expected)."""
    results: dict[str, tuple[bool, Any, Any]] = {}
    if "title" in gold:
        expected = gold["title"].strip() if gold["title"] else None
        results["title"] = (info.title == expected, info.title, expected)
    if "date" in gold:
        predicted = info.date.iso() if info.date else None
        results["date"] = (predicted == gold["date"], predicted, gold["date"])
    if "source" in gold:
        accepted = {gold["source"], *gold.get("source_alternatives", [])}
        results["source"] = (info.source in accepted, info.source, gold["source"])
    if "url" in gold:
        results["url"] = (info.url == gold["url"], info.url, gold["url"])
    return results


def score_cases(name: str, cases: Sequence[Case]) -> SetScore:
    """Extract every case's metadata and count matches per field."""
    score = SetScore(name)
    started = time.perf_counter()
    for case in cases:
        text = case.path.read_text(encoding="utf-8")
        for fname, (ok, predicted, expected) in compare(predict(text), case.gold).items():
            score.total[fname] = score.total.get(fname, 0) + 1
            if ok:
                score.right[fname] = score.right.get(fname, 0) + 1
            else:
                score.mismatches.append(
                    f"{name}/{case.path.name} {fname}: got {predicted!r}, want {expected!r}"
                )
        score.files += 1
    score.seconds = time.perf_counter() - started
    return score


def score_set(name: str, shared: Path | None = None, limit: int | None = None) -> SetScore:
    """Load and score one named set (the first ``limit`` files when given)."""
    cases = load_cases(name, shared or shared_dir())
    return score_cases(name, cases[:limit] if limit else cases)


def failures(score: SetScore, threshold: float) -> list[str]:
    """Fields of ``score`` below ``threshold``."""
    below = []
    for fname in FIELDS:
        accuracy = score.accuracy(fname)
        if accuracy is not None and accuracy < threshold:
            below.append(f"{score.name} {fname} {accuracy:.3f} < {threshold}")
    return below


def _table(scores: Sequence[SetScore]) -> str:
    lines = [f"{'set':<14}{'files':>7}" + "".join(f"{f:>9}" for f in FIELDS) + f"{'secs':>8}"]
    for score in scores:
        cells = []
        for fname in FIELDS:
            accuracy = score.accuracy(fname)
            cells.append(f"{accuracy:>9.3f}" if accuracy is not None else f"{'-':>9}")
        lines.append(f"{score.name:<14}{score.files:>7}{''.join(cells)}{score.seconds:>8.2f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="all", choices=(*SETS, "all"))
    parser.add_argument("--check", action="store_true", help="exit 1 below the targets")
    parser.add_argument("--limit", type=int, default=None, help="first N files per set")
    parser.add_argument("--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    shared = shared_dir()
    if not shared.is_dir():
        print(f"shared folder not found at {shared}; set DATELINE_SHARED. Skipping.")
        return 0
    names = (*DEFAULT_SETS, "polnear") if args.set == "all" else (args.set,)
    scores = [score_set(name, shared, args.limit) for name in names]
    scores = [s for s in scores if s.files]
    print(_table(scores))
    if args.verbose:
        for score in scores:
            for line in score.mismatches:
                print(line)
    below = [line for s in scores for line in failures(s, THRESHOLDS[s.name])]
    if args.check and below:
        print("below target: " + "; ".join(below))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
