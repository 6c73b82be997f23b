"""Speaker attribution on short articles written for these tests (no article text copied)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.corpus.extract import extract_article
from bot.corpus.names import is_plausible_speaker
from bot.corpus.paragraphs import split_paragraphs
from bot.corpus.quotes import find_quotes
from bot.corpus.speakers import Attribution, attribute_speakers


def _attribute(text: str) -> list[tuple[str, str | None, bool]]:
    body = split_paragraphs(text)
    spans = find_quotes(body)
    attributions = attribute_speakers(body, spans)
    assert len(attributions) == len(spans)
    return [(s.text, a.speaker, a.explicit) for s, a in zip(spans, attributions, strict=True)]


def _speakers(text: str) -> list[str | None]:
    return [speaker for _, speaker, _ in _attribute(text)]


def test_no_quotes_gives_no_attributions() -> None:
    assert attribute_speakers(split_paragraphs("Nothing was said."), []) == []


def test_trailing_said_with_surname_resolves_to_full_name_without_title() -> None:
    text = (
        "Harbour Minister Alice Moreau opened the new pier on Friday.\n\n"
        '"This pier will serve the town for a century," Moreau said.'
    )
    assert _attribute(text) == [
        ("This pier will serve the town for a century,", "Alice Moreau", True)
    ]


def test_inverted_said_and_apposition() -> None:
    text = (
        '"Prices will fall by spring," said Tomas Berg, an economist at Northbank.\n\n'
        '"We expect a slow year," Lena Ortiz, the bank\'s chief executive, told reporters.'
    )
    assert _speakers(text) == ["Tomas Berg", "Lena Ortiz"]


def test_colon_and_comma_introductions() -> None:
    text = (
        'Mayor Daniel Okafor said: "The roads reopen tomorrow."\n\n'
        'Fire chief Ruth Lindqvist said, "Nobody was hurt."'
    )
    assert _speakers(text) == ["Daniel Okafor", "Ruth Lindqvist"]


def test_pronoun_resolves_to_gender_compatible_person() -> None:
    text = (
        "Senator Mark Delaney met Judge Helen Park on Tuesday.\n\n"
        '"The ruling stands," she said.\n\n'
        '"We will appeal," he said.'
    )
    assert _speakers(text) == ["Helen Park", "Mark Delaney"]


def test_split_quote_and_continuation_paragraph() -> None:
    text = (
        'Coach Sam Rivera was pleased. "We defended well," he said. "The league is long."\n\n'
        '"Next week will be harder."'
    )
    result = _attribute(text)
    assert [speaker for _, speaker, _ in result] == ["Sam Rivera"] * 3
    assert [explicit for _, _, explicit in result] == [True, False, False]


def test_role_noun_resolves_to_person_with_that_title() -> None:
    text = (
        "Finance Minister Priya Natarajan presented the budget.\n\n"
        'Opposition leader Carl Jensen left early. "It is a good plan," the minister said.'
    )
    assert _speakers(text) == ["Priya Natarajan"]


def test_unnamed_source_is_null() -> None:
    text = '"The deal is off," a spokesman for the company said.'
    assert _attribute(text) == [("The deal is off,", None, True)]


def test_according_to() -> None:
    text = 'The plant will close, according to Maria Chen, who called it "a sad day."'
    assert _speakers(text) == ["Maria Chen"]


def test_partial_quote_gets_the_sentence_speaker() -> None:
    text = 'Governor Ana Lopez called the storm "historic" and urged calm.'
    assert _speakers(text) == ["Ana Lopez"]


def test_attribution_opening_next_paragraph() -> None:
    text = '"We are united on this point,"\n\nhe said. Later, more talks followed.'
    body = split_paragraphs("Union leader Joe Marsh spoke first.\n\n" + text)
    spans = find_quotes(body)
    assert attribute_speakers(body, spans) == [Attribution("Joe Marsh", True)]


def test_never_named_person_is_null() -> None:
    text = '"Sales are strong," one analyst said.\n\n"Costs are up," an aide to the mayor said.'
    assert _speakers(text) == [None, None]


def test_organisation_as_subject_and_its_acronym_and_it() -> None:
    text = (
        "The Northern Institute of Fishery Studies (NIFS) released its survey.\n\n"
        '"Stocks are recovering," the NIFS said. "Quotas can rise," it said.'
    )
    assert _speakers(text) == ["Northern Institute of Fishery Studies"] * 2


def test_pathological_input_is_fast_and_never_raises() -> None:
    cases = [
        'Anna Berg said " the plan. ' * 5000,
        ('Minister Jan Kowalski said "we act now," he added. ' * 2000)[:100_000],
        "\n\n".join(f'"Item {i}," said Person{i} Smith.' for i in range(3000)),
        '"' * 50_000,
        " ".join(f'She said "item {n}' for n in range(5000)),
        "Ann Lee met Bo Kim and " * 5000 + 'he said "done."',
    ]
    started = time.perf_counter()
    for text in cases:
        body = split_paragraphs(text)
        spans = find_quotes(body)
        assert len(attribute_speakers(body, spans)) == len(spans)
    assert time.perf_counter() - started < 10.0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab AB.\"“”'’,:\n-HeSsaid", max_size=300))
def test_random_text_never_raises(text: str) -> None:
    body = split_paragraphs(text)
    spans = find_quotes(body)
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert len(attribute_speakers(body, spans)) == len(spans)


def test_employer_after_of_is_not_the_speaker() -> None:
    text = '"Demand is soft," Dana Whitfield of Harbor Grain Trading said.'
    assert _speakers(text) == ["Dana Whitfield"]


def test_place_or_employer_after_an_unnamed_subject_is_not_the_speaker() -> None:
    # Wire copy quotes unnamed people placed by a city or a firm; the name there is not who
    # spoke, and the quote stays without a speaker rather than going to "Tokyo".
    assert _speakers('"The market is quiet," one senior official in Tokyo said.') == [None]
    assert _speakers('"Demand was thin," a dealer for a German bank in London said.') == [None]
    assert _speakers('A spokesman for Acme told Reuters: "We have no comment."') == [None]
    # A role noun so placed still refers back to the person named with that title.
    text = 'Finance Minister Jean Dupont spoke. "Rates will rise," the minister in Ottawa said.'
    assert _speakers(text) == ["Jean Dupont"]
    # A name after a preposition that opens no placing phrase is still the subject.
    text = 'Revenue fell, a drop of 34 pct which Hernandez said "hurt the budget."'
    assert _speakers(text) == ["Hernandez"]


def test_who_was_told_and_described_unnamed_people_are_not_speakers() -> None:
    # The object of "told" is who heard it, even when the subject has no name.
    assert _speakers('A Toshiba executive told Reuters: "We see no problems."') == [None]
    assert _speakers('Jim Baker told Reuters: "We see no problems."') == ["Jim Baker"]
    # Capitalised words describe an unnamed person; they do not make one, nor does the
    # person named before.
    named = "Jim Baker spoke on Monday. "
    assert _speakers(named + '"There is slack," a U.S. Government official said.') == [None]
    assert _speakers(named + '"Demand is firm," one New York banker commented.') == [None]
    assert _speakers(named + 'A Toshiba executive said: "We see no problems."') == [None]
    # Plural sources are nobody in particular, not the last person named.
    text = 'John Smith spoke on Monday. "Prices will fall," the analysts said.'
    assert _speakers(text) == [None]
    # A definite role still refers back to the person who holds it.
    text = 'Drexel spokesman Bob Jones spoke. "Prices will fall," the Drexel spokesman said.'
    assert _speakers(text) == ["Bob Jones"]


def test_initials_written_together_belong_to_the_name() -> None:
    text = '"We are convinced," former President George H.W. Bush said.'
    assert _speakers(text) == ["George H.W. Bush"]
    text = 'A.W. Clausen spoke on Monday. "We are convinced," Clausen said.'
    assert _speakers(text) == ["A.W. Clausen"]
    # "U.S." is a place, not initials: the title and the name after it are read as before.
    text = '"Rates will rise," U.S. Trade Representative Clayton Yeutter said.'
    assert _speakers(text) == ["Clayton Yeutter"]


def test_a_firm_beside_a_person_is_the_employer() -> None:
    # Firms are often named like people ("H.J. Heinz", "Bear Stearns"); before a role noun
    # and a person, or after "of", they are where the speaker works.
    text = 'H.J. Heinz chairman Tony Reilly spoke, arguing "the debt must fall."'
    assert _speakers(text) == ["Tony Reilly"]
    text = 'Paul Johnson follows chips. "It is a big step," said Johnson of L.F. Rothschild.'
    assert _speakers(text) == ["Paul Johnson"]
    assert _speakers('"It will pass," said C.J. Lawrence analyst Harry Mortner.') == [
        "Harry Mortner"
    ]
    assert _speakers('"Rates will rise," said an economist at Goldman Sachs.') == [None]


def test_a_title_phrase_in_apposition_describes_the_person_named_before_it() -> None:
    text = (
        '"It is far from certain," Sir Roy Denman, Head of the EC Delegation in Washington, '
        "told reporters."
    )
    assert _speakers(text) == ["Roy Denman"]
    text = '"We should not wait," Masao Hori, Chairman of the finance committee, told the group.'
    assert _speakers(text) == ["Masao Hori"]


def test_a_surname_spelt_like_a_pronoun() -> None:
    # Mid-sentence, a capitalised "He" can only be a name; wire copy then writes "He said".
    text = 'But He Weiling, a representative of the institute, said it is "not at risk."'
    assert _speakers(text + ' He said "growth is slow."') == ["He Weiling", "He Weiling"]
    assert _speakers('Jim Baker spoke. He said "growth is slow."') == ["Jim Baker"]


def test_a_common_word_before_a_given_name_is_not_part_of_the_name() -> None:
    text = (
        "Director of the Office of Management and Budget James Miller said the budget "
        'is "very tight."'
    )
    assert _speakers(text) == ["James Miller"]
    # A leading word the article never writes in lower case may be a first name.
    assert _speakers('Hanns Christian Schroeder said rates are "too high."') == [
        "Hanns Christian Schroeder"
    ]


def test_questioner_in_passive_asked_by() -> None:
    text = 'Senator Ray Holt was asked by host Nina Park, "Will you run again?"'
    assert _speakers(text) == ["Nina Park"]


def test_inverted_attribution_after_question_mark() -> None:
    text = 'Governor Luis Ortega spoke first.\n\n"Who pays for this?" Ortega asked.'
    assert _speakers(text) == ["Luis Ortega"]


def test_family_name_first_resolves_to_full_name() -> None:
    text = 'Wang Lihua, a village official, met reporters.\n\n"The harvest was poor," Wang said.'
    assert _speakers(text) == ["Wang Lihua"]


def test_surname_that_is_also_an_auxiliary_verb() -> None:
    text = '"Brexit means Brexit," Prime Minister Theresa May said.'
    assert _speakers(text) == ["Theresa May"]


def test_one_word_company_subject_is_named_in_full() -> None:
    text = (
        "Harlow Motor Company recalled 9,000 vans on Monday.\n\n"
        '"Safety comes first," Harlow told reporters.'
    )
    assert _speakers(text) == ["Harlow Motor Company"]


def test_titled_surname_is_not_mistaken_for_a_company() -> None:
    text = (
        "Mr. Harlow founded Harlow Motor Company in 1990.\n\n"
        '"We started in a garage," Harlow told reporters.'
    )
    assert _speakers(text) == ["Harlow"]


@pytest.mark.parametrize("opener", ["Besides", "Nevertheless,", "Earlier", "Meanwhile"])
def test_a_word_opening_the_sentence_is_not_part_of_the_name(opener: str) -> None:
    text = (
        "Dollar news today\n\nTreasury Secretary James Baker spoke on Monday.\n\n"
        f'{opener} Baker said: "The dollar has fallen enough."\n'
    )
    [quote] = extract_article(text, "x.txt").quotes
    assert quote.speaker == "James Baker"


def test_a_treaty_is_not_a_person() -> None:
    text = (
        "Trade talks\n\nChina applied to join the General Agreement on Tariffs and Trade.\n\n"
        '"The fear is that China would go back," he said.\n'
    )
    [quote] = extract_article(text, "x.txt").quotes
    assert quote.speaker is None


@pytest.mark.parametrize("subject", ["Another", "One", "Some", "Analysts", "Officials"])
def test_an_unnamed_subject_gives_no_speaker_rather_than_a_guess(subject: str) -> None:
    text = (
        "Dollar news today\n\nTreasury Secretary James Baker spoke on Monday.\n\n"
        f'{subject} said: "The dollar has fallen enough."\n'
    )
    [quote] = extract_article(text, "x.txt").quotes
    assert quote.speaker is None


@pytest.mark.parametrize(
    ("speaker", "plausible"),
    [
        ("James Baker", True),
        ("Bundesbank", True),
        ("SEC", True),
        ("P", False),
        ("U.", False),
        ("Another official", False),
        ("Analysts", False),
        ("Co", False),
        ("Bank", False),
    ],
)
def test_what_can_be_a_speaker(speaker: str, plausible: bool) -> None:
    assert is_plausible_speaker(speaker) is plausible


def test_a_company_whose_name_starts_with_a_title_word_is_not_a_titled_person() -> None:
    """ "General" and "First" are ranks and titles, but "General Acquisition" after the
    article has named "General Acquisition Co" is the company; a real general stays one."""
    text = (
        "General Acquisition Co, a partnership of two investors, raised its offer.\n\n"
        '"We will not be deterred," General Acquisition said on Monday.\n\n'
        "General Maria Ortiz inspected the troops.\n\n"
        '"We are ready," General Ortiz said.'
    )
    assert _speakers(text) == ["General Acquisition Co", "Maria Ortiz"]


def test_surname_alone_is_the_relative_the_article_introduced_first() -> None:
    text = (
        "Harold P. Quist built the ferry line in 1990.\n\n"
        "His daughter, Marta Quist, now runs the booking office.\n\n"
        '"The old boats still make money," Mr. Quist said.'
    )
    assert _speakers(text) == ["Harold P. Quist"]


def test_titled_surname_never_takes_a_full_name_of_the_other_gender() -> None:
    text = (
        "Robert Quist and his sister Mary Quist own the ferry line. Robert Quist rarely "
        "speaks to reporters.\n\n"
        '"We will add a night crossing," Ms. Quist said.'
    )
    assert _speakers(text) == ["Mary Quist"]


def test_verb_or_preposition_opening_a_sentence_is_not_its_subject() -> None:
    text = (
        'Sign up by clicking the "subscribe" button.\n\n'
        "Led by the mayor, the marchers denounced the plan to close the harbour, calling it "
        '"a betrayal of the town."\n\n'
        'Outside the hall, a crowd chanted "Save our pier."'
    )
    assert _speakers(text) == [None, None, None]


def test_descriptor_before_a_name_is_not_part_of_it() -> None:
    text = (
        '"We will appeal," said the Montreal-based Harbour Holdings Ltd.\n\n'
        '"The fee is unfair," said a Boston-based lawyer.\n\n'
        '"Sales will recover," said Chairman-elect Rosa Delgado.'
    )
    assert _speakers(text) == ["Harbour Holdings Ltd", None, "Rosa Delgado"]


def test_name_over_a_line_break_has_one_space() -> None:
    text = (
        "    The Ministry of Harbour\nAffairs (MHA) said on Monday it would act.\n"
        '    The MHA said the fee was "unfair and illegal."'
    )
    assert _speakers(text) == ["Ministry of Harbour Affairs"]


def test_place_or_company_before_a_title_describes_it() -> None:
    text = (
        "Port Authority spokesman Tom Reyes said the pier was safe.\n\n"
        '"We have done nothing wrong," said the Port Authority spokesman.\n\n'
        '"Crime is falling," according to the Riverton mayor, Dee Margo.\n\n'
        '"It is a small model," said a Unisys spokesman.'
    )
    assert _speakers(text) == ["Tom Reyes", "Dee Margo", None]


def test_person_after_a_possessive_is_named_without_the_owner() -> None:
    text = (
        '"Rates will rise," said Ichiro Tanaka, director of Harbour Trust.\n\n'
        'But Harbour Trust\'s Tanaka said, "A fall is not ruled out."'
    )
    assert _speakers(text) == ["Ichiro Tanaka", "Ichiro Tanaka"]


def test_the_one_asked_a_question_answers_next() -> None:
    text = (
        "Last month, the Harbour Post's Scott Berg asked Tom Reyes whether the pier was "
        "safe.\n\n"
        '"It is safe, and I walk on it every day," he said.\n\n'
        "Reyes said he has asked Berg to visit the pier.\n\n"
        '"He will see for himself," he said.'
    )
    assert _speakers(text) == ["Tom Reyes", "Tom Reyes"]


def test_place_after_title_of_is_not_part_of_the_name() -> None:
    text = (
        "Chief Executive of New Harbour Tomas Ruiz said the vote was fair.\n\n"
        '"We counted every ballot," Ruiz said.'
    )
    assert _speakers(text) == ["Tomas Ruiz"]


def test_middle_initial_a_or_i_is_an_initial() -> None:
    text = (
        "Henry A. Duffy, president of the pilots' union, spoke first.\n\n"
        '"We are tired," Duffy said.\n\n'
        '"Sales will recover," said Chairman Peter I. Cohen.'
    )
    assert _speakers(text) == ["Henry A. Duffy", "Peter I. Cohen"]


def test_person_closing_an_organisation_run() -> None:
    text = '    Former U.S. Ambassador to the United Nations Nikki Haley wrote, "It is a mistake."'
    assert _speakers(text) == ["Nikki Haley"]


def test_particles_roles_and_nationalities_around_a_name() -> None:
    text = (
        "Finance Minister Barend du Plessis spoke in Cape Town.\n\n"
        '"The rand will hold," Du Plessis said.\n\n'
        '"We sold," said Investor Paul Bilzerian.\n\n'
        '"Trade must be free," said Belgian Willy de Clercq.\n\n'
        '"Yields will fall," said Credit Suisse Paul Hofer.'
    )
    assert _speakers(text) == [
        "Barend du Plessis",
        "Paul Bilzerian",
        "Willy de Clercq",
        "Paul Hofer",
    ]


def test_a_title_modifier_takes_the_next_word_as_its_head() -> None:
    # "Chief", "Special", "Acting" qualify a head noun the title list need not know.
    text = (
        '"Audits will improve," the Port Authority Chief Auditor Rhoda Quill told the board.\n\n'
        '"We will appeal," said Special Prosecutor Ansel Varga.\n\n'
        '"Not yet," said Deputy Mary Ann Brook.'
    )
    assert _speakers(text) == ["Rhoda Quill", "Ansel Varga", "Mary Ann Brook"]


def test_a_participle_ending_a_coordinated_clause_belongs_to_its_subject() -> None:
    text = (
        "Earlier, Mayor Ida Brandt told the council that rents had stopped rising, but "
        'Otto Lind said he was less sure, adding, "We have seen this before."\n\n'
        "Mayor Ida Brandt told the council that Otto Lind had been wrong, adding, "
        '"Rents are flat."'
    )
    assert _speakers(text) == ["Otto Lind", "Ida Brandt"]


def test_a_reporting_verb_opening_the_sentence_is_not_a_name() -> None:
    text = (
        '"The port is quiet," one pilot said.\n\n'
        'Commented another pilot: "Too quiet."\n\n'
        'Added Vera Holm: "It will pass."'
    )
    assert _speakers(text) == [None, None, "Vera Holm"]


def test_an_appositive_missing_its_closing_comma_leaves_the_person_the_speaker() -> None:
    # Wire copy often drops the comma before "said": the firm or body is not the speaker.
    text = (
        '"Prices will hold," Lena Vasko, an analyst at Harbor Trust Co said.\n\n'
        '"We will strike," Amos Obi, leader of the Federation of Dock Unions told reporters.'
        '\n\n"Rates are low," Harbor Trust Co said.'
    )
    assert _speakers(text) == ["Lena Vasko", "Amos Obi", "Harbor Trust Co"]


def test_a_lower_case_title_of_a_body_then_the_person() -> None:
    text = (
        '"The harbour is unsafe," regional director of Harbor Watch Lin-wei Chou said.\n\n'
        # "A" after "president of" is a company's initial, not a name: no crash, no speaker.
        '    Ann Lee, president of A and B\'s Harbor Foods, said: "We will grow."'
    )
    assert _speakers(text) == ["Lin-wei Chou", "Ann Lee"]


def test_an_unnamed_person_described_by_a_name_after_the_verb_is_nobody() -> None:
    text = (
        "Mary Holm spoke about pay and job security on Monday.\n\n"
        '"Talks will be rough," says one former Harbor Motors human relations executive.\n\n'
        '"We cannot stop the selling," said a senior Danish trade official who asked not to '
        "be named."
    )
    assert _speakers(text) == [None, None]


def test_the_statement_is_the_body_that_issued_it_or_the_owner_named() -> None:
    text = (
        '"The delay is deliberate," Harbor Mills Corp said in a statement.\n\n'
        '"Coming as it does, when Mayor Ida Brandt agreed the price, the suit is '
        'absurd," the statement added.\n\n'
        "Judge Omar Reyes ruled on Monday.\n\n"
        'Part of the judge\'s statement reads "the law no longer holds."'
    )
    assert _speakers(text) == ["Harbor Mills Corp", "Harbor Mills Corp", "Omar Reyes"]


def test_a_place_closing_an_apposition_is_not_the_speaker() -> None:
    text = (
        "Cora Lund, curator at the University of Arkansas, Fayetteville, said, "
        '"These prints are rare."\n\n'
        'Ned Voss, of Springfield, Va., said he "never doubted it."\n\n'
        '"Rates will rise," Sosnoff, a New York investor, said.'
    )
    assert _speakers(text) == ["Cora Lund", "Ned Voss", "Sosnoff"]


def test_a_lone_word_after_the_is_no_person_to_refer_back_to() -> None:
    text = (
        "Oil investor Tom Reade bought more shares on Monday.\n\n"
        "An analyst who asked not to be named discounted the Reade rumor. "
        '"Reade has a full plate," he said.\n\n'
        "Senate Republican leader Robert Hale said the votes were there.\n\n"
        'Appearing on television, the Kansas senator said the Reade nomination "could be in '
        'some difficulty."'
    )
    assert _speakers(text) == [None, "Robert Hale"]


def test_a_name_described_as_a_person_is_who_a_pronoun_means() -> None:
    text = (
        'Mayor Ida Brandt waved, then said: "We will win."\n\n'
        "The mayor's rival made an appearance, courtesy of Ravi Okon, a delegate from Ohio "
        "who dressed up in a costume.\n\n"
        '"I thought it would be funny," he said.'
    )
    assert _speakers(text) == ["Ida Brandt", "Ravi Okon"]


def test_he_too_is_the_pronoun_subject() -> None:
    text = (
        '"The line is quiet," Tomas Rell, a port official, told reporters.\n\n'
        "Carl Hendry and Rhoda Quill both blamed the radio, with Hendry describing a fault. "
        'He too suggested a scenario in which "the set was switched off."'
    )
    assert _speakers(text) == ["Tomas Rell", "Carl Hendry"]


def test_a_participle_after_an_article_reports_nothing() -> None:
    text = (
        "    General Harbor Co made an offer on Friday.\n\n"
        "    General Harbor said the board could not make an informed decision until it "
        'has "explored with us the ways our offer can be improved."\n\n'
        '    "We stand ready," it said.'
    )
    assert _speakers(text) == ["General Harbor Co", "General Harbor Co"]


def test_plural_title_is_nobody_in_particular() -> None:
    text = 'Republican Representatives attacked the bill as "a blatant power grab."'
    assert _speakers(text) == [None]


def test_title_of_the_body_then_the_person() -> None:
    text = (
        '    "We will hold rates," Chancellor of the Exchequer Nora Lane told parliament.\n'
        '    "Talks went well," said U.K. Chief of Staff Hal\nBoyd.'
    )
    assert _speakers(text) == ["Nora Lane", "Hal Boyd"]


def test_weekday_ends_a_name_only_after_a_given_name() -> None:
    text = (
        "Prime Minister Rishi Sunak faced questions in parliament.\n\n"
        "During Prime Minister's Questions Wednesday, Sunak defended the record: "
        '"We are working as quickly as possible."\n\n'
        '"Justice will be done," said Sergeant Joe Friday.'
    )
    assert _speakers(text) == ["Rishi Sunak", "Joe Friday"]


def test_no_name_starts_inside_u_s() -> None:
    text = (
        '"We appreciate their frustration," U.S. Officials said.\n\n'
        '"Nothing was agreed," U.S. Official said.\n\n'
        '"Talks will go on," said U.S. Trade Representative Clay Yeats.'
    )
    assert _speakers(text) == [None, None, "Clay Yeats"]


def test_a_surname_misspelt_once_is_the_person_named_in_full() -> None:
    text = (
        "Janusz Kaczurba, a deputy minister, spoke in Warsaw.\n\n"
        '"Small firms will grow," Kaczura said.\n\n'
        "Anna Fisher chairs the board. Fischer, a rival bidder, disagreed.\n\n"
        '"The price is too high," Fischer said.'
    )
    assert _speakers(text) == ["Janusz Kaczurba", "Fischer"]


def test_a_persons_statement_and_a_signed_quote_are_theirs() -> None:
    text = (
        "Senator Ruth Okafor criticised the decision on Monday.\n\n"
        'Okafor\'s statement added, "The port deserved better."\n\n'
        '"So far it is the harbour: 1, the council: 0."  - Mark Ingram\n\n'
        'Okafor\'s spokesman said, "No comment."'
    )
    assert _speakers(text) == ["Ruth Okafor", "Mark Ingram", None]


def test_a_body_named_with_of_is_named_whole() -> None:
    text = (
        '    "Rates will rise," the Bank of Veridia said.\n'
        '    "Rates will fall," said the Bank of Veridia.\n'
        "    The High Court of Veridia and Wales also ruled, finding the case was not for "
        'the courts: "In our view, it is not justiciable."\n'
        '    Bank of Spain officials said this was a response "to a market short of funds."\n'
        '    "Prices are firm," said the Department of Agriculture Deputy Administrator '
        "William Bailey."
    )
    assert _speakers(text) == [
        "Bank of Veridia",
        "Bank of Veridia",
        "High Court of Veridia and Wales",
        None,
        "William Bailey",
    ]


def test_one_of_several_unnamed_sources_is_nobody() -> None:
    text = (
        '"Foreign stakes will be capped," Darrell Whitten said.\n\n'
        'Western diplomatic sources were more blunt. "They want no big holder," one said.\n\n'
        "Mark Hassenberg follows the company for DLJ Securities.\n\n"
        '"The values are higher," said DLJ Securities\' Hassenberg.'
    )
    assert _speakers(text) == ["Darrell Whitten", None, "Mark Hassenberg"]


def test_the_role_taken_up_from_an_unnamed_one_is_nobody() -> None:
    text = (
        '"Growth will come," Christian Roeher said.\n\n'
        "A foreign banker close to the talks saw no boom before 1989.\n\n"
        '"The problem is the debt," the banker said.\n\n'
        'Finance Minister Ann Lee spoke next. "Talks go on," the minister said.'
    )
    assert _speakers(text) == ["Christian Roeher", None, "Ann Lee"]


def test_surname_after_a_lowercase_role_noun() -> None:
    text = (
        "Tina Rizopuolos follows drug makers for a London broker.\n\n"
        '"Sales will hold," said Richard Hornick of Hornick Research.\n\n'
        '"Nobody should sell Glaxo," said analyst Rizopuolos.\n\n'
        '"We are moving somewhere new," said a dealer at a major Swiss bank.'
    )
    assert _speakers(text) == ["Richard Hornick", "Tina Rizopuolos", None]


def test_the_state_democrat_is_the_lawmaker_named_before() -> None:
    text = (
        "Senate leader Robert Byrd expected to lose a vote on aid.\n\n"
        '"We are going to lose today," the West Virginia Democrat told reporters.'
    )
    assert _speakers(text) == ["Robert Byrd"]


def test_a_thing_taken_up_again_is_no_unnamed_person() -> None:
    # "the artwork was offered" opens the next paragraph like a "he said"; an artwork is
    # no person left unnamed, so the quote stays with the artist's own words before it.
    text = (
        "The toilet, an artwork, was stolen on Saturday. It was made by Italian artist "
        "Maurizio Rossi.\n\n"
        '"At first I thought it was a prank," wrote Rossi, the artist, in an e-mail. '
        '"I had forgotten it was made of gold."\n\n'
        "Back in 2017, the artwork was offered to the mayor."
    )
    assert _speakers(text) == ["Maurizio Rossi", "Maurizio Rossi"]


def test_an_organisation_named_with_of_or_and_is_the_speaker_whole() -> None:
    # The name-run scanner splits names at "of" and "and"; the speaker is the whole body.
    text = (
        'Miners had a "record season," the Chamber of Mines said.\n\n'
        '"We object to the plan," the House Fisheries Subcommittee said.\n\n'
        '"We will appeal the ruling," the Securities and Exchange Commission said.'
    )
    assert _speakers(text) == [
        "Chamber of Mines",
        "House Fisheries Subcommittee",
        "Securities and Exchange Commission",
    ]


def test_the_body_taken_up_again_is_the_one_named_with_that_noun() -> None:
    # "the exchange" is the exchange named before, though another body spoke since;
    # "the chamber" and "the Inspectorate statement" are bodies named but not yet quoted.
    text = (
        "Trading at the Northport Stock Exchange was heavy on Monday.\n\n"
        '"Growth will slow," the Federation of Harbour Industries said.\n\n'
        '"The market stayed calm," the exchange said.\n\n'
        "The Valley Chamber of Commerce, in a statement, said the fall was over.\n\n"
        'The chamber said "there is no reason for panic."\n\n'
        "A small bank closed, the State Bank Inspectorate said on Tuesday.\n\n"
        'The Inspectorate statement said: "Payments have stopped."'
    )
    assert _speakers(text) == [
        "Federation of Harbour Industries",
        "Northport Stock Exchange",
        "Valley Chamber of Commerce",
        "State Bank Inspectorate",
    ]


def test_the_person_of_a_firm_whose_name_holds_and_or_a_possessive() -> None:
    text = (
        '"Demand is strong," analyst Mara Quillen of Dobbs Fenwick and Co said.\n\n'
        "Ivo Tamsin runs the branch of a foreign bank here.\n\n"
        '"We can reach new clients," said Bank of Northport\'s Tamsin.\n\n'
        '"Prices will firm," Ada Rusk, of Pell Grant and Co said.'
    )
    assert _speakers(text) == ["Mara Quillen", "Ivo Tamsin", "Ada Rusk"]


def test_a_word_that_only_opens_sentences_is_no_subject_name() -> None:
    # "Local" is capitalised only because it opens its sentence; a name the article also
    # writes in mid-sentence ("Wexford" below) still is the subject.
    text = (
        "Floor brokers met on Monday to discuss the new limits.\n\n"
        'Local traders claim that trading among broker "rings" hurts the market.\n\n'
        "Shares of the bank fell, and analysts blamed Wexford.\n\n"
        'Wexford argued in its filing that the rules were "plainly unfair" to members.'
    )
    assert _speakers(text) == [None, "Wexford"]


def test_an_indefinite_subject_after_the_verb_is_nobody_the_article_named() -> None:
    # Before, each of these fell back to the person quoted or named last (Ines Calloway).
    text = (
        'Ines Calloway, the port director, said: "We will hire in spring."\n\n'
        '"Nobody asked us," said a docker using the nickname Red. "We learned it today."\n\n'
        '"The plan is late," said one city official.\n\n'
        '"Costs will rise," said a shipping agent with a large Dutch firm in the port.'
    )
    assert _speakers(text) == ["Ines Calloway", None, None, None, None]


def test_an_indefinite_document_speaks_for_its_issuer() -> None:
    text = (
        "Premier Alvaro Quint met the Northern Farmers Union (NFU) on Monday.\n\n"
        '"Prices must rise," said a statement issued by the NFU.\n\n'
        '"Talks will go on," according to a statement released by Quint\'s office.\n\n'
        '"The harvest is safe," said a Valley Herald editorial.'
    )
    assert _speakers(text) == ["Northern Farmers Union", "Alvaro Quint", "Valley Herald"]


def test_an_appositive_job_left_unclosed_before_the_verb_is_the_persons() -> None:
    # The closing comma is missing, so the last capitalised words before the verb are the
    # employer or a place, never the speaker.
    text = (
        'Mira Holt, economist with Tessel Bank in Oslo said "Rates will stay low."\n\n'
        '"Demand is back," Paul Ferrand, paper analyst for Lune Securities said.\n\n'
        'But Hana Obi, a Lagos-based shipping lawyer said, "The rules are unclear."'
    )
    assert _speakers(text) == ["Mira Holt", "Paul Ferrand", "Hana Obi"]


def test_a_document_named_by_its_issuer_speaks_for_the_issuer() -> None:
    # Before, "the HRA report said" found no subject and fell back to the person named last.
    text = (
        "The Harbour Regulation Authority (HRA) reviewed the pier that Mayor Ilse Brandt "
        "opened in May.\n\n"
        '"The pier needs new piles," the HRA report said.\n\n'
        '"We will close it in winter," the Treasury statement said.'
    )
    assert _speakers(text) == ["Harbour Regulation Authority", "Treasury"]


def test_he_or_she_is_no_company_the_article_names_in_full() -> None:
    # "Norvel said" makes Norvel a subject like any surname; "Norvel Motors Corp" shows it
    # is a company, which "he" cannot take up.
    text = (
        "Norvel Motors Corp cut its forecast on Monday.\n\n"
        "Norvel said sales fell in March.\n\n"
        '"We expect a better summer," he said.'
    )
    assert _speakers(text) == [None]


def test_he_after_an_unnamed_speaker_is_that_unnamed_person() -> None:
    # Before, "he said" skipped the unnamed spokesman and took the minister named earlier.
    text = (
        "Energy Minister Karl Odell announced the new tariff on Monday.\n\n"
        "A ministry spokesman said the timing had nothing to do with the election.\n\n"
        '"This is an objective decision," he said.\n\n'
        'Odell told reporters: "Prices will not rise."'
    )
    assert _speakers(text) == [None, "Karl Odell"]


def test_an_ordinal_opens_no_name() -> None:
    # "Third World" is two capitalised words, not a person "he" could be.
    text = (
        "Third World debtors want relief.\n\n"
        "Banks may sell Third World debt at a discount to investors.\n\n"
        '"These swaps are no panacea," he said.'
    )
    assert _speakers(text) == [None]


def test_a_party_tag_before_an_unclosed_appositive_job() -> None:
    text = (
        '"Greed has created a frenzy," Rep. Alma Quist, D-Ore, the chairman of the Trade '
        "and Finance said at a hearing."
    )
    assert _speakers(text) == ["Alma Quist"]


def test_a_short_sentence_about_a_person_introduces_the_quote_after_it() -> None:
    # Before, the second quote continued the first speaker's words.
    text = (
        '"Futures deserve no blame," said Ruth Acker, a trading adviser.\n\n'
        'Omar Vell of Hale and Co was emphatic. "The drop began with the economy."'
    )
    assert _speakers(text) == ["Ruth Acker", "Omar Vell"]


def test_a_two_word_place_is_no_person() -> None:
    # "Hong Kong" and "Sri Lanka" look like a given name and a surname.
    text = (
        "Bank chief Robert Fell met regulators on Monday.\n\n"
        "Under a new rule, banks in Hong Kong have two years to comply, and Hong Kong "
        "dealers agree.\n\n"
        '"The difference is not that great," he said.'
    )
    assert _speakers(text) == ["Robert Fell"]


def test_an_unnamed_person_with_any_reporting_verb_is_the_antecedent() -> None:
    text = (
        "Trader Li Wen expects a deficit.\n\n"
        "A Hong Kong trader estimated stocks at three million tonnes.\n\n"
        '"Now they are falling," he said.'
    )
    assert _speakers(text) == [None]


def test_a_titled_surname_opening_a_sentence_is_a_mention() -> None:
    # "Odell" alone is no sure name, but "Governor Odell" made it one: without the mention,
    # "he" after it went back past the unnamed official to nobody.
    text = (
        "Governor Odell met the budget committee.\n\n"
        "An official said the talks were slow.\n\n"
        "Odell made no comment on the talks when he spoke at the harbour.\n\n"
        'He said the season would set a record and was "steady as she goes."'
    )
    assert _speakers(text) == ["Odell"]


def test_a_place_that_acts_is_nobody_a_later_he_or_official_refers_to() -> None:
    """Countries and capitals act in news ("Washington announced"), but "he said" or "said
    the official" after them means a person: the named one, or nobody when none is named."""
    unnamed = (
        "Washington announced plans last week to raise tariffs on imported chips.\n\n"
        '"We take the current situation very seriously," said the official, who declined to '
        "be identified."
    )
    assert _speakers(unnamed) == [None]
    pronoun = (
        "Beijing said it wants to rejoin the trade pact within two years.\n\n"
        '"Entry would force it to modernise its economy," he said.'
    )
    assert _speakers(pronoun) == [None]
    named = (
        "Treasury Secretary James Baker said Japan announced a cut in its discount rate.\n\n"
        '"And we must continue to oppose protectionist pressures," he added.'
    )
    assert _speakers(named) == ["James Baker"]
    two_words = (
        "Chevron chairman George Keller spoke to the Bay Area Council.\n\n"
        "San Francisco has a fragmented political system, and San Francisco loses "
        "companies to other cities.\n\n"
        '"It is a great place to run a business," he added.'
    )
    assert _speakers(two_words) == ["George Keller"]


