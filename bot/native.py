"""Run a package's compiled modules only when they were built from the sources beside them.

``setup.py`` compiles the hottest pure-Python modules with mypyc where the machine has a C
compiler: the extraction modules of ``bot.corpus`` and the snippet maker of ``bot.search``;
and it builds the C ranking function of ``bot.storage``. It puts the extensions next to
their sources with a list of the sources' hashes. Python imports an extension before a
source file of the same name, so an extension built before a source was edited or checked
out would silently run the old code. When any compiled source of a package no longer
matches its hash, or ``DATELINE_PURE_PYTHON`` is set, every compiled module of that package
is imported from its source instead: slower, never stale. A C extension has no Python
source to fall back to; :func:`stale_reason` tells its caller not to use it.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

HASHES_FILE = "compiled-sources.sha256"  # written by setup.py into each compiled package
PURE_PYTHON_VARIABLE = "DATELINE_PURE_PYTHON"


def _compiled_sources(folder: Path) -> dict[str, str]:
    """Source file name -> the SHA-256 it had when compiled (empty: nothing compiled)."""
    try:
        lines = (folder / HASHES_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    hashes = {}
    for line in lines:
        digest, _, file = line.partition("  ")
        hashes[file] = digest
    return hashes


def _pure_python_reason(folder: Path, hashes: dict[str, str]) -> str | None:
    if os.environ.get(PURE_PYTHON_VARIABLE):
        return f"{PURE_PYTHON_VARIABLE} is set"
    for file, digest in hashes.items():
        source = folder / file
        if not source.is_file() or hashlib.sha256(source.read_bytes()).hexdigest() != digest:
            return f"{file} changed after it was compiled; reinstall to compile it again"
    return None


def stale_reason(folder: Path, source: str) -> str | None:
    """Why the extension built from ``source`` (a file in ``folder``) must not be used, or
    ``None`` if it may: not built, built from another version of the file, or pure Python
    asked for."""
    hashes = _compiled_sources(folder)
    if source not in hashes:
        return f"{source} was not compiled"
    return _pure_python_reason(folder, {source: hashes[source]})


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the listed modules of one package as source files, ahead of their extensions."""

    def __init__(self, package: str, folder: Path, names: frozenset[str]) -> None:
        self.package = package
        self.folder = folder
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != self.package or name not in self.names:
            return None
        return importlib.util.spec_from_file_location(fullname, self.folder / f"{name}.py")


def choose(package: str, folder: Path) -> str:
    """Say which build of ``package`` (in ``folder``) runs, installing the source finder if
    its extensions must not run. Call it from the package's ``__init__``, before any of the
    compiled modules is imported."""
    hashes = _compiled_sources(folder)
    if not hashes:
        return "pure Python"
    reason = _pure_python_reason(folder, hashes)
    if reason is None:
        return "compiled (mypyc)"
    modules = frozenset(file.removesuffix(".py") for file in hashes if file.endswith(".py"))
    sys.meta_path.insert(0, _SourceFinder(package, folder, modules))
    return f"pure Python ({reason})"
