"""In-memory, fuzzy-ranked choices for Discord autocomplete (speaker, source, article title).

Discord drops an autocomplete answer after 3 seconds and users type fast, so this never
touches the database: names are loaded once (and again after a reload) into a token-prefix
index. A keystroke looks up candidates by word prefixes, then rapidfuzz ranks at most a few
hundred of them. A misspelt word falls back to the closest indexed word.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress, islice, repeat
from operator import contains, or_

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.search.results import Choice
from bot.textnorm import fold_key

MAX_CHOICES = 25
MAX_NAME = 100
_MAX_CANDIDATES = 300
_MAX_SCANNED = 5_000
_HAVING_SLICE = 500  # entries filtered per C pass while looking for enough candidates
_MIN_SET_PREFIX = 2
_MAX_SET = 5_000  # entries one typed word may gather as a set before it counts as common
_MAX_QUERY = 100
_MAX_REMEMBERED = 10_000  # common prefixes remembered before starting over


@dataclass(frozen=True)
class Entry:
    """A choice plus its comparison key; entries are given in preference order."""

    name: str
    value: str
    key: str


def clip(text: str, limit: int = MAX_NAME) -> str:
    """Discord refuses choice names over 100 characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class FuzzyIndex:
    """Entries searchable by word prefixes, ranked by rapidfuzz ``WRatio``."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries = list(entries)
        self._keys = [entry.key for entry in self._entries]  # references, for C-level filters
        postings: dict[str, array[int]] = {}
        for number, entry in enumerate(self._entries):
            for word in set(entry.key.split()):
                postings.setdefault(word, array("i")).append(number)
        self._postings = postings
        self._words = sorted(postings)
        self._words_by_length: dict[int, list[str]] = {}
        self._too_common: set[str] = set()  # prefixes known to exceed _MAX_SET entries
        for word in self._words:
            self._words_by_length.setdefault(len(word), []).append(word)

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, text: str, limit: int = MAX_CHOICES) -> list[Choice]:
        """Up to ``limit`` (<= 25) choices for what has been typed so far."""
        limit = max(0, min(limit, MAX_CHOICES))
        key = fold_key(text[:_MAX_QUERY])
        words = key.split()
        if not words:
            return [Choice(entry.name, entry.value) for entry in self._entries[:limit]]
        candidates = self._candidates(words)
        if not candidates:
            words = [self._closest_word(word) or word for word in words]
            candidates = self._candidates(words)
        if not candidates:
            return []
        ranked = process.extract(
            key,
            {number: self._entries[number].key for number in candidates},
            scorer=fuzz.WRatio,
            limit=None,
        )
        ranked.sort(key=lambda item: (-item[1], item[2]))
        return [
            Choice(self._entries[number].name, self._entries[number].value)
            for _, _, number in ranked[:limit]
        ]

    def _prefix_words(self, prefix: str) -> Iterable[str]:
        at = bisect_left(self._words, prefix)
        while at < len(self._words) and self._words[at].startswith(prefix):
            yield self._words[at]
            at += 1

    def _candidates(self, words: list[str]) -> list[int]:
        """Entries with a word starting with each typed word, preferred (lowest) first.

        Each typed word's entries are gathered as a set from the posting arrays and the sets
        intersected, all in C: looping over postings in Python cost up to 20 ms a keystroke
        on 190k titles. A word too common to gather (a one-letter prefix, or one past
        :data:`_MAX_SET` entries) filters the first :data:`_MAX_SCANNED` survivors instead;
        a single word, or only very common ones, scans postings until enough are found.
        """
        unique = sorted(set(words), key=len, reverse=True)
        if len(unique) == 1:  # one word: the first postings already give enough candidates
            return self._scan(unique[0], [])
        found: set[int] | None = None
        common: list[str] = []
        for word in unique:
            # A one-letter prefix spans thousands of words: never worth gathering. Two letters
            # are worth a try ("new ze" is "New Zealand": gathering "ze" gives a few hundred
            # entries where filtering the first of "new" scanned 5,000 for 4.7 ms at x10).
            entries = self._entry_set(word) if len(word) >= _MIN_SET_PREFIX else None
            if entries is None:
                common.append(word)
            else:
                found = entries if found is None else found & entries
                if not found:
                    return []
        if found is None:
            return self._scan(unique[0], unique[1:])
        return self._having(sorted(found)[:_MAX_SCANNED], common)

    def _having(self, numbers: list[int], words: list[str]) -> list[int]:
        """The first :data:`_MAX_CANDIDATES` of ``numbers`` whose key has a word starting
        with each of ``words``, in order.

        "Starts the key or follows a space" (keys are folded with single spaces), looped in
        C through map/compress rather than a Python loop per entry, a slice at a time: when
        most entries match, the first slice already gives enough and the rest is never read.
        """
        if not words:
            return numbers[:_MAX_CANDIDATES]
        key_of = self._keys.__getitem__
        kept: list[int] = []
        for start in range(0, len(numbers), _HAVING_SLICE):
            chunk = numbers[start : start + _HAVING_SLICE]
            for word in words:
                spaced = map(contains, map(key_of, chunk), repeat(" " + word))
                leading = map(str.startswith, map(key_of, chunk), repeat(word))
                chunk = list(compress(chunk, map(or_, spaced, leading)))
            kept.extend(chunk)
            if len(kept) >= _MAX_CANDIDATES:
                break
        return kept[:_MAX_CANDIDATES]

    def _entry_set(self, prefix: str) -> set[int] | None:
        """Entries with a word starting with ``prefix``; ``None`` past :data:`_MAX_SET`.

        Which prefixes are that common is remembered (the index never changes), so typing
        "net pr" does not gather 5,000 entries of "net" again on every keystroke only to
        find it too common once more (1 ms of each such keystroke at 190k titles).
        """
        if prefix in self._too_common:
            return None
        result: set[int] = set()
        for word in self._prefix_words(prefix):
            result.update(self._postings[word])
            if len(result) > _MAX_SET:
                if len(self._too_common) >= _MAX_REMEMBERED:
                    self._too_common.clear()
                self._too_common.add(prefix)
                return None
        return result

    def _scan(self, driver: str, others: list[str]) -> list[int]:
        """The first :data:`_MAX_SCANNED` postings of ``driver`` (alphabetical words, each
        in entry order), those also matching ``others``, the first few hundred of them."""
        postings = chain.from_iterable(map(self._postings.__getitem__, self._prefix_words(driver)))
        if others:
            numbers = list(dict.fromkeys(islice(postings, _MAX_SCANNED)))
            return sorted(self._having(numbers, others))
        found: dict[int, None] = {}  # one word: stop as soon as there are enough
        while len(found) < _MAX_CANDIDATES:
            chunk = list(islice(postings, _MAX_CANDIDATES - len(found)))
            if not chunk:
                break
            found.update(dict.fromkeys(chunk))
        return sorted(found)

    def _closest_word(self, word: str) -> str | None:
        if len(word) < 3:
            return None
        limit = 1 if len(word) <= 5 else 2
        best: tuple[int, int, str] | None = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate, distance, _ in process.extract(
                word,
                self._words_by_length.get(length, []),
                scorer=OSA.distance,
                score_cutoff=limit,
                limit=3,
            ):
                key = (int(distance), -len(self._postings[candidate]), candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


class Autocomplete:
    """The three providers the slash commands use; rebuilt whole by :meth:`load`."""

    def __init__(self) -> None:
        self.speakers = FuzzyIndex(())
        self.sources = FuzzyIndex(())
        self.titles = FuzzyIndex(())

    def load(
        self,
        speakers: Iterable[tuple[str, Iterable[str]]],
        sources: Iterable[str],
        titles: Iterable[tuple[str, str, str | None, str | None]],
    ) -> None:
        """Replace the data: speakers as (canonical, aliases), titles as (id, title, source, date).

        A speaker's entry key holds every alias, so typing "Sergey" finds "Sergei Lavrov";
        the value sent back is the canonical name.
        """
        speaker_entries = [
            Entry(clip(name), clip(name), fold_key(" ".join(dict.fromkeys([name, *aliases]))))
            for name, aliases in speakers
        ]
        source_entries = [Entry(clip(name), clip(name), fold_key(name)) for name in sources]
        title_entries = [
            Entry(_title_label(title, source, date), article_id, fold_key(title))
            for article_id, title, source, date in titles
        ]
        # Assign all three at once so a concurrent keystroke sees old or new, never a mix.
        self.speakers, self.sources, self.titles = (
            FuzzyIndex(speaker_entries),
            FuzzyIndex(source_entries),
            FuzzyIndex(title_entries),
        )


def _title_label(title: str, source: str | None, date: str | None) -> str:
    suffix = " · ".join(item for item in (source, date) if item)
    if not suffix:
        return clip(title)
    room = MAX_NAME - len(suffix) - 3
    if room < 20:
        return clip(title)
    return f"{clip(title, room)} · {suffix}"