def test_a_role_that_names_nobody_is_the_one_a_later_he_refers_to() -> None:
    """ "The diplomat said", taking up an unnamed diplomat, is an unnamed speaker: the "he
    said" after it is that diplomat too, not the person named in between."""
    text = (
        "Finance Minister James Baker will present the budget on Saturday.\n\n"
        "A Western diplomat said the deficit would be larger than planned.\n\n"
        "He said Baker will call for thrift and efficiency this year.\n\n"
        '"There will be no surprises," the diplomat said.\n\n'
        '"Normally there would be a feast, but there was none on this visit," he said.'
    )
    assert _speakers(text) == [None, None]


def test_the_one_quoted_as_saying_speaks() -> None:
    """ "X quoted Y as saying" gives Y's words, also when the quote opens the next wrapped
    line of wire copy and so a sentence of its own."""
    inline = (
        "The Renault statement quoted Chrysler Chairman Lee Iacocca as saying, "
        '"We welcome AMC shareholders into the Chrysler family."'
    )
    assert _speakers(inline) == ["Lee Iacocca"]
    wrapped = (
        "Bundesbank President Karl Otto Poehl met the finance ministers on Sunday.\n\n"
        "Asked if Treasury Secretary James Baker could have been persuaded earlier,\n"
        "one of the sources quoted Poehl as saying,\n"
        '"No, they would not have been. We checked that."'
    )
    assert _speakers(wrapped) == ["Karl Otto Poehl"]


