"""A corpus of hostile files: the good ones are indexed, every bad one is reported.

The 1-second bound per file is the issue's acceptance criterion, not a speed target: it
catches runaway (quadratic or backtracking) extraction, with a wide margin over the few
milliseconds a normal article takes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.corpus.reader import Skipped
from bot.indexer import build_index, process_file
from bot.storage.database import connect
from bot.storage.index_store import skipped_files

GOOD = 'Good headline\n\nMarch 3, 2020\n\n"All is well," Jane Doe said.\n'
LIMIT = 5_000_000


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "nested").mkdir()
    (corpus / "nested" / "good2.md").write_text(GOOD.replace("Jane", "John"), encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    (corpus / "empty.txt").write_bytes(b"")
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse on disk
    (corpus / "latin1.txt").write_bytes(
        'Caf\xe9 news\n\n"Tr\xe8s bien," Ren\xe9 said.\n'.encode("latin-1")
    )
    (corpus / "long-line.txt").write_text("Title\n\n" + "word " * 20_000, encoding="utf-8")
    (corpus / "only-quotes.txt").write_text('"' * 100_000, encoding="utf-8")
    (corpus / "curly-only.txt").write_text("“”‘’" * 25_000, encoding="utf-8")
    unbalanced = "\n\n".join(f'He said "point {n} and more' for n in range(5_000))
    (corpus / "unbalanced.txt").write_text("Title\n\n" + unbalanced, encoding="utf-8")
    # Thousands of bodies that say something, then "it said": each is looked at once.
    speakers = " ".join(["One said so."] * 3_000) + ' "Sales rose," it said.'
    (corpus / "many-speakers.txt").write_text("Title\n\n" + speakers, encoding="utf-8")
    one_paragraph = " ".join(f'She said "item {n}' for n in range(5_000))
    (corpus / "unbalanced-one-paragraph.txt").write_text(one_paragraph, encoding="utf-8")
    return corpus


async def test_good_files_indexed_and_bad_ones_reported(hostile: Path, tmp_path: Path) -> None:
    connection = await connect(tmp_path / "index.db")
    try:
        report = await build_index(connection, hostile, max_file_bytes=LIMIT)
        stored = dict(await skipped_files(connection))
    finally:
        await connection.close()
    reasons = dict(report.skipped)
    assert set(reasons) == {"binary.txt", "empty.txt", "huge.txt"}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "too large" in reasons["huge.txt"]
    assert stored == reasons
    assert report.articles == report.files - 3
    assert ("latin1.txt", "not valid UTF-8; decoded as cp1252") in report.warnings
    assert report.quotes >= 3  # the two good files and the cp1252 one


def test_no_file_takes_more_than_a_second(hostile: Path) -> None:
    for path in sorted(hostile.rglob("*.*")):
        started = time.perf_counter()
        result = process_file(path, hostile, LIMIT)
        elapsed = time.perf_counter() - started
        assert elapsed < 1.0, f"{path.name} took {elapsed:.2f} s"
        if path.name.startswith("good"):
            assert not isinstance(result, Skipped)
