"""Metadata accuracy on the shared ground truth (skipped when ../shared is absent)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.corpus.clean import clean

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
scorer: Any = importlib.import_module("score_metadata")
FIELDS: tuple[str, ...] = scorer.FIELDS
score_set = scorer.score_set

SHARED: Path = scorer.shared_dir()
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared corpora not available")


def _assert_at_least(name: str, threshold: float) -> None:
    score = score_set(name, SHARED)
    if score.files == 0:
        pytest.skip(f"{name} not available")
    for field in FIELDS:
        accuracy = score.accuracy(field)
        assert accuracy is None or accuracy >= threshold, (field, score.mismatches[:10])


def test_seeds_all_fields_exact() -> None:
    _assert_at_least("seeds", 1.0)


def test_gum_wikinews() -> None:
    _assert_at_least("gum", 0.98)


def test_wikinews_dev() -> None:
    _assert_at_least("wikinews-dev", 0.98)


def test_polnear_titles() -> None:
    _assert_at_least("polnear", 0.98)


@pytest.mark.slow
def test_reuters21578() -> None:
    _assert_at_least("reuters", 0.98)


def test_every_seed_quote_is_inside_a_body_paragraph() -> None:
    """Cleaning must never drop article text that holds a quote."""
    gold_path = SHARED / "seeds" / "gold.json"
    if not gold_path.is_file():
        pytest.skip("seeds not available")
    for record in json.loads(gold_path.read_text(encoding="utf-8")):
        text = (SHARED / "seeds" / record["file"]).read_text(encoding="utf-8")
        body = clean(text).body
        for quote in record["quotes"]:
            assert any(quote["quote"] in p.text for p in body), (record["file"], quote["quote"])