def test_one_of_a_kind_of_people_is_an_unnamed_speaker() -> None:
    """ "One of his closest aides said" is one unnamed aide: "the aide" is nobody named."""
    text = (
        "Prime Minister Yasuhiro Nakasone will step down only after his tax plan is "
        "approved, one of his closest aides said today.\n\n"
        "The aide, who declined to be identified, said at a private meeting, "
        '"His power does not necessarily end with his term in October."'
    )
    assert _speakers(text) == [None]


def test_a_place_ending_a_title_is_not_part_of_the_name_after_it() -> None:
    """ "general manager for Canada Hajimu Watanabe" is Hajimu Watanabe; a body named after
    its place ("Japan Air Lines said") keeps the place."""
    person = (
        "Nikko Securities Co general manager for Canada Hajimu Watanabe told a news "
        'conference, "We have now a huge amount of demand from Japanese investors."'
    )
    assert _speakers(person) == ["Hajimu Watanabe"]
    body = (
        "Tokyo-based Japan Air Lines said it would inspect every jumbo jet it flies.\n\n"
        '"None of the four had looked at the repair work," Japan Air Lines said.'
    )
    assert _speakers(body) == ["Japan Air Lines"]


def test_went_on_to_add_attributes_like_added() -> None:
    text = (
        'According to political scholar Kelly Dittmar, "Women hold fewer than 30 percent '
        'of the seats." Dittmar went on to add, "If we want parity, we need more '
        'candidates."\n\n'
        "A Republican Assemblywoman, Jill Tolles, also commented on party disparity: "
        '"There are just not as many women in the party."'
    )
    assert _speakers(text) == ["Kelly Dittmar", "Kelly Dittmar", "Jill Tolles"]


