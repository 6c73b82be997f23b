"""Errors whose message can be shown to the person who typed the command.

The search service raises only these for bad or unlucky input, so every front end (Discord,
CLI) can catch one base class and print ``str(error)`` without leaking tracebacks or SQL.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """Base class: ``str(error)`` is a complete, polite sentence fit for a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NothingToSearch(UserFacingError):  # noqa: N818 (names from the spec)
    """The input held no searchable word (empty, only spaces, punctuation or symbols)."""

    def __init__(
        self, message: str = "There is nothing to search for: type a word or two."
    ) -> None:
        super().__init__(message)


class NoResults(UserFacingError):  # noqa: N818 (names from the spec)
    """The query was fine but nothing in the archive matched it."""

    def __init__(self, message: str = "Nothing in the archive matches that.") -> None:
        super().__init__(message)


class BadDate(UserFacingError):  # noqa: N818 (names from the spec)
    """A date typed by the user could not be understood."""


class BadCursor(UserFacingError):  # noqa: N818 (names from the spec)
    """A paging cursor was damaged or belongs to another search."""

    def __init__(
        self, message: str = "That page link is out of date; run the search again."
    ) -> None:
        super().__init__(message)


class NotFound(UserFacingError):  # noqa: N818 (names from the spec)
    """An article or quote id that is not in the index (perhaps removed by a reload)."""


class _WithSuggestions(UserFacingError):  # noqa: N818 (names from the spec)
    """An unknown name, with the closest known names so the reply can say "did you mean"."""

    kind = "name"

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        shown = name if len(name) <= 60 else name[:57] + "…"
        message = f"I don't know the {self.kind} “{shown}”."
        if suggestions:
            message += " Did you mean " + _or_list(suggestions) + "?"
        super().__init__(message)


class UnknownSpeaker(_WithSuggestions):
    """No speaker has that name or any alias close enough to it."""

    kind = "speaker"


class UnknownSource(_WithSuggestions):
    """No publisher has that name or one close enough to it."""

    kind = "source"


def _or_list(names: tuple[str, ...]) -> str:
    quoted = [f"“{name}”" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
