"""Paragraph splitting keeps offsets exact for web and wire layouts."""

from __future__ import annotations

from bot.corpus.paragraphs import split_paragraphs


def test_blank_line_paragraphs_keep_offsets() -> None:
    text = "Title\n\n  First para\nstill first.  \n\n\nSecond.\n"
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["Title", "First para\nstill first.", "Second."]
    assert all(text[p.start : p.end] == p.text for p in paragraphs)


def test_wire_copy_indented_lines_open_paragraphs() -> None:
    text = "HEADLINE\n26-FEB-1987\n\nCITY, Feb 26 - One\nwrapped line.\n    Next para\nwraps.\n"
    assert [p.text for p in split_paragraphs(text)] == [
        "HEADLINE\n26-FEB-1987",
        "CITY, Feb 26 - One\nwrapped line.",
        "Next para\nwraps.",
    ]


def test_empty_and_whitespace_only() -> None:
    assert split_paragraphs("") == []
    assert split_paragraphs("\n \n\t\n") == []


def test_paragraphs_from_an_offset_keep_offsets_into_the_whole_text() -> None:
    text = "Header line\nDate line\n\n  First paragraph\nwraps here.\n    Second one.\n\n"
    start = text.index("\n\n")
    paragraphs = split_paragraphs(text, start)
    assert [p.text for p in paragraphs] == ["First paragraph\nwraps here.", "Second one."]
    assert all(text[p.start : p.end] == p.text for p in paragraphs)
    assert [p.text for p in split_paragraphs(text[start:])] == [p.text for p in paragraphs]
