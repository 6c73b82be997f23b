"""One speaker, many spellings: grouping names across the corpus."""

from __future__ import annotations

from bot.corpus.aliases import group_speakers


def _groups(names: list[str]) -> dict[str, set[str]]:
    return {group.name: set(group.aliases) for group in group_speakers(names)}


def test_transliterations_and_surname_merge_under_the_usual_spelling() -> None:
    groups = _groups(["Sergei Lavrov"] * 3 + ["Sergey Lavrov", "Lavrov"])
    assert groups == {"Sergei Lavrov": {"Sergei Lavrov", "Sergey Lavrov", "Lavrov"}}


def test_people_sharing_a_surname_stay_apart_and_a_bare_surname_is_not_guessed() -> None:
    groups = _groups(["Bill Clinton", "Hillary Clinton", "Clinton"])
    assert groups == {
        "Bill Clinton": {"Bill Clinton"},
        "Hillary Clinton": {"Hillary Clinton"},
        "Clinton": {"Clinton"},
    }


def test_initials_and_middle_names_match_but_similar_names_do_not() -> None:
    groups = _groups(
        ["John Kerry", "J. Kerry", "H. Onno Ruding", "Onno Ruding", "Mark Smith", "Mary Smith"]
    )
    assert groups["John Kerry"] == {"John Kerry", "J. Kerry"}
    assert groups["H. Onno Ruding"] == {"H. Onno Ruding", "Onno Ruding"}
    assert "Mark Smith" in groups
    assert "Mary Smith" in groups


def test_different_middle_initials_are_different_people() -> None:
    groups = _groups(["George H.W. Bush", "George H. W. Bush", "George W. Bush"])
    assert groups == {
        "George H. W. Bush": {"George H.W. Bush", "George H. W. Bush"},
        "George W. Bush": {"George W. Bush"},
    }
    # Middle names (not initials) still merge with the shorter form, and so does a name
    # without any middle initial.
    groups = _groups(["José Luis Rodríguez Zapatero", "José Rodríguez Zapatero"])
    assert len(groups) == 1
    assert len(_groups(["John F. Kennedy", "John Kennedy"])) == 1


def test_case_and_accents_do_not_split_a_person() -> None:
    groups = _groups(["José Ramos-Horta", "Jose Ramos-Horta", "JOSÉ RAMOS-HORTA"])
    assert len(groups) == 1


def test_names_differing_only_in_case_are_one_group_even_among_namesakes() -> None:
    groups = group_speakers(
        ["REUTERS", "Reuters", "Bill Clinton", "Hillary Clinton", "CLINTON", "Clinton"]
    )
    keys = [group.name.casefold() for group in groups]
    assert len(keys) == len(set(keys))
    assert {"reuters", "clinton"} <= set(keys)
