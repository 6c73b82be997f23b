"""Verbs and phrases that tie quoted words to whoever said them.

News copy attributes speech with a small, stable vocabulary across publishers and decades
(Reuters 1987 and Wikinews 2019 use the same verbs), so a fixed list beats guessing from
sentence structure without a parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_STEMS = (
    "say",
    "add",
    "tell",
    "write",
    "tweet",
    "note",
    "reply",
    "explain",
    "state",
    "ask",
    "argue",
    "insist",
    "warn",
    "declare",
    "continue",
    "conclude",
    "emphasize",
    "emphasise",
    "stress",
    "urge",
    "acknowledge",
    "admit",
    "recall",
    "remark",
    "announce",
    "boom",
    "beam",
    "joke",
    "quip",
    "claim",
    "counter",
    "respond",
    "complain",
    "concede",
    "observe",
    "post",
    "suggest",
    "predict",
    "caution",
    "confirm",
    "testify",
    "shout",
    "yell",
    "exclaim",
    "agree",
    "call",
    "describe",
    "contend",
    "maintain",
    "assert",
    "promise",
    "vow",
    "pledge",
    "comment",
    "elaborate",
    "mention",
    "point",
    "repeat",
    "recount",
    "reiterate",
    "retort",
    "scoff",
    "sigh",
    "laugh",
    "chant",
    "plead",
    "demand",
    "allege",
    "charge",
    "criticize",
    "criticise",
    "praise",
    "thank",
    "welcome",
    "announce",
    "acknowledge",
    "estimate",
    "forecast",
    "report",
    "read",
    "quote",
    "speak",
    "think",
    "believe",
    "wonder",
    "blast",
    "slam",
    "tout",
    "boast",
    "brag",
    "concur",
    "disagree",
    "object",
    "protest",
    "whisper",
    "cry",
    "muse",
    "interject",
    "chime",
    "advise",
    "inform",
    "assure",
    "remind",
    "caution",
    "highlight",
    "underline",
    "underscore",
    "predict",
    "hint",
    "indicate",
    "answer",
    "offer",
    "lament",
    "marvel",
    "reflect",
    "opine",
    "proclaim",
    "email",
    "text",
    "gush",
    "rave",
    "snap",
    "fume",
    "groan",
    "chuckle",
    "scream",
    "beg",
    "murmur",
    "grumble",
    "gripe",
    "remember",
    "rule",
    "order",
    "recommend",
)
_IRREGULAR = (
    "said",
    "says",
    "saying",
    "told",
    "tells",
    "telling",
    "wrote",
    "writes",
    "writing",
    "written",
    "read",
    "reads",
    "reading",
    "spoke",
    "speaks",
    "thought",
    "thinks",
    "believes",
    "cried",
    "cries",
    "replied",
    "replies",
    "testified",
    "testifies",
    "implied",
    "quoted",
    "quoting",
    "marvelled",  # British spelling; "marveled" comes from the stem
)


def _words(text: str) -> list[str]:
    return text.split()


_NOUNISH = frozenset(
    _words(
        """
    email text tweet post comment claim note report quote call order rule answer offer charge
    demand promise protest object estimate forecast counter point state praise welcome thank
    remark cry sigh laugh chant boom blast slam stress hint muse snap fume groan scream
    murmur gripe reply joke quip vow pledge question concern beam whisper highlight
    underline word
    """
    )
)


# Stems that double their last consonant before -ed and -ing ("admitted", "quipped"):
# English doubles it only after a stressed short vowel, which spelling alone cannot tell
# ("counter" gives "countered"), so these are listed.
_DOUBLING = frozenset(_words("admit quip snap slam brag beg concur"))


def _forms(stem: str) -> set[str]:
    """Regular inflections of ``stem``: enough of English morphology for these verbs."""
    if stem in _DOUBLING:
        doubled = stem + stem[-1]
        return {stem, stem + "s", doubled + "ed", doubled + "ing"}
    if stem.endswith("e"):
        return {stem, stem + "s", stem + "d", stem[:-1] + "ing"}
    if stem.endswith("y"):
        return {stem, stem + "s", stem + "ed", stem + "ing", stem[:-1] + "ied"}
    if stem.endswith(("sh", "ch", "ss", "x")):
        return {stem, stem + "es", stem + "ed", stem + "ing"}
    return {stem, stem + "s", stem + "ed", stem + "ing"}


def _all_forms() -> frozenset[str]:
    forms: set[str] = set(_IRREGULAR)
    for stem in _STEMS:
        # Bare stems are infinitives or nouns far more often than attributions.
        forms |= _forms(stem) - {stem}
    forms -= {"read", "think"}  # past "read" and "think" are rarely attributions
    # The -s forms of these are mostly plural nouns in news copy ("her emails", "the notes").
    for stem in _NOUNISH:
        forms.discard(stem + "s")
        forms.discard(stem + "es")
    return frozenset(forms)


VERBS: frozenset[str] = _all_forms()


def _nounish_forms() -> frozenset[str]:
    """The -s forms dropped from :data:`VERBS`, still verbs before `,`, `:` or `that`."""
    forms: set[str] = set()
    for stem in _NOUNISH:
        forms |= {stem + "s", stem + "es"} & _forms(stem)
    return frozenset(forms)


_Trie = dict[str, "_Trie"]  # next letter -> the rest; "" marks the end of a word


def _alternation(words: Iterable[str]) -> str:
    """A non-capturing regex for exactly ``words``, factored by shared prefixes (a trie).

    The regex engine tries alternatives one at a time, so a flat list of 350 forms costs
    350 tests at every word start; factored ("sa(?:id|ys|…)"), a non-verb fails after a
    test or two, several times faster over an article. Every word here is lower-case
    letters only and the pattern is used between ``\\b`` marks, so at most one listed word
    can match at a position: the order of alternatives cannot change what matches.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: _Trie) -> str:
    branches = [re.escape(char) + _trie_pattern(node[char]) for char in sorted(node) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# One compiled alternation. Case-sensitive on purpose: "States" in "United States" is a
# name, not the verb.
_VERB_FORMS = (
    r"(?:"
    + _alternation(VERBS)
    + r"|(?<!['’]s )(?<!\bher )(?<!\bhis )(?<!\bthe )(?<!\btheir )(?<!\bits )(?:"
    + _alternation(_nounish_forms())
    + r")(?=\s*[,:]|\s+that\b))\b"
)
# After an article a participle is an adjective: "an informed decision", "a noted economist",
# "the reported deal" report nothing. The forms are tested first (a lookahead) because they
# fail at once at almost every word, and the look-behinds then run only at verbs.
VERB_RE = re.compile(
    r"\b(?="
    + _VERB_FORMS
    + r")(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bA )(?<!\bAn )(?<!\bThe )"
    + _VERB_FORMS
)
ACCORDING_RE = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)

# Verbs that introduce speech strongly enough to attribute a quote far from the subject.
SPEECH_VERBS: frozenset[str] = frozenset(
    v for v in VERBS if not v.startswith(("think", "thought", "believ", "welcom", "thank"))
)
