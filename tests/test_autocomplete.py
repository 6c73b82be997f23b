"""In-memory autocomplete: ranking, limits, typo fallback, speed, and the seed data."""

from __future__ import annotations

import random
from pathlib import Path

from bot.search.autocomplete import MAX_CHOICES, MAX_NAME, Autocomplete, Entry, FuzzyIndex
from bot.search.service import SearchService
from bot.textnorm import fold_key

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def _index(names: list[str]) -> FuzzyIndex:
    return FuzzyIndex(Entry(name, name, fold_key(name)) for name in names)


def test_prefix_and_fuzzy_ranking() -> None:
    index = _index(["Sergei Lavrov", "Jens Stoltenberg", "John Kerry", "Josh Earnest"])
    assert index.search("lav")[0].name == "Sergei Lavrov"
    assert index.search("jo ea")[0].name == "Josh Earnest"
    assert index.search("Stoltenbreg")[0].name == "Jens Stoltenberg"  # typo fallback
    assert [c.name for c in index.search("")] == [
        "Sergei Lavrov",
        "Jens Stoltenberg",
        "John Kerry",
        "Josh Earnest",
    ]
    assert index.search("zzzz") == []


def test_limits_and_long_names() -> None:
    long_title = "A very long headline " * 20
    autocomplete = Autocomplete()
    autocomplete.load(
        [("Sergei Lavrov", ("Sergey Lavrov", "Lavrov"))],
        ["TASS"],
        [(f"id{i}", f"{long_title} {i}", "Reuters", "1987-02-26") for i in range(100)],
    )
    choices = autocomplete.titles.search("long headline")
    assert len(choices) == MAX_CHOICES
    assert all(len(choice.name) <= MAX_NAME for choice in choices)
    assert choices[0].value.startswith("id")
    sergey = autocomplete.speakers.search("sergey")
    assert sergey[0].value == "Sergei Lavrov"


def test_many_titles_candidates_match_every_typed_word() -> None:
    """Over many titles, every choice has a word starting with each typed word (speed is
    measured by benchmarks/bench_search.py, not here)."""
    rng = random.Random(1)
    words = [
        f"{w}{n}" for w in ("oil", "bank", "trade", "grain", "coffee", "dollar") for n in range(300)
    ]
    titles = [
        (str(i), " ".join(rng.choice(words) for _ in range(6)), None, None) for i in range(50_000)
    ]
    autocomplete = Autocomplete()
    autocomplete.load([], [], titles)
    for query in ["oil1", "bank2 tra", "dollar299 grain", "gr", "g o"]:
        choices = autocomplete.titles.search(query)
        assert len(choices) == 25, query
        for choice in choices:
            title_words = choice.name.lower().split()
            for typed in query.split():
                assert any(word.startswith(typed) for word in title_words), (query, choice)
    assert len(autocomplete.titles.search("")) == 25
    assert autocomplete.titles.search("x") == []
    assert autocomplete.titles.search("tarde12")  # a misspelt word falls back to the closest


def test_a_rare_pair_behind_thousands_of_common_entries_is_found() -> None:
    """ "new ze" must reach the New Zealand titles even when thousands of "New York" ones
    come first: the two-letter word is gathered whole, not looked for only among the first
    entries of the common one."""
    titles = [f"New York market report {n}" for n in range(8_000)]
    titles += ["New Zealand dairy exports rise", "New Zealand dollar firms"]
    choices = _index(titles).search("new ze")
    assert {c.name for c in choices} == {
        "New Zealand dairy exports rise",
        "New Zealand dollar firms",
    }


async def test_seed_providers(service: SearchService) -> None:
    assert service.autocomplete.speakers.search("sergey")[0].value.endswith("Lavrov")
    assert service.autocomplete.speakers.search("stolt")[0].value == "Jens Stoltenberg"
    assert service.autocomplete.sources.search("moscow")[0].value == "The Moscow Times"
    title = service.autocomplete.titles.search("deconflict coordinate lavrov")
    titles = service.autocomplete.titles.search("lavrov coordin")
    assert titles
    assert "Lavrov" in titles[0].name
    assert isinstance(title, list)
    await service.refresh()
    assert service.autocomplete.sources.search("tass")[0].value == "TASS"
