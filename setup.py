"""Compile the extractor and the snippet maker with mypyc, and the search ranking function
from C, when this machine can; stay pure Python if not.

Extraction is most of a full index build's CPU time, and snippets most of an article
search's Python; both are plain Python. mypyc (part of mypy, which already type-checks these
modules strictly) compiles the same modules into C extensions that run them 1.3-1.8x faster
with identical results. ``bot/storage/_ranking.c`` is FTS5's bm25 told the document counts
the search service already knows (see ``bot.storage.ranking``): same scores, statement about
twice as fast. Without a C compiler, or with DATELINE_PURE_PYTHON=1 set, the package
installs as pure Python (ranking with FTS5's own bm25) and gives the same results. Next to
each package's extensions goes a list of the sources' hashes, so that ``bot.native`` never
runs an extension built from an older version of its source.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# Per package, the modules to compile. bot.corpus: the modules
# ``bot.corpus.extract.extract_article`` runs; not reader.py or corrections.py, whose frozen
# dataclasses travel to worker processes by pickle, which compiled classes do not support.
# bot.search: the snippet maker, most of an article search's Python (a page of ten snippets
# 210 -> 120 us).
COMPILED = {
    "bot.corpus": (
        "clean",
        "dates",
        "extract",
        "metadata",
        "names",
        "paragraphs",
        "quotes",
        "reporting_verbs",
        "sources",
        "speakers",
    ),
    "bot.search": ("snippets",),
}
# Per package, the C extensions: module name -> source file in the package's folder.
C_EXTENSIONS = {"bot.storage": {"_ranking": "_ranking.c"}}
HASHES_FILE = "compiled-sources.sha256"  # bot.native reads it


def _sources() -> dict[str, list[str]]:
    """Per package, the file names whose hashes go into its hashes file."""
    files = {package: [f"{name}.py" for name in names] for package, names in COMPILED.items()}
    for package, modules in C_EXTENSIONS.items():
        files.setdefault(package, []).extend(modules.values())
    return files


class OptionalBuildExt(build_ext):
    """Build every extension or none: a failed compile leaves the pure-Python package."""

    def run(self) -> None:
        sources = _sources()
        hashes = {
            package: Path(self.get_ext_fullpath(f"{package}.x")).parent / HASHES_FILE
            for package in sources
        }
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - whatever failed, install pure Python
            for extension in self.extensions:
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            for path in hashes.values():
                path.unlink(missing_ok=True)
            self.warn(f"dateline: the modules stay pure Python (compiling failed: {error})")
            return
        if self.extensions:
            for package, files in sources.items():
                folder = Path(*package.split("."))
                hashes[package].write_text(
                    "".join(f"{_sha256(folder / file)}  {file}\n" for file in files),
                    encoding="utf-8",
                )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extensions() -> list[Any]:
    if os.environ.get("DATELINE_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        extensions = []
        for package, names in COMPILED.items():
            folder = "/".join(package.split("."))
            sources = [f"{folder}/{name}.py" for name in names]
            extensions += mypycify(sources, group_name=f"{package}.compiled")
        for package, modules in C_EXTENSIONS.items():
            folder = "/".join(package.split("."))
            extensions += [
                Extension(f"{package}.{name}", [f"{folder}/{file}"], libraries=["dl", "m"])
                for name, file in modules.items()
            ]
        return extensions
    except (Exception, SystemExit) as error:  # noqa: BLE001 - mypyc exits on type errors
        sys.stderr.write(f"dateline: the modules stay pure Python (mypyc: {error!r})\n")
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
