"""The bundled corpus end to end: `python -m bot export --corpus data/corpus` against gold.

This goes through reading, extraction, storage and export, so it checks what a user of the
index actually gets, not one module in isolation. The gold file is the hand-checked truth
shipped beside the seeds in ../shared; the bundled copies in data/corpus are the same files.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "seeds" / "gold.json"


def _export() -> dict[str, dict[str, Any]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["export", "--corpus", str(ROOT / "data" / "corpus")]) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return {record["file"]: record for record in records}


@pytest.fixture(scope="module")
def exported() -> dict[str, dict[str, Any]]:
    return _export()


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    if not GOLD.is_file():
        pytest.skip("../shared/seeds/gold.json is not here")
    data: list[dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


def test_every_file_is_exported_with_the_documented_keys(
    exported: dict[str, dict[str, Any]],
) -> None:
    assert len(exported) == 5
    keys = {"id", "file", "title", "date", "time", "utc_offset", "source", "url", "author"}
    for record in exported.values():
        assert keys <= record.keys()
        for quote in record["quotes"]:
            assert {"quote", "speaker", "speaker_id", "partial", "explicit"} <= quote.keys()


def test_metadata_matches_gold(
    exported: dict[str, dict[str, Any]], gold: list[dict[str, Any]]
) -> None:
    for truth in gold:
        record = exported[truth["file"]]
        assert record["title"] == truth["title"], truth["file"]
        assert record["date"] == truth["date"], truth["file"]
        accepted = {truth["source"], *truth.get("source_alternatives", [])}
        assert record["source"] in accepted, truth["file"]
        assert record["url"] == truth["url"], truth["file"]


def test_every_quote_and_speaker_matches_gold(
    exported: dict[str, dict[str, Any]], gold: list[dict[str, Any]]
) -> None:
    total = 0
    for truth in gold:
        record = exported[truth["file"]]
        got = [(q["quote"], q["speaker"]) for q in record["quotes"]]
        want = [(q["quote"], q["speaker"]) for q in truth["quotes"]]
        assert got == want, truth["file"]
        total += len(want)
    assert total == 48


def test_time_and_offset_of_the_tass_article(exported: dict[str, dict[str, Any]]) -> None:
    tass = exported["001_1243f50a687903e2.txt"]
    assert (tass["date"], tass["time"], tass["utc_offset"]) == ("--09-22", "21:05", "+03:00")


def test_spellings_of_one_speaker_share_an_id(exported: dict[str, dict[str, Any]]) -> None:
    ids = {
        quote["speaker_id"]
        for record in exported.values()
        for quote in record["quotes"]
        if quote["speaker"] and "Lavrov" in quote["speaker"]
    }
    spellings = {
        quote["speaker"]
        for record in exported.values()
        for quote in record["quotes"]
        if quote["speaker"] and "Lavrov" in quote["speaker"]
    }
    assert spellings == {"Sergei Lavrov", "Sergey Lavrov"}
    assert len(ids) == 1


def test_ids_are_stable_across_rebuilds(exported: dict[str, dict[str, Any]]) -> None:
    again = {file: record["id"] for file, record in _export().items()}
    assert again == {file: record["id"] for file, record in exported.items()}
    assert len(set(again.values())) == len(again)
