"""Safe query building, date parsing, word forms, typo correction, snippets and formatting."""

from __future__ import annotations

import sqlite3

import pytest

from bot.errors import BadDate, NothingToSearch
from bot.models import PartialDate
from bot.search.formatting import (
    citation,
    counted,
    format_date,
    format_range,
    other_people,
    years_ago_label,
)
from bot.search.names import Named, NameDirectory
from bot.search.query import (
    Alternative,
    Term,
    match_expression,
    parse_date,
    parse_full_date,
    parse_month_day,
    parse_query,
    quote_fts,
)
from bot.search.results import QuoteHit
from bot.search.service import similarity
from bot.search.snippets import make_snippets
from bot.search.typos import Corrector
from bot.search.vocabulary import Vocabulary
from bot.storage.search_store import (
    _ARTICLE_COLUMNS,
    _HIT_COLUMNS,
    _QUOTE_COLUMNS,
    ArticleRow,
    HitRow,
    QuoteRow,
)

HOSTILE = [
    "AND OR (",
    '"',
    "NEAR(",
    "*",
    "col:x",
    "'; DROP TABLE quotes; --",
    "x" * 10_000,
    "🙂🙂 🔥",
    "مرحبا بالعالم",
    'foo" OR "bar',
    "^title",
    "a:b:c -d +e",
    "NOT",
    '""""',
    "\x00\x01",
]