def test_the_next_paragraph_attributes_only_a_quote_that_opens_its_sentence() -> None:
    """ "He said." opening the next paragraph names the speaker of a quote-only paragraph,
    not of a quote its own sentence leads in to ("Trump defended his decision, "…"")."""
    text = (
        'President Donald Trump, also on Twitter, defended his decision, "The Kurds were '
        'paid massive amounts of money to fight."\n\n'
        'Senator Lindsey Graham spoke on Fox News, "This will lead to a comeback."'
    )
    assert _speakers(text) == ["Donald Trump", "Lindsey Graham"]


def test_an_indefinite_document_speaks_for_the_body_named_before_its_noun() -> None:
    issued = (
        "President Reagan will press for trade status for Romania.\n\n"
        'A White House statement said the decision had been "exceptionally difficult" '
        'and came after "all options were seriously considered."'
    )
    assert _speakers(issued) == ["White House", "White House"]
    unsigned = (
        "Trade Minister Octavio Valerio said the talks went well.\n\n"
        'A French statement said: "We regard the agreement as null and void."'
    )
    assert _speakers(unsigned) == [None]


def test_the_person_of_a_firm_whose_name_holds_and_speaks() -> None:
    """ "Bruce Lazier of Prescott Ball and Turben said": Lazier, not "Turben"; the quote
    after "Jeffrey Miller, of Miller Tabak Hirsch and Co said." is Miller's too."""
    firm = '"They will have to go higher," Bruce Lazier of Prescott Ball and Turben said.'
    assert _speakers(firm) == ["Bruce Lazier"]
    continued = (
        '"There will be a swap out of futures," Jeffrey Miller, of Miller Tabak Hirsch and '
        'Co said. "But I have been right four or five times in a row."'
    )
    assert _speakers(continued) == ["Jeffrey Miller", "Jeffrey Miller"]


