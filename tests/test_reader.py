"""Reading article files: encodings, line ends, and every kind of file that must be skipped."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from bot.corpus.reader import Decoded, Skipped, iter_article_paths, read_article

TEXT = "Headline\n\n“Quoted,” she said. Café.\n"


def _read(path: Path, max_bytes: int = 1_000_000) -> Decoded | Skipped:
    return read_article(path, path.parent, max_bytes)


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_bytes(TEXT.encode("utf-8"))
    bom = tmp_path / "b.txt"
    bom.write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    for path in (plain, bom):
        result = _read(path)
        assert isinstance(result, Decoded)
        assert result.text == TEXT
        assert result.warning is None


def test_utf16_with_bom_both_byte_orders(tmp_path: Path) -> None:
    for name, encoding in (("le.txt", "utf-16-le"), ("be.txt", "utf-16-be")):
        path = tmp_path / name
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        path.write_bytes(bom + TEXT.encode(encoding))
        result = _read(path)
        assert isinstance(result, Decoded), result
        assert result.text == TEXT


def test_cp1252_fallback_warns(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    result = _read(path)
    assert isinstance(result, Decoded)
    assert result.text == TEXT
    assert result.encoding == "cp1252"
    assert result.warning is not None


def test_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(b"Title\r\n\r\nBody one\rBody two\r\n")
    result = _read(path)
    assert isinstance(result, Decoded)
    assert result.text == "Title\n\nBody one\nBody two\n"


def test_bad_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 3)
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    (tmp_path / "blank.txt").write_bytes(b" \n\n \t\n")
    reasons = {
        name: _read(tmp_path / name, max_bytes=1000)
        for name in ("empty.txt", "binary.txt", "big.txt", "blank.txt")
    }
    assert all(isinstance(result, Skipped) for result in reasons.values())
    assert "empty" in reasons["empty.txt"].reason  # type: ignore[union-attr]
    assert "binary" in reasons["binary.txt"].reason  # type: ignore[union-attr]
    assert "too large" in reasons["big.txt"].reason  # type: ignore[union-attr]
    assert "no text" in reasons["blank.txt"].reason  # type: ignore[union-attr]


def test_walk_is_recursive_sorted_and_stays_inside(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "b.txt").write_text("b")
    (corpus / "sub" / "a.md").write_text("a")
    (corpus / "ignored.pdf").write_text("p")
    outside = tmp_path / "secret.txt"
    outside.write_text("do not read")
    os.symlink(outside, corpus / "link.txt")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "leak.txt").write_text("do not read either")
    os.symlink(tmp_path / "elsewhere", corpus / "linked-folder")
    found = [p.relative_to(corpus.resolve()).as_posix() for p in iter_article_paths(corpus)]
    assert found == ["b.txt", "sub/a.md"]
