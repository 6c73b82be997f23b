"""Compile the extractor and the snippet maker with mypyc when this machine can; stay pure
Python if not.

Extraction is most of a full index build's CPU time, and snippets most of an article
search's Python; both are plain Python. mypyc (part of mypy, which already type-checks these
modules strictly) compiles the same modules into C extensions that run them 1.3-1.8x faster
with identical results. Without a C compiler, or with DATELINE_PURE_PYTHON=1 set, the
package installs as pure Python and behaves the same. Next to each package's extensions goes
a list of the sources' hashes, so that ``bot.native`` runs the sources instead of an
extension built from an older version of them.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
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
HASHES_FILE = "compiled-sources.sha256"  # bot.native reads it


class OptionalBuildExt(build_ext):
    """Build every extension or none: a failed compile leaves the pure-Python package."""

    def run(self) -> None:
        hashes = {
            package: Path(self.get_ext_fullpath(f"{package}.{names[0]}")).parent / HASHES_FILE
            for package, names in COMPILED.items()
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
            for package, names in COMPILED.items():
                folder = Path(*package.split("."))
                hashes[package].write_text(
                    "".join(f"{_sha256(folder / f'{name}.py')}  {name}.py\n" for name in names),
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
        return extensions
    except (Exception, SystemExit) as error:  # noqa: BLE001 - mypyc exits on type errors
        sys.stderr.write(f"dateline: the modules stay pure Python (mypyc: {error!r})\n")
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
