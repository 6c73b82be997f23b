"""Corrections an editor keeps beside the corpus: fixes that survive every reload.

Two places, both TOML:

* a sidecar beside an article, ``story.corrections.toml`` for ``story.txt``;
* one ``corrections.toml`` at the corpus root, with a table per article path
  (``["world/story.txt"]``).

Fields: ``title``, ``date`` (``YYYY-MM-DD`` or ``--MM-DD``), ``source``, ``url``, ``author``
and a ``[speakers]`` table that maps a quote (its number, 1 for the first, or the start of
its text) to the right speaker. A correction that names no article, no field or no quote is
reported, never silently ignored; a path that leaves the corpus folder is refused.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from bot.models import ExtractedArticle, PartialDate
from bot.textnorm import fold_key

CORPUS_FILE = "corrections.toml"
SIDECAR_SUFFIX = ".corrections.toml"
FIELDS = frozenset({"title", "date", "source", "url", "author", "speakers"})


@dataclass(frozen=True)
class Correction:
    """The corrections for one article, from one or both places (the sidecar wins)."""

    fields: Mapping[str, str] = field(default_factory=dict)
    speakers: Mapping[str, str] = field(default_factory=dict)
    origins: tuple[str, ...] = ()

    def fingerprint(self) -> str:
        """Changes whenever the correction does, so a reload re-applies it."""
        if not self.fields and not self.speakers:
            return ""
        text = repr((sorted(self.fields.items()), sorted(self.speakers.items())))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class CorrectionSet:
    by_file: Mapping[str, Correction]
    problems: tuple[str, ...]

    def for_file(self, relative: str) -> Correction:
        return self.by_file.get(relative, _NONE)


_NONE = Correction()


def load_corrections(
    root: Path, article_files: set[str], sidecars: list[Path] | None = None
) -> CorrectionSet:
    """Read every correction under ``root`` (blocking: call in a thread).

    ``sidecars`` are the ``*.corrections.toml`` files when the caller has already listed the
    folder; otherwise it is searched here.
    """
    root = root.resolve()
    problems: list[str] = []
    merged: dict[str, dict[str, Any]] = {}
    origins: dict[str, list[str]] = {}

    corpus_file = root / CORPUS_FILE
    if corpus_file.is_file():
        for key, table in _read_toml(corpus_file, problems).items():
            relative = _inside(root, key)
            if relative is None:
                problems.append(f"{CORPUS_FILE}: [{key!r}] is outside the corpus folder")
                continue
            if not isinstance(table, dict):
                problems.append(f"{CORPUS_FILE}: {key!r} must be a table of fields")
                continue
            merged.setdefault(relative, {}).update(table)
            origins.setdefault(relative, []).append(CORPUS_FILE)

    if sidecars is None:
        sidecars = sorted(root.rglob("*" + SIDECAR_SUFFIX))
    for sidecar in sidecars:
        if not sidecar.resolve().is_relative_to(root):
            problems.append(f"{sidecar.name}: a link outside the corpus folder, not read")
            continue
        name = sidecar.relative_to(root).as_posix()
        stem = name[: -len(SIDECAR_SUFFIX)]
        target = next((stem + ext for ext in (".txt", ".md") if stem + ext in article_files), None)
        if target is None:
            problems.append(f"{name}: no article {stem}.txt or {stem}.md beside it")
            continue
        merged.setdefault(target, {}).update(_read_toml(sidecar, problems))
        origins.setdefault(target, []).append(name)

    corrections: dict[str, Correction] = {}
    for relative, table in merged.items():
        where = " and ".join(origins[relative])
        if relative not in article_files:
            problems.append(f"{where}: no article {relative!r} in the corpus")
            continue
        corrections[relative] = _validated(table, where, problems)
        corrections[relative] = replace(corrections[relative], origins=tuple(origins[relative]))
    return CorrectionSet(corrections, tuple(problems))


def apply_correction(
    article: ExtractedArticle, correction: Correction
) -> tuple[ExtractedArticle, list[str]]:
    """The article with its corrections applied, and the ones that matched no quote."""
    if not correction.fields and not correction.speakers:
        return article, []
    info = article.info
    values: dict[str, Any] = dict(correction.fields)
    if "date" in values:
        values["date"] = PartialDate.parse_iso(values["date"])
        values["time"] = None
        values["utc_offset"] = None
    info = replace(info, **values) if values else info
    quotes = list(article.quotes)
    unmatched: list[str] = []
    for key, speaker in correction.speakers.items():
        index = _quote_index(key, [quote.text for quote in quotes])
        if index is None:
            unmatched.append(f"{article.file}: no quote matches {key!r} (speakers)")
            continue
        quotes[index] = replace(quotes[index], speaker=speaker, explicit=True)
    return replace(article, info=info, quotes=tuple(quotes)), unmatched


def _quote_index(key: str, texts: list[str]) -> int | None:
    if key.isdigit():
        number = int(key)
        return number - 1 if 1 <= number <= len(texts) else None
    wanted = fold_key(key)
    matches = [i for i, text in enumerate(texts) if fold_key(text).startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


def _validated(table: dict[str, Any], where: str, problems: list[str]) -> Correction:
    fields: dict[str, str] = {}
    speakers: dict[str, str] = {}
    for name, value in table.items():
        if name not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            problems.append(f"{where}: unknown field {name!r} (fields: {known})")
        elif name == "speakers":
            if not isinstance(value, dict) or not all(
                isinstance(v, str) and v.strip() for v in value.values()
            ):
                problems.append(f"{where}: [speakers] must map quotes to names")
                continue
            speakers.update({str(k): v.strip() for k, v in value.items()})
        elif not isinstance(value, str):
            problems.append(f"{where}: {name} must be a string")
        elif name == "date" and not _valid_date(value):
            problems.append(f"{where}: date {value!r} is not YYYY-MM-DD or --MM-DD")
        elif name == "url" and not value.startswith(("http://", "https://")):
            problems.append(f"{where}: url {value!r} must start with http:// or https://")
        else:
            fields[name] = value.strip()
    return Correction(fields, speakers)


def _valid_date(value: str) -> bool:
    try:
        PartialDate.parse_iso(value.strip())
    except ValueError:
        return False
    return True


def _inside(root: Path, key: str) -> str | None:
    """The normalised relative path, or ``None`` when it would leave the corpus."""
    path = PurePosixPath(key.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    if not (root / path).resolve().is_relative_to(root):
        return None
    return path.as_posix()


def _read_toml(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        problems.append(f"{path.name}: cannot be read: {error}")
        return {}
