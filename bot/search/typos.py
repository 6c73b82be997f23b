"""Correcting a misspelt word against the index's own vocabulary.

Candidates are the indexed tokens plus their stems, so "deconflcit" can become "deconflict"
even when only "deconflicting" and "de-conflict" occur (the stem then expands back to those
forms). Distance is optimal string alignment, which counts a swapped pair ("Lavorv") as one
edit; among equally close words the most common one wins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.vocabulary import Vocabulary

_MIN_LENGTH = 3
# "Did you mean": a word in at most RARE_DOCS documents (or RARE_SHARE of them, in a big
# archive), one edit from a word in at least SUGGEST_MIN_DOCS documents and SUGGEST_FACTOR
# times as many. One edit only: a suggestion must be an obvious slip, not a guess. Below
# four letters one edit reaches too many real words for a suggestion to mean anything.
RARE_DOCS = 2
RARE_SHARE = 1 / 2000
SUGGEST_MIN_DOCS = 5
SUGGEST_FACTOR = 10
_SUGGEST_MIN_LENGTH = 4


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
        best = min(self._candidates(word), default=None)
        return best[3] if best else None

    def suggest(self, word: str) -> str | None:
        """A much more common word a rare ``word`` is probably a typo of, or ``None``.

        The rare word still finds something (the archive may hold the same slip, or a
        real name), so this is only offered ("did you mean …?"), never searched instead.
        """
        own = self._vocabulary.forms(word) | self._vocabulary.stems(word)
        floor = max(SUGGEST_MIN_DOCS, SUGGEST_FACTOR * self.popularity(word))
        close = (c for c in self._candidates(word, 1) if c[0] == 1 and c[3] not in own)
        best = min((c for c in close if -c[2] >= floor), default=None)
        return best[3] if best else None

    def is_rare(self, word: str) -> bool:
        """A plain word long enough to judge, in few enough documents to be a typo that
        happens to occur in the archive too."""
        if len(word) < _SUGGEST_MIN_LENGTH or not word.isalpha():
            return False
        documents = self._vocabulary.documents
        return self.popularity(word) <= max(RARE_DOCS, int(documents * RARE_SHARE))

    def popularity(self, word: str) -> int:
        """Documents holding ``word`` in any of its indexed forms."""
        vocabulary = self._vocabulary
        return sum(vocabulary.doc_frequency(form) for form in vocabulary.forms(word))

    def _candidates(self, word: str, edits: int = 2) -> Iterator[tuple[int, bool, int, str]]:
        """Close words as sort keys: fewest edits, indexed before stems, most common first."""
        limit = min(edits, max_edits(word))
        if limit == 0 or not word.isalpha():
            return
        for length in range(len(word) - limit, len(word) + limit + 1):
            bucket = self._buckets.get(length)
            if not bucket:
                continue
            for candidate, distance, _ in process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=limit, limit=8
            ):
                popularity = self.popularity(candidate)
                yield int(distance), candidate not in self._vocabulary, -popularity, candidate
