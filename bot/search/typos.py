"""Correcting a misspelt word against the index's own vocabulary.

Candidates are the indexed tokens plus their stems, so "deconflcit" can become "deconflict"
even when only "deconflicting" and "de-conflict" occur (the stem then expands back to those
forms). Distance is optimal string alignment, which counts a swapped pair ("Lavorv") as one
edit; among equally close words the most common one wins.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.vocabulary import Vocabulary

_MIN_LENGTH = 3


def max_edits(word: str) -> int:
    """Short words allow one edit: two would turn "war" into almost anything."""
    if len(word) < _MIN_LENGTH:
        return 0
    return 1 if len(word) <= 5 else 2


class Corrector:
    """Vocabulary words and stems bucketed by length, for fast "closest word" lookups."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        buckets: dict[int, set[str]] = defaultdict(set)
        for token in vocabulary.tokens():
            if len(token) < _MIN_LENGTH or not token.isalpha():
                continue
            for stem in vocabulary.stems(token):
                buckets[len(stem)].add(stem)
        self._buckets = {length: sorted(words) for length, words in buckets.items()}

    def correct(self, word: str) -> str | None:
        """The closest known word or stem within :func:`max_edits`, or ``None``."""
        limit = max_edits(word)
        if limit == 0 or not word.isalpha():
            return None
        best: tuple[int, bool, int, str] | None = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            bucket = self._buckets.get(length)
            if not bucket:
                continue
            for candidate, distance, _ in process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=limit, limit=8
            ):
                popularity = sum(
                    self._vocabulary.doc_frequency(form)
                    for form in self._vocabulary.forms(candidate)
                )
                key = (int(distance), candidate not in self._vocabulary, -popularity, candidate)
                if best is None or key < best:
                    best = key
        return best[3] if best else None