def _fts_table() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(text, content='', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO t(rowid, text) VALUES (1, 'near and or not col x drop table')")
    return db


def test_words_are_quoted_and_anded() -> None:
    parsed = parse_query("Lavrov deconflict")
    groups = [[Alternative(term.tokens)] for term in parsed.terms]
    assert match_expression(groups) == '("lavrov") AND ("deconflict")'


def test_phrase_prefix_and_hyphen_terms() -> None:
    parsed = parse_query('"Exact Phrase" coord* de-conflict')
    assert parsed.terms == (
        Term(("exact", "phrase"), "phrase"),
        Term(("coord",), "prefix"),
        Term(("de", "conflict"), "word", hyphenated=True),
    )
    assert Alternative(("coord",), prefix=True).to_fts() == '"coord"*'


def test_terms_are_shown_as_the_user_wrote_them() -> None:
    assert parse_query("U.S. dollar O'Brien").display() == "U.S. dollar O'Brien"
    assert parse_query('"Oil  Prices" infla*').display() == '"Oil Prices" infla*'
    # Inside a phrase only the words are echoed: no markdown, no mentions.
    assert parse_query('"**Oil** @everyone <@&1> prices"').display() == '"Oil everyone 1 prices"'


def test_folding_matches_the_index() -> None:
    # Cyrillic Т, curly quotes and accents fold like the indexed text.
    parsed = parse_query("“Тhe Café”")
    assert parsed.terms == (Term(("the", "cafe"), "phrase"),)


@pytest.mark.parametrize("text", ["", "   ", "?!.,;", "*", "🙂", '"', "()"])
def test_nothing_to_search(text: str) -> None:
    with pytest.raises(NothingToSearch):
        parse_query(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_reaches_fts_as_syntax(text: str) -> None:
    try:
        parsed = parse_query(text)
    except NothingToSearch:
        return
    expression = match_expression(
        [[Alternative(t.tokens, t.kind == "prefix")] for t in parsed.terms]
    )
    _fts_table().execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_input_is_capped() -> None:
    parsed = parse_query("word " * 5000)
    assert parsed.truncated
    parsed = parse_query(" ".join(f"w{i}" for i in range(50)))
    assert parsed.truncated
    assert len(parsed.terms) == 12


def test_quote_fts_doubles_quotes() -> None:
    assert quote_fts('a"b') == '"a""b"'


def test_parse_dates() -> None:
    assert parse_date("2015-09-28") == PartialDate(2015, 9, 28)
    assert parse_date("09-22") == PartialDate(None, 9, 22)
    assert parse_date("--02-29") == PartialDate(None, 2, 29)
    assert parse_month_day("2016-02-29") == (2, 29)
    assert parse_full_date("2015/9/28").isoformat() == "2015-09-28"
    for bad in ("2015-02-30", "13-01", "yesterday", "", "2015"):
        with pytest.raises(BadDate):
            parse_date(bad)
    with pytest.raises(BadDate):
        parse_full_date("09-28")


VOCAB = Vocabulary(
    [("deconflicting", 2), ("de", 3), ("conflict", 1), ("conflicting", 1), ("lavrov", 4)],
    documents=10,
)


def test_word_forms_and_hyphen_splits() -> None:
    alternatives = VOCAB.alternatives(Term(("deconflict",), "word"))
    assert Alternative(("deconflicting",)) in alternatives
    assert Alternative(("de", "conflict")) in alternatives
    assert Alternative(("de", "conflicting")) in alternatives
    hyphenated = VOCAB.alternatives(Term(("de", "conflict"), "word", hyphenated=True))
    assert Alternative(("deconflicting",)) in hyphenated
    assert VOCAB.alternatives(Term(("zebra",), "word")) == []


def test_word_forms_are_inflections_not_derivations() -> None:
    vocabulary = Vocabulary(
        [(t, 1) for t in ("corn", "corner", "corns", "rubber", "rubbing", "bank", "banker")],
        documents=3,
    )
    assert vocabulary.forms("corn") == {"corn", "corns"}
    assert vocabulary.forms("rubber") == {"rubber"}
    assert vocabulary.forms("bank") == {"bank"}


def test_word_forms_follow_english_spelling_rules() -> None:
    tokens = (
        "company", "companies", "stop", "stopped", "stopping", "ship", "shipping", "ships",
        "price", "priced", "pricing", "tax", "taxes", "study", "studied", "news", "new",
        "process", "proces", "sales", "salesd", "expect", "expectd", "bill", "billes",
        "gas", "gass", "exchange", "exchanging", "exchangeing", "treasury", "treasurys",
    )  # fmt: skip
    vocabulary = Vocabulary([(t, 1) for t in tokens], documents=len(tokens))
    assert vocabulary.forms("company") == {"company", "companies"}
    assert vocabulary.forms("companies") == {"company", "companies"}
    assert vocabulary.forms("stop") == {"stop", "stopped", "stopping"}
    assert vocabulary.forms("shipping") == {"ship", "ships", "shipping"}
    assert vocabulary.forms("pricing") == {"price", "priced", "pricing"}
    assert vocabulary.forms("taxes") == {"tax", "taxes"}
    assert vocabulary.forms("studied") == {"study", "studied"}
    # Endings that English spelling never adds that way are not forms, even when a typo in
    # the corpus made them tokens.
    assert vocabulary.forms("sales") == {"sales"}
    assert vocabulary.forms("expect") == {"expect"}
    assert vocabulary.forms("bill") == {"bill"}
    assert vocabulary.forms("gas") == {"gas"}
    assert vocabulary.forms("exchange") == {"exchange", "exchanging"}
    assert vocabulary.forms("treasury") == {"treasury"}
    # A short word is not another word's ending cut off: "news" is not "new" + s.
    assert vocabulary.forms("news") == {"news"}
    assert vocabulary.forms("process") == {"process"}


def test_typo_correction_uses_stems_and_transpositions() -> None:
    corrector = Corrector(VOCAB)
    assert corrector.correct("deconflcit") == "deconflict"
    assert corrector.correct("lavorv") == "lavrov"
    assert corrector.correct("xyzzyq") is None
    assert corrector.correct("ab") is None


def test_snippet_bolds_matches_within_budget() -> None:
    body = (
        ("Filler words here. " * 30)
        + "The mechanisms for de-conflicting the presence. "
        + ("More filler text. " * 30)
    )
    groups = [[Alternative(("de", "conflicting")), Alternative(("deconflicting",))]]
    snippet = make_snippets([body], groups, 120)[0]
    assert "**de-conflicting**" in snippet
    assert len(snippet) <= 120
    assert snippet.startswith("…")
    assert snippet.endswith("…")


def test_snippet_uses_most_of_its_budget_with_many_matches() -> None:
    """Room is kept for the bold marks of the matches shown, not more: a passage dense with
    matches still fills nearly the whole budget."""
    body = " ".join(f"oil prices rose {n} points as traders sold" for n in range(60))
    groups = [[Alternative(("oil",))], [Alternative(("prices",))]]
    for budget in (120, 240, 400):
        snippet = make_snippets([body], groups, budget)[0]
        assert snippet.count("**oil**") >= 2
        assert budget * 0.85 <= len(snippet) <= budget


def test_snippet_matches_accents_and_case_at_original_offsets() -> None:
    body = "Le Café de Flore — CAFÉS et cafe; the “café-crème” costs more."
    snippet = make_snippets([body], [[Alternative(("cafe",)), Alternative(("cafes",))]], 200)[0]
    assert snippet.count("**") == 8
    assert "**Café**" in snippet
    assert "**CAFÉS**" in snippet
    assert "**cafe**" in snippet
    assert "**café**-crème" in snippet


def test_snippet_ignores_a_term_inside_a_longer_word() -> None:
    snippet = make_snippets(["Spoiled oil, oils and oiled."], [[Alternative(("oil",))]], 200)[0]
    assert snippet == "Spoiled **oil**, oils and oiled."


def test_snippet_escapes_markdown() -> None:
    snippet = make_snippets(["a *star* and _under_ word"], [[Alternative(("word",))]], 200)[0]
    assert snippet == "a \\*star\\* and \\_under\\_ **word**"


def test_snippet_makes_every_run_of_white_space_one_space() -> None:
    """Hard-wrapped wire copy, tabs and no-break spaces read as one line of prose, also
    where a run of spaces touches a match."""
    body = "Oil\tprices  rose\nsharply,\u00a0 traders said.\n\n  More *news*.  "
    snippet = make_snippets([body], [[Alternative(("prices",))]], 200)[0]
    assert snippet == "Oil **prices** rose sharply, traders said. More \\*news\\*."


def test_format_dates() -> None:
    assert format_date(PartialDate(2015, 9, 28)) == "28 September 2015"
    assert format_date(PartialDate(None, 9, 22)) == "22 September (year unknown)"
    assert format_date(None) == "date unknown"
    assert years_ago_label(1) == "1 year ago"
    assert years_ago_label(10) == "10 years ago"
    assert format_range(PartialDate(2015, 9, 28), PartialDate(2016, 5, 26), 1) == (
        "28 September 2015 – 26 May 2016 (+1 with year unknown)"
    )


def test_citation_line() -> None:
    hit = QuoteHit(
        quote_id="a-1",
        text="too early to determine",
        speaker="Stoltenberg",
        speaker_canonical="Jens Stoltenberg",
        article_id="a",
        title="Title",
        source="The Moscow Times",
        date=PartialDate(2015, 9, 28),
        date_text="28 September 2015",
        url="https://example.org/x",
    )
    assert citation(hit) == (
        "Jens Stoltenberg: “too early to determine” — Title, The Moscow Times, "
        "28 September 2015. https://example.org/x"
    )


@pytest.mark.parametrize(
    ("columns", "row_type"),
    [
        (_QUOTE_COLUMNS, QuoteRow),
        (f"{_HIT_COLUMNS}, score", HitRow),
        (_ARTICLE_COLUMNS, ArticleRow),
    ],
)
def test_row_tuples_follow_the_selected_columns(columns: str, row_type: type) -> None:
    """Rows are built by position, so the SELECT list and the fields must stay in step."""
    names = [
        part.split(" AS ")[-1].split(".")[-1].strip().strip('"') for part in columns.split(",")
    ]
    assert tuple(names) == row_type._fields  # type: ignore[attr-defined]


def test_a_surname_finds_everyone_with_it_most_quoted_first() -> None:
    directory = NameDirectory(
        [
            Named(1, "Baker", ("Baker",), weight=1),
            Named(2, "James Baker", ("James Baker", "James A. Baker"), weight=212),
            Named(3, "Howard Baker", ("Howard Baker",), weight=11),
            Named(4, "Bakerloo Line", ("Bakerloo Line",), weight=50),
        ]
    )
    assert directory.resolve("baker").names == ("James Baker", "Howard Baker", "Baker")
    assert directory.resolve("BAKER").ids == (2, 3, 1)
    # A full name is that person only; a typo still finds them by fuzzy matching.
    assert directory.resolve("Howard Baker").names == ("Howard Baker",)
    assert directory.resolve("James Bakr").names[0] == "James Baker"


def test_profile_lists_the_other_people_a_name_fits() -> None:
    others = tuple((f"Person {n} Baker", n) for n in (11, 4, 2, 2, 1, 1, 1))
    assert other_people(others) == (
        "Person 11 Baker (11 quotes), Person 4 Baker (4 quotes), Person 2 Baker (2 quotes), "
        "Person 2 Baker (2 quotes), Person 1 Baker (1 quote) and 2 more"
    )
    assert other_people(others[:1]) == "Person 11 Baker (11 quotes)"


def test_counts_take_the_right_number() -> None:
    assert counted(1, "article") == "1 article"
    assert counted(0, "quote") == "0 quotes"
    assert counted(2340, "more article") == "2,340 more articles"


def test_whosaid_prefers_the_quote_remembered_over_a_word_inside_the_memory() -> None:
    remembered = "We are not in a of war. The measures taken are directed at our rights."
    whole = "We are not in a state of war. The measures taken are directed at our rights."
    assert similarity(remembered, whole) > 90
    assert similarity(remembered, "war") < 30
    # Remembering only part of a long quote is not penalised.
    assert similarity("not in a state of war", whole) > 90


def test_unknown_names_suggest_close_ones_not_random_ones() -> None:
    directory = NameDirectory(
        [Named(1, "Angela Merkel", ()), Named(2, "Tareq Aziz", ()), Named(3, "Helmut Kohl", ())]
    )
    assert directory.resolve("Merkle").suggestions[:1] == ("Angela Merkel",)
    assert directory.resolve("zzzqqq").suggestions == ()