def test_an_age_describes_an_unnamed_speaker() -> None:
    text = (
        '"There are a lot of losses out there," said broker Robert Lee. One 93-year-old '
        'investor said the market was bound to fall, "I just did not think it would happen '
        'so soon."'
    )
    assert _speakers(text) == ["Robert Lee", None]


def test_a_family_word_gives_the_gender_of_who_it_refers_to() -> None:
    text = (
        "Judge Bernard Schwartz sentenced David and Louise Turpin to life in prison.\n\n"
        'The mother said "I really look forward to the day I can see them."'
    )
    assert _speakers(text) == ["Louise Turpin"]


def test_he_is_not_the_one_spoken_to_in_his_own_sentence() -> None:
    text = (
        "Crown Prince Mohammad bin Salman accepted responsibility for the murder.\n\n"
        'Speaking to Michael Smith of PBS, he said, "It happened under my watch."'
    )
    assert _speakers(text) == ["Mohammad bin Salman"]


def test_an_unnamed_speaker_after_the_verb_is_the_he_of_the_next_quote() -> None:
    text = (
        "Markets rallied after Chancellor George Osborne's budget.\n\n"
        '"This was a budget for lower interest rates," said a sterling analyst at a '
        'merchant bank. "It has been exceptionally well received," he added.'
    )
    assert _speakers(text) == [None, None]


