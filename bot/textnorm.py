"""Normalisation for matching only: the stored text always stays exactly as in the file.

Saved pages mix curly and straight quotes, typographic dashes and look-alike letters from
other scripts (seed 004 writes "Тhe" with a Cyrillic Т). Search and speaker matching compare
folded forms so those differences never hide a match.
"""

from __future__ import annotations

import unicodedata

# Look-alike letters (Cyrillic and Greek) that render like Latin ones. Unicode's full
# confusables table maps many more, but these are the ones that occur in real copy-paste;
# a whole-table skeleton would also fold legitimate non-Latin names into nonsense.
_HOMOGLYPHS = {
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "У": "Y",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "ο": "o",
    "ν": "v",
}
_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
}
# Bump whenever fold() (or what the indexer feeds it) changes: the full-text index holds
# folded text, and an index built with another version is rebuilt whole rather than patched.
FOLD_VERSION = "2"
_TABLE = str.maketrans({**_HOMOGLYPHS, **_PUNCTUATION})


def fold(text: str) -> str:
    """NFKC, look-alike letters to Latin, curly quotes to straight, dashes to hyphens.

    The result has the same meaning for matching but not always the same length as the
    input, so never use its offsets against the original.
    """
    if text.isascii():  # NFKC and the table change nothing in ASCII: keep the same object
        return text
    return unicodedata.normalize("NFKC", text).translate(_TABLE)


def fold_key(text: str) -> str:
    """:func:`fold`, lower-cased, accents removed and whitespace collapsed: a comparison key."""
    if text.isascii():  # the common case, without the Unicode round trips below
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", fold(text).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())
