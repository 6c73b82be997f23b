"""Resolving a typed speaker or source name to index ids: exact alias first, then fuzzy.

Typed names are partial ("lavrov"), transliterated ("Sergey" for "Sergei") or misspelt. An
exact folded alias wins outright, and a single typed word is also everyone's surname ("baker"
is James Baker, Howard Baker and whoever was quoted only as "Baker"), most quoted first;
otherwise every person whose best alias scores above the cut-off and close to the best score
is taken, so two spellings the grouping kept apart are both found, while a clearly different
person ("Hillary" for "Bill Clinton") is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from bot.textnorm import fold_key

CUTOFF = 86.0
"""WRatio at or above this is "the same name" (a surname alone scores 90 against a full name)."""
_TIE_MARGIN = 4.0
_SUGGEST_CUTOFF = 68.0  # misspelt names score 73+, unrelated strings about 60
_MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Named:
    """One person or publisher: id, the name to show, and every spelling."""

    id: int
    name: str
    aliases: tuple[str, ...]
    weight: int = 0  # how much of the archive is theirs (quotes): the first of equals


@dataclass(frozen=True)
class Resolution:
    """The ids a name stands for (empty when unknown) and, if unknown, close names."""

    ids: tuple[int, ...]
    names: tuple[str, ...]
    suggestions: tuple[str, ...] = ()


class NameDirectory:
    """Folded aliases -> ids, kept in memory (a few thousand names at most)."""

    def __init__(self, items: Iterable[Named]) -> None:
        self._by_id: dict[int, Named] = {}
        self._exact: dict[str, list[int]] = {}
        self._surnames: dict[str, list[int]] = {}  # last word of a multi-word alias -> ids
        self._keys: list[str] = []
        self._owners: list[int] = []
        for item in items:
            self._by_id[item.id] = item
            for alias in dict.fromkeys((item.name, *item.aliases)):
                key = fold_key(alias)
                self._exact.setdefault(key, []).append(item.id)
                self._keys.append(key)
                self._owners.append(item.id)
                words = key.split()
                if len(words) > 1:
                    self._surnames.setdefault(words[-1], []).append(item.id)
                    if len(words[-1]) >= 4:
                        # The surname alone, so a misspelt "Lavrv" still finds "Sergei Lavrov".
                        self._keys.append(words[-1])
                        self._owners.append(item.id)

    def get(self, item_id: int) -> Named | None:
        return self._by_id.get(item_id)

    def resolve(self, typed: str) -> Resolution:
        key = fold_key(typed[:200])
        exact = self._exact.get(key, [])
        if " " not in key:
            exact = exact + self._surnames.get(key, [])
        if exact:
            ids = tuple(sorted(dict.fromkeys(exact), key=self._most_weight_first))
            return Resolution(ids, tuple(self._by_id[i].name for i in ids))
        best: dict[int, float] = {}
        for _, score, index in process.extract(
            key,
            self._keys,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=None,
            score_cutoff=_SUGGEST_CUTOFF,
        ):
            owner = self._owners[index]
            best[owner] = max(best.get(owner, 0.0), float(score))
        ranked = sorted(
            best.items(), key=lambda item: (-item[1], *self._most_weight_first(item[0]))
        )
        if ranked and ranked[0][1] >= CUTOFF:
            top = ranked[0][1]
            ids = tuple(i for i, score in ranked if score >= max(CUTOFF, top - _TIE_MARGIN))
            return Resolution(ids, tuple(self._by_id[i].name for i in ids))
        suggestions = tuple(self._by_id[i].name for i, _ in ranked[:_MAX_SUGGESTIONS])
        return Resolution((), (), suggestions)

    def _most_weight_first(self, item_id: int) -> tuple[int, str]:
        item = self._by_id[item_id]
        return -item.weight, item.name
