"""Find article files under the corpus folder and decode them, reporting every file skipped.

One bad file must never stop the others, so nothing here raises for a file's content:
problems come back as :class:`Skipped` values with a reason a person can act on.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md")
_SNIFF_BYTES = 8192
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


@dataclass(frozen=True)
class Decoded:
    """A file's text with ``\\n`` line ends; ``warning`` says when decoding had to guess."""

    relative: str
    text: str
    encoding: str
    size: int
    mtime_ns: int
    warning: str | None = None


@dataclass(frozen=True)
class Skipped:
    relative: str
    reason: str


@dataclass(frozen=True)
class FoundFile:
    """A file found under the corpus folder, with the stat the reload compares.

    ``path`` is a plain string: a full build lists and ships 19,000 of these to worker
    processes, and building (and pickling) a ``Path`` for each cost more than the stat.
    """

    path: str
    relative: str
    size: int
    mtime_ns: int


def scan_corpus(root: Path, suffixes: tuple[str, ...] = (".txt", ".md")) -> list[FoundFile]:
    """Files below ``root`` whose names end in ``suffixes``, sorted, never leaving ``root``.

    One ``scandir`` pass gives names and stats together (a reload of 19,000 files needs
    both). Links are followed only when they resolve inside the corpus folder: a corpus
    admin must not be able to make the bot read ``/etc`` by dropping a link into the folder.
    """
    root = root.resolve()
    found: list[FoundFile] = []
    pending = [root]
    seen: set[Path] = set()
    while pending:
        folder = pending.pop()
        if folder in seen:
            continue
        seen.add(folder)
        # Relative names by string slicing: pathlib's relative_to costs more than the stat.
        prefix = len(str(folder)) + 1
        base = folder.relative_to(root).as_posix()
        base = "" if base == "." else base + "/"
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if not target.is_relative_to(root):
                        continue
                    if target.is_dir():
                        pending.append(target)
                        continue
                if entry.is_dir():
                    pending.append(Path(entry.path))
                elif entry.name.lower().endswith(suffixes) and entry.is_file():
                    stat = entry.stat()
                    relative = base + entry.path[prefix:]
                    found.append(FoundFile(entry.path, relative, stat.st_size, stat.st_mtime_ns))
            except (OSError, ValueError):
                continue
    found.sort(key=lambda item: item.relative)
    return found


def iter_article_paths(root: Path) -> Iterator[Path]:
    """Article files below ``root`` in a stable order (see :func:`scan_corpus`)."""
    for item in scan_corpus(root, ARTICLE_SUFFIXES):
        yield Path(item.path)


def read_article(
    path: str | Path, root: Path, max_bytes: int, relative: str | None = None
) -> Decoded | Skipped:
    """Read and decode one file; see the module docstring for why this never raises.

    ``relative`` is the name under ``root`` when the caller knows it (the folder listing
    does); otherwise ``path`` should be under the resolved ``root`` (as from
    :func:`iter_article_paths`), so it is a cheap string operation rather than a symlink walk.
    """
    if relative is None:
        given = Path(path)
        try:
            relative = given.relative_to(root).as_posix()
        except ValueError:
            relative = given.resolve().relative_to(root.resolve()).as_posix()
    try:
        stat = os.stat(path)
        if stat.st_size == 0:
            return Skipped(relative, "empty file")
        if stat.st_size > max_bytes:
            return Skipped(
                relative, f"too large ({stat.st_size:,} bytes; the limit is {max_bytes:,})"
            )
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as error:
        return Skipped(relative, f"cannot be read: {error.strerror or error}")
    result = decode_bytes(raw)
    if isinstance(result, str):
        return Skipped(relative, result)
    text, encoding, warning = result
    if not text.strip():
        return Skipped(relative, "no text (only white space)")
    return Decoded(relative, text, encoding, len(raw), stat.st_mtime_ns, warning)


def decode_bytes(raw: bytes) -> tuple[str, str, str | None] | str:
    """Return ``(text, encoding, warning)``, or a reason string when the bytes are not text.

    Order: a BOM decides (UTF-8 or UTF-16); otherwise strict UTF-8; otherwise cp1252, the
    usual encoding of text saved on Windows, with a warning because that is a guess.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _normalise_newlines(raw.decode("utf-16")), "utf-16", None
        except UnicodeDecodeError:
            return "invalid UTF-16 despite its byte-order mark"
    if b"\x00" in raw[:_SNIFF_BYTES] or _looks_binary(raw[:_SNIFF_BYTES]):
        return "binary file (not text)"
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return _normalise_newlines(raw.decode("utf-8")), "utf-8", None
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    return _normalise_newlines(text), "cp1252", "not valid UTF-8; decoded as cp1252"


def _looks_binary(sample: bytes) -> bool:
    """Many control bytes (other than tab, newline, carriage return, form feed) mean binary."""
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
