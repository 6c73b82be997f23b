"""The index's vocabulary in memory: which tokens exist, how common they are, and word forms.

The index uses the plain ``unicode61`` tokenizer (no stemmer), and saved articles spell one
word several ways: "deconflict", "deconflicting", "de-conflict" (tokens "de" + "conflict").
A query word therefore expands, from the vocabulary, to its inflections and to hyphen-split
phrases, all ORed. Only forms that really occur are generated, so expansion never matches
more than the words a person would accept as "the same word".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from bot.search.inflection import bases, inflections
from bot.search.query import Alternative, Term

_MIN_SPLIT_HEAD = 2
_MIN_SPLIT_TAIL = 4
MAX_ALTERNATIVES = 24


class Vocabulary:
    """Token -> number of documents (rows) holding it, for one full-text table.

    Built once per index load and never mutated, so it can be shared between tasks.
    """

    def __init__(self, rows: Iterable[tuple[str, int]], documents: int) -> None:
        self.documents = documents
        self.frequency: dict[str, int] = dict(rows)
        self._sorted = sorted(self.frequency)

    def tokens(self) -> list[str]:
        """All tokens, sorted."""
        return self._sorted

    def __contains__(self, token: object) -> bool:
        return token in self.frequency

    def __len__(self) -> int:
        return len(self.frequency)

    def doc_frequency(self, token: str) -> int:
        return self.frequency.get(token, 0)

    def stems(self, token: str) -> set[str]:
        """The token and the bases it may be an inflection of (see bot.search.inflection)."""
        return bases(token)

    def forms(self, token: str) -> set[str]:
        """Every indexed token that is ``token`` or an inflection of one of its bases."""
        return {
            form for base in bases(token) for form in inflections(base) if form in self.frequency
        }

    def has_prefix(self, prefix: str) -> bool:
        at = bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    def alternatives(self, term: Term) -> list[Alternative]:
        """Indexed ways to write ``term``; empty when the index cannot possibly match it."""
        if term.kind == "phrase":
            return [Alternative(term.tokens)] if all(t in self for t in term.tokens) else []
        if term.kind == "prefix":
            head_known = all(t in self for t in term.tokens[:-1])
            if head_known and self.has_prefix(term.tokens[-1]):
                return [Alternative(term.tokens, prefix=True)]
            return []
        found: list[Alternative] = []
        if len(term.tokens) == 1:
            found.extend(self._single(term.tokens[0]))
        else:
            found.extend(self._compound(term))
        unique = list(dict.fromkeys(found))
        return unique[:MAX_ALTERNATIVES]

    def _single(self, token: str) -> list[Alternative]:
        found = [Alternative((form,)) for form in sorted(self.forms(token))]
        for stem in sorted(self.stems(token)):
            found.extend(self._splits(stem))
        return found

    def _splits(self, word: str) -> list[Alternative]:
        """ "deconflict" as the phrases "de conflict", "de conflicting" when those tokens exist."""
        found: list[Alternative] = []
        for cut in range(_MIN_SPLIT_HEAD, len(word) - _MIN_SPLIT_TAIL + 1):
            head, tail = word[:cut], word[cut:]
            if head not in self.frequency:
                continue
            found.extend(Alternative((head, form)) for form in sorted(self.forms(tail)))
        return found

    def _compound(self, term: Term) -> list[Alternative]:
        head, last = term.tokens[:-1], term.tokens[-1]
        found: list[Alternative] = []
        if all(t in self for t in head):
            found.extend(Alternative((*head, form)) for form in sorted(self.forms(last)))
        if term.hyphenated:
            joined = "".join(term.tokens)
            found.extend(Alternative((form,)) for form in sorted(self.forms(joined)))
        return found

    def unknown_tokens(self, term: Term) -> list[str]:
        """Tokens of ``term`` that occur nowhere (candidates for typo correction)."""
        if term.kind == "prefix":
            known = [t in self for t in term.tokens[:-1]]
            return [t for t, ok in zip(term.tokens[:-1], known, strict=True) if not ok]
        return [t for t in term.tokens if not self.forms(t)]
