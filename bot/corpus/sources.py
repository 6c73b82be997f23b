"""Who published an article: the shipped domain -> publisher table and the cues that name one.

The table is data (``publishers.toml``) rather than code so users can add their own outlets
without touching the program; a wrong guess is worse than ``None``, so every cue here is one
where the text itself names the publisher.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Located through the package, not ``__file__``: the compiled module's ``__file__`` is not
# where the data file is.
_SHIPPED = files("bot.corpus") / "publishers.toml"
_MARKDOWN = re.compile(r"[*_#`]+")


def _read_table(path: Path | Traversable, section: str) -> dict[str, str]:
    """Read one ``[section]`` of string pairs; top-level strings count for ``domains`` too."""
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    table: dict[str, str] = {}
    if section == "domains":
        table.update({k.lower(): v for k, v in data.items() if isinstance(v, str)})
    raw = data.get(section, {})
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, str):
                table[key.lower() if section == "domains" else key] = value
    return table


def load_publishers(extra: Path | None = None) -> dict[str, str]:
    """Domain -> publisher from the shipped table, extended/overridden by ``extra`` if given."""
    table = _read_table(_SHIPPED, "domains")
    if extra is not None:
        table.update(_read_table(extra, "domains"))
    return table


def load_tags(extra: Path | None = None) -> dict[str, str]:
    """Agency tag ("TASS", "EIRNS", "Reuters") -> publisher name, for datelines and bylines."""
    table = _read_table(_SHIPPED, "tags")
    if extra is not None:
        table.update(_read_table(extra, "tags"))
    return table


@cache
def default_publishers() -> dict[str, str]:
    """The shipped domain table, read once per process."""
    return load_publishers()


@cache
def default_tags() -> dict[str, str]:
    """The shipped tag table, read once per process."""
    return load_tags()


def normalise_name(text: str) -> str:
    """Drop markdown marks, collapse spaces: ``The  **Moscow Times**`` -> ``The Moscow Times``.

    ``str.split`` splits at exactly the characters ``\\s`` matches, and is faster than a
    regex substitution; the header scan asks this of nearly every line it reads.
    """
    if "*" in text or "_" in text or "#" in text or "`" in text:  # rare: skip the scan
        text = _MARKDOWN.sub("", text)
    return " ".join(text.split())


@cache
def _known_names() -> dict[str, str]:
    """Lower-cased publisher names (with and without a leading "The") -> canonical name."""
    names: dict[str, str] = {}
    for name in (*default_publishers().values(), *default_tags().values()):
        names[name.lower()] = name
        if name.lower().startswith("the "):
            names[name[4:].lower()] = name
    return names


def publisher_for_name(line: str) -> str | None:
    """The canonical publisher when a whole line is just a known publisher's name (a masthead)."""
    if len(line) > 80:
        return None
    name = normalise_name(line)
    return _known_names().get(name.lower())


def publisher_for_url(url: str, publishers: dict[str, str] | None = None) -> str | None:
    """Look the URL's host up in the table, trying parent domains ("edition.cnn.com" -> cnn)."""
    table = default_publishers() if publishers is None else publishers
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    host = host.removeprefix("www.")
    labels = host.split(".")
    for i in range(len(labels) - 1):
        found = table.get(".".join(labels[i:]))
        if found is not None:
            return found
    return None