def test_a_surname_that_is_also_a_title() -> None:
    text = '"Their advantage is being first," said industry consultant Scott King.'
    assert _speakers(text) == ["Scott King"]


def test_it_said_is_the_body_that_last_said_something() -> None:
    """ "It said" with no body quoted before: the body that last said something in a
    sentence of its own, never a person who did."""
    acronym = (
        "ATT said the wires are made of a barium-yttrium-copper oxide compound. It said "
        'while many details remain to be worked out, "The material can be drawn into fibers."'
    )
    assert _speakers(acronym) == ["ATT"]
    daily = (
        "OPEC's credibility faces fresh scrutiny, the Kuwait daily al-Qabas said.\n\n"
        '"Dealers in oil markets were now waiting to see," it said.'
    )
    assert _speakers(daily) == ["al-Qabas"]
    person = (
        'Analyst John Smith said the shares were cheap.\n\n"The outlook has improved," it said.'
    )
    assert _speakers(person) == [None]


def test_a_document_named_by_its_issuer_may_say_when_it_was_issued() -> None:
    text = (
        "Japan Air Lines said the repairs were made in 1978.\n\n"
        'The Boeing statement after the crash said: "Decompression occurred in flight."'
    )
    assert _speakers(text) == ["Boeing"]


def test_with_x_stating_gives_the_participle_its_own_subject() -> None:
    text = (
        "It quoted critics like immigration barrister Colin Yeo, and campaigner Caitlin "
        'Boswell, with Boswell stating: "This move is clumsy and unthinking."'
    )
    assert _speakers(text) == ["Caitlin Boswell"]


