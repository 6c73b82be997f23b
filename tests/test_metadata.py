"""Title, date, source, URL and author extraction on short texts written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.clean import clean
from bot.corpus.dates import parse_date_line, parse_dateline, parse_url_date
from bot.corpus.metadata import extract_info
from bot.corpus.sources import load_publishers, publisher_for_url
from bot.models import PartialDate, PublicationInfo


def info(text: str, publishers: dict[str, str] | None = None) -> PublicationInfo:
    return extract_info(text, clean(text), publishers)


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso", "time", "offset"),
    [
        ("September 28, 2015", "2015-09-28", None, None),
        ("September 22, 21:05 UTC+3", "--09-22", "21:05", "+03:00"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26", "15:01", None),
        ("3-MAR-1987  16:22:00.0", "1987-03-03", "16:22", None),
        ("3-MAR-1987", "1987-03-03", None, None),
        ("Thursday, February 23, 2006", "2006-02-23", None, None),
        ("Saturday, January 5, 2019\u00a0", "2019-01-05", None, None),
        ("2018-09-26", "2018-09-26", None, None),
        ("28 September 2015", "2015-09-28", None, None),
        ("Sept. 28, 2015 3:45 p.m. EDT", "2015-09-28", "15:45", "-04:00"),
        ("Published: March 3, 2016 at 10:00 GMT", "2016-03-03", "10:00", "+00:00"),
        ("Monday 28 September 2015 10.32 BST", "2015-09-28", "10:32", "+01:00"),
        ("2015-09-28T10:32:00Z", "2015-09-28", "10:32", "+00:00"),
        ("2015-09-28 10:32 +0300", "2015-09-28", "10:32", "+03:00"),
        ("Posted on September 28, 2015 by admin", "2015-09-28", None, None),
        ("By Jane Doe | Sept. 28, 2015", "2015-09-28", None, None),
    ],
)
def test_date_line_styles(line: str, iso: str, time: str | None, offset: str | None) -> None:
    hit = parse_date_line(line)
    assert hit is not None
    assert (hit.date.iso(), hit.time, hit.utc_offset) == (iso, time, offset)


@pytest.mark.parametrize(
    "line",
    ["The comments came on September 17 as talks went on.", "February 30, 2015", "Breaking News"],
)
def test_not_a_date_line(line: str) -> None:
    assert parse_date_line(line) is None


def test_datelines() -> None:
    tass = parse_dateline("UNITED NATIONS, September 22./TASS/. Russian minister said")
    assert tass is not None
    assert tass.date == PartialDate(None, 9, 22)
    wire = parse_dateline("SALVADOR, Feb 26 - Showers continued")
    assert wire is not None
    assert wire.date == PartialDate(None, 2, 26)
    eir = parse_dateline("May 26, 2016 (EIRNS)—Russian Foreign Minister")
    assert eir is not None
    assert eir.date == PartialDate(2016, 5, 26)
    assert parse_dateline("September 17 was a quiet day in the capital.") is None


def test_url_dates() -> None:
    assert parse_url_date("https://x.com/2015/09/28/story-a1") == PartialDate(2015, 9, 28)
    assert parse_url_date("https://x.com/news/2015-09-28-story") == PartialDate(2015, 9, 28)
    assert parse_url_date("https://x.com/2015/02/30/bad") is None
    assert parse_url_date("https://x.com/story-123") is None


def test_year_unknown_date_stays_without_year() -> None:
    result = info("A headline for a story\n\nSeptember 22, 21:05 UTC+3\n\nText.\n")
    assert result.date == PartialDate(None, 9, 22)
    assert (result.time, result.utc_offset) == ("21:05", "+03:00")


def test_year_unknown_date_takes_year_from_url_with_same_day() -> None:
    text = (
        "A headline for a story\n\nSeptember 22\n\nText.\n\nOriginal url:\n\n"
        "<https://example.org/2017/09/22/story>\n"
    )
    assert info(text).date == PartialDate(2017, 9, 22)


def test_event_date_in_story_is_not_publication_date() -> None:
    text = (
        "Talks on the crisis continue\n\nWASHINGTON -- Officials said talks will go on.\n\n"
        "The comments came on September 17 as the minister flew home.\n"
    )
    assert info(text).date is None


def test_dateline_date_used_when_no_date_line() -> None:
    text = "Minister calls for talks\n\nGENEVA, October 2./TASS/. The minister said.\n"
    result = info(text)
    assert result.date == PartialDate(None, 10, 2)
    assert result.source == "TASS"


def test_url_date_is_the_fallback() -> None:
    text = "A story title here\n\nBody text.\n\nOriginal url:\n\nhttps://example.org/2016/01/02/x\n"
    assert info(text).date == PartialDate(2016, 1, 2)


def test_reuters_header_date_and_time_without_offset() -> None:
    result = info(
        "OIL PRICES RISE\n26-FEB-1987 15:01:01.79\n\nLONDON, Feb 26 - Oil rose.\n Reuter\n"
    )
    assert result.date == PartialDate(1987, 2, 26)
    assert (result.time, result.utc_offset) == ("15:01", None)
    assert result.source == "Reuters"
    assert result.title == "OIL PRICES RISE"


# --- title -------------------------------------------------------------------------------


def test_title_after_masthead_and_markdown_removed() -> None:
    assert info("Subscribe to Some Review\n\n\nThe Real Headline\n\nText.\n").title == (
        "The Real Headline"
    )
    assert info("\n\n# A **Bold** Headline\n\nText.\n").title == "A Bold Headline"


def test_title_after_navigation() -> None:
    text = "Accessibility links\n\nBreaking News\n\nThe Actual Headline Here\n\nBody text.\n"
    assert info(text).title == "The Actual Headline Here"


# --- source ------------------------------------------------------------------------------


def test_source_from_bold_masthead_line() -> None:
    text = "Some headline here\n\nSeptember 28, 2015\n\nThe  **Moscow Times**\n\nText.\n"
    assert info(text).source == "The Moscow Times"


def test_source_from_unknown_bold_masthead() -> None:
    text = "Some headline here\n\nSeptember 28, 2015\n\nThe **Riverton Courier**\n\nText.\n"
    assert info(text).source == "The Riverton Courier"


def test_source_from_eir_tag_and_subscribe_line() -> None:
    text = "Subscribe to EIR Online\n\n\nHeadline\n\nMay 26, 2016 (EIRNS)—The minister spoke.\n"
    assert info(text).source == "EIR (Executive Intelligence Review)"
    no_tag = "Subscribe to Riverton Review\n\n\nHeadline words here\n\nThe minister spoke.\n"
    assert info(no_tag).source == "Riverton Review"


def test_source_from_reuters_dateline_tag() -> None:
    assert info("Headline words here\n\nLONDON (Reuters) - Prices rose.\n").source == "Reuters"


def test_source_from_url_domain() -> None:
    text = "Headline words here\n\nText.\n\nOriginal url:\n\n<https://www.rferl.org/a/x.html>\n"
    assert info(text).source == "Radio Free Europe/Radio Liberty"
    wiki = "Headline words here\n\nText.\n\nOriginal url:\n\n<https://en.wikinews.org/wiki/X>\n"
    assert info(wiki).source == "Wikinews"


def test_unknown_source_stays_none() -> None:
    text = "Headline words here\n\nText.\n\nOriginal url:\n\n<https://blog.example.net/p/1>\n"
    assert info(text).source is None


def test_reporting_credit_does_not_make_ap_the_publisher() -> None:
    text = (
        "Headline words here\n\nWASHINGTON -- Officials spoke.\n\n"
        "Speaking to Reuters, an aide agreed.\n\nWith reporting from AP and Reuters\n"
    )
    assert info(text).source is None


def test_user_publisher_table_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[domains]\n"example.net" = "Example News"\n"tass.com" = "TASS Agency"\n')
    table = load_publishers(extra)
    assert table["example.net"] == "Example News"
    assert table["tass.com"] == "TASS Agency"
    assert table["nytimes.com"] == "The New York Times"
    assert publisher_for_url("https://sub.example.net/x", table) == "Example News"
    text = "Headline words here\n\nText.\n\nOriginal url:\n\n<https://example.net/a>\n"
    assert info(text, table).source == "Example News"


# --- url ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        "Original url:\n\n<https://example.com/a/b>\n",
        "Original url:\nhttps://example.com/a/b\n",
        "Source: https://example.com/a/b\n",
        "URL: <https://example.com/a/b>\n",
    ],
)
def test_url_forms(tail: str) -> None:
    assert info("Headline words here\n\nText.\n\n" + tail).url == "https://example.com/a/b"


def test_only_http_urls() -> None:
    assert (
        info("Headline words here\n\nText.\n\nOriginal url:\n\nftp://example.com/a\n").url is None
    )
    assert info("Headline words here\n\nSee https://example.com/a for more.\n").url is None


# --- author ------------------------------------------------------------------------------


def test_author_forms() -> None:
    assert info("Headline words here\n\nBy Jane Doe\n\nText.\n").author == "Jane Doe"
    joined = "Headline words here\n\nBy Jane Doe | Sept. 28, 2015\n\nText.\n"
    assert (info(joined).author, info(joined).date) == ("Jane Doe", PartialDate(2015, 9, 28))
    wire = "HEADLINE\n3-MAR-1987 10:00:00.00\n\nby Janie Gabbett, Reuters\nLA, March 3 - Text.\n"
    assert info(wire).author == "Janie Gabbett"
    assert info("Headline words here\n\nBy Jane Doe and John Roe\n\nText.\n").author == "Jane Doe"
    credit = "Headline words here\n\nText.\n\n(Reporting by Ann Lee and Bo Chan; Editing by Cy)\n"
    assert info(credit).author == "Ann Lee"
    assert info("Headline words here\n\nText without a byline.\n").author is None


@pytest.mark.parametrize("text", ["", "\n", '""""', "x" * 100_000, "\x00\xff" * 50, "Reuter"])
def test_never_raises(text: str) -> None:
    assert isinstance(info(text), PublicationInfo)


@pytest.mark.parametrize(
    ("year", "valid_feb_days"),
    [(None, 29), (1900, 28), (2000, 29), (2023, 28), (2024, 29), (2100, 28)],
)
def test_partial_date_accepts_the_days_of_the_calendar(
    year: int | None, valid_feb_days: int
) -> None:
    """A year-unknown date may be 29 February; otherwise the year's own calendar decides."""
    assert PartialDate(year, 2, valid_feb_days).day == valid_feb_days
    with pytest.raises(ValueError, match="day out of range"):
        PartialDate(year, 2, valid_feb_days + 1)
    for month, days in ((1, 31), (4, 30), (6, 30), (9, 30), (11, 30), (12, 31)):
        assert PartialDate(year, month, days).day == days
        with pytest.raises(ValueError, match="day out of range"):
            PartialDate(year, month, days + 1)
    for month, day, problem in ((0, 1, "month"), (13, 1, "month"), (5, 0, "day")):
        with pytest.raises(ValueError, match=f"{problem} out of range"):
            PartialDate(year, month, day)
