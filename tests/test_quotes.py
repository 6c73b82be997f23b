"""Quote detection on sentences written for these tests (no article text copied)."""

from __future__ import annotations

import time

from bot.corpus.paragraphs import split_paragraphs
from bot.corpus.quotes import QuoteSpan, find_quotes


def _quotes(text: str) -> list[QuoteSpan]:
    return find_quotes(split_paragraphs(text))


def test_straight_and_curly_marks_give_exact_text_and_offsets() -> None:
    text = 'The mayor said "We will rebuild the bridge."\n\n“It opens in May,” she added.'
    spans = _quotes(text)
    assert [s.text for s in spans] == ["We will rebuild the bridge.", "It opens in May,"]
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert [s.paragraph for s in spans] == [0, 1]


def test_whitespace_inside_marks_is_trimmed() -> None:
    text = 'He said " the vote is over " and left.'
    (span,) = _quotes(text)
    assert span.text == "the vote is over"
    assert text[span.start : span.end] == "the vote is over"


def test_nested_single_quotes_stay_inside() -> None:
    text = "“Our ‘partners,’ as they call themselves, did nothing,” the minister said."
    (span,) = _quotes(text)
    assert span.text == "Our ‘partners,’ as they call themselves, did nothing,"


def test_double_apostrophe_pairs_count_as_marks() -> None:
    (span,) = _quotes("The chairman said ''prices will rise'' next year.")
    assert span.text == "prices will rise"


def test_unclosed_quote_ends_at_paragraph_end() -> None:
    text = '"We are ready," Smith said. "The talks start today.\n\nThe meeting was short.'
    spans = _quotes(text)
    assert [s.text for s in spans] == ["We are ready,", "The talks start today."]
    assert spans[1].paragraph == 0


def test_quote_running_over_paragraphs_gives_one_span_per_segment() -> None:
    text = '"The first part of my answer is long.\n\n"The second part closes it," she said.'
    spans = _quotes(text)
    assert [s.text for s in spans] == [
        "The first part of my answer is long.",
        "The second part closes it,",
    ]
    assert [s.paragraph for s in spans] == [0, 1]


def test_mark_between_letters_is_not_a_quote() -> None:
    assert _quotes('The country"s leader spoke.') == []


def test_partial_quotes_and_terms_are_flagged() -> None:
    text = (
        'The senator called the plan "reckless" and urged voters "to look at the numbers."\n\n'
        '"We cannot afford it," she said.'
    )
    spans = _quotes(text)
    assert [(s.text, s.partial) for s in spans] == [
        ("reckless", True),
        ("to look at the numbers.", True),
        ("We cannot afford it,", False),
    ]


def test_introduced_full_sentence_is_direct() -> None:
    (span,) = _quotes('The governor said: "Schools will reopen on Monday."')
    assert not span.partial


def test_degenerate_inputs_never_raise() -> None:
    assert _quotes("") == []
    assert _quotes('""""""""') == []
    assert all(s.text for s in _quotes('" " " "\n\n"'))


def test_large_inputs_stay_fast() -> None:
    long_line = ('word "quoted words here" and ' * 4000)[:100_000]
    unbalanced = 'a " b ' * 5000
    started = time.perf_counter()
    spans = _quotes(long_line)
    _quotes(unbalanced)
    _quotes('"' * 50_000)
    assert time.perf_counter() - started < 2.0
    assert len(spans) >= 3000


def test_quote_left_open_at_a_line_end_when_the_next_line_opens_a_quote() -> None:
    # Web pages copied as one line per paragraph, without blank lines between them.
    text = '"First answer," she said. "Second part runs on.\n"Third part closes," she said.'
    assert [s.text for s in _quotes(text)] == [
        "First answer,",
        "Second part runs on.",
        "Third part closes,",
    ]
