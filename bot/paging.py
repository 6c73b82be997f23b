"""What each paged reply was a search for, remembered so its ◀ ▶ buttons can load any page.

Why a bounded memory instead of one object per message: a busy server sends hundreds of
replies a minute, and state kept per message grows with traffic (the soak measured +44 % RSS
with discord.py views that lived three minutes each). Here the buttons carry only a random
token and the page offset in their custom ids; the token leads to the search, and the oldest
searches are forgotten first once ``capacity`` is reached, so memory stays flat however busy
the server. A forgotten token gets a polite "run the command again". Tokens are random, so a
button from before a restart can never land on someone else's newer search.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.lru import LRU
from bot.render import Reply

PageLoader = Callable[[int], Awaitable[tuple[Reply, int, str | None]]]
"""Loads the page at an offset: the reply, the total, and the quote id shown (if any)."""

DEFAULT_CAPACITY = 2_000
TOKEN_BYTES = 6


@dataclass(frozen=True, slots=True)
class PagedSearch:
    """One reply's search: who may turn its pages, how to load one, and how big a page is."""

    owner_id: int
    load: PageLoader
    page_size: int


class PagingMemory:
    """The most recent paged searches by token, least recently used forgotten first."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._searches: LRU[str, PagedSearch] = LRU(capacity)

    def __len__(self) -> int:
        return len(self._searches)

    def remember(self, search: PagedSearch) -> str:
        token = secrets.token_hex(TOKEN_BYTES)
        self._searches.put(token, search)
        return token

    def recall(self, token: str) -> PagedSearch | None:
        return self._searches.get(token)
