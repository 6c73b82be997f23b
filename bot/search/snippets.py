"""A snippet of the best passage of an article, matched words in **bold**.

The full-text tables are contentless, so FTS5's ``snippet()`` cannot work; instead the
original body is tokenized here like the index (word by word, so offsets stay those of the
original text even where folding changes lengths), matches are located, and the window with
the most distinct query terms wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.search.query import Alternative, token_key
from bot.textnorm import fold

_WORD = re.compile(r"[^\W_]+")
_MARKDOWN = re.compile(r"([\\*_~`|>\[\]])")
_SPACES = re.compile(r"\s+")
_MAX_SPANS = 400


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    group: int


def _key(word: str) -> str:
    # Folding is slow and only changes non-ASCII words; most news text is ASCII.
    return word.lower() if word.isascii() else token_key(fold(word))


def _tokens(body: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _key(m.group())) for m in _WORD.finditer(body)]


def find_spans(body: str, groups: Sequence[Sequence[Alternative]]) -> list[_Span]:
    """Where each term (any of its alternatives) occurs in ``body``, in text order."""
    tokens = _tokens(body)
    keys = [key for _, _, key in tokens]
    positions: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        positions.setdefault(key, []).append(index)
    spans: list[_Span] = []
    for number, group in enumerate(groups):
        for alternative in group:
            spans.extend(_phrase_spans(tokens, keys, positions, alternative, number))
    spans.sort(key=lambda span: (span.start, -span.end))
    merged: list[_Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            continue  # overlapping alternatives ("de conflict" and "conflict"): keep the first
        merged.append(span)
    return merged[:_MAX_SPANS]


def _phrase_spans(
    tokens: list[tuple[int, int, str]],
    keys: list[str],
    positions: dict[str, list[int]],
    alternative: Alternative,
    group: int,
) -> list[_Span]:
    wanted = alternative.tokens
    size = len(wanted)
    if size == 1 and alternative.prefix:
        starts = [i for key, found in positions.items() if key.startswith(wanted[0]) for i in found]
    else:
        starts = positions.get(wanted[0], [])
    found = []
    for index in sorted(starts):
        window = keys[index : index + size]
        if len(window) < size:
            continue
        if window[:-1] != list(wanted[:-1]):
            continue
        last = window[-1]
        if last == wanted[-1] or (alternative.prefix and last.startswith(wanted[-1])):
            found.append(_Span(tokens[index][0], tokens[index + size - 1][1], group))
    return found


def _escape(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", _SPACES.sub(" ", text))


def _render(body: str, start: int, end: int, spans: list[_Span]) -> str:
    pieces: list[str] = ["…"] if start > 0 else []
    cursor = start
    for span in spans:
        if span.start < start or span.end > end:
            continue
        pieces.append(_escape(body[cursor : span.start]))
        pieces.append(f"**{_escape(body[span.start : span.end])}**")
        cursor = span.end
    pieces.append(_escape(body[cursor:end]))
    if end < len(body):
        pieces.append("…")
    return "".join(pieces).strip()


def _best_start(spans: list[_Span], width: int) -> int:
    best_key, best_start = (-1, -1), 0
    for index, first in enumerate(spans):
        distinct: set[int] = set()
        count = 0
        for span in spans[index:]:
            if span.end - first.start > width:
                break
            distinct.add(span.group)
            count += 1
        key = (len(distinct), count)
        if key > best_key:
            best_key, best_start = key, first.start
    return best_start


def _window(body: str, anchor: int, width: int) -> tuple[int, int]:
    """About a fifth of the window before the first match, cut at spaces."""
    start = max(0, anchor - width // 5)
    if start > 0:
        space = body.find(" ", start, anchor)
        start = space + 1 if space != -1 else start
    end = min(len(body), start + width)
    if end < len(body):
        space = body.rfind(" ", start, end)
        if space > anchor:
            end = space
    return start, end


def make_snippet(body: str, groups: Sequence[Sequence[Alternative]], budget: int = 240) -> str:
    """The best passage of ``body`` in at most ``budget`` characters, matches in bold."""
    budget = max(budget, 20)
    spans = find_spans(body, groups)
    width = budget
    while width > 10:
        anchor = _best_start(spans, width) if spans else 0
        start, end = _window(body, anchor, width)
        text = _render(body, start, end, spans)
        if len(text) <= budget:
            return text
        width -= max(len(text) - budget, 8)
    plain = _escape(body).strip()
    return plain[: budget - 1].rstrip() + "…" if len(plain) > budget else plain
