"""Run the compiled extractor only when it was built from the sources beside it.

``setup.py`` compiles the extraction modules with mypyc where the machine has a C compiler,
and puts the extensions next to their sources with a list of the sources' hashes. Python
imports an extension before a source file of the same name, so an extension built before
a source was edited or checked out would silently run the old rules. When any compiled
source no longer matches its hash, or ``DATELINE_PURE_PYTHON`` is set, every compiled
module is imported from its source instead: slower, never stale.
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

_PACKAGE = __name__.rpartition(".")[0]
_FOLDER = Path(__file__).parent
HASHES_FILE = _FOLDER / "compiled-sources.sha256"  # written by setup.py
PURE_PYTHON_VARIABLE = "DATELINE_PURE_PYTHON"


def compiled_sources() -> dict[str, str]:
    """Module name -> the SHA-256 of the source it was compiled from (empty: not compiled)."""
    try:
        lines = HASHES_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    hashes = {}
    for line in lines:
        digest, _, file = line.partition("  ")
        hashes[file.removesuffix(".py")] = digest
    return hashes


def _pure_python_reason(hashes: dict[str, str]) -> str | None:
    if os.environ.get(PURE_PYTHON_VARIABLE):
        return f"{PURE_PYTHON_VARIABLE} is set"
    for name, digest in hashes.items():
        source = _FOLDER / f"{name}.py"
        if not source.is_file() or hashlib.sha256(source.read_bytes()).hexdigest() != digest:
            return f"{name}.py changed after it was compiled; reinstall to compile it again"
    return None


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the listed modules of this package as source files, ahead of their extensions."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != _PACKAGE or name not in self.names:
            return None
        return importlib.util.spec_from_file_location(fullname, _FOLDER / f"{name}.py")


def _choose() -> str:
    """Install the source finder if the extensions must not run; say which extractor runs."""
    hashes = compiled_sources()
    if not hashes:
        return "pure Python"
    reason = _pure_python_reason(hashes)
    if reason is None:
        return "compiled (mypyc)"
    sys.meta_path.insert(0, _SourceFinder(frozenset(hashes)))
    return f"pure Python ({reason})"


# Decided once, when the package is first imported and before any extraction module is.
EXTRACTOR_BUILD = _choose()
