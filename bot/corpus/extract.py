"""Turn one article's text into an :class:`ExtractedArticle`: the pipeline, nothing else.

Each step lives in its own module (cleaning, metadata, quotes, speakers) as pure functions,
so each can be tested and scored on its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.corpus import clean, metadata, quotes, speakers
from bot.models import ExtractedArticle, ExtractedQuote

# Bump whenever a change to the rules changes what is extracted from a file that did not
# change: an index built by other rules is then re-extracted whole on the next reload, so
# upgrading Dateline upgrades the archive without anyone having to ask for a full reload.
EXTRACTION_VERSION = "56"


def extract_article(
    text: str, file: str, publishers: Mapping[str, str] | None = None
) -> ExtractedArticle:
    """Extract metadata, quotes and speakers from ``text`` (decoded, ``\\n`` line ends).

    ``publishers`` maps web domains to publisher names; ``None`` uses the shipped table.
    """
    document = clean.clean(text)
    info = metadata.extract_info(text, document, publishers)
    spans = quotes.find_quotes(document.body)
    attributions = speakers.attribute_speakers(document.body, spans)
    extracted = tuple(
        ExtractedQuote(
            text=span.text,
            start=span.start,
            end=span.end,
            paragraph=span.paragraph,
            speaker=attribution.speaker,
            explicit=attribution.explicit,
            partial=span.partial,
        )
        for span, attribution in zip(spans, attributions, strict=True)
    )
    return ExtractedArticle(file=file, text=text, info=info, body=document.body, quotes=extracted)
