"""Quote and speaker accuracy over the hand-labelled sets in ../shared (skipped without them)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

_SCORER = Path(__file__).resolve().parents[1] / "benchmarks" / "score_quotes.py"


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_quotes", _SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scorer = _load_scorer()


@pytest.fixture(scope="module")
def shared() -> Path:
    root: Path = scorer.shared_dir()
    if not root.is_dir():
        pytest.skip(f"shared evaluation data not found at {root}")
    return root


@pytest.mark.parametrize("set_name", ["seeds", "polnear"])
def test_set_meets_threshold(shared: Path, set_name: str) -> None:
    score = scorer.score_set(set_name, shared)
    if score is None:
        pytest.skip(f"{set_name} data absent")
    min_f1, min_speaker = scorer.THRESHOLDS[set_name]
    detail = "\n".join(score.errors[:40])
    assert score.f1 >= min_f1, detail
    assert score.speaker_accuracy >= min_speaker, detail


def test_seeds_find_all_48_quotes(shared: Path) -> None:
    score = scorer.score_set("seeds", shared)
    assert score is not None
    assert (score.true_pos, score.false_pos, score.false_neg) == (48, 0, 0)


def test_scoring_rules() -> None:
    gold = [scorer.Gold("One two.", "Ann Lee"), scorer.Gold("Three", "Bo Kim")]
    predicted = [
        scorer.Predicted("One  two.", "Lee"),
        scorer.Predicted("a term", None),
        scorer.Predicted("stray", None),
    ]
    score = scorer.score_file(predicted, gold, other=["a term"])
    assert (score.true_pos, score.false_pos, score.false_neg) == (1, 1, 1)
    assert (score.speaker_right, score.speaker_lenient, score.speaker_total) == (0, 1, 1)


def test_missing_shared_dir_exits_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATELINE_SHARED", str(tmp_path / "absent"))
    assert scorer.main(["--check"]) == 0
    assert "not found" in capsys.readouterr().out
