"""Search over the index: safe queries, ranking, typo correction, autocomplete, calendar."""

from bot.search.service import SearchService

__all__ = ["SearchService"]
