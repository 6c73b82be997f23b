"""Attribute each quoted span to the person who said it.

No parser or trained model is available at run time, so attribution reads the cues news
writers use everywhere: a reporting verb on either side of the quote (`"…," X said`,
`X said: "…"`), apposition (`X, the foreign minister, said`), `according to X`, a quote
that continues the previous speaker, and pronouns or role nouns ("he", "the minister")
resolved to the nearest compatible named subject before them. Names are reported in the
fullest form the article gives ("Lavrov" -> "Sergei Lavrov").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from bot.corpus.names import (
    BARE_TITLES,
    CALENDAR,
    DEMONYMS,
    GENERIC_SUBJECTS,
    GIVEN_NAMES,
    HONORIFIC_GENDER,
    NAME_RUN,
    ORG_ENDINGS,
    ORG_NOUNS,
    PLACES,
    SUBORDINATE_TITLES,
    TITLES,
    Name,
    is_plausible_speaker,
    name_key,
    name_runs_in,
    parse_name,
    parse_name_after_place,
    person_ending,
    surname_key,
    without_descriptors,
    words_of,
)
from bot.corpus.quotes import QuoteSpan
from bot.corpus.reporting_verbs import ACCORDING_RE, VERB_RE
from bot.models import Paragraph

_MARKS = "\"“”„‟'`"
# The gap between two sentences: after a full stop (group 1), a semicolon, a colon ending a
# line, or before a line opening a quote. The pattern opens with the character that ends a
# sentence, so the regex engine skips straight from one such character to the next instead
# of trying a look-behind at every position (2.6 times faster over the eval texts); which
# one it read is told by a look-behind. After a full stop the gap is group 1 (the stop
# stays with its sentence), otherwise the whole match.
_SENTENCE_BREAK = re.compile(
    r"[.!?;:\n](?:(?<=[.!?])([\"”’')\]]*\s+)(?=[\"“(\[]?[A-Z0-9ÀÖØ-Þ\"“])"
    r"|(?<=;)\s+|(?<=:)\s*\n|(?<=\n)(?=[\"“]))"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Jr|Sr|Inc|Corp|Co|"
    r"Ltd|No|vs|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|Mt|Ft|Rev|Hon|Calif|Mass|Wash|Fla)|"
    r"\b[A-Z]|\b[A-Z]\.[A-Z])\.$"
)
# An adverb in -ly ("Cruz openly admitted", "she angrily denied"): an open class, so a
# pattern, less the few words in -ly that name someone or something ("the Smith family said").
_LY_ADVERB = (
    r"(?!(?:family|ally|assembly|rally|supply|monopoly|daily|weekly|monthly|quarterly|bully"
    r"|reply|belly|jelly|lily|holy|ugly)\b)[a-z]{2,}ly"
)
# Words between a subject and its verb that are not part of the subject.
_AUXILIARY = re.compile(
    r"(?:\s+|^)(?:also|then|later|has|had|have|was|is|were|are|would|will|again|further|"
    r"previously|earlier|recently|once|repeatedly|publicly|simply|flatly|reportedly|still|"
    r"only|just|already|even|now|quickly|angrily|bluntly|firmly|first|last|since|been|"
    r"never|often|frequently|privately|separately|subsequently|has\s+since|who|which|too|"
    r"could|might|may|can|did|does|do|not|"
    r"in\s+a\s+statement|in\s+an\s+interview|on\s+\w+day)$"
)  # case-sensitive: "Theresa May said" keeps its "May"
_PARENTHESIS_END = re.compile(r"\s*\([^()]{0,60}\)\s*$")
_PRONOUN_END = re.compile(r"(?:^|\W)(he|she|they|it|we|i)$", re.IGNORECASE)
_UNNAMED_END = re.compile(r"(?:^|\W)(?i:one|another|others|some|many|most|both)$")
_PRONOUN_START = re.compile(r"^(he|she|they|it)\b", re.IGNORECASE)
# `She was speaking …`, `…, she added.`: "he" or "she" as the subject of the sentence, or
# of a reporting verb after a comma (group 1 or 2; not `Miller said he believed`).
_PRONOUN_SUBJECT = re.compile(
    r"^([Hh]e|[Ss]he)\b|,\s*([Hh]e|[Ss]he)\s+(?:(?:also|later|then|again)\s+)?(?:"
    + VERB_RE.pattern
    + r")"
)
_PRONOUN_GENDER = {"he": "m", "she": "f"}
# `Bank of Spain officials`, `Treasury sources`: unnamed people of a named body.
_NAMED_PLURAL_END = re.compile(r"[A-Z][\w.\-]*\s+([a-z]+)$")
_DETERMINER_END = re.compile(
    r"(?:^|\s)((?i:the|a|an|one|another|two|three|several|some|many|other|its|his|her|their))"
    r"((?:\s+[a-z0-9][\w\-'’]*){1,6})$"  # digits open "93-year-old"
)
# `… of American Samoa` after "the government": the place or body a noun belongs to.
_ORG_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?(" + NAME_RUN.pattern + r")")
_DETERMINER_START = re.compile(
    r"^((?i:the|a|an|one|another|two|three|several|some|many|other|its|his|her|their))"
    r"((?:\s+[a-z0-9][\w\-]*){1,6}?)(?=\s*(?:[,.;]|$|\s(?:of|for|at|with|in|from|who|to|on)\b))"
)
# Title words that only qualify an office ("foreign", "acting"): no person on their own.
_QUALIFYING_TITLES = frozenset(
    {"acting", "affairs", "agriculture", "commerce", "crown", "culture", "defence", "defense",
     "democratic", "development", "education", "energy", "environment", "field", "finance",
     "first", "foreign", "former", "general", "health", "homeland", "housing", "industry",
     "interim", "interior", "junior", "labor", "labour", "major", "majority", "minority",
     "presidential", "prime", "private", "ranking", "science", "senior", "special", "state",
     "technology", "tourism", "trade", "transport", "transportation", "treasury", "veterans"}
)  # fmt: skip
# Title words that name a person on their own ("the candidate", "the Democrat").
_PERSON_TITLES = sorted(
    word for word in TITLES if word.isalpha() and len(word) > 3 and word not in _QUALIFYING_TITLES
)
# `The Democratic presidential candidate blasted …`: a definite role, its own adjectives
# capitalised or not, as the subject of a verb in the past.
_DEFINITE_ROLE_START = re.compile(
    r"^(the|The)((?:\s+[\w\-]+){0,3}\s+(?i:"
    + "|".join(_PERSON_TITLES)
    + r"))\s+(?:also\s+)?[a-z]+ed\b"
)
# A determiner and at most two lower-case words right before a capitalised word: `the
# ruling Politburo` is a body, not a person with a surname.
_DETERMINED_END = re.compile(
    r"\b(?i:the)\s+(?:(?!(?:and|or|but|nor|that|than|as|of|to|in|on|for|with|by|at|from)\s)"
    r"[a-z][\w\-]*\s+){0,2}$"
)
# `A Toshiba executive`, `a U.S. Government official`, `the World Bank sources`: unnamed
# people described by a name (group 1 the determiner, group 2 the head noun).
_DESCRIBED_PERSON_END = re.compile(
    r"(?:^|\s)((?i:the|a|an|one|another|two|three|several|some|many|other))"
    r"(?:\s+[A-Z][\w.\-'’]*){1,3}(?:\s+[a-z][\w\-'’]*){0,2}\s+([a-z][\w\-'’]*)$"
)
# The same after an inverted verb: `says one former General Motors human relations
# executive`, `said a senior U.S. official`.
_DESCRIBED_PERSON_START = re.compile(
    r"^((?i:a|an|one|another|two|three|several|some|many|other))(?:\s+[a-z][\w\-'’]*){0,2}"
    r"(?:\s+[A-Z][\w.\-'’&]*){1,3}(?:\s+[a-z][\w\-'’]*){0,2}\s+([a-z][\w\-'’]*)"
    r"(?=\s*(?:[,.;]|$|\s(?:of|for|at|with|in|from|who|to|on)\b))"
)
_POSSESSIVE_ROLE_END = re.compile(r"[A-Z][\w\-]*['’]s(?:\s+[a-z][\w\-]*){1,4}$")
# `, Delta's president,`: a whole appositive segment that is someone's role.
_POSSESSIVE_ROLE_START = re.compile(
    r"\s*(?:[A-Z][\w.&\-]*\s+){0,3}[A-Z][\w.&\-]*['’]s(?:\s+[a-z][\w\-]*){1,4}\s*$"
)
# `Cornyn's statement added`: a person's own written words speak for them (unlike `Cornyn's
# spokesman`, someone unnamed).
_POSSESSIVE_DOCUMENT_END = re.compile(
    r"(" + NAME_RUN.pattern + r")['’]s\s+(?:(?:written|official|own|latest|new)\s+)?"
    r"(?:statement|letter|blog(?:\s+post)?|post|tweet|message|memo|note|column|op-ed)$"
)
# `the FAA order said`, `the HUD report said`: a document named by its issuer.
_ISSUED_DOCUMENT_END = re.compile(
    r"(?:^|\s)(?i:the)\s+(" + NAME_RUN.pattern + r")\s+([a-z]+)"
    # `The Boeing statement after the crash said`, `the FAA order issued on Friday said`
    r"(?:\s+(?:issued|released|published|after|on|from|in)\s+[^,;:\"“”]{1,40})?$"
)
# `"…" - Matthew Ingram`: a name after a dash, closing the quote's line, signs it.
_DASH_SIGNATURE = re.compile(r"\s*[-–—]+\s*(" + NAME_RUN.pattern + r")\s*(?:\n|$)")
_LEADING_CONJUNCTION = re.compile(r"^(?:but|and|so|yet|or|still|then|however|now)[\s,]*$", re.I)
_PREPOSITION_END = re.compile(
    r"\b(?:of|by|with|to|from|for|about|against|and|between|at|on|in|than|meet|met|"
    r"like|under|over|toward|towards|behind|versus|including|named|called)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A comma-enclosed segment that describes rather than names: `who…`, `wearing…`, `45`.
_APPOSITIVE_START = re.compile(r"^\s*(?:(?!he\b|she\b|the\b|an?\b|one\b)[a-z]|\d|Who\b|Which\b)")
_COMMENTS_BY = re.compile(
    r"^\s*(?:The|These|Those|His|Her)\s+(?:comments|remarks|statements?|words|"
    r"announcement|response)\s+(?:by|from|of)\s+",
)
# A clause ends at a comma, colon or semicolon, or a full stop not after an abbreviation.
_CLAUSE_END = re.compile(r"[,;:]|\.(?=\s|$)")
_ABBREVIATION_WORD = re.compile(
    r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Rev|Lt|Col|Sgt|Capt|Adm|Prof|Jr|Sr|Hon|Mt|Ft)$"
)
# What may follow a bare `X said` without starting a new clause.
_TIME_PHRASE = re.compile(
    r"(?:(?:on|in|at|late|early|last|this|during|after|before|via|to|from)\s+[\w\s.'’-]{0,40}|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today|"
    r"recently|later|earlier|afterward|afterwards|then|again|(?:to\s+)?(?:reporters|Reuters))",
)
# `the El Paso mayor`, `the White House spokesman`: capitalised words before a title.
_MODIFIED_TITLE = re.compile(
    r"((?i:the|a|an))\s+" + NAME_RUN.pattern + r"((?:\s+[a-z][\w\-]*)+)\s*$"
)
# A capitalised word that opens a sentence is its subject only if a verb can follow: one
# followed by a preposition, particle, article or pronoun is itself a verb or preposition
# ("Led by …", "Sign up", "Have no fear", "Setting aside …", "Outside the arena").
_NOT_AFTER_SUBJECT = (
    r"(?:of|in|for|and|to|on|at|by|up|aside|out|off|into|about|over|under|after|before|"
    r"around|across|through|with|from|the|a|an|no|this|these|those|you|your|it|its|we|our|"
    r"us|them|their|me|my|his|her)"
)
# A sentence opening with a capitalised run followed by a verb-like lowercase word.
_OPENING_SUBJECT = re.compile(
    r"\s*(?:[A-Z]\w*ing\b[^,]{0,80},\s*)?("
    + NAME_RUN.pattern
    + r")\s+(?!"
    + _NOT_AFTER_SUBJECT
    + r"\b)[a-z]"
)
# `was asked by host Bill Maher, "…"`: the questioner speaks. (Not `reported by`: media.)
_PASSIVE_AGENT = re.compile(r"\s+by\s+(?=(?:[a-z]+\s+){0,2}[A-Z])")
# Text ending where a coordinated main clause begins: `…, but `, `… and `, `…; `.
_CLAUSE_JOIN = re.compile(r"(?:(?:,\s*|\s)(?:but|and|while|whereas|yet)|;)\s*$")
_PASSIVE_VERBS = frozenset({"asked", "told", "questioned", "pressed"})
# Verbs whose next word is their object, never an inverted subject: in `A Toshiba executive
# told Reuters: "…"` Reuters is who was told.
_OBJECT_VERBS = frozenset(
    {"told", "tells", "tell", "asked", "asks", "urged", "urges", "assured", "assures",
     "reminded", "reminds", "informed", "informs"}
)  # fmt: skip
_OF_EMPLOYER = re.compile(r"\s+of\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}$")
# The part of a firm's name before "and" (`of Prescott Ball and` Turben): the rest is the
# capitalised run that ends the subject.
_OF_FIRM_AND = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,4}(?:and|&)\s+$")
# `one senior official in Tokyo said`, `a spokesman for Morgan told`: a phrase placing or
# affiliating an unnamed subject; the name in it is not who spoke. Up to three words may
# stand between ("a dealer for a German bank in London"), none that opens a clause
# ("a drop of 34 pct which Hernandez said": Hernandez is the subject).
_PLACING_PHRASE = re.compile(
    r"\s+(?:of|in|at|for|from|with)\s+(?:(?:the|a|an)\s+)?"
    r"(?:(?!(?:which|who|whom|whose|that|where|when|while|and|but|or|as|than|said|says)\b)"
    r"[\w'’.\-]+\s+){0,3}$"
)
# A body's name built on "of" or "for" ("High Court of England and Wales", "Bank of Japan",
# "U.K. Department of Health and Social Security"); group 2 is the head word before "of",
# which must be an organisation noun. The name-run scanner splits these at "of" and "and",
# which made "the Bank of England said" a speaker called "England".
_BODY_NAME = (
    r"((?:[A-Z][\w.\-]*\s+)*([A-Z][\w\-]*)\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.\-]*"
    r"(?:\s+(?:and\s+)?[A-Z][\w.\-]*)*)"
)
_BODY_OPENING = re.compile(
    r"\s*(?:The\s+)?" + _BODY_NAME + r"\s+(?:(?:also|then|later)\s+)?([a-z]+)"
)
_BODY_END = re.compile(_BODY_NAME + r"\s*$")
# What may stand right before a word that opens a sentence (or a quoted one).
_SENTENCE_OPENERS = frozenset(".!?:;\"“”'‘’(-–—")
# Legal-form suffixes that close a company's name without being what it is.
_COMPANY_FORMS = frozenset({"inc", "ltd", "co", "corp", "plc", "ag", "sa", "nv", "llc", "limited"})
# Heads that any company answers to ("the company said" after "Chrysler Corp" was quoted),
# so a name holding the word ("Ford Motor Company") must be the more recent one to win.
_GENERIC_ORG_NOUNS = frozenset({"company", "firm", "group"})
# `said Bank of Tokyo's Kimura`: a body's possessive, then the person speaking for it.
_BODY_POSSESSIVE = re.compile(_BODY_NAME + r"['’]s\s+(" + NAME_RUN.pattern + r")")
# `the Securities and Exchange Commission`: capitalised words joined by "and" before a run
# that ends in an organisation word; the name-run scanner splits them at "and".
_AND_BEFORE = re.compile(r"((?:[A-Z][\w.\-]*\s+)+and\s+)$")
_BODY_ANYWHERE = re.compile(r"(?<![\w.\-])" + _BODY_NAME)
_BODY_ALONE = re.compile(r"(?:[Tt]he\s+)?" + _BODY_NAME + r"\s*(?:[,.;]|$)")
# Lowercase role nouns that stand right before a surname ("analyst Rizopuolos"); not the
# titles that also open other phrases ("major Swiss bank", "committee chairman Citibank").
_ROLE_BEFORE_NAME = frozenset(
    {
        "lawyer",
        "attorney",
        "analyst",
        "trader",
        "broker",
        "economist",
        "dealer",
        "negotiator",
        "spokesman",
        "spokeswoman",
        "strategist",
        "consultant",
    }
)
_PARTY_MEMBERS = frozenset({"democrat", "republican"})
_PEOPLE_WORDS = GENERIC_SUBJECTS | TITLES  # after a body's name: its people, not its verb
# `A Cable spokesman said`, `one central bank official told`: an unnamed person speaking
# (group 1 the noun), up to three words of description between. This is
# `\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+…` written to open with a character class, so the
# regex engine only stops at an "a" or an "o" (twice as fast over a whole text); the
# look-behinds test the word boundary and which letter was read.
_UNNAMED_SPEAKER = re.compile(
    r"[AaOo](?<!\w.)(?:(?<=[Aa])(?:n|nother)?|(?<=[Oo])ne)\s+(?:[\w.&'’\-]+\s+){0,3}?"
    r"([a-z]+)\s+(?:also\s+)?(?:" + VERB_RE.pattern + r")"
)
# `An analyst who asked not to be named discounted …`: a sentence opening with an unnamed
# person (group 1 the noun), a clause or verb next; not one named in apposition ("Another
# voice actor, Lauren Landa, …").
_UNNAMED_SUBJECT = re.compile(
    r"[\s\"“]*(?:A|An|One|Another)\s+(?:[\w.&'’\-]+\s+){0,3}?([a-z]+)"
    r"(?=,(?!\s*[A-Z])|\s+(?:who|[a-z]+ed|in|at|for|with|from|of|on)\b)"
)
_ONE_OF = re.compile(r"[Oo]ne\s+of\s")  # also across a line break of wrapped copy
# `said a protester …`, `said one U.S. official`: an indefinite subject (lower case only:
# `said A. Smith` is a person).
_INDEFINITE_START = re.compile(r"(?:a|an|one|another)\s")
_ISSUER = re.compile(r"\b(?:by|from)\s+(?:the\s+)?(" + NAME_RUN.pattern + r")")
_DETERMINER_ORG = re.compile(r"(?i:the|a|an)\s+(" + NAME_RUN.pattern + r")")
_DETERMINER_WORD = re.compile(r"^\s*(?i:the|a|an|one|another)\s")
# `Jeffrey Miller, of Miller Tabak Hirsch and Co said`: the employer, then the verb.
_EMPLOYER_WORD = re.compile(r"^\s*(?:of|with|at|from)\s+(?:the\s+)?[A-Z]")
_ATTRIBUTION_NEXT = re.compile(
    r"(?:(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*|[Hh]e|[Ss]he|[Tt]he\s+[a-z]+(?:\s+[a-z]+)?)\s+"
    r"(?:(?:also|then|later)\s+)?(?:told\b|(?:" + VERB_RE.pattern + r")"
    r"(?=\s*(?:[.,;:]|$)|\s+(?:on|in|at|to|during|after|via|from|with|recently|[A-Z])\b))"
)
_THE = re.compile(r"^(?:The|the)\s+")
_NEXT_TAIL = re.compile(r"^\s*(?:[.,;:!?]|$|\s*(?:in|on|at|to)\b)")
_QUOTING = frozenset({"quoted", "quotes", "quoting", "cited", "cites", "citing"})
# `quoted Poehl as saying`, `cited a spokesman as saying`: the object is the one speaking.
_QUOTED_AS = re.compile(r"\b(?:" + "|".join(sorted(_QUOTING)) + r")\s+(.{1,120}?)\s+as\s*$")
# `… the company quoted chairman John R. Folkerth as saying.`: after a quote, the one quoted.
_QUOTED_AS_SAYING = re.compile(r"\s+(.{1,120}?)\s+as\s+saying\b")
# A lower-case word opening a phrase as its head (`experts of …`; not `industry consultant`).
_HEAD_WORD_START = re.compile(r"([a-z]+)(?=\s+(?:of|at|from|with|in|for|on)\b|\s*[,.;]|\s*$)")
# `Dittmar went on to add, "…"`: the bare verb after it attributes as its past tense would.
_WENT_ON_TO = re.compile(
    r"\b(?:went|goes|go|going)\s+on\s+to\s+(?:say|add|tell|write|note|explain|warn|argue)\b"
)
# `a Gandalf statement said`, `A White House statement said`: a document as the subject,
# with the words before its noun (group 1).
_INDEFINITE_DOCUMENT_END = re.compile(r"(?:^|\s)(?i:a|an)\s+((?:[\w.&'’\-]+\s+){0,4})([a-z]+)$")
# `ATT said`, `the Organization for … (OECD) said`: a capitalised subject right before
# a reporting verb (group 1).
_BODY_SPOKE = re.compile(
    r"(" + NAME_RUN.pattern + r")\)?\s+(?:also\s+)?"
    r"(?:said|says|added|reported|announced|stated|told|disclosed)\b"
)
# `with Boswell stating`, `with the minister adding`: the subject of an absolute participle.
_WITH_SUBJECT = re.compile(r"\bwith\s+([^,;:\"“”]{1,80}?)\s+$")
# `with President Reagan speaking for most people by admitting`: an earlier participle of
# the same absolute clause has the subject.
_WITH_SUBJECT_EARLIER = re.compile(r"\bwith\s+([^,;:\"“”]{1,60}?)\s+[a-z]+ing\b[^,;:\"“”]*$")
# `Regina Ip from the pro-Beijing camp`: a person named in full, then where they are from.
_PERSON_FROM_END = re.compile(
    r"(?:^|[\s,])(" + NAME_RUN.pattern + r")\s+(?:from|of|at|with)\s+(?:the\s+)?[^,;:\"“”]{1,50}$"
)
_LOOKBACK_PARAGRAPHS = 3
_INTRODUCTION_WORDS = 25  # a longer sentence is about more than the person opening it
_TRAILING_WINDOW = 260
_LEADING_WINDOW = 600  # a run-on "sentence" must not make every quote rescan it
_LOOKBACK_SENTENCES = 15  # coreference further back than this is guesswork

# Kinds of cue: a named person, a pronoun or definite role to resolve, an unnamed source.
_NAME, _PRONOUN, _ROLE, _UNNAMED = "name", "pronoun", "role", "unnamed"
# An organisation by name ("the NZIER said"), or a reference back to one ("it said").
_ORG, _ORG_REF = "org", "org-ref"
_DOCUMENT = "document"  # `the statement said`: whoever issued the text just mentioned
# An acronym defined in the text: "New Zealand Institute of Economic Research (NZIER)".
_ACRONYM_DEFINITION = re.compile(
    r"((?:[A-Z][\w&'’.-]*\s+(?:(?:of|for|and|the|on)\s+)*){1,8})\(([A-Z][A-Z&.]{1,9})\)"
)


@dataclass(frozen=True)
class Attribution:
    """Who said one quote; ``explicit`` when a reporting cue ties this very quote to them."""

    speaker: str | None
    explicit: bool


@dataclass(frozen=True)
class _Cue:
    """The phrase a reporting verb points at, before resolution to a name."""

    kind: str
    value: str  # the name, pronoun or role head noun
    pos: int  # absolute offset of the phrase, for resolving it against what precedes
    gender: str | None = None
    explicit: bool = True


class _Mention(NamedTuple):
    """A tuple, not a dataclass: built for every name in every article, so cheap to make."""

    pos: int
    name: Name
    rank: int  # _SPEAKER, _SUBJECT or _OTHER: how likely a later pronoun means them


_OTHER, _SUBJECT, _SPEAKER = 0, 1, 2
# Right after a name: an optional parenthesis or appositive, then a reporting verb.
_VERB_AFTER = re.compile(
    r"(?:\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})?"
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:,[^\"“”;]{0,160}?,\s*)?"
    r"(?:(?:also|has|had|then|later|again|once|"
    + _LY_ADVERB
    # `Stoltenberg was speaking at a meeting`: a progressive form of speaking itself (not
    # `was thinking of`, `was insisting on`).
    + r"|(?:was|is|were|are)(?=\s+(?:speaking|saying|telling|writing|testifying)\b))\s+)?(?:"
    + VERB_RE.pattern
    + r")"
)
# `said Katie Harbath, …`: an inverted attribution (not `told The Verge`, an object).
_VERB_BEFORE = re.compile(
    # `He said Perelman, …, wants`: a verb with a pronoun subject is no inverted attribution.
    r"\b(?<![Hh]e )(?<![Ss]he )(?<![Tt]hey )(?<!\b[Ii]t )(?<![Ww]e )(?<!\bI )"
    r"(?:said|says|added|adds|wrote|writes|noted|explained|continued|replied|recalled|"
    # `says analyst Khaled Abdel Majeed`: a title in lower case may stand before the name.
    r"according\s+to)\s+(?:the\s+)?(?:(?:" + "|".join(_PERSON_TITLES) + r")\s+){0,2}$"
)
_INVERTED_END = re.compile(r"\s*(?:[,.;:(]|$)")
# The capitalised words right before a point (read back from "of" in `_follows_title_of`).
_LOWER_WORD_BEFORE = re.compile(r"(?<![\w\-])([a-z][a-z\-]*)\s+$")
_TITLES_BEFORE = re.compile(r"([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)\s+$")
# `Conroy asked Sanders whether …`: the one asked a question answers next (not the one
# asked to do something: `asked Aquino to consider …`).
_ASKED_BEFORE = re.compile(r"\b(?:asked|questioned|pressed)\s+$")
_QUESTION_AFTER = re.compile(r"\s+(?:whether|if|about|why|how|what|when|where|who|which)\b")


def _mention_rank(text: str, sentence_start: int, match: re.Match[str], taken: bool) -> int:
    """Speakers of reported speech outrank sentence subjects, which outrank other names."""
    # Only the words just before matter; a bounded window keeps run-on text linear.
    before = text[max(sentence_start, match.start() - 40) : match.start()]
    # The anchored test goes first: it is cheaper, and it fails for most runs.
    if _INVERTED_END.match(text, match.end()) and _VERB_BEFORE.search(before[-30:]):
        return _SPEAKER
    if _ASKED_BEFORE.search(before, _last_words_start(before, 1)) and _QUESTION_AFTER.match(
        text, match.end()
    ):
        return _SPEAKER
    if _is_possessive(match) or _PREPOSITION_END.search(before, _last_words_start(before, 2)):
        return _OTHER  # `Susan Hackmann of AgriAnalysis said`: the employer is not speaking
    if _VERB_AFTER.match(text, match.end()):
        return _SPEAKER
    if taken:
        return _OTHER
    return _SUBJECT


def _last_words_start(text: str, words: int) -> int:
    """Where the last ``words`` words of ``text`` begin (white space ends a word).

    Patterns anchored at the end, like `_PREPOSITION_END` ("of the "), can only match
    there; searching from that point gives their answer without trying every position.
    """
    at = len(text)
    for _ in range(words):
        while at and text[at - 1].isspace():
            at -= 1
        while at and not text[at - 1].isspace():
            at -= 1
    return at


# `his late son Beau Biden`, `her husband Bill`: a family or gendered word in lower case right
# before a name (an adjective may stand between) tells the person's gender.
_GENDER_WORD_BEFORE = re.compile(
    r"(?:^|\s)([a-z]+)\s+(?:(?:late|eldest|elder|oldest|older|younger|youngest|only|estranged"
    r"|former|then)[\s-]+)?$"
)
# Those words in lower case; "miss" there is mostly the verb ("would miss Clinton").
_GENDER_WORDS = {
    word: gender
    for word, gender in HONORIFIC_GENDER.items()
    if word.isalpha() and word not in ("miss", "mr", "mrs", "ms")
}


def _with_gender_before(name: Name, text: str, start: int) -> Name:
    """``name`` with the gender a word right before it gives, when its own words give none."""
    if name.gender is not None or not start or text[start - 1] not in " \n":
        return name
    word = _GENDER_WORD_BEFORE.search(text, max(0, start - 40), start)
    gender = _GENDER_WORDS.get(word.group(1)) if word is not None else None
    return Name(name.text, name.roles, gender) if gender is not None else name


def _name_in_run(text: str, start: int, run: str, *, titled_single: bool = True) -> Name | None:
    """The name in the capitalised ``run`` at ``start`` of ``text`` (see ``parse_name``);
    after "<title> of" the run is a place and then the person."""
    if _follows_title_of(text, start):
        return parse_name_after_place(run)
    return parse_name(run, titled_single=titled_single)


def _follows_title_of(text: str, start: int) -> bool:
    """Whether the run at ``start`` follows "<title> of" ("Chief Executive of Hong Kong
    Carrie Lam", "President of France Emmanuel Macron"): it is a place, then the person."""
    end = start
    while end and text[end - 1] in " \t\n":
        end -= 1
    if text[end - 3 : end] == "the" and text[end - 4 : end - 3] in (" ", "\n"):
        end -= 4  # "CEO of the Refugee Council Enver Solomon"
        while end and text[end - 1] in " \t\n":
            end -= 1
    # Cheap test first: this runs for every capitalised run, and few follow an "of".
    if end == start or text[end - 2 : end] != "of" or text[end - 3 : end - 2].isalnum():
        return False
    # The run before "of" ends in a title ("U.K. Chancellor of", "White House Chief of"),
    # or a title stands there in lower case ("Hong Kong director of").
    before = _TITLES_BEFORE.search(text, max(0, end - 60), end - 2)
    if before is not None:
        return _only_titles(before.group(1).split()[-1])
    word = _LOWER_WORD_BEFORE.search(text, max(0, end - 40), end - 2)
    return word is not None and word.group(1) in TITLES


def _is_possessive(match: re.Match[str]) -> bool:
    return match.group(0).endswith(("'s", "’s"))


class _Sentence(NamedTuple):
    """A tuple, not a dataclass: built for every sentence of every article with quotes."""

    paragraph: int
    start: int  # offsets relative to the paragraph text
    end: int


class _Article:
    """Masked paragraph texts, sentences and person mentions of one body, built once."""

    def __init__(self, body: Sequence[Paragraph], quotes: Sequence[QuoteSpan]) -> None:
        self.body = body
        self.masked = _mask(body, quotes)
        self.sentences: list[list[_Sentence]] = [
            _split_sentences(i, text) for i, text in enumerate(self.masked)
        ]
        self._starts = [[s.start for s in sentences] for sentences in self.sentences]
        self.mentions: list[_Mention] = []
        self._positions: list[int] = []
        # surname key -> written form -> positions (ascending) of multi-word names.
        self.full_names: dict[str, dict[str, list[int]]] = {}
        # Family name first ("Xu Jinfeng", later "Xu"): full names by their first word too.
        self.by_first: dict[str, dict[str, list[int]]] = {}
        self.genders: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self._titled: set[str] = set()
        self.organisations: list[tuple[int, str]] = []
        # Unnamed speakers, organisation names and acronyms are needed only for some cues, so
        # the properties below read each from the masked text on first use (the text never
        # changes after). Plain attributes, not functools.cached_property: mypyc compiles
        # that into a property that reads the whole text again on every access.
        self._unnamed: list[tuple[int, str | None]] | None = None
        self._runs: list[tuple[int, re.Match[str], list[str]]] | None = None
        self._org_names: dict[str, str] | None = None
        self._named_organisations: list[tuple[int, str]] | None = None
        self._acronyms: dict[str, str] | None = None
        self._collect_mentions()

    @property
    def unnamed_speakers(self) -> list[tuple[int, str | None]]:
        """Where an unnamed person speaks ("a Cable spokesman said"), with their gender when
        the noun gives it: a "he said" right after refers to them, not to a name."""
        if self._unnamed is None:
            found = [
                (paragraph.start + match.start(), HONORIFIC_GENDER.get(match.group(1).lower()))
                for paragraph, text in zip(self.body, self.masked, strict=True)
                for match in _UNNAMED_SPEAKER.finditer(text)
                if _is_singular_person_noun(match.group(1)) or _one_of_many(match)
            ]
            # `An analyst who asked not to be named discounted the rumor.`: an unnamed
            # person as a sentence's subject is who a "he said" right after means.
            for index, sentences in enumerate(self.sentences):
                text, base = self.masked[index], self.body[index].start
                for sentence in sentences:
                    match = _UNNAMED_SUBJECT.match(text, sentence.start, sentence.end)
                    if match is not None and _is_singular_person_noun(match.group(1)):
                        found.append((base + match.start(), HONORIFIC_GENDER.get(match.group(1))))
            found.sort(key=lambda item: item[0])
            self._unnamed = found
        return self._unnamed

    def add_unnamed_speaker(self, pos: int, gender: str | None) -> None:
        """Record a person who speaks at ``pos`` but whom no name resolves ("the economist
        said" taking up "one of China's top economists"): like the unnamed speakers read
        from the text, a later "he said" refers to them, not to someone named before."""
        bisect.insort(self.unnamed_speakers, (pos, gender), key=lambda item: item[0])

    @property
    def _organisation_runs(self) -> list[tuple[int, re.Match[str], list[str]]]:
        """Capitalised runs of two words or more ending in an organisation word ("Ford Motor
        Company"), with their paragraph: read once for both uses below."""
        if self._runs is None:
            self._runs = []
            for paragraph, text in enumerate(self.masked):
                for match in name_runs_in(text).finditer(text):
                    words = list(words_of(match.group(0)))
                    if len(words) >= 2 and words[-1].lower().rstrip(".") in ORG_ENDINGS:
                        self._runs.append((paragraph, match, words))
        return self._runs

    @property
    def org_names(self) -> dict[str, str]:
        """First word -> longest organisation name starting with it (see below)."""
        if self._org_names is None:
            self._org_names = _organisation_names(w for _, _, w in self._organisation_runs)
        return self._org_names

    @property
    def named_organisations(self) -> list[tuple[int, str]]:
        """Every organisation the body names, quoted or not, by position: runs ending in an
        organisation word ("Government Bank Inspectorate") and bodies of the form "Chamber of
        Mines"; a later "the chamber" or "the Inspectorate statement" refers back to them."""
        if self._named_organisations is None:
            self._named_organisations = self._find_named_organisations()
        return self._named_organisations

    def _find_named_organisations(self) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for index, match, words in self._organisation_runs:
            text, base = self.masked[index], self.body[index].start
            start = _joined_start(text[: match.start()], match.group(0))
            if start is None:
                found.append((base + match.start(), " ".join(words)))
            else:
                found.append((base + start, " ".join(text[start : match.end()].split())))
        for paragraph, text in zip(self.body, self.masked, strict=True):
            for match in _BODY_ANYWHERE.finditer(text):
                cue = _body_cue(match, paragraph.start)
                if cue is not None:
                    found.append((cue.pos, cue.value))
        found.sort()
        return found

    def organisation_named(self, noun: str, pos: int) -> tuple[int, str] | None:
        """The organisation named last before ``pos`` whose head noun is ``noun``: "the
        exchange" is the "New York Stock Exchange", not the "Securities and Exchange
        Commission"; "the bank" is the "Bank of Japan" or the "Hang Seng Bank Ltd"."""
        key = noun.lower()
        for at, name in reversed(self.named_organisations):
            if at < pos and _organisation_head(name) == key:
                return at, name
        return None

    def writes_in_lower_case(self, word: str) -> bool:
        """Whether the body has ``word`` (lower case) as a word of its own: a common word."""
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        return any(pattern.search(text) for text in self.masked)

    @property
    def acronyms(self) -> dict[str, str]:
        """Acronyms the text defines -> their expansions ("NZIER" -> "New Zealand …")."""
        if self._acronyms is None:
            self._acronyms = {
                match.group(2): _THE.sub("", match.group(1).strip())
                for text in self.masked
                for match in _ACRONYM_DEFINITION.finditer(text)
            }
        return self._acronyms

    # -- mentions and names -------------------------------------------------------------

    def _collect_mentions(self) -> None:
        """Find named people in every sentence; multi-word names feed the registry.

        Single capitalised words count only once the article has named someone with that
        surname in full, or when a reporting verb makes them a speaker ("Lacy said").
        """
        # Most capitalised runs are not sure names, and of those most are no lone name at
        # all, so a run's rank (regex work) is only computed once it is known to be needed.
        # Ranking is pure, so ranking a run later gives what ranking it here would have.
        pending: list[tuple[int, str, int, re.Match[str], bool]] = []
        for paragraph, sentences in enumerate(self.sentences):
            text = self.masked[paragraph]
            base = self.body[paragraph].start
            runs = name_runs_in(text)
            for sentence in sentences:
                subject_taken = False
                for match in runs.finditer(text, sentence.start, sentence.end):
                    name = _name_in_run(text, match.start(), match.group(0))
                    if name is not None and _employs_next(text, match.end()):
                        continue  # `H.J. Heinz chairman Tony O'Reilly`: a firm, not a person
                    if name is None:
                        pending.append(
                            (base + match.start(), text, sentence.start, match, subject_taken)
                        )
                        continue
                    rank = _mention_rank(text, sentence.start, match, subject_taken)
                    # A capitalised word opening the sentence ("Days after…") may not be a
                    # name, so only a sure name takes the subject slot.
                    subject_taken = subject_taken or rank == _SUBJECT
                    name = _with_gender_before(name, text, match.start())
                    self.add_mention(base + match.start(), name, rank)
                    self._register(base + match.start(), name)
        for pos, text, sentence_start, match, taken in pending:
            window = max(0, match.start() - 40)
            # A plain "the" test first: the pattern has no first character for the regex
            # engine to skip to, and most runs have no "the" before them.
            if "the" in text[window : match.start()].lower() and _DETERMINED_END.search(
                text, window, match.start()
            ):
                # `the Sams`, `the Clintons`, `the ruling Politburo`: a family or a body,
                # not one person.
                continue
            name = parse_name(match.group(0), titled_single=False)
            if name is None or " " in name.text:
                continue
            rank = _mention_rank(text, sentence_start, match, taken)
            opens = rank == _SUBJECT and not text[sentence_start : match.start()].strip(
                _MARKS + " \n\t"
            )
            if (
                self._known_surname(name.text)
                or rank == _SPEAKER
                or (opens and self.titled(name.text))
            ):
                # `Reagan made no mention …` after "President Reagan": the titled person
                self.add_mention(pos, _with_gender_before(name, text, match.start()), rank)

    def _register(self, pos: int, name: Name) -> None:
        if " " in name.text:
            forms = self.full_names.setdefault(surname_key(name.text), {})
            forms.setdefault(name.text, []).append(pos)
            first = name_key(name.text).split()[0]
            self.by_first.setdefault(first, {}).setdefault(name.text, []).append(pos)
        if name.gender:
            self.genders.setdefault(name_key(name.text), name.gender)

    def names_elsewhere(self, word: str) -> bool:
        """Whether the article names ``word`` as someone or something other than by opening a
        sentence with it: "Local traders claim" opens with an adjective, not a Mr. Local."""
        if self._known_surname(word) or surname_key(word) in self.counts:
            return True
        pattern = re.compile(rf"(?<![\w.\-]){re.escape(word)}(?![\w\-])")
        for text in self.masked:
            for match in pattern.finditer(text):
                before = text[: match.start()].rstrip()
                if before and before[-1] not in _SENTENCE_OPENERS:
                    return True  # capitalised in mid-sentence: a name, whatever it names
        return False

    def _known_surname(self, word: str) -> bool:
        return surname_key(word) in self.full_names or name_key(word) in self.by_first

    def add_mention(self, pos: int, name: Name, rank: int) -> None:
        """Record a person mention, keeping the list sorted by position."""
        index = bisect.bisect_left(self._positions, pos)
        key = surname_key(name.text)
        self.counts[key] = self.counts.get(key, 0) + 1
        if name.roles:
            self._titled.add(name_key(name.text))
        self._positions.insert(index, pos)
        self.mentions.insert(index, _Mention(pos, name, rank))

    def full_name(self, name: str, pos: int, gender: str | None = None) -> str:
        """The fullest form of ``name`` the article gives, preferring one named before ``pos``.

        A gendered mention ("Mr. Trump") never takes a full form of the other gender
        ("Ivanka Trump"): relatives share surnames, titles and first names tell them apart.
        """
        candidates = self.full_names.get(surname_key(name), {})
        tokens = name_key(name).split()
        fitting = {
            full: places
            for full, places in candidates.items()
            if _extends(name_key(full).split(), tokens)
        }
        if not fitting and len(tokens) == 1:
            fitting = self.by_first.get(tokens[0], {}) or self._misspelt(tokens[0])
        if gender is not None:
            fitting = {
                full: places
                for full, places in fitting.items()
                if self.gender_of(full) in (None, gender)
            }
        if not fitting:
            return name
        # "Suu Kyi" is a short form of "Aung San Suu Kyi": keep only the longest forms.
        keys = {full: name_key(full).split() for full in fitting}
        fitting = {
            full: places
            for full, places in fitting.items()
            if not any(
                len(other) > len(keys[full]) and other[-len(keys[full]) :] == keys[full]
                for other in keys.values()
            )
        }
        uses = {full: bisect.bisect_right(places, pos) for full, places in fitting.items()}
        if not any(uses.values()):
            uses = {full: len(places) for full, places in fitting.items()}
        # The form the article has used most so far ("Jeb Bush" over a one-off "John Ellis
        # Bush"), then the one with most words, initials not counting; then the person the
        # article introduced first ("Donald J. Trump" before a relative, "Ivanka Trump"),
        # and of one person's forms the one without initials ("Paul Ryan", "Paul D. Ryan").
        given = {full: name_key(full).split()[0] for full in fitting}
        introduced: dict[str, int] = {}
        for full, places in fitting.items():
            introduced[given[full]] = min(introduced.get(given[full], places[0]), places[0])
        return max(
            uses,
            key=lambda f: (uses[f], _full_words(f), -introduced[given[f]], -len(f.split())),
        )

    def _misspelt(self, surname: str) -> dict[str, list[int]]:
        """The full names of the one person whose surname is one typo from ``surname``, when
        the article writes ``surname`` only once ("Kaczura said" after "Janusz Kaczurba";
        "Water said" after "Kathryn Waters"). A surname used again is a person of its own
        ("Reagan" beside "Donald Regan")."""
        if len(surname) < 5 or self.counts.get(surname, 0) > 1:
            return {}
        near = [
            key
            for key in self.full_names
            if abs(len(key) - len(surname)) <= 1
            and Levenshtein.distance(key, surname, score_cutoff=1) <= 1
        ]
        return self.full_names[near[0]] if len(near) == 1 else {}

    def organisation(self, name: str, pos: int) -> str:
        """An organisation's name, spelled out when the article gave its acronym's expansion."""
        if name.isupper() and len(name) > 1:
            name = self.acronyms.get(name, name)
        elif " " not in name:
            # "the Chamber reported" after "the Chamber of Mines said": the same body.
            named = self.organisation_named(name, pos)
            name = named[1] if named is not None else name
        self.organisations.append((pos, name))
        return name

    def last_organisation(self, paragraph: int) -> str | None:
        """The organisation quoted last, for `it said` and `the newspaper said`."""
        if not self.organisations:
            return None
        start = self.body[max(0, paragraph - _LOOKBACK_PARAGRAPHS)].start
        pos, name = self.organisations[-1]
        return name if pos >= start else None

    def referred_organisation(self, noun: str, pos: int, paragraph: int) -> str | None:
        """What "the chamber" or "the newspaper" means: the organisation named last with
        ``noun`` as its head ("the U.S. Chamber of Commerce, in a statement, said …. The
        chamber said"), else the one quoted last. For a noun any company answers to
        ("the company") a named one wins only if it came after the one quoted last. With no
        body quoted, "it" is the body that last said something (see below)."""
        named = self.organisation_named(noun, pos)
        quoted = self.organisations[-1] if self.organisations else None
        if named is not None and (
            quoted is None or named[0] > quoted[0] or noun not in _GENERIC_ORG_NOUNS
        ):
            return named[1]
        last = self.last_organisation(paragraph)
        if last is None and noun == "it":
            return self.body_that_spoke(paragraph, pos)
        return last

    def body_that_spoke(self, paragraph: int, pos: int) -> str | None:
        """For `it said` when no body was quoted: the one that last said something in a
        sentence of its own ("ATT said the wires are made of …. It said, "…""), not a
        person ("Smith said"), within the usual lookback."""
        for index in range(paragraph, max(0, paragraph - _LOOKBACK_PARAGRAPHS) - 1, -1):
            text, base = self.masked[index], self.body[index].start
            end = pos - base if index == paragraph else len(text)
            for match in reversed(list(_BODY_SPOKE.finditer(text, 0, max(0, end)))):
                # The subject as any cue reads it: "the Securities and Exchange Commission",
                # "the Bank of England", not just the capitalised run before the verb. A
                # bounded window, as for any leading cue: a paragraph of thousands of "One
                # said" must not make each of them rescan everything before it.
                start = max(0, match.end(1) - _LEADING_WINDOW)
                cue = _simple_np_at_end(text[start : match.end(1)], base + start)
                if cue is not None and cue.kind == _ORG:
                    return self.organisation(cue.value, cue.pos)
                if cue is not None and cue.kind == _NAME:
                    if self._is_body(cue.value):
                        return self.organisation(cue.value, cue.pos)
                    return None  # a person spoke last: "it" is not them, nor anyone before
        return None

    def _is_body(self, run: str) -> bool:
        """A capitalised run that names a body, not a person: an acronym ("ATT", "OECD"), a
        name ending in an organisation word, or a single word that no one in the article is
        called ("Adsteam")."""
        words = words_of(run)
        if not words:
            return False
        if run.isupper() or words[-1].lower().rstrip(".") in ORG_ENDINGS:
            return True
        return (
            len(words) == 1
            and not self._known_surname(words[0])
            and name_key(words[0]) not in GIVEN_NAMES
            and name_key(words[0]) not in self.genders
        )

    def renew_organisation(self, name: str, pos: int) -> None:
        """`the department said` keeps the organisation in focus for a later `it said`."""
        self.organisations.append((pos, name))

    def organisation_at(self, pos: int) -> str | None:
        """The organisation whose name the capitalised run at ``pos`` begins, if the article
        names it in full elsewhere: "General Acquisition said" after "General Acquisition
        Co" is the company, not a Mr. Acquisition with the rank of general."""
        _, run = self._run_at(pos)
        words = words_of(run.group(0)) if run else []
        if len(words) < 2:
            return None
        organisation = self.org_names.get(name_key(words[0]), "")
        return organisation if organisation.split()[: len(words)] == words else None

    def _run_at(self, pos: int) -> tuple[str, re.Match[str] | None]:
        """The masked paragraph holding ``pos`` and the capitalised run starting there."""
        paragraph = bisect.bisect_right(self.body, pos, key=lambda p: p.start) - 1
        if paragraph < 0:
            return "", None
        text = self.masked[paragraph]
        return text, NAME_RUN.match(text, pos - self.body[paragraph].start)

    def titled(self, word: str) -> bool:
        """Whether the article gives ``word`` a personal title ("Mr. Trump") anywhere."""
        key = name_key(word)
        return key in self.genders or key in self._titled

    def gender_of(self, name: str) -> str | None:
        """The gender the article's titles or first names suggest for ``name``."""
        return self.genders.get(name_key(name))

    # -- sentences ----------------------------------------------------------------------

    def sentence_at(self, paragraph: int, rel: int) -> _Sentence:
        """The sentence of ``paragraph`` holding relative offset ``rel``."""
        return self.sentences[paragraph][self.sentence_index(paragraph, rel)]

    def sentence_index(self, paragraph: int, rel: int) -> int:
        """Index of the sentence of ``paragraph`` holding relative offset ``rel``."""
        starts = self._starts[paragraph]
        return max(0, bisect.bisect_right(starts, rel) - 1)

    def mentions_between(self, start: int, end: int) -> list[_Mention]:
        """Person mentions whose start lies in ``[start, end)`` (absolute offsets)."""
        lo = bisect.bisect_left(self._positions, start)
        hi = bisect.bisect_left(self._positions, end)
        return self.mentions[lo:hi]

    def resolve(self, paragraph: int, pos: int, gender: str | None) -> str | None:
        """The nearest compatible named person before ``pos``: speakers, then subjects.

        A gendered pronoun may look further back than an ungendered fallback, since the
        gender rules out the people named in between.
        """
        found = self._resolve_within(paragraph, pos, gender, _LOOKBACK_PARAGRAPHS)
        if found is None and gender is not None:
            found = self._resolve_within(paragraph, pos, gender, 3 * _LOOKBACK_PARAGRAPHS)
        return found

    def _resolve_within(
        self, paragraph: int, pos: int, gender: str | None, lookback: int
    ) -> str | None:
        first_paragraph = max(0, paragraph - lookback)
        budget = _LOOKBACK_SENTENCES * (lookback // _LOOKBACK_PARAGRAPHS)
        for index in range(paragraph, first_paragraph - 1, -1):
            base = self.body[index].start
            sentences = self.sentences[index]
            last = (
                self.sentence_index(index, pos - base) if index == paragraph else len(sentences) - 1
            )
            for sentence in reversed(sentences[: last + 1]):
                start, end = base + sentence.start, min(pos, base + sentence.end)
                mentions = self.mentions_between(start, end)
                if gender is not None and start <= pos < base + sentence.end:
                    # `Speaking to Martin Smith of PBS, he said`: in its own sentence "he"
                    # or "she" is not the object of a preposition or verb before it.
                    mentions = [m for m in mentions if m.rank != _OTHER]
                elif gender is not None and self._pronoun_subject(index, sentence, gender):
                    # `The talks with Ryohei Murata will focus on aid, she added.`: a name
                    # in an earlier sentence about "she" is not who "she" is, unless it is
                    # known to be a woman's (`As pressure mounted on Margaret Thatcher, she
                    # said`).
                    mentions = [
                        m
                        for m in mentions
                        if m.rank == _SPEAKER
                        or (m.name.gender or self.gender_of(m.name.text)) == gender
                    ]
                if self.unnamed_speaks_last(start, end, mentions, gender):
                    return None
                found = self._pick(mentions, gender)
                budget -= 1
                if found is not None or budget <= 0:
                    return found
        return None

    def _pronoun_subject(self, paragraph: int, sentence: _Sentence, gender: str) -> bool:
        """Whether "he" or "she" of ``gender`` is the subject of ``sentence``, or of a
        reporting verb in it (outside quotes: quoted words are masked)."""
        text = self.masked[paragraph][sentence.start : sentence.end].lstrip()
        found = _PRONOUN_SUBJECT.search(text)
        pronoun = (found.group(1) or found.group(2)) if found is not None else None
        return pronoun is not None and _PRONOUN_GENDER[pronoun.lower()] == gender

    def unnamed_speaks_last(
        self, start: int, end: int, mentions: list[_Mention], gender: str | None
    ) -> bool:
        """Whether the last speaker of this stretch is an unnamed person of a fitting gender
        ("A Cable spokesman said it …"), after every named speaker in it."""
        named = max((m.pos for m in mentions if m.rank == _SPEAKER), default=-1)
        speakers = self.unnamed_speakers  # in text order
        for at, known in speakers[bisect.bisect_left(speakers, (max(start, named + 1),)) :]:
            if at >= end:
                return False
            if gender is None or known in (None, gender):
                return True
        return False

    def _pick(self, mentions: list[_Mention], gender: str | None) -> str | None:
        newest_first = list(reversed(mentions))
        ordered = [m for m in newest_first if m.rank == _SPEAKER] + [
            m
            for rank in (_SUBJECT, _OTHER)
            for m in newest_first
            if m.rank == rank and self._person_like(m)
        ]
        for mention in ordered:
            full = self.full_name(mention.name.text, mention.pos, mention.name.gender)
            if name_key(full) in PLACES:
                continue  # `Washington announced …`: a place acts, but is nobody's "he"
            if gender is not None and " " not in full and name_key(full) in self.org_names:
                continue  # `Volkswagen said` where the article names Volkswagen AG: no "he"
            known = mention.name.gender or self.gender_of(full)
            if gender is None or known is None or known == gender:
                return full
        return None

    def _person_like(self, mention: _Mention) -> bool:
        """Whether a non-subject mention is surely a person: titled, gendered or recurring.

        Capitalised runs met once ("Art Deco", a film title) are not people to refer back to.
        """
        name = mention.name
        if name.roles or name.gender or self.gender_of(name.text):
            return True
        return self.counts.get(surname_key(name.text), 0) >= 2 or self._described(mention)

    def _described(self, mention: _Mention) -> bool:
        """Whether an apposition calls the mention a person: "Wes Nakagiri, a delegate from
        Michigan" (then "he said" can mean him), unlike "Art Deco, a style"."""
        text, run = self._run_at(mention.pos)
        after = _PERSON_APPOSITION.match(text, run.end()) if run else None
        return after is not None and _is_person_noun(after.group(1))

    def resolve_role(self, paragraph: int, pos: int, role: str) -> str | None:
        """A definite role noun ("the minister") names the last person given that title, or
        nobody when it takes up an unnamed one ("A foreign banker said … 'the banker said')."""
        for mention in reversed(self.mentions_between(0, pos)):
            if role in mention.name.roles:
                return self.full_name(mention.name.text, mention.pos, mention.name.gender)
        if self._introduced_unnamed(paragraph, pos, role):
            return None
        return self.resolve(paragraph, pos, HONORIFIC_GENDER.get(role))

    def _introduced_unnamed(self, paragraph: int, pos: int, role: str) -> bool:
        """Whether a recent paragraph brought in ``role``, a kind of person, with an
        indefinite article ("a foreign banker", "a source close to …")."""
        if role not in TITLES and role + "s" not in GENERIC_SUBJECTS:
            return False  # `the artwork`: no person to be unnamed
        indefinite = re.compile(
            rf"\b(?:(?i:a|an|one|another)\s+(?:[\w\-]+\s+){{0,3}}{re.escape(role)}"
            rf"|(?i:one)\s+of\s+(?:[\w\-'’]+\s+){{0,3}}{re.escape(role)}s)\b"
        )
        for index in range(max(0, paragraph - _LOOKBACK_PARAGRAPHS), paragraph + 1):
            text = self.masked[index]
            end = pos - self.body[index].start if index == paragraph else len(text)
            if indefinite.search(text, 0, end):
                return True
        return False


def _full_words(name: str) -> int:
    return sum(1 for word in name.split() if not (len(word) == 2 and word.endswith(".")))


def _organisation_head(name: str) -> str:
    """The noun an organisation's name is built on, in lower case: the word before "of"
    ("Chamber of Mines"), else the last word that is no company-form suffix ("Bank" in
    "Hang Seng Bank Ltd")."""
    words = name.lower().split()
    if "of" in words[1:]:
        return words[words.index("of", 1) - 1]
    while len(words) > 1 and words[-1].rstrip(".") in _COMPANY_FORMS:
        words.pop()
    return words[-1]


def _organisation_names(runs: Iterable[Sequence[str]]) -> dict[str, str]:
    """First word -> the longest organisation name starting with it ("Ford Motor Company"),
    from the words of runs that end in an organisation word.

    A one-word subject ("Ford said") that is nobody's surname is then named in full.
    """
    names: dict[str, str] = {}
    for words in runs:
        # "On Friday Ford Motor Company": any word of the run may start the name.
        for start in range(len(words) - 1):
            key = name_key(words[start])
            if len(words) - start > len(names.get(key, "").split()):
                names[key] = " ".join(words[start:])
    return names


def _extends(full: list[str], short: list[str]) -> bool:
    """Whether ``short`` names the same person as ``full`` (same surname, compatible rest)."""
    if not short or not full or full[-1] != short[-1]:
        return False
    if len(short) == 1 or full[-len(short) :] == short:
        return True  # "Lavrov", "Suu Kyi" for "Aung San Suu Kyi"
    return short[0] == full[0] or short[0].rstrip(".") == full[0][:1]


# -- preparing the text ------------------------------------------------------------------


def _mask(body: Sequence[Paragraph], quotes: Sequence[QuoteSpan]) -> list[str]:
    """Paragraph texts with quoted words blanked, so cues are never read inside quotes.

    Lengths are kept (offsets stay valid) and a quote's final ``.!?`` is kept so sentence
    boundaries after a quotation are still seen.
    """
    texts = [p.text for p in body]
    for quote in quotes:
        if not 0 <= quote.paragraph < len(body):
            continue
        base = body[quote.paragraph].start
        text = texts[quote.paragraph]
        lo, hi = max(0, quote.start - base), min(len(text), quote.end - base)
        if hi <= lo:
            continue
        # Quotes apply in order on whole strings (overlaps behave as character by character).
        last = body[quote.paragraph].text[hi - 1]
        tail = last if last in ".!?" else _blank(text[hi - 1])
        text = text[:lo] + _blank(text[lo : hi - 1]) + tail + text[hi:]
        texts[quote.paragraph] = text
    return texts


def _blank(text: str) -> str:
    """``text`` with every character but line breaks made an "x" (same length): a regular
    expression replacing one character at a time built a piece per character."""
    return "\n".join("x" * len(line) for line in text.split("\n"))


def _split_sentences(paragraph: int, text: str) -> list[_Sentence]:
    """Cut a masked paragraph into sentences, skipping breaks after abbreviations."""
    sentences: list[_Sentence] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        gap_start = match.start(1) if match.start(1) >= 0 else match.start()
        raw_head = text[start:gap_start]
        head = raw_head.rstrip("\"”’')]")
        if _ABBREVIATION.search(head[-12:]):
            continue
        gap = text[gap_start : match.end()]
        closes_quote = raw_head.endswith(('"', "”")) or '"' in gap or "”" in gap
        if closes_quote and _ATTRIBUTION_NEXT.match(text, match.end()):
            continue  # `"…in two days!" Macron told the world`: the quote's own attribution
        sentences.append(_Sentence(paragraph, start, match.end()))
        start = match.end()
    sentences.append(_Sentence(paragraph, start, len(text)))
    return sentences


# -- reading cues ------------------------------------------------------------------------


def _strip_auxiliaries(text: str) -> str:
    """Drop what stands between a subject and its verb: `has also`, `(D-Wash.)`."""
    previous = None
    while previous != text:
        previous = text
        text = _PARENTHESIS_END.sub("", _AUXILIARY.sub("", text.rstrip()))
    return text.rstrip()


def _np_at_end(fragment: str, base: int) -> _Cue | None:
    """The subject phrase that ends ``fragment`` (text right before a reporting verb)."""
    text = _strip_auxiliaries(fragment)
    if text.endswith(","):
        return _appositive_subject(text[:-1], base)
    return _simple_np_at_end(text, base)


def _appositive_subject(text: str, base: int) -> _Cue | None:
    """`X, the foreign minister, said` / `X, who…, said`: the name outside the commas."""
    segments = text.split(",")
    offsets = []
    position = 0
    for segment in segments:
        offsets.append(position)
        position += len(segment) + 1
    fallback: _Cue | None = None
    for index in range(len(segments) - 1, max(-1, len(segments) - 5), -1):
        segment = segments[index]
        if not segment.strip() or _APPOSITIVE_START.match(segment):
            continue
        if (
            index > 0
            and len(segment.split()) == 1
            and not "".join(segments[index + 1 :]).strip()
            and _CAPITAL_END.search(segments[index - 1])
        ):
            # `director at the University of Arkansas, Fayetteville, said`: a place ends
            # the apposition (`…, Sosnoff, a New York investor, said` is a name).
            continue
        if (
            _DETERMINER_WORD.match(segment)
            or _is_role_phrase(segment)
            or _POSSESSIVE_ROLE_START.match(segment)
        ):
            # `X, a close adviser to Trump, said`, `X, Head of the EC Delegation in
            # Washington, said`, `Ronald Allen, Delta's president, said`: an appositive;
            # names inside are not it.
            if fallback is None:
                fallback = _simple_np_at_end(segment.rstrip(), base + offsets[index])
            continue
        cue = _simple_np_at_end(segment.rstrip(), base + offsets[index])
        if cue is not None:
            return cue
    return fallback


# `, a delegate from Michigan`, `, the party's treasurer`: group 1 is the head noun.
_PERSON_APPOSITION = re.compile(
    r",\s+(?i:a|an|the|another)\s+(?:[\w\-'’]+\s+){0,3}?([a-z]+)"
    r"(?=\s*[,.;]|\s+(?:of|from|at|for|in|who|with)\b)"
)
_CAPITAL_END = re.compile(r"[A-Z][\w.'’\-]*\s*$")
# `Head of the EC Delegation`, `Washington representative of the China … Institute`: a
# title (after at most three capitalised words) followed by what it is the title of.
_ROLE_PHRASE = re.compile(
    r"\s*(?:[A-Z][\w.\-'’]*\s+){0,3}?([A-Za-z][A-Za-z\-]*)\s+(?:of|at|for|to)\s"
)


def _is_role_phrase(segment: str) -> bool:
    """A title and what it is the title of; a hyphenated title counts by its last word
    ("ATT's Vice-President of Marketing Services")."""
    match = _ROLE_PHRASE.match(segment)
    return match is not None and match.group(1).lower().rsplit("-", 1)[-1] in TITLES


_BODY_HEADS = ORG_NOUNS | ORG_ENDINGS  # `the Chamber of Mines`, `Bank of Spain`: no person


def _names_a_person(name: str) -> bool:
    """A full name, or one word that is no body's head and no group ("Edelman", not
    "Chamber" or "Members")."""
    return " " in name or (name.lower() not in _BODY_HEADS and name.lower() not in GENERIC_SUBJECTS)


def _simple_np_at_end(text: str, base: int) -> _Cue | None:
    text = text.rstrip()
    if not text:
        return None
    pronoun = _PRONOUN_END.search(text)
    if pronoun:
        return _pronoun_cue(pronoun.group(1), base + pronoun.start(1))
    if _UNNAMED_END.search(text):
        return _Cue(_UNNAMED, "", base + len(text))  # `"…," one said.`: one of those named before
    offset = max(0, len(text) - 200)
    runs = list(NAME_RUN.finditer(text[-200:]))
    if runs and runs[-1].end() + offset == len(text):
        cue = _name_cue_at_end(text, runs[-1].group(0), base + offset + runs[-1].start())
        if cue is not None and (cue.kind == _ORG or " " not in cue.value):
            # `the Bank of England said`: the whole body, not "England" after "of".
            body = _BODY_END.search(text, offset)
            return (_body_cue(body, base) if body is not None else None) or cue
        return cue
    document = _POSSESSIVE_DOCUMENT_END.search(text)
    if document is not None:
        name = parse_name(document.group(1), titled_single=False)
        if name is not None:
            return _Cue(_NAME, name.text, base + document.start(1), name.gender)
    issued = _ISSUED_DOCUMENT_END.search(text)
    if (
        issued is not None
        and issued.group(2) in _DOCUMENT_NOUNS
        and issued.group(1).lower() not in DEMONYMS
    ):
        return _org_cue(issued.group(1), base + issued.start(1))  # `the FAA order said`
    if _POSSESSIVE_ROLE_END.search(text):
        return _Cue(_UNNAMED, "", base + len(text))
    document = _INDEFINITE_DOCUMENT_END.search(text)
    if document is not None and document.group(2) in _DOCUMENT_NOUNS:
        return _indefinite_document(document, base)
    placed = _PERSON_FROM_END.search(text)
    if placed is not None:
        # `Regina Ip from the pro-Beijing camp said`: the person, not "the camp".
        name = parse_name(placed.group(1))
        if name is not None:
            return _Cue(_NAME, name.text, base + placed.start(1), name.gender)
    determiner = _DETERMINER_END.search(text)
    if determiner:
        return _role_cue(determiner.group(1), determiner.group(2), base + determiner.start())
    described = _DESCRIBED_PERSON_END.search(text)
    if described is not None and _is_unnamed_person(described.group(1), described.group(2)):
        return _Cue(_UNNAMED, described.group(2), base + described.start(1))
    plural = _NAMED_PLURAL_END.search(text)
    if plural is not None and plural.group(1) in GENERIC_SUBJECTS:
        return _Cue(_UNNAMED, "", base + plural.start(1))  # `Bank of Spain officials said`
    return None


def _name_cue_at_end(text: str, run: str, pos: int) -> _Cue | None:
    """A capitalised run right before a verb: a person, or `X of Org`, or an organisation."""
    head = text[: len(text) - len(run)]
    joined = _joined_start(head, run)
    if joined is not None:  # the run is the whole name, "and" included
        pos -= len(head) - joined
        head, run = head[:joined], text[joined:]
    placed = _placed_subject(head, run, pos - len(head))
    if placed is not None:
        return placed
    employer = _OF_EMPLOYER.search(head) or _OF_FIRM_AND.search(head)
    if employer is not None:
        # `Dale Gustafson of Drexel Burnham Lambert said`, `Peter Iseley of victim group X
        # said`, `Jeffrey Miller, of Miller Tabak Hirsch and Co said`, `Bruce Lazier of
        # Prescott Ball and Turben said`: the person, not the employer.
        person = head[: employer.start()].rstrip().removesuffix(",")
        inner = _simple_np_at_end(person, pos - len(head))
        if inner is not None and inner.kind == _NAME and _names_a_person(inner.value):
            return inner  # `Edelman of Drexel said` too, but not `the Chamber of Mines`
    name = _name_in_run(text, len(head), run, titled_single=False) or person_ending(run)
    if name is not None:
        return _Cue(_NAME, name.text, pos, name.gender)
    return _org_cue(run, pos)


def _joined_start(head: str, run: str) -> int | None:
    """Where an organisation's name that "and" split begins in ``head``, when ``run`` ends
    it ("Exchange Commission" in "the Securities and Exchange Commission")."""
    words = words_of(run)
    if not words or words[-1].lower().rstrip(".") not in ORG_ENDINGS:
        return None
    before = _AND_BEFORE.search(head)
    return before.start(1) if before is not None else None


def _placed_subject(head: str, run: str, base: int) -> _Cue | None:
    """The unnamed person in `one senior official in Tokyo` (said), when ``run`` is only the
    place or employer that follows. A full name is left alone: `the trade ambassador of the
    European Community Tran Van Thinh` names the speaker after the role."""
    placing = _PLACING_PHRASE.search(head)
    if placing is None:
        return None
    name = parse_name(run, titled_single=False)
    if name is not None and " " in name.text:
        return None
    subject = _simple_np_at_end(head[: placing.start()], base)
    if subject is None or subject.kind not in (_UNNAMED, _ROLE):
        return None
    return subject if _is_person_noun(subject.value) else None


def _is_person_noun(noun: str) -> bool:
    """`official`, `dealer`, `spokesman`: words for a person, not `meeting` or `issue`.
    An empty noun is the `one` or `some` of an unnamed subject."""
    noun = noun.lower()
    return not noun or noun in GENERIC_SUBJECTS or _is_singular_person_noun(noun)


def _is_unnamed_person(determiner: str, noun: str) -> bool:
    """`a Toshiba executive`, `one New York banker`, `the Lanston economists`: someone the
    article does not name. `the Drexel spokesman` may be the spokesman it named, so a
    definite singular is left to the other rules."""
    noun = noun.lower()
    return noun in GENERIC_SUBJECTS or (determiner.lower() != "the" and _is_person_noun(noun))


def _np_at_start(fragment: str, base: int) -> _Cue | None:
    """The subject after an inverted verb (`said Harvey`, `said the minister`)."""
    lead = len(fragment) - len(fragment.lstrip(" ,\n"))
    text = fragment[lead:]
    base += lead
    pronoun = _PRONOUN_START.match(text)
    if pronoun:
        return _pronoun_cue(pronoun.group(1), base)
    clauses = _clauses(text[:300])
    named = _first_named(clauses[1:4], base + len(clauses[0]) + 1) if len(clauses) > 1 else None
    clause = clauses[0][:120]
    modified = _MODIFIED_TITLE.match(clause)
    if modified is not None and _only_titles(modified.group(2)):
        # `the El Paso mayor, Dee Margo`: the place describes the title, not a speaker.
        return named or _role_cue(modified.group(1), modified.group(2), base)
    plural = _HEAD_WORD_START.match(clause)
    if plural is not None and plural.group(1) in GENERIC_SUBJECTS:
        # `quoted experts of the Ministry of Electric Power as saying`: unnamed people.
        return _Cue(_UNNAMED, plural.group(1), base)
    unnamed = _DETERMINER_START.match(clause)
    if unnamed is not None:
        head = unnamed.group(2).split()[-1].lower()
        if unnamed.group(1).lower() != "the" and _is_person_noun(head):
            # `said an economist at Goldman Sachs`: someone unnamed, not their employer.
            return _Cue(_UNNAMED, head, base)
    described = _DESCRIBED_PERSON_START.match(clause)
    if described is not None and _is_unnamed_person(described.group(1), described.group(2)):
        return _Cue(_UNNAMED, described.group(2), base)
    if _INDEFINITE_START.match(clause):
        return _indefinite_subject(clauses, base)
    owned = _BODY_POSSESSIVE.match(clause)
    if owned is not None:
        name = parse_name(owned.group(3), titled_single=False)
        if name is not None:
            return _Cue(_NAME, name.text, base + owned.start(3), name.gender)
    runs = list(NAME_RUN.finditer(clause))
    if runs and runs[0].start() == 0 and clause.startswith(" of ", runs[0].end()):
        # `said Johnson of L.F. Rothschild`: the person, then the employer.
        name = parse_name(runs[0].group(0), titled_single=False)
        if name is not None:
            return _Cue(_NAME, name.text, base, name.gender)
    if runs and runs[0].start() < 40:
        for index, run in enumerate(runs):
            if index + 1 < len(runs) and _only_person_nouns(
                clause[run.end() : runs[index + 1].start()]
            ):
                # `Judicial Watch president Tom Fitton`, `C.J. Lawrence analyst Harry
                # Mortner`: the name is the last run
                continue
            name = _name_in_run(clause, run.start(), run.group(0))
            if name is not None:
                return _Cue(_NAME, name.text, base + run.start(), name.gender)
        first = runs[0]
        before = clause[: first.start()].split()
        name = parse_name(first.group(0), titled_single=False)
        if name is not None and (first.start() == 0 or before[-1] in _ROLE_BEFORE_NAME):
            # `said Harvey`; `said burlington lawyer Humphrey`: a role noun right before it
            return _Cue(_NAME, name.text, base + first.start(), name.gender)
    body = _BODY_ALONE.match(clause)
    cue = _body_cue(body, base) if body is not None else None
    if cue is not None:
        # `said the Bank of England.`; but `said University of California, San Diego's
        # chancellor, Pradeep Khosla` is the person in apposition.
        return named or cue
    determiner = _DETERMINER_START.match(text)
    if determiner:
        return _role_cue(determiner.group(1), determiner.group(2), base)
    if runs and runs[0].start() == 0:
        # `said University of California, San Diego's chancellor, Pradeep Khosla`
        return named or _org_cue(runs[0].group(0), base)
    organisation = _DETERMINER_ORG.match(text)
    if organisation is not None:
        return _org_cue(organisation.group(1), base + organisation.start(1))
    return None


def _indefinite_subject(clauses: Sequence[str], base: int) -> _Cue:
    """`said a protester using the pseudonym Katya`, `said one U.S. official`: someone the
    article does not name, never the person it named last, unless the next clause names
    them (`said a spokesman, John Smith`). An indefinite document speaks for its issuer:
    `said a statement by Islamic Jihad`, `said a China Daily editorial`."""
    clause = clauses[0]
    words = clause.split()[1:8]
    document = next((i for i, w in enumerate(words) if w.lower() in _DOCUMENT_NOUNS), None)
    if document is not None:
        issuer = _ISSUER.search(clause)
        if issuer is not None:
            name = parse_name(issuer.group(1), titled_single=False)
            if name is not None and _is_possessive(issuer):  # `by Erdogan's office`: Erdogan
                return _Cue(_NAME, name.text, base + issuer.start(1), name.gender)
            return _org_cue(issuer.group(1), base + issuer.start(1))
        before = NAME_RUN.fullmatch(" ".join(words[:document]))
        if before is not None:  # `a China Daily editorial`
            return _org_cue(before.group(0), base + clause.find(before.group(0)))
    elif len(clauses) > 1 and NAME_RUN.fullmatch(clauses[1].strip()):
        name = parse_name(clauses[1].strip())
        if name is not None:
            return _Cue(_NAME, name.text, base + len(clause) + 1, name.gender)
    return _Cue(_UNNAMED, "", base)


def _indefinite_document(document: re.Match[str], base: int) -> _Cue:
    """The body a document names as its issuer right before its noun ("a Gandalf statement",
    "An Ifo report"); a nationality alone ("a French statement") or none names nobody."""
    words = document.group(1).split()
    capitalised = len(words)
    while capitalised and words[capitalised - 1][:1].isupper():
        capitalised -= 1
    issuer = words[capitalised:]
    if not issuer or (len(issuer) == 1 and issuer[0].lower() in DEMONYMS):
        return _Cue(_UNNAMED, "", base + document.start(2))
    return _org_cue(" ".join(issuer), base + document.start(1))


def _org_cue(run: str, pos: int) -> _Cue:
    """An organisation as the subject of a reporting verb; a date is not one, and a party
    member (`the West Virginia Democrat told`) is the lawmaker the article named."""
    words = words_of(run)
    if not words or name_key(words[-1]) in CALENDAR:
        return _Cue(_UNNAMED, "", pos)
    if name_key(words[-1]) in _PARTY_MEMBERS:
        return _Cue(_ROLE, name_key(words[-1]), pos)
    return _Cue(_ORG, " ".join(words), pos)


def _body_cue(match: re.Match[str], base: int) -> _Cue | None:
    """An organisation cue for a :data:`_BODY_NAME` match whose head is an organisation noun
    and that runs on into no title ("Department of Agriculture Deputy Administrator …")."""
    if match.group(2).lower() not in ORG_NOUNS:
        return None
    name = _THE.sub("", " ".join(match.group(1).split()))
    if any(word.lower() in BARE_TITLES for word in name.split()):
        return None
    return _Cue(_ORG, name, base + match.start(1))


def _clauses(text: str) -> list[str]:
    """Split at clause punctuation, keeping `Rev.`, `Mr.` and initials inside names."""
    pieces: list[str] = []
    start = 0
    for match in _CLAUSE_END.finditer(text):
        if match.group(0) == "." and _ABBREVIATION_WORD.search(text[start : match.start()]):
            continue
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return pieces


def _first_named(clauses: Sequence[str], base: int) -> _Cue | None:
    """The first multi-word person name among appositive clauses."""
    for clause in clauses:
        for run in NAME_RUN.finditer(clause):
            name = None if _is_possessive(run) else parse_name(run.group(0))
            if name is not None and " " in name.text:
                return _Cue(_NAME, name.text, base + run.start(), name.gender)
        base += len(clause) + 1
    return None


def _only_titles(between: str) -> bool:
    words = between.split()
    return bool(words) and all(w.lower() in TITLES for w in words)


def _only_person_nouns(between: str) -> bool:
    words = between.split()
    return bool(words) and all(_is_person_noun(word) for word in words)


# `H.J. Heinz chairman Tony O'Reilly`: role nouns, then the next capitalised word.
_ROLE_NOUNS_THEN_NAME = re.compile(r"[ \t]+((?:[a-z][\w\-]*[ \t]+){1,3})(?=[A-Z])")


def _employs_next(text: str, end: int) -> bool:
    """Whether the run ending at ``end`` names the employer of the person named next."""
    match = _ROLE_NOUNS_THEN_NAME.match(text, end)
    return match is not None and _only_person_nouns(match.group(1))


def _pronoun_cue(word: str, pos: int) -> _Cue:
    low = word.lower()
    gender = _PRONOUN_GENDER.get(low)
    if low == "it":
        return _Cue(_ORG_REF, low, pos)
    if gender is None:
        return _Cue(_UNNAMED, low, pos)
    return _Cue(_PRONOUN, low, pos, gender)


# Nouns for writings, not people: `the statement said` quotes a text issued by the body
# the article was just talking about, not by the last person it mentioned.
_DOCUMENT_NOUNS = frozenset(
    {"editorial", "report", "statement", "letter", "study", "survey", "document",
     "communique", "memo", "article", "commentary", "column", "release", "bulletin",
     "newsletter", "poll", "notice", "announcement", "circular", "petition", "filing",
     "prospectus", "proposal", "draft", "resolution", "ruling", "decree", "text", "paper",
     "broadcast"}
)  # fmt: skip


def _role_cue(determiner: str, phrase: str, pos: int) -> _Cue:
    """`the minister` refers back to someone; `a spokesman`, `one analyst` and plural
    sources (`the analysts said`) stay unnamed."""
    words = phrase.split()
    head = words[-1].lower() if words else ""
    if len(words) > 1 and words[-2].lower() in SUBORDINATE_TITLES:
        head = f"{words[-2].lower()} {head}"  # `the vice president`: not the president
    if determiner.lower() == "the" and head in ORG_NOUNS:
        return _Cue(_ORG_REF, head, pos)
    if determiner.lower() == "the" and head in _DOCUMENT_NOUNS:
        owner = next((w for w in reversed(words[:-1]) if w.endswith(("'s", "’s"))), None)
        if owner is not None:  # `the judge's statement reads`: the judge
            return _role_cue(determiner, owner[:-2], pos)
        return _Cue(_DOCUMENT, head, pos)
    if determiner.lower() == "the" and head and head not in GENERIC_SUBJECTS:
        return _Cue(_ROLE, head, pos, HONORIFIC_GENDER.get(head))
    return _Cue(_UNNAMED, head, pos)


# -- finding the cue of one quote --------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where a quote sits: masked context before and after it within its sentence."""

    paragraph: int
    base: int  # absolute offset of the paragraph
    open_rel: int  # offset of the opening mark (or the span start) in the paragraph
    close_rel: int  # offset just after the closing mark
    sentence: _Sentence

    @property
    def leading_start(self) -> int:
        """Where the leading context starts (relative): the sentence start, within reason."""
        return max(self.sentence.start, self.open_rel - _LEADING_WINDOW)

    def leading(self, article: _Article) -> str:
        return article.masked[self.paragraph][self.leading_start : self.open_rel]

    def trailing(self, article: _Article) -> str:
        end = max(self.sentence.end, self.close_rel)
        if self.close_rel >= self.sentence.end:
            # The sentence broke right after the quote's own final punctuation.
            return ""
        return article.masked[self.paragraph][self.close_rel : end]


def _place(article: _Article, quote: QuoteSpan) -> _Place:
    paragraph = article.body[quote.paragraph]
    text = paragraph.text
    open_rel = quote.start - paragraph.start
    while open_rel > 0 and text[open_rel - 1].isspace():
        open_rel -= 1
    steps = 0
    while open_rel > 0 and text[open_rel - 1] in _MARKS and steps < 2:
        open_rel -= 1
        steps += 1
    close_rel = quote.end - paragraph.start
    while close_rel < len(text) and text[close_rel].isspace() and close_rel - quote.end < 3:
        close_rel += 1
    steps = 0
    while close_rel < len(text) and text[close_rel] in _MARKS and steps < 2:
        close_rel += 1
        steps += 1
    sentence = article.sentence_at(quote.paragraph, open_rel)
    return _Place(quote.paragraph, paragraph.start, open_rel, close_rel, sentence)


def _leading_cue(article: _Article, leading: str, base: int) -> _Cue | None:
    """A reporting verb before the quote in its sentence, and that verb's subject."""
    according = list(ACCORDING_RE.finditer(leading))
    if according:
        cue = _np_at_start(leading[according[-1].end() :], base + according[-1].end())
        if cue is not None:
            return cue
    verbs = sorted([*VERB_RE.finditer(leading), *_WENT_ON_TO.finditer(leading)], key=_start)
    for verb in reversed(verbs):
        if verb.group(0).lower() == "saying":
            # `one of the sources quoted Poehl as saying, "…"`: the one quoted speaks.
            quoted = _QUOTED_AS.search(leading, max(0, verb.start() - 160), verb.start())
            cue = _np_at_start(quoted.group(1), base + quoted.start(1)) if quoted else None
            if cue is not None:
                return cue
        if verb.group(0).endswith("ing"):
            for absolute_subject in (_WITH_SUBJECT_EARLIER, _WITH_SUBJECT):
                # `…, with Boswell stating: "…"`: the participle has a subject of its own.
                absolute = absolute_subject.search(
                    leading, max(0, verb.start() - 120), verb.start()
                )
                if absolute is not None:
                    cue = _simple_np_at_end(absolute.group(1), base + absolute.start(1))
                    if cue is not None:
                        return cue
            # `…, calling it "absurd"`: a participle's subject is the sentence's subject,
            # or that of the coordinated clause it ends (`…, but B said…, adding "…"`).
            cue = _coordinated_subject(leading, verbs, verb, base) or _sentence_subject(
                article, leading[: verb.start()], base
            )
            if cue is not None:
                return cue
            continue
        after = leading[verb.end() :]
        agent = _PASSIVE_AGENT.match(after) if verb.group(0) in _PASSIVE_VERBS else None
        if agent is not None:
            # `Sanders was asked by host Bill Maher, "…"`: the agent is speaking.
            cue = _np_at_start(after[agent.end() :], base + verb.end() + agent.end())
            if cue is not None:
                return cue
        subject = leading[: verb.start()]
        cue = _unclosed_appositive(subject, base) or _np_at_end(subject, base)
        if cue is not None:
            return cue
        if verb.group(0).lower() not in _OBJECT_VERBS and _is_inverted(after):
            cue = _np_at_start(after, base + verb.end())
            if cue is not None:
                return cue
    if not verbs:
        return None
    return _sentence_subject(article, leading, base)


def _start(match: re.Match[str]) -> int:
    return match.start()


def _coordinated_subject(
    leading: str, verbs: list[re.Match[str]], participle: re.Match[str], base: int
) -> _Cue | None:
    """The named subject of the clause a participle ends, when that clause is coordinated
    with the sentence's first (`A told the committee …, but B said he was more optimistic,
    adding, "…"`: B adds). Only the nearest finite verb before the participle counts, and
    only when a conjunction or semicolon opens its subject's clause: after `A said that B
    had …, adding` the participle still belongs to A."""
    for verb in reversed(verbs):
        if verb.start() >= participle.start() or verb.group(0).endswith("ing"):
            continue
        cue = _np_at_end(leading[: verb.start()], base)
        if cue is None or cue.kind != _NAME:
            return None
        return cue if _CLAUSE_JOIN.search(leading, 0, max(0, cue.pos - base)) else None
    return None


def _sentence_subject(article: _Article, text: str, base: int) -> _Cue | None:
    """The named subject of a sentence whose verb has no adjacent subject (`X …, but said`)."""
    body = _BODY_OPENING.match(text)
    if body is not None and body.group(3) not in _PEOPLE_WORDS:
        # `The High Court of England and Wales ruled: "…"`: the court, not "Wales"; but
        # `Bank of Spain officials said` are unnamed officials.
        cue = _body_cue(body, base)
        if cue is not None:
            return cue
    for mention in article.mentions_between(base, base + len(text)):
        if mention.rank >= _SUBJECT:
            return _Cue(_NAME, mention.name.text, mention.pos, mention.name.gender)
    opening = _OPENING_SUBJECT.match(text)
    if opening is not None:
        name = parse_name(opening.group(1), titled_single=False)
        if name is not None and (" " in name.text or article.names_elsewhere(name.text)):
            return _Cue(_NAME, name.text, base + opening.start(1), name.gender)
    stripped = text.lstrip()
    determiner = _DETERMINER_START.match(stripped) or _DEFINITE_ROLE_START.match(stripped)
    if determiner is not None:
        cue = _role_cue(determiner.group(1), determiner.group(2), base)
        named = _ORG_OF_NAME.match(stripped, determiner.end()) if cue.kind == _ORG_REF else None
        if named is not None:
            # `The government of American Samoa issued a statement`: the phrase names it.
            return _Cue(_ORG, f"{cue.value.capitalize()} of {named.group(1)}", base)
        return cue
    return None


def _is_inverted(after: str) -> bool:
    """`said Harvey, "…"`: the subject follows the verb and the quote follows them."""
    stripped = after.strip(" ,:\n")
    return bool(stripped) and (
        bool(NAME_RUN.fullmatch(stripped)) or bool(_PRONOUN_START.fullmatch(stripped))
    )


def _trailing_cue(trailing: str, base: int) -> _Cue | None:
    """`"…," X said` / `"…," said X` / `"…," according to X`."""
    window = trailing[:_TRAILING_WINDOW]
    signature = _DASH_SIGNATURE.match(window)
    if signature is not None:
        name = parse_name(signature.group(1))  # two words at least: a person, not a place
        if name is not None:
            return _Cue(_NAME, name.text, base + signature.start(1), name.gender)
    according = ACCORDING_RE.search(window)
    verb = VERB_RE.search(window)
    if according and (verb is None or according.start() < verb.start()):
        return _np_at_start(window[according.end() :], base + according.end())
    if verb is None:
        return None
    quoted = _QUOTED_AS_SAYING.match(window, verb.end()) if verb.group(0) in _QUOTING else None
    if quoted is not None:
        # `"…," the company quoted chairman John R. Folkerth as saying.`: the one quoted.
        cue = _np_at_start(quoted.group(1), base + quoted.start(1))
        if cue is not None:
            return cue
    before = window[: verb.start()]
    if not before.strip(" ,-–—\n"):
        return _np_at_start(window[verb.end() :], base + verb.end())
    return _unclosed_appositive(before, base) or _np_at_end(before, base)


# `economist with …`, `currency analyst at …`: one to three lower-case words, then where.
_LOWER_WORDS_START = re.compile(r"\s*((?:[a-z][a-z\-]*\s+){1,3})(?:with|at|of|for|from|in)\s+[A-Z]")
# The name, then its comma (and a party tag: `Edward Markey, D-Mass, the chairman of …`).
_NAME_THEN_COMMA = re.compile(r"\s*(" + NAME_RUN.pattern + r"),(?:\s*[DRI]-[A-Z][\w.]*,)?\s")


def _unclosed_appositive(before: str, base: int) -> _Cue | None:
    """`"…," Frederick Chiluba, leader of the Trade Unions said`: the appositive's closing
    comma is missing, so the words before the verb belong to the role, not the speaker;
    the person is the name right after the quote."""
    opening = _NAME_THEN_COMMA.match(before)
    if opening is None:
        return None
    role = before[opening.end() :]
    if "," in role or not (
        _DETERMINER_WORD.match(role)
        or _is_role_phrase(role)
        or _EMPLOYER_WORD.match(role)
        or _is_described_role(role)
    ):
        return None
    name = parse_name(opening.group(1))
    return _Cue(_NAME, name.text, base + opening.start(1), name.gender) if name else None


def _is_singular_person_noun(noun: str) -> bool:
    """`spokeswoman`, `official`, `source`: one person's job, not `officials`."""
    noun = noun.lower()
    return noun in TITLES or noun in _ROLE_BEFORE_NAME or f"{noun}s" in GENERIC_SUBJECTS


def _one_of_many(match: re.Match[str]) -> bool:
    """`One of China's top economists wrote`: one person of a plural kind speaks."""
    noun = match.group(1)
    return (
        _ONE_OF.match(match.group(0)) is not None
        and noun.endswith("s")
        and _is_singular_person_noun(noun[:-1])
    )


def _is_described_role(role: str) -> bool:
    """`economist with Credit Suisse First Boston in London`, `currency analyst at UBS`: a
    job held by one person, in lower case, then where. Not `analysts` (a plural subject)."""
    words = _LOWER_WORDS_START.match(role)
    return words is not None and any(map(_is_singular_person_noun, words.group(1).split()))


def _next_paragraph_cue(article: _Article, paragraph: int) -> _Cue | None:
    """A bare `he said.` opening the next paragraph attributes a quote-only paragraph."""
    if paragraph >= len(article.body):
        return None
    text = article.masked[paragraph][:120]
    base = article.body[paragraph].start
    verb = VERB_RE.search(text)
    if verb is None or len(text[: verb.start()].split()) > 6:
        return None
    if not _NEXT_TAIL.match(text[verb.end() :]):
        inverted = _np_at_start(text[verb.end() :], base + verb.end())
        if text[: verb.start()].strip() == "" and inverted is not None:
            return inverted
        return None
    return _np_at_end(text[: verb.start()], base)


def _previous_sentence(article: _Article, place: _Place) -> tuple[str, int] | None:
    """The masked sentence before the quote's in its paragraph, and where it starts."""
    index = article.sentence_index(place.paragraph, place.sentence.start)
    if index == 0:
        return None
    previous = article.sentences[place.paragraph][index - 1]
    text = article.masked[place.paragraph][previous.start : previous.end].rstrip()
    return text, place.base + previous.start


def _previous_sentence_cue(article: _Article, place: _Place) -> _Cue | None:
    """`…, Lukyanov said. "Otherwise…"`: a bare attribution ending the previous sentence."""
    previous = _previous_sentence(article, place)
    if previous is None or not previous[0].endswith("."):
        return None
    text, base = previous
    verbs = list(VERB_RE.finditer(text))
    if not verbs:
        return _introduced_subject(article, text, base)
    verb = verbs[-1]
    after = text[verb.end() :].rstrip(".").strip()
    if not after or _TIME_PHRASE.fullmatch(after):
        return _np_at_end(text[: verb.start()], base)
    if _is_inverted(after):
        return _np_at_start(after, base + verb.end())
    return None


def _introduced_subject(article: _Article, text: str, base: int) -> _Cue | None:
    """`Eli Wachtel of Bear, Stearns and Co was emphatic. "…"`: a short sentence about a
    person named in full, as its subject, introduces the words that follow."""
    start = base + len(text) - len(text.lstrip())
    mentions = article.mentions_between(start, base + len(text))
    if not mentions or len(text.split()) > _INTRODUCTION_WORDS:
        return None
    first = mentions[0]
    if first.pos != start or first.rank < _SUBJECT or " " not in first.name.text:
        return None
    return _Cue(_NAME, first.name.text, first.pos, first.name.gender)


def _comments_by_cue(article: _Article, paragraph: int) -> _Cue | None:
    """`The comments by White House spokesman Josh Earnest came…` names the quote above."""
    if paragraph >= len(article.body):
        return None
    text = article.masked[paragraph]
    match = _COMMENTS_BY.match(text)
    if match is None:
        return None
    cue = _np_at_start(text[match.end() :], article.body[paragraph].start + match.end())
    return cue if cue is not None and cue.kind == _NAME else None


def _previous_tail(article: _Article, paragraph: int) -> tuple[str, int] | None:
    """The unfinished last sentence of the previous paragraph (`Lavrov added that`)."""
    if paragraph == 0:
        return None
    text = article.masked[paragraph - 1].rstrip()
    if not text or text[-1] in '.!?"”)':
        return None
    sentence = article.sentences[paragraph - 1][-1]
    return text[sentence.start :], article.body[paragraph - 1].start + sentence.start


def _lead_in(article: _Article, place: _Place) -> tuple[str, int] | None:
    """The sentence before the quote's in its paragraph, when it ends in "," or ":"."""
    previous = _previous_sentence(article, place)
    return previous if previous is not None and previous[0].endswith((",", ":")) else None


def _find_cue(article: _Article, quote: QuoteSpan, is_last: bool) -> _Cue | None:
    place = _place(article, quote)
    leading = place.leading(article)
    trailing = place.trailing(article)
    opens_sentence = not leading.strip() or bool(_LEADING_CONJUNCTION.match(leading.strip()))
    cue = None
    if not leading.strip() and place.open_rel == 0:
        # The sentence began in the previous paragraph (`…has said would be` / `"…"`).
        tail = _previous_tail(article, quote.paragraph)
        if tail is not None:
            cue = _leading_cue(article, tail[0] + " ", tail[1])
    if cue is None and not leading.strip():
        # A quote opening a wrapped line is a sentence of its own, but the sentence before
        # ends in a comma or colon: it leads in (`…quoted Poehl as saying,` / `"No, …"`).
        lead_in = _lead_in(article, place)
        if lead_in is not None:
            cue = _leading_cue(article, lead_in[0] + " ", lead_in[1])
            if (
                cue is not None
                and cue.kind == _UNNAMED
                and not (cue.value and _is_person_noun(cue.value))
            ):
                cue = None  # `But added:` has no subject of its own to name: look further
    if cue is None and not opens_sentence:
        cue = _leading_cue(article, leading, place.base + place.leading_start)
    if cue is None:
        cue = _trailing_cue(trailing, place.base + place.close_rel)
    if cue is None and is_last and not trailing.strip(" .,;:!?\n") and not leading.strip():
        cue = _next_paragraph_cue(article, quote.paragraph + 1)
        if cue is not None and cue.kind == _NAME and not is_plausible_speaker(cue.value):
            cue = None  # `Economists pointed to …` opens the next paragraph: nobody's cue
    if cue is None and opens_sentence:
        cue = _previous_sentence_cue(article, place)
        if cue is not None:
            return _Cue(cue.kind, cue.value, cue.pos, cue.gender, explicit=False)
    if cue is None and not opens_sentence:
        # `Bolsonaro opposed Macron's statement: "…"`; `Clinton talked up her "…"`.
        cue = _sentence_subject(article, leading, place.base + place.leading_start)
        if cue is not None:
            explicit = leading.rstrip().endswith(":")
            return _Cue(cue.kind, cue.value, cue.pos, cue.gender, explicit=explicit)
    return cue


def _resolve(article: _Article, cue: _Cue, paragraph: int) -> str | None:
    if cue.kind == _NAME:
        full = article.full_name(cue.value, cue.pos, cue.gender)
        if " " not in full:
            organisation = article.organisation_at(cue.pos)
            if organisation is not None:
                return article.organisation(organisation, cue.pos)
            if not article.titled(full):
                # "The Inspectorate statement said" after "the Government Bank Inspectorate".
                named = article.organisation_named(full, cue.pos)
                if named is not None:
                    return article.organisation(named[1], cue.pos)
                return article.org_names.get(name_key(full), full)
        return full
    if cue.kind == _PRONOUN:
        return article.resolve(paragraph, cue.pos, cue.gender)
    if cue.kind == _ROLE:
        return article.resolve_role(paragraph, cue.pos, cue.value)
    if cue.kind == _ORG:
        return article.organisation(cue.value, cue.pos)
    if cue.kind == _DOCUMENT:
        # The body quoted last issued it; with none in view, the nearest person.
        organisation = article.last_organisation(paragraph)
        return organisation or article.resolve(paragraph, cue.pos, None)
    if cue.kind == _ORG_REF:
        organisation = article.referred_organisation(cue.value, cue.pos, paragraph)
        if organisation is not None:
            article.renew_organisation(organisation, cue.pos)
        return organisation
    return None


def attribute_speakers(body: Sequence[Paragraph], quotes: Sequence[QuoteSpan]) -> list[Attribution]:
    """One :class:`Attribution` per quote, in the same order.

    ``explicit`` is true when a reporting cue ties the quote to its speaker; continuations
    and fallbacks to the nearest named subject are marked inferred.
    """
    if not quotes:
        return []
    article = _Article(body, quotes)
    results: list[Attribution] = []
    for index, quote in enumerate(quotes):
        is_last = index + 1 == len(quotes) or quotes[index + 1].paragraph != quote.paragraph
        results.append(_attribute(article, quotes, results, index, is_last))
    return [
        Attribution(_without_common_lead(a.speaker, article), a.explicit) if a.speaker else a
        for a in results
    ]


def _without_common_lead(speaker: str, article: _Article) -> str:
    """ "Budget James Miller" (after "Office of Management and") is James Miller: a leading
    word the article also writes in lower case, before a given name, is not part of the name.
    Leading words it never writes so ("Hanns Christian …") stay."""
    words = speaker.split()
    if (
        len(words) >= 3
        and words[-2].lower() in GIVEN_NAMES
        and words[0].lower() not in GIVEN_NAMES
        and article.writes_in_lower_case(words[0].lower())
    ):
        return " ".join(words[1:])
    return speaker


def _attribute(
    article: _Article,
    quotes: Sequence[QuoteSpan],
    done: Sequence[Attribution],
    index: int,
    is_last: bool,
) -> Attribution:
    quote = quotes[index]
    cue = _find_cue(article, quote, is_last)
    if cue is not None and cue.kind == _ORG:
        # An organisation or place as subject; a following "The comments by X" may name it.
        named = _comments_by_cue(article, quote.paragraph + 1)
        cue = named or cue
    if cue is not None:
        speaker = _named(_resolve(article, cue, quote.paragraph))
        if speaker is not None:
            # The speaker is mentioned here too, whatever the words, for later pronouns.
            name = parse_name(speaker, titled_single=False)
            if name is not None:
                gender = name.gender or cue.gender
                if gender is not None:
                    article.genders.setdefault(name_key(speaker), gender)
                article.add_mention(cue.pos, Name(name.text, name.roles, gender), _SPEAKER)
        elif cue.kind in (_PRONOUN, _ROLE, _UNNAMED):
            article.add_unnamed_speaker(cue.pos, cue.gender)
        return Attribution(speaker, cue.explicit)
    previous = quotes[index - 1] if index > 0 else None
    if previous is not None and previous.paragraph >= quote.paragraph - 1:
        speaker = _carried_on(article, previous, quote, done[index - 1].speaker)
        return Attribution(speaker, False)
    return Attribution(_named(article.resolve(quote.paragraph, quote.start, None)), False)


def _carried_on(
    article: _Article, previous: QuoteSpan, quote: QuoteSpan, previous_speaker: str | None
) -> str | None:
    """Whose speech a quote with no cue of its own carries on: the last person or body named
    as the subject of a reporting verb after the sentence holding ``previous`` ("Heald noted
    the findings show …"), nobody if an unnamed person spoke last ("A spokesman said that
    …"), else the previous quote's speaker. Names in the previous quote's own sentence ("…,"
    X told the Journal, after Y stated …) do not count."""
    base = article.body[previous.paragraph].start
    sentences = article.sentences[previous.paragraph]
    after = base + sentences[article.sentence_index(previous.paragraph, previous.end - base)].end
    named = [m for m in article.mentions_between(after, quote.start) if m.rank == _SPEAKER]
    if article.unnamed_speaks_last(after, quote.start, named, None):
        return None
    if not named:
        return previous_speaker
    last = named[-1]
    cue = _Cue(_NAME, last.name.text, last.pos, last.name.gender)
    return _named(_resolve(article, cue, quote.paragraph))


def _named(speaker: str | None) -> str | None:
    """``speaker`` if it can name someone; "One", "Analysts" or "Co" give no speaker (a
    cue whose subject names nobody ends the search: honest, not a guess)."""
    if speaker is None:
        return None
    # Also one space between words: a name may run over a line break of hard-wrapped copy.
    speaker = without_descriptors(speaker)
    return speaker if is_plausible_speaker(speaker) else None