def test_an_unnamed_subject_placed_by_a_preposition_is_who_he_means() -> None:
    text = (
        'Chairman Robert Crandall called the deals "off balance sheet" leases.\n\n'
        "A spokesman for Airbus confirmed those terms. "
        '"We will own the aircraft and they will be leased," he said.'
    )
    assert _speakers(text) == ["Robert Crandall", None]


def test_a_plural_subject_opening_the_next_paragraph_is_no_cue() -> None:
    """ "Economists pointed to …" names no speaker, so the quote after "Roach said." stays
    his, as a continuation."""
    text = (
        '"Automakers are producing at an 8.5 mln unit rate," Stephen Roach said. '
        '"The disparity between output and sales is going to mean cutbacks."\n\n'
        "Economists pointed to a sharp rise in business inventories."
    )
    assert _speakers(text) == ["Stephen Roach", "Stephen Roach"]


def test_a_person_from_somewhere_speaks_not_the_place() -> None:
    text = (
        'Legislator Tanya Chan said, "Please go."\n\n'
        "Regina Ip from the pro-Beijing camp said in a press conference: "
        '"The behavior of my colleagues is unacceptable."'
    )
    assert _speakers(text) == ["Tanya Chan", "Regina Ip"]


def test_verbs_that_double_their_last_consonant_are_reporting_verbs() -> None:
    text = (
        "Bond prices barely moved on Tuesday.\n\n"
        '"It already feels like December in this market," quipped Anna Berg of Harlow '
        "Securities.\n\n"
        'Governor Tomas Reyes admitted: "We moved too slowly."'
    )
    assert _speakers(text) == ["Anna Berg", "Tomas Reyes"]


def test_an_adverb_in_ly_between_a_lone_surname_and_its_verb_keeps_the_speaker() -> None:
    """A surname the article never gives in full is a speaker when a reporting verb follows
    it, an adverb between them or not; "he" then means that speaker, not the man before."""
    text = (
        "Arthur Penn said he expected a close race.\n\n"
        "Whitlock openly admitted that his choice was political. "
        '"I am looking at the next primary," he said.'
    )
    assert _speakers(text) == ["Whitlock"]


def test_an_earlier_participle_of_a_with_clause_gives_the_subject() -> None:
    text = (
        "Senator Ruth Ellison opened the hearing.\n\n"
        "The capital was shaken by the fall, with President Harold Vance speaking for "
        'many by admitting to Senator Ellison that he was "puzzled."'
    )
    assert _speakers(text) == ["Harold Vance"]


def test_a_family_word_before_a_name_gives_its_gender() -> None:
    """ "his late son Kemal Ortiz" is a man, so the "she" after it is the woman before."""
    text = (
        "Mayor Ana Ruiz and Adam Price both came to the city.\n\n"
        "Price held a rally on Saturday while Ruiz hosted a dinner on Monday, during which she "
        "spoke of Judge Omar Ortiz and his late son Kemal Ortiz, a former prosecutor who died "
        "last year. "
        '"His work for this city is legendary," she said.'
    )
    assert _speakers(text) == ["Ana Ruiz"]


def test_the_president_is_not_the_vice_president() -> None:
    text = (
        "President Alma Soto opened the museum on Saturday.\n\n"
        "Vice President Ray Dunn spoke first. It was, the president said, "
        '"a place where the country remembers."'
    )
    assert _speakers(text) == ["Alma Soto"]


def test_a_definite_role_opening_the_sentence_is_the_participles_subject() -> None:
    """ "The Democratic candidate blasted X's plan, calling it "…"": the candidate named in
    the sentence before speaks, not X, whose plan it is."""
    text = (
        "Maria Olsen has a word for Peter Lund's plan to close the port.\n\n"
        "The Democratic presidential candidate blasted Lund's plan on Wednesday, calling it "
        '"absurd."'
    )
    assert _speakers(text) == ["Maria Olsen"]


def test_a_capitalised_word_after_the_and_an_adjective_is_a_body_not_a_person() -> None:
    """ "the ruling Politburo concluded" is no one's "he"; "the situation and Moore" still
    names Moore."""
    text = (
        "Planning chief Nikolai Varga spoke to parliament on Monday.\n\n"
        "Varga said the ruling Politburo concluded at a recent meeting that growth depended "
        'on saving energy. "Large-scale measures are planned," he said.\n\n'
        "Banker Alan Moore was asked about the sale.\n\n"
        "The losses are small, analyst Jim Brown said. The bank said it is reviewing the "
        'situation and Moore denied any link. "It is totally unrelated," he said.'
    )
    assert _speakers(text) == ["Nikolai Varga", "Alan Moore"]


