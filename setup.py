"""Compile the article extractor with mypyc when this machine can; stay pure Python if not.

Extraction is most of a full index build's CPU time and it is plain Python. mypyc (part of
mypy, which already type-checks these modules strictly) compiles the same modules into C
extensions that run them 1.3-1.4x faster with identical results. Without a C compiler, or
with DATELINE_PURE_PYTHON=1 set, the package installs as pure Python and behaves the same.
Next to the extensions goes a list of the sources' hashes, so that ``bot.corpus.native``
runs the sources instead of an extension built from an older version of them.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

PACKAGE = "bot/corpus"
# The modules ``bot.corpus.extract.extract_article`` runs. Not reader.py or corrections.py:
# their frozen dataclasses travel to worker processes by pickle, which compiled classes
# do not support.
COMPILED = (
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
)
HASHES_FILE = "compiled-sources.sha256"  # bot.corpus.native reads it


class OptionalBuildExt(build_ext):
    """Build every extension or none: a failed compile leaves the pure-Python package."""

    def run(self) -> None:
        hashes = Path(self.get_ext_fullpath("bot.corpus.extract")).parent / HASHES_FILE
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - whatever failed, install pure Python
            for extension in self.extensions:
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            hashes.unlink(missing_ok=True)
            self.warn(f"dateline: the extractor stays pure Python (compiling failed: {error})")
            return
        if self.extensions:
            hashes.write_text(
                "".join(
                    f"{_sha256(Path(PACKAGE, name + '.py'))}  {name}.py\n" for name in COMPILED
                ),
                encoding="utf-8",
            )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extensions() -> list[Any]:
    if os.environ.get("DATELINE_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        sources = [f"{PACKAGE}/{name}.py" for name in COMPILED]
        return list(mypycify(sources, group_name="bot.corpus.compiled"))
    except (Exception, SystemExit) as error:  # noqa: BLE001 - mypyc exits on type errors
        sys.stderr.write(f"dateline: the extractor stays pure Python (mypyc: {error!r})\n")
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
