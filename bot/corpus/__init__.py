"""Reading article files and extracting what they say: no Discord and no SQL here."""

from pathlib import Path

from bot import native as _native

# Decided once, when the package is first imported and before any extraction module is.
EXTRACTOR_BUILD = _native.choose(__name__, Path(__file__).parent)