def test_a_quote_with_no_cue_carries_on_whoever_spoke_since_the_quote_before() -> None:
    """A named or unnamed person speaking in a sentence between two quotes takes the second
    one; a name in the first quote's own sentence does not, and without either the second
    quote continues the first."""
    text = (
        '"Ozone damages plants more than any other pollutant," the Agriculture Department '
        "notes, quoting a 1989 study.\n\n"
        "Weeds may also spread. Colette Heald noted the findings show clean air matters. "
        '"An air-quality cleanup would improve crop yields."\n\n'
        '"They are not terminable at will," spokesman Ron Lieberman told the Journal, after '
        'Mayor Bill Diaz stated an interest in ending the contracts. "These contracts are '
        'binding."\n\n'
        '"Talks are going well," said Ana Pires. A union spokesman said that members were '
        'divided. "Any estimate of support is premature."'
    )
    assert _speakers(text) == [
        "Agriculture Department",
        "Colette Heald",
        "Ron Lieberman",
        "Ron Lieberman",
        "Ana Pires",
        None,
    ]


def test_a_verb_with_a_pronoun_subject_is_no_inverted_attribution() -> None:
    """ "He said Perelman, …, wants": the analyst who is "he" speaks on, not Perelman."""
    text = (
        '"Revlon stands to gain," said analyst Deepak Raj.\n\n'
        "Andrew Shore of Shearson Lehman said there are other reasons. He said Perelman, "
        "after taking Revlon private, probably wants to improve its operations. "
        '"He is trying to overhaul the business."'
    )
    assert _speakers(text) == ["Deepak Raj", "Andrew Shore"]


def test_amongst_opening_a_sentence_is_no_speaker() -> None:
    text = (
        "Pope Francis said victims had a right to action. Amongst reported incidents, a "
        "cardinal was convicted.\n\n"
        'The decree signed by the Pope read "The crimes of abuse offend Our Lord."'
    )
    assert _speakers(text) == ["Francis"]


def test_a_hyphenated_title_of_something_is_an_appositive() -> None:
    text = (
        "The company filed its plan on Monday.\n\n"
        "Lena Garfield, Acme's Vice-President of Marketing Services, said, "
        '"With this filing, we want a finer approach."\n\n'
        '"Now is the time," Carl Roehm, Secretary-General of the European Chamber of '
        "Commerce, said."
    )
    assert _speakers(text) == ["Lena Garfield", "Carl Roehm"]


def test_names_in_what_she_said_earlier_are_not_who_she_is() -> None:
    """ "The talks with Minister Kenji Sato will focus on aid, she added." reports her words:
    the "she" of the next quote is the spokeswoman, not Sato (whose gender no word gives);
    a name known to be a woman's still is the "she" of its own sentence."""
    text = (
        "State Department spokeswoman Phyllis Oakley said the envoy would visit Tokyo.\n\n"
        "The talks with Deputy Foreign Minister Kenji Sato will focus on aid, she added. "
        '"Trade is not on the agenda," she insisted.\n\n'
        "As pressure mounted on Prime Minister Margaret Thatcher to call an election, she "
        "said the decision was hers. She was speaking to parliament after Kenji Sato left. "
        'Asked by a back-bencher about the date, she replied: "Downing Street decides."'
    )
    assert _speakers(text) == ["Phyllis Oakley", "Margaret Thatcher"]


def test_a_pronoun_in_a_reported_clause_does_not_hide_its_subject() -> None:
    """In "Director James Miller said he believed …" the "he" is no new speaker."""
    text = (
        "Budget Director James Miller said he believed Congress was close to a deal with "
        "Treasury Secretary Kenji Sato.\n\n"
        '"I think Congress is moving in the right direction," he told Reuters.'
    )
    assert _speakers(text) == ["James Miller"]


def test_the_government_of_a_named_place_is_an_organisation_speaking() -> None:
    text = (
        "Three residents sued to be allowed to vote.\n\n"
        "The government of Tokelau issued a statement agreeing the issue should be decided "
        'by parliament: "imposition of citizenship by the courts would ignore our ways."'
    )
    assert _speakers(text) == ["Government of Tokelau"]


def test_after_a_quote_the_one_quoted_as_saying_speaks() -> None:
    """ "…," the company quoted chairman X as saying: X, not the company; unnamed people
    quoted or speaking after the verb stay unnamed, and a lower-case word before a title
    and a name is no unnamed group."""
    text = (
        "Shopsmith Inc released its president from his post.\n\n"
        '"With very disappointing sales, a change was needed," the company quoted chairman '
        "John R. Folkerth as saying.\n\n"
        '"If the drought does not worsen, there is enough power," it quoted experts of the '
        "Ministry of Electric Power as saying.\n\n"
        '"The Fed is frozen," said economists at Aubrey G. Lanston and Co Inc.\n\n'
        '"Being first is an advantage," said industry consultant Scott King.'
    )
    assert _speakers(text) == ["John R. Folkerth", None, None, "Scott King"]


def test_someone_who_was_speaking_is_the_he_after_them() -> None:
    """ "Stoltenberg was speaking at a meeting …, whose members are … Helmut Schmidt": the
    one speaking is who "He said" means; "was thinking of" is no speech."""
    text = (
        "Finance minister Gerhard Stoltenberg urged Britain to join the system.\n\n"
        "Stoltenberg was speaking at a meeting of a committee whose key members are former "
        'Chancellor Helmut Schmidt and others. He said, "Britain should join."\n\n'
        "A spokesman for Jardine Matheson Holdings Ltd said he could not confirm a report "
        "which said Jardine was thinking of moving a subsidiary to Bermuda. "
        '"I do not know how the report arose," the spokesman at Jardine\'s London office said.'
    )
    assert _speakers(text) == ["Gerhard Stoltenberg", None]


def test_an_inverted_verb_may_have_a_title_before_the_name() -> None:
    text = (
        '"Jaguar is cheap," said analyst Burton Siegel.\n\n'
        "About the same time, says analyst Khaled Majeed, Drexel issued a buy recommendation "
        "on BMW. He says new models brighten the outlook. "
        '"The company trades at a low multiple."'
    )
    assert _speakers(text) == ["Burton Siegel", "Khaled Majeed"]


def test_a_surname_of_a_firm_is_the_person_not_the_firm() -> None:
    """ "Edelman of Drexel said that "…"": the analyst named before, not the firm; a body
    before "of" ("the Consumer Federation of America") still is no person."""
    text = (
        '"Sales were weak," said analyst Jeff Edelman of Drexel Burnham Lambert.\n\n'
        'Edelman of Drexel said that "Hudson had a tougher comparison."\n\n'
        "Gene Kimmelman of the Consumer Federation of America, which represents consumer "
        'groups, said, "New services cost more."'
    )
    assert _speakers(text) == ["Jeff Edelman", "Jeff Edelman", "Gene Kimmelman"]


def test_a_possessive_role_between_commas_is_an_appositive() -> None:
    text = (
        "Delta said it would appeal the court order.\n\n"
        '"The order could cause delays," Ronald Allen, Delta\'s president, said.'
    )
    assert _speakers(text) == ["Ronald Allen"]
