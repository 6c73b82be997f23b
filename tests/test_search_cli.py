"""``python -m bot quote|search|whosaid|speaker|onthisday|sources|random`` via bot.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture
def db(seed_db: Path) -> str:
    return str(seed_db)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_quote_readable(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "quote", "deconflict", "--db", db)
    assert code == 0
    assert out.startswith("1–4 of 4 for deconflict")
    assert "Jens Stoltenberg" in out
    assert "Lavrov" in out
    assert "22 September (year unknown)" in out
    assert "28 September 2015" in out


def test_quote_json_and_speaker_filter(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(
        capsys, "quote", "--speaker", "Sergey Lavrov", "--limit", "50", "--json", "--db", db
    )
    assert code == 0
    data = json.loads(out)
    assert data["total"] == len(data["items"])
    assert data["summary"].endswith(f"of {data['total']}")
    assert len({item["article_id"] for item in data["items"]}) == 4
    assert any(item["date"] == "--09-22" for item in data["items"])


def test_typo_note(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "quote", "deconflcit", "--db", db)
    assert code == 0
    assert out.startswith("Showing results for deconflict")


def test_search_whosaid_speaker_onthisday_sources_random(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(capsys, "search", "deconflict", "--db", db)
    assert code == 0
    assert "**deconflicting**" in out
    code, out = _run(capsys, "whosaid", "no military solution to the turmoil", "--json", "--db", db)
    assert code == 0
    assert "Earnest" in json.loads(out)[0]["quote"]["speaker_canonical"]
    code, out = _run(capsys, "speaker", "lavrov", "--db", db)
    assert code == 0
    assert "Sergey Lavrov" in out
    assert "(year unknown)" in out
    code, out = _run(capsys, "onthisday", "09-22", "--db", db)
    assert code == 0
    assert "year unknown:" in out
    assert "TASS" in out
    code, out = _run(capsys, "onthisday", "09-28", "--reference", "2025-09-28", "--db", db)
    assert code == 0
    assert "10 years ago (2015)" in out
    code, out = _run(capsys, "sources", "--json", "--db", db)
    assert code == 0
    assert {s["name"] for s in json.loads(out)} >= {"TASS", "The Moscow Times"}
    code, out = _run(capsys, "random", "--speaker", "stoltenberg", "--db", db)
    assert code == 0
    assert out.startswith("Jens Stoltenberg: “")


def test_article_and_context(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "quote", '"too early to determine"', "--json", "--db", db)
    item = json.loads(out)["items"][0]
    code, out = _run(capsys, "context", item["quote_id"], "--db", db)
    assert code == 0
    assert "Speaking to Reuters" in out
    code, out = _run(capsys, "article", item["article_id"], "--db", db)
    assert code == 0
    assert "The Moscow Times" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["quote", "AND OR ("],
        ["quote", '"'],
        ["quote", "*"],
        ["quote", "🙂"],
        ["search", "NEAR("],
        ["whosaid", "col:x"],
        ["speaker", "Napoleon"],
        ["onthisday", "13-45"],
        ["quote", "syria", "--from", "last week"],
        ["quote", "syria", "--source", "Pravda"],
        ["quote", "syria", "--cursor", "bogus"],
        ["quote", "x" * 10_000],
    ],
)
def test_user_errors_are_messages(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out = _run(capsys, *argv, "--db", db)
    assert code in (0, 1)
    if code == 1:
        assert out.strip()
        assert "Traceback" not in out
        assert len(out) < 400


def test_error_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "speaker", "Napoleon", "--json", "--db", db)
    assert code == 1
    assert json.loads(out)["kind"] == "UnknownSpeaker"


def test_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sources", "--db", str(tmp_path / "none.db")])
    assert code == 1
    assert "run `python -m bot index`" in capsys.readouterr().err


def test_date_options_match_the_discord_names(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--since/--until (as in /quote) and --from/--to are the same filter."""
    pages = []
    for since, until in (("--since", "--until"), ("--from", "--to")):
        code, out = _run(
            capsys, "quote", "syria", since, "2016-01-01", until, "2016-12-31", "--json", "--db", db
        )
        assert code == 0
        pages.append(json.loads(out))
    assert pages[0] == pages[1]
    assert pages[0]["items"]
    assert all(item["date"].startswith("2016-") for item in pages[0]["items"])
