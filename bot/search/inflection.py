"""English regular inflection: which words are the same word with another ending.

A query word expands to its inflections that occur in the index ("company" also finds
"companies", "stop" finds "stopped", "price" finds "pricing"), and an inflected query word
first goes back to its possible bases. Only regular spelling rules are used (plural and
third person -s/-es/-ies, past -ed/-d/-ied, -ing and -ings, a doubled final consonant,
a dropped final e), and only inflections, never derivations: "corner" is not a form of
"corn", nor "banker" of "bank". The rules may propose strings that are not words; the
vocabulary keeps only forms that really occur, so those never reach a query.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")
_SIBILANT_ENDS = ("s", "x", "z", "ch", "sh")
# A base shorter than this is not taken from a longer word by stripping an ending: "news"
# is not "new" plus s, nor "bus" "bu". A doubled consonant is a strong enough sign to allow
# one letter less ("bidding" -> "bid", "cutting" -> "cut").
_MIN_BASE = 4
_MIN_UNDOUBLED_BASE = 3
# Endings are added only to bases this long: "we" + "ed" is not a form of "we".
_MIN_INFLECTED = 3


def bases(word: str) -> set[str]:
    """``word`` and every base that a regular inflection could have made it from."""
    candidates: list[tuple[str, int]] = []  # (base, the shortest such a base may be)
    if word.endswith("ies"):
        candidates.append((word[:-3] + "y", _MIN_UNDOUBLED_BASE))  # companies -> company
    elif word.endswith("es") and word[:-2].endswith((*_SIBILANT_ENDS, "o")):
        candidates.append((word[:-2], _MIN_UNDOUBLED_BASE))  # taxes -> tax
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        candidates.append((word[:-1], _MIN_BASE))  # prices -> price; not "process", "bonus"
    if word.endswith("ied"):
        candidates.append((word[:-3] + "y", _MIN_UNDOUBLED_BASE))  # studied -> study
    elif word.endswith("ed"):
        candidates += _verb_bases(word[:-2])  # exported -> export, stopped -> stop
        candidates.append((word[:-1], _MIN_BASE))  # priced -> price
    for ending in ("ing", "ings"):
        if word.endswith(ending):
            candidates += _verb_bases(word[: -len(ending)])  # pricing -> price
    return {word} | {base for base, shortest in candidates if len(base) >= shortest}


def _verb_bases(stem: str) -> list[tuple[str, int]]:
    """What a verb stem left by cutting -ed or -ing may come from: the stem itself, the stem
    with its final e back, or the stem with a doubled final consonant made single."""
    found = [(stem, _MIN_BASE)]
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        found.append((stem[:-1], _MIN_UNDOUBLED_BASE))  # shipp(ing) -> ship; call(ing) stays
    elif stem and stem[-1] not in _VOWELS:
        found.append((stem + "e", _MIN_BASE))  # pric(ing) -> price
    return found


def inflections(base: str) -> set[str]:
    """``base`` and its regular inflections (some may not be words; see the module doc)."""
    found = {base}
    if len(base) < _MIN_INFLECTED:
        return found
    last = base[-1]
    if last == "y" and base[-2] not in _VOWELS:
        stem = base[:-1]
        found.update((stem + "ies", stem + "ied", base + "ing", base + "ings"))
        return found
    if base.endswith(_SIBILANT_ENDS):
        found.add(base + "es")
    else:
        found.add(base + "s")
        if last == "o":
            found.add(base + "es")  # heroes, echoes
    if last == "e":
        found.update((base + "d", base[:-1] + "ing", base[:-1] + "ings"))
        if base[-2] in _VOWELS:
            found.update((base + "ing", base + "ings"))  # agreeing, canoeing
    else:
        found.update((base + "ed", base + "ing", base + "ings"))
        if _doubles(base):
            found.update(base + last + ending for ending in ("ed", "ing", "ings"))
    return found


def _doubles(base: str) -> bool:
    """Whether the final consonant may double before -ed/-ing: consonant, vowel, consonant
    at the end ("stop", "plan", "bid"), but never w, x or y."""
    return (
        len(base) >= 3
        and base[-1] not in _VOWELS
        and base[-1] not in "wxy"
        and base[-2] in _VOWELS
        and base[-3] not in _VOWELS
    )
