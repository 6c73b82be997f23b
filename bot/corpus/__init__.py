"""Reading article files and extracting what they say: no Discord and no SQL here."""

from bot.corpus import native as _native  # first: it decides compiled or source modules

EXTRACTOR_BUILD = _native.EXTRACTOR_BUILD
