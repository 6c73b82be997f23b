"""Search over the index: safe queries, ranking, typo correction, autocomplete, calendar."""

from pathlib import Path

from bot import native as _native

# Decided before the service imports the compiled snippet maker (see bot.native).
SNIPPETS_BUILD = _native.choose(__name__, Path(__file__).parent)

from bot.search.service import SearchService  # noqa: E402 - after the choice above

__all__ = ["SearchService"]
