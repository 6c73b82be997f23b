"""Boilerplate cleaning keeps the story (and every quote) and drops page furniture.

The texts here are written for the tests; their layout imitates pages saved as plain text.
"""

from __future__ import annotations

import pytest

from bot.corpus.clean import CleanDocument, clean
from bot.models import Paragraph


def _texts(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    return [p.text for p in paragraphs]


def _offsets_ok(text: str, document: CleanDocument) -> bool:
    parts = [*document.header, *document.body, *document.trailer]
    if document.title is not None:
        parts.append(document.title)
    return all(text[p.start : p.end] == p.text for p in parts)


WEB_PAGE = """Accessibility links

Breaking News

Mayor Opens New Bridge Over River

Local Politics
March 3, 21:05 UTC+3

Share
2 pages in this article
© REUTERS/Jane Photographer

RIVERTON, March 3./TASS/. The mayor opened the bridge on Tuesday.

"It is a great day," she said.

Read also

Council debates parking fees

Storm closes schools for a day

The bridge cost 40 million dollars, officials said.

Subscribe to Riverton Daily

Back to top

Jane Writer is a staff reporter covering the city.
"""


def test_web_page_furniture_is_removed() -> None:
    document = clean(WEB_PAGE)
    assert document.title is not None
    assert document.title.text == "Mayor Opens New Bridge Over River"
    assert _texts(document.body) == [
        "RIVERTON, March 3./TASS/. The mayor opened the bridge on Tuesday.",
        '"It is a great day," she said.',
        "The bridge cost 40 million dollars, officials said.",
    ]
    header = _texts(document.header)
    assert "Local Politics" in header
    assert "March 3, 21:05 UTC+3" in header
    assert _texts(document.trailer)[0] == "Back to top"
    assert _offsets_ok(WEB_PAGE, document)


def test_read_also_block_ends_at_a_sentence() -> None:
    text = (
        "Title of the story here\n\nFirst sentence.\n\nRead also\n\nOther headline one\n\n"
        "Other headline two\n\nBack in the story, he said.\n"
    )
    assert _texts(clean(text).body) == ["First sentence.", "Back in the story, he said."]


def test_quoted_paragraph_is_never_dropped_as_a_headline() -> None:
    text = 'Title of the story here\n\nIntro.\n\nRead also\n\n"Short quote" he said\n'
    assert '"Short quote" he said' in _texts(clean(text).body)


def test_wire_story_with_byline_and_sign_off() -> None:
    text = (
        "COMPANY TO BUY RIVAL\n26-FEB-1987 15:07:13.72\n\nby Jane Doe, Reuters\n"
        "NEW YORK, Feb 26 - Company said it would buy\nits rival for cash.\n"
        '    "We are pleased," a spokesman said.\n Reuter\n'
    )
    document = clean(text)
    assert document.title is not None
    assert document.title.text == "COMPANY TO BUY RIVAL"
    assert _texts(document.header) == ["26-FEB-1987 15:07:13.72", "by Jane Doe, Reuters"]
    assert _texts(document.body) == [
        "NEW YORK, Feb 26 - Company said it would buy\nits rival for cash.",
        '"We are pleased," a spokesman said.',
    ]
    assert _texts(document.trailer) == ["Reuter"]
    assert _offsets_ok(text, document)


def test_sign_off_on_same_line_as_last_sentence() -> None:
    text = "HEADLINE HERE NOW\n3-MAR-1987 09:00:00.00\n\nPARIS, March 3 - Text ends. REUTER\n"
    document = clean(text)
    assert _texts(document.body) == ["PARIS, March 3 - Text ends."]
    assert _texts(document.trailer) == ["REUTER"]


def test_original_url_block_and_author_bio_are_trailer() -> None:
    text = (
        "A headline for the test\n\nSeptember 28, 2015\n\nThe  **Daily Planet**\n\n"
        "Story text.\n\nWith reporting from AP and Reuters\n  • 16x9 Image\n\n"
        "    Jane Writer\n\n    Jane Writer is a senior correspondent.\n\n"
        "Original url:\n\n<https://example.com/a>\n"
    )
    document = clean(text)
    assert _texts(document.body) == ["Story text."]
    assert "The  **Daily Planet**" in _texts(document.header)
    assert _texts(document.trailer)[0] == "With reporting from AP and Reuters"
    assert _texts(document.trailer)[-1] == "<https://example.com/a>"


def test_caption_under_title_is_not_body() -> None:
    text = (
        "# A markdown headline\n\nSeptember 30, 2015\n\nPortrait of a minister\n\n"
        "The minister spoke.\n\nThe minister (left) meets a guest.\n"
    )
    document = clean(text)
    assert document.title is not None
    assert document.title.text == "# A markdown headline"
    assert _texts(document.body) == ["The minister spoke."]


def test_date_first_dateline_stays_in_body() -> None:
    text = "Subscribe to Some Review\n\n\nA headline\n\nMay 26, 2016 (EIRNS)—The minister spoke.\n"
    document = clean(text)
    assert document.title is not None
    assert document.title.text == "A headline"
    assert _texts(document.body) == ["May 26, 2016 (EIRNS)—The minister spoke."]


def test_short_title_above_date_line() -> None:
    document = clean("GOLD FALLS\n3-MAR-1987 10:00:00.00\n\nGold fell today.\n")
    assert document.title is not None
    assert document.title.text == "GOLD FALLS"
    assert _texts(document.body) == ["Gold fell today."]


def test_no_title_when_text_starts_with_a_long_paragraph() -> None:
    text = "word " * 400 + "\n\nSecond paragraph.\n"
    document = clean(text)
    assert document.title is None
    assert len(document.body) == 2


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", '"' * 500, "x" * 100_000, "\x00\x01\ufffd" * 100, "Reuter", "#", "**", " \u00a0"],
)
def test_never_raises_and_offsets_hold(text: str) -> None:
    document = clean(text)
    assert _offsets_ok(text, document)


def test_large_input_is_fast() -> None:
    import time

    text = ('A paragraph of text with a "quote" inside it, he said.\n\n' * 90_000)[:5_000_000]
    started = time.perf_counter()
    clean(text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("paragraph", "dropped"),
    [
        ("PHOTO: The minister at the summit.", True),
        ("Image: a crowd outside the court.", True),
        ("The minister (Pictured) arrives.", True),
        ("A telephoto: lens was used.", False),  # no word starts there
        ("The photo:caption stayed.", False),  # no space after the colon
        ("The minister (left early) spoke.", False),
    ],
)
def test_short_caption_paragraphs_are_dropped(paragraph: str, dropped: bool) -> None:
    document = clean(f"A headline here now\n\nThe story begins.\n\n{paragraph}\n\nIt ends.\n")
    kept = [] if dropped else [paragraph]
    assert _texts(document.body) == ["The story begins.", *kept, "It ends."]


@pytest.mark.parametrize(
    ("block", "dropped"),
    [
        ("Share\n  \nTweet\nPrint", True),  # every line furniture, a blank one between
        ("Share\nThe council met on Tuesday.", False),  # one line of story keeps the block
        ("The council met.\nShare", False),
    ],
)
def test_a_block_is_dropped_only_when_every_line_is_furniture(block: str, dropped: bool) -> None:
    document = clean(f"A headline here now\n\nThe story begins.\n\n{block}\n\nIt ends.\n")
    kept = [] if dropped else [block]
    assert _texts(document.body) == ["The story begins.", *kept, "It ends."]
