"""Decide which speaker names across the corpus are one person.

"Sergei Lavrov", "Sergey Lavrov" and "Lavrov" are one speaker; "Bill Clinton" and "Hillary
Clinton" are two, and a bare "Clinton" then stays on its own because nothing says which one
it is. The rules: names group by surname; full names in a group merge when their first
names agree (a fuzzy match catches transliterations such as Sergei/Sergey, an initial
matches its name) and their middle initials, when both give them, are the same ("George
H. W. Bush" is not "George W. Bush"); a surname alone joins the group only when exactly
one person bears it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.textnorm import fold_key

# Transliterations of one first name differ by a letter or two (Sergei/Sergey, Mohammed/
# Muhammad); different names that look alike (Mark/Mary) score lower than this.
FIRST_NAME_SIMILARITY = 80.0
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


@dataclass(frozen=True)
class SpeakerGroup:
    """One person: the name to show and every spelling seen in the corpus."""

    name: str
    aliases: tuple[str, ...]


def group_speakers(names: Iterable[str]) -> list[SpeakerGroup]:
    """Group speaker names (one entry per quote, so counts pick the usual spelling)."""
    counts = Counter(name.strip() for name in names if name and name.strip())
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        by_surname[_surname_key(name)].append(name)
    groups: list[SpeakerGroup] = []
    for members in by_surname.values():
        groups.extend(_group_one_surname(members, counts))
    groups.sort(key=lambda group: fold_key(group.name))
    return groups


def _group_one_surname(names: list[str], counts: Counter[str]) -> list[SpeakerGroup]:
    # Spellings that differ only in case or accents ("REUTERS", "Reuters") are one name.
    same_key: dict[str, list[str]] = defaultdict(list)
    for name in names:
        same_key[fold_key(name)].append(name)
    keys = sorted(same_key, key=lambda k: (-sum(counts[n] for n in same_key[k]), k))
    full = [k for k in keys if len(_tokens(k)) > 1]
    bare = [k for k in keys if len(_tokens(k)) <= 1]
    clusters: list[list[str]] = []
    for key in full:
        for cluster in clusters:
            if all(_same_first_name(key, other) for other in cluster):
                cluster.append(key)
                break
        else:
            clusters.append([key])
    if len(clusters) == 1:
        clusters[0].extend(bare)
    else:
        clusters.extend([key] for key in bare)
    return [
        _to_group([name for key in cluster for name in same_key[key]], counts)
        for cluster in clusters
    ]


def _to_group(cluster: list[str], counts: Counter[str]) -> SpeakerGroup:
    """Show the most quoted full spelling; ties go to the longer, then alphabetical, one."""
    canonical = max(cluster, key=lambda n: (len(_tokens(n)) > 1, counts[n], len(n), n))
    aliases = tuple(sorted(set(cluster), key=lambda n: (n != canonical, n)))
    return SpeakerGroup(canonical, aliases)


def _tokens(name: str) -> list[str]:
    """Folded words without suffixes; initials written together count one by one ("H.W."
    is "H." and "W.", as in "H. W.")."""
    tokens: list[str] = []
    for token in fold_key(name).replace(",", " ").split():
        if token in _SUFFIXES:
            continue
        if _is_initials(token):
            tokens.extend(f"{letter}." for letter in token.split(".") if letter)
        else:
            tokens.append(token)
    return tokens


def _is_initials(token: str) -> bool:
    """ "h.", "h.w.": single letters, each followed by a full stop."""
    parts = token.split(".")
    return len(parts) > 1 and parts[-1] == "" and all(len(part) == 1 for part in parts[:-1])


def _surname_key(name: str) -> str:
    tokens = _tokens(name)
    return tokens[-1] if tokens else fold_key(name)


def _same_first_name(a: str, b: str) -> bool:
    """Compatible given names: equal up to spelling, an initial, or one set inside the other."""
    given_a, given_b = _tokens(a)[:-1], _tokens(b)[:-1]
    if _different_middle_initials(given_a[1:], given_b[1:]):
        return False  # "George H. W. Bush" and "George W. Bush" are father and son
    shorter, longer = sorted((given_a, given_b), key=len)
    if set(shorter) <= set(longer):
        return True
    first_a, first_b = given_a[0].rstrip("."), given_b[0].rstrip(".")
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    return fuzz.ratio(first_a, first_b) >= FIRST_NAME_SIMILARITY


def _different_middle_initials(middle_a: list[str], middle_b: list[str]) -> bool:
    """Both names give middle initials only, and not the same ones."""
    if not middle_a or not middle_b:
        return False
    if not all(_is_initials(token) for token in (*middle_a, *middle_b)):
        return False  # "José Luis Rodríguez Zapatero": middle names, not initials
    return middle_a != middle_b
