"""The mypyc-compiled modules give exactly what their sources give, and never run stale.

setup.py compiles the extraction modules and the snippet maker where the machine has a C
compiler. These tests run the same extraction (and snippets) in fresh interpreters, compiled
and with DATELINE_PURE_PYTHON=1, and compare every field of every article (every snippet);
and they check that an extension whose source changed after the install is bypassed for the
source. Where the install stayed pure Python there is nothing to compare, and the tests say
so by skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from bot.corpus import EXTRACTOR_BUILD
from bot.search import SNIPPETS_BUILD

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Prints the extractor build, then one line per article with everything extracted from it.
_EXTRACT_ALL = """
import sys
from pathlib import Path
from bot.corpus import EXTRACTOR_BUILD
from bot.corpus.extract import extract_article
from bot.corpus.reader import Decoded, iter_article_paths, read_article
print(EXTRACTOR_BUILD)
for folder in sys.argv[1:]:
    root = Path(folder).resolve()
    for path in iter_article_paths(root):
        decoded = read_article(path, root, 5_000_000)
        if isinstance(decoded, Decoded):
            article = extract_article(decoded.text, decoded.relative)
            print(repr((article.file, article.info, article.body, article.quotes)))
"""

needs_compiled = pytest.mark.skipif(
    not EXTRACTOR_BUILD.startswith("compiled"),
    reason=f"the extractor is {EXTRACTOR_BUILD} here: no compiled build to compare",
)
needs_compiled_snippets = pytest.mark.skipif(
    not SNIPPETS_BUILD.startswith("compiled"),
    reason=f"the snippet maker is {SNIPPETS_BUILD} here: no compiled build to compare",
)


def test_the_install_compiled_where_it_could() -> None:
    """A compile that fails falls back to pure Python silently (by design, for machines
    without a compiler), and every comparison above then skips: this makes such a fallback
    on a machine that has a C compiler and Python's headers a failure, not a slowdown."""
    compiler = sysconfig.get_config_var("CC") or "cc"
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if os.environ.get("DATELINE_PURE_PYTHON") or not shutil.which(compiler.split()[0]):
        pytest.skip("pure Python was asked for, or there is no C compiler")
    if not headers.is_file():
        pytest.skip("Python's headers are not installed")
    assert (EXTRACTOR_BUILD, SNIPPETS_BUILD) == ("compiled (mypyc)", "compiled (mypyc)")


def _run(code: str, *args: str, cwd: Path = ROOT, pure: bool = False) -> list[str]:
    env = {key: value for key, value in os.environ.items() if key != "DATELINE_PURE_PYTHON"}
    if pure:
        env["DATELINE_PURE_PYTHON"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return done.stdout.splitlines()


def _compare(*folders: Path, code: str = _EXTRACT_ALL) -> None:
    compiled = _run(code, *map(str, folders))
    pure = _run(code, *map(str, folders), pure=True)
    assert compiled[0] == "compiled (mypyc)"
    assert pure[0] == "pure Python (DATELINE_PURE_PYTHON is set)"
    assert len(compiled) == len(pure) > 1
    differing = [line for line, other in zip(compiled[1:], pure[1:], strict=True) if line != other]
    assert differing == []


@needs_compiled
def test_compiled_extractor_matches_the_sources_on_the_bundled_and_eval_articles() -> None:
    folders = [ROOT / "data" / "corpus"]
    folders += [SHARED / "eval" / name for name in ("polnear", "wikinews-dev")]
    _compare(*(folder for folder in folders if folder.is_dir()))


@pytest.mark.slow
@needs_compiled
def test_compiled_extractor_matches_the_sources_on_reuters() -> None:
    reuters = SHARED / "corpora" / "reuters21578"
    if not reuters.is_dir():
        pytest.skip("../shared/corpora/reuters21578 is not here")
    _compare(reuters)


# Prints the snippet maker's build, then every snippet of a few queries over every body.
_SNIPPETS_ALL = """
import sys
from pathlib import Path
import bot.search
from bot.corpus.extract import extract_article
from bot.corpus.reader import Decoded, iter_article_paths, read_article
from bot.search.query import Alternative
from bot.search.snippets import make_snippets
print(bot.search.SNIPPETS_BUILD)
queries = [["the"], ["said", "minister"], ["syria*", "united states"], ["ça", "naïve"]]
bodies = []
for folder in sys.argv[1:]:
    root = Path(folder).resolve()
    for path in iter_article_paths(root):
        decoded = read_article(path, root, 5_000_000)
        if isinstance(decoded, Decoded):
            body = extract_article(decoded.text, decoded.relative).body
            bodies.append("\\n\\n".join(paragraph.text for paragraph in body))
for terms in queries:
    groups = [
        [Alternative(tuple(term.rstrip("*").split()), term.endswith("*"))] for term in terms
    ]
    for budget in (60, 240):
        for snippet in make_snippets(bodies, groups, budget):
            print(repr(snippet))
"""


@needs_compiled_snippets
def test_compiled_snippets_match_the_sources_on_the_bundled_and_eval_articles() -> None:
    folders = [ROOT / "data" / "corpus", SHARED / "eval" / "polnear"]
    _compare(*(folder for folder in folders if folder.is_dir()), code=_SNIPPETS_ALL)


_WHICH_BUILD = """
import importlib, sys
package, module = sys.argv[1:3]
print(importlib.import_module(package).{build})
print(importlib.import_module(f"{{package}}.{{module}}").__file__)
"""


@pytest.mark.parametrize(
    ("package", "build", "edited", "probe"),
    [
        pytest.param("corpus", "EXTRACTOR_BUILD", "names", "speakers", marks=needs_compiled),
        pytest.param(
            "search", "SNIPPETS_BUILD", "snippets", "snippets", marks=needs_compiled_snippets
        ),
    ],
)
def test_a_source_edited_after_compiling_runs_from_source(
    tmp_path: Path, package: str, build: str, edited: str, probe: str
) -> None:
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    which = _WHICH_BUILD.format(build=build)
    found, module = _run(which, f"bot.{package}", probe, cwd=tmp_path)
    assert (found, Path(module).suffix) == ("compiled (mypyc)", ".so")

    with (tmp_path / "bot" / package / f"{edited}.py").open("a", encoding="utf-8") as source:
        source.write("\n# an edit made after the install\n")
    found, module = _run(which, f"bot.{package}", probe, cwd=tmp_path)
    assert found.startswith(f"pure Python ({edited}.py changed after it was compiled")
    assert Path(module) == tmp_path / "bot" / package / f"{probe}.py"


def test_an_articles_lazy_lists_are_read_once() -> None:
    # functools.cached_property compiles under mypyc into a property that recomputes on
    # every access: a file of thousands of quotes then took minutes instead of a second.
    from bot.corpus.paragraphs import split_paragraphs
    from bot.corpus.quotes import find_quotes
    from bot.corpus.speakers import _Article

    body = split_paragraphs(
        'The Norvel Trade Council (NTC) met. "Fine," a council spokesman said.\n\n'
        'Norvel Motors Corp agreed. "Good," he said.'
    )
    article = _Article(body, find_quotes(body))
    for name in ("unnamed_speakers", "org_names", "named_organisations", "acronyms"):
        first = getattr(article, name)
        assert first, name  # each holds something for this text
        assert getattr(article, name) is first, name
