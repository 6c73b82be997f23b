"""Recognise people's names in news copy and reduce them to the form we store.

Without a trained tagger, a name is a run of capitalised words; what matters is telling
people ("Sergei Lavrov") from titles ("Foreign Minister"), places ("New York") and
organisations ("Exco International Inc"), and guessing a gender for pronoun resolution.
These word lists are general English news vocabulary, not tuned to any article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.corpus.reporting_verbs import VERBS
from bot.textnorm import fold_key

# Name parsing is a pure function of a short string, and news copy repeats the same runs
# ("Reuters", "Treasury Secretary James Baker") within and across articles, so results are
# memoised. The bound keeps memory flat on a huge corpus; a miss only costs the work again.
_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=_CACHE_SIZE)
def name_key(text: str) -> str:
    """:func:`bot.textnorm.fold_key`, memoised: speaker matching folds the same names often."""
    return fold_key(text)


def _words(text: str) -> list[str]:
    """Word lists are written as prose blocks: easier to read and extend than literals."""
    return text.split()


def _phrases(text: str) -> list[str]:
    """Lists of names of several words, written as prose separated by commas."""
    return [" ".join(phrase.split()) for phrase in text.split(",") if phrase.strip()]


# Capitals of Latin-1, Latin Extended-A ("Łukasz", "Šimon"; the block mixes cases, but a
# lowercase letter from it rarely opens a word), Greek and Cyrillic.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩЀ-Я"
# Arabic and French prefixes glue lowercase to a name: "al-Amr", "d'Estaing".
_PREFIXES = _words("al el ad ar as at an abu bin ibn ul d l")
_PREFIX = rf"(?:{'|'.join(_PREFIXES)})['’\-]"
# Initials written together ("George H.W. Bush", "O.J. Simpson") are one word of a name;
# the abbreviations of places and bodies written the same way ("U.S.", "U.K.") are not.
# The initials branch is tried only after a capital followed by a full stop, and the
# exclusions are look-behinds inside it, so ordinary words cost no more than before.
_ABBREVIATIONS = _words("US UK UN EC EU NZ NY NJ HK DC LA SA PM AM SS")  # SS: U.S.S.R.
_NOT_INITIALS = "".join(rf"(?<!{pair[0]}\.{pair[1]})" for pair in _ABBREVIATIONS)
_INITIALS_TAIL = rf"\.[{_UPPER}](?:\.[{_UPPER}])?(?=\.){_NOT_INITIALS}"
_WORD = rf"(?:{_PREFIX})?[{_UPPER}](?:{_INITIALS_TAIL}|[\w'’\-]*)\.?"
_PREFIXED = re.compile(rf"{_PREFIX}[{_UPPER}]")
_PARTICLE = r"(?:al|bin|ibn|de|del|della|der|den|van|von|da|di|du|dos|das|la|le|y)"
_PARTICLE_RE = re.compile(_PARTICLE)
# The first word of a run is `_WORD` written so that the pattern opens with a character
# class: Python's regex engine then skips straight to the letters a run can start with
# (a capital, or the first letter of a prefix) instead of trying the look-behinds at every
# position of the text. The look-behinds still test the characters before the run, one
# position further back; which prefix letter was read is told by a look-behind too. Same
# matches as `(?<![\w'’\-])(?<![{_UPPER}]\.){_WORD}`, about 20 % faster over a whole text.
_FIRST_WORD = (
    rf"[{_UPPER}{''.join(sorted({prefix[0] for prefix in _PREFIXES}))}]"
    rf"(?<![\w'’\-].)(?<![{_UPPER}]\..)"
    rf"(?:(?<=[{_UPPER}])|(?:{'|'.join(f'(?<={p[0]}){p[1:]}' for p in _PREFIXES)})['’\-][{_UPPER}])"
    rf"(?:{_INITIALS_TAIL}|[\w'’\-]*)\.?"
)
# A run of capitalised words, allowing name particles ("Ludwig van Beethoven"). No run
# starts inside a dotted abbreviation: "U.S. Officials" holds no "S. Officials".
_MORE_WORDS = rf"(?:[ \t\n]+(?:{_PARTICLE}[ \t\n]+)?{_WORD})*"
NAME_RUN = re.compile(_FIRST_WORD + _MORE_WORDS)
# The same runs in a text with no prefixed name ("al-Amr", "d'Estaing"): only a capital can
# open one there, so the engine skips every lower-case letter, half the work of NAME_RUN.
_CAPITAL_FIRST_RUN = re.compile(
    rf"[{_UPPER}](?<![\w'’\-].)(?<![{_UPPER}]\..)(?:{_INITIALS_TAIL}|[\w'’\-]*)\.?{_MORE_WORDS}"
)
_JOINED_CAPITAL = re.compile(rf"['’\-][{_UPPER}]")  # what every prefixed name holds


def name_runs_in(text: str) -> re.Pattern[str]:
    """NAME_RUN for searching ``text`` (or any part of it): the faster equivalent when the
    text holds no prefixed name. The common case is settled by one quick scan for a
    capital after an apostrophe or hyphen."""
    if _JOINED_CAPITAL.search(text) and _PREFIXED.search(text):
        return NAME_RUN
    return _CAPITAL_FIRST_RUN


TITLES = frozenset(
    _words(
        """
    president vice prime minister foreign secretary general secretary-general senator sen sen.
    rep rep. representative gov gov. governor mr mr. mrs mrs. ms ms. miss dr dr. prof prof.
    professor judge justice chief executive spokesman spokeswoman spokesperson chairman
    chairwoman chair director ambassador king queen prince princess pope gen gen. lt lt.
    col col. sgt sgt. capt capt. cpt adm adm. commander mayor congressman congresswoman deputy
    assistant attorney speaker leader majority minority candidate former sir lord lady rev rev.
    reverend father host delegate republican democrat democratic presidential nominee
    chancellor officer head ceo cfo coo manager economist editor correspondent interior
    finance trade defense defence treasury agriculture energy health labor labour justice
    state senior junior acting interim special envoy premier rabbi imam bishop cardinal
    archbishop sheikh emir crown field marshal sergeant captain lieutenant colonel major
    admiral corporal private detective inspector superintendent commissioner sheriff coach
    councillor councilman councilwoman alderman analyst strategist adviser advisor aide
    founder co-founder owner partner chairperson treasurer counsel solicitor barrister
    lawyer attorney-general surgeon doctor nurse dean provost principal then-president
    whip ranking member assemblywoman assemblyman assemblymember businessman businesswoman
    policeman policewoman chairwoman councilmember secretary-designate undersecretary
    under-secretary spokesperson education transport transportation environment commerce
    industry affairs homeland culture tourism science technology housing development
    veterans interior
    anchor author developer researcher scientist reporter writer actor actress singer
    administrator commodore investor trader broker banker consultant
    star designer artist player official lawmaker legislator activist chef journalist
    columnist commentator pastor student professor co-chair co-chairman president-elect
    then-senator then-candidate first ex-president presidente mp mep gop u.s. us atty atty.
    """
    )
)
HONORIFIC_GENDER = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "spokesman": "m",
    "congressman": "m",
    "chairman": "m",
    "councilman": "m",
    "father": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "spokeswoman": "f",
    "congresswoman": "f",
    "chairwoman": "f",
    "councilwoman": "f",
    "sister": "f",
    "actress": "f",
    "businesswoman": "f",
    # Family words: "the mother said" is a woman, whoever was named last.
    "mother": "f",
    "wife": "f",
    "daughter": "f",
    "widow": "f",
    "grandmother": "f",
    "aunt": "f",
    "niece": "f",
    "husband": "m",
    "son": "m",
    "brother": "m",
    "widower": "m",
    "grandfather": "m",
    "uncle": "m",
    "nephew": "m",
    "businessman": "m",
}
# Capitalised words that end a run's chance of being a person: places, bodies, calendar.
NOT_PERSON = frozenset(
    _words(
        """
    the a an in on at but and if when while after before as it this that these those there
    he she they we i you his her their our its my what why how who where which yes no not
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec ministry department council union nations states house party
    times post news reuters committee university college court bank corp corp. inc inc. co
    co. ltd ltd. plc group association agency company institute force forces army navy
    assembly street city kingdom republic federation organization organisation office
    senate congress administration government center centre club church school foundation
    airport port sea river island ocean gulf fund board commission service services network
    media press daily journal magazine television tv radio holdings international exchange
    market markets securities systems airlines motors industries corporation authority
    police guard coalition alliance front movement campaign convention conference summit
    parliament cabinet embassy pentagon kremlin white capitol square road avenue
    county province region district valley mountains hospital museum library station
    times street journal review herald tribune gazette telegraph guardian observer
    islamic united new north south east west northern southern eastern western central
    middle saudi arab american russian british chinese french german european african
    asian syrian iranian israeli palestinian turkish iraqi afghan ukrainian japanese
    korean indian pakistani mexican canadian australian nato isil isis un eu opec
    facebook twitter google youtube instagram wikinews cnn bbc fox abc nbc cbs msnbc afp ap
    god lord allah christmas easter ramadan internet web online
    first second third fourth fifth sixth seventh eighth ninth tenth
    kong lanka lumpur aires dhabi aviv rica
    agreement treaty accord pact act
    ala ariz ark calif colo conn fla ga ill kan ky md mass mich minn mont neb nev okla ore pa
    tenn tex va vt wash wis wyo d.c dc n.y n.j n.c s.c
    """
    )
)
# Countries and the capitals news writes as if they acted ("Washington said", "Tokyo
# announced"): they may speak, but a later "he", "she" or "the official" is never one of
# them. Names that are as often a person's are left out (Jordan, Chad, Georgia, Israel,
# Paris, Lima, Santiago, Wellington, Victoria).
PLACES = frozenset(
    _words(
        """
    afghanistan albania algeria angola argentina armenia australia austria azerbaijan
    bahrain bangladesh belarus belgium bolivia bosnia botswana brazil britain bulgaria burma
    cambodia cameroon canada chile china colombia congo croatia cuba cyprus czechoslovakia
    denmark ecuador egypt england eritrea estonia ethiopia finland france gabon germany
    ghana greece guatemala guinea haiti honduras hungary iceland india indonesia iran iraq
    ireland italy jamaica japan kazakhstan kenya korea kosovo kuwait laos latvia lebanon
    liberia libya lithuania luxembourg madagascar malawi malaysia mali malta mexico moldova
    mongolia morocco mozambique myanmar namibia nepal netherlands nicaragua niger nigeria
    norway oman pakistan panama paraguay peru philippines poland portugal qatar romania
    russia rwanda scotland senegal serbia singapore slovakia slovenia somalia spain sudan
    sweden switzerland syria taiwan tanzania thailand tunisia turkey uganda ukraine
    uruguay venezuela vietnam wales yemen yugoslavia zaire zambia zimbabwe america
    washington moscow beijing peking tokyo london bonn berlin brussels ottawa canberra
    tehran teheran baghdad damascus cairo riyadh delhi islamabad kabul seoul pyongyang
    taipei manila jakarta bangkok hanoi havana madrid rome lisbon athens ankara kiev kyiv
    warsaw prague vienna budapest stockholm oslo helsinki copenhagen dublin geneva
    brasilia caracas bogota nairobi lagos pretoria kremlin pentagon
    """
    )
) | frozenset(  # and those of two or three words, which read like a person's name
    _phrases(
        """
    united states, soviet union, great britain, west germany, east germany, south africa,
    south korea, north korea, saudi arabia, new zealand, sri lanka, el salvador, costa rica,
    new york, los angeles, san francisco, hong kong, sao paulo, buenos aires, rio de janeiro,
    tel aviv, kuala lumpur, abu dhabi, new delhi, mexico city
    """
    )
)
# Nationalities that open a name's run in wire copy ("Belgian Willy de Clercq").
DEMONYMS = frozenset(
    _words(
        """
    american british french german italian spanish portuguese dutch belgian swiss austrian
    swedish norwegian danish finnish irish scottish welsh greek turkish russian ukrainian
    polish czech hungarian romanian bulgarian serbian croatian japanese chinese korean
    taiwanese indian pakistani bangladeshi indonesian malaysian thai vietnamese filipino
    australian canadian mexican brazilian argentine argentinian chilean peruvian colombian
    venezuelan ecuadorean bolivian cuban egyptian israeli palestinian iranian iraqi syrian
    saudi kuwaiti jordanian lebanese nigerian kenyan ghanaian ethiopian zambian zimbabwean
    """
    )
)
FEMALE_FIRST = frozenset(
    _words(
        """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa
    deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole samantha katherine christine debra rachel catherine carolyn janet
    ruth maria heather diane virginia julie joyce victoria kelly christina joan evelyn
    lauren judith olivia frances martha cheryl megan andrea hannah jacqueline ann gloria
    jean kathryn alice teresa sara janice doris madison julia grace judy abigail marie
    denise beverly amber theresa marilyn danielle diana brittany natalie sophia rose isabella
    alexis kayla charlotte hillary nikki elizabeth nancy kellyanne sheryl condoleezza
    angela theresa ursula christine jacinda kamala elena sonia ruth huma sarah
    maria tulsi ilhan alexandria michele debbie dianne barbara claire tammy kirsten amy
    jeanne jeanette valentina irina olga svetlana natalia tatiana yulia
    louise anne annie jane eileen maureen irene doreen pauline sheila wendy tracy
    tracey stacy lucy sally sue molly holly sophie chloe zoe ellen eleanor elaine caroline
    claudia gabriela lucia sofia isabel isabelle beatriz carmen pilar rosa monica veronica
    francesca giulia chiara monique nathalie sylvie brigitte ingrid birgit greta hanna heidi
    petra renate annette yvette yvonne colette suzanne juliette corazon imelda benazir
    indira tanya natasha nadia lena marina galina ludmila katarina agnieszka
    magdalena ewa beata joanna kristina kristin karin katie kate kathy cathy betsy peggy
    penny gladys mavis muriel edith ethel florence hazel mabel mildred vera winifred
    """
    )
)
MALE_FIRST = frozenset(
    _words(
        """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george edward
    ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis jerry
    tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold
    keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan
    bryan joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph randy
    eugene vincent russell elijah louis bobby philip johnny bernie barack mitt ted marco rand
    chris jeb mike newt rick ben bill hillary josh jens sergei sergey vladimir dmitry
    bashar vladimir boris nikolai ivan evgeny yevgeny igor alexei alexey viktor emmanuel
    francois angelo xi narendra recep benjamin ali mohammed muhammad ahmed omar hassan
    jim tom dan steve bob ron don tony nick ian fred hans karl martin norman allan allen
    lloyd leo bernard marc pierre jacques michel geoffrey edwin frederick alfred rudolph
    rudy helmut gerhard klaus wolfgang juergen dieter heinz werner otto manuel mario
    francisco jorge ramon carlos luis miguel pedro antonio fernando rafael ricardo roberto
    eduardo sergio alberto enrique javier alejandro andres diego pablo giovanni giuseppe
    luigi franco matteo hugo henri andre claude yves philippe alain nigel malcolm clayton
    neil colin derek trevor hugh phil greg doug dave ken marty matt pete sam andy tim jared
    brett kurt todd travis derrick marvin melvin calvin oscar felix victor simon rupert
    julian oliver harry jake luke max theo emil piotr pawel tomasz krzysztof andrzej vaclav
    ahmad mahmoud mustafa abdullah khalid ibrahim yusuf hamid karim tariq nabil hussein
    kofi nelson thabo hiroshi takeshi yasuhiro kiichi masao akira shinzo ichiro
    """
    )
) - {"hillary"}
GIVEN_NAMES = FEMALE_FIRST | MALE_FIRST
# Heads of definite noun phrases that refer back to an organisation ("the newspaper said").
ORG_NOUNS = frozenset(
    _words(
        """
        newspaper paper daily company firm agency ministry institute bank government court
        group organization organisation commission council committee department board union
        party network website university corporation association administration chamber
        bureau office exchange federation confederation authority subcommittee inspectorate
        secretariat directorate league society fund trust academy tribunal parliament
        """
    )
)
# Last words that make a capitalised run an organisation's name ("Ford Motor Company").
ORG_ENDINGS = frozenset(
    _words(
        """
        company corp corporation inc ltd plc group institute agency association bank holdings
        co motors airlines industries daily times post news party university foundation
        council commission ministry department court network exchange bureau office board
        committee subcommittee federation confederation authority inspectorate union
        secretariat directorate trust
        """
    )
)
CALENDAR = frozenset(
    _words(
        """
        monday tuesday wednesday thursday friday saturday sunday january february march april
        may june july august september october november december today yesterday
        """
    )
)
# Words that stand for unnamed people as a sentence's subject ("One said", "Another added",
# "Some argued"): the quote has a speaker, but no name to give.
QUANTIFIERS = frozenset(
    _words("one another some many most both each every all several other either neither few such")
)
# Plural subjects of reported speech that name nobody ("Analysts said", "Officials say"): a
# sentence opens with them capitalised, which makes them look like a one-word name.
GENERIC_SUBJECTS = frozenset(
    _words(
        """
    analysts officials sources traders dealers bankers brokers economists diplomats ministers
    experts investors observers critics residents witnesses authorities lawmakers legislators
    republicans democrats conservatives liberals consumers shareholders stockholders executives
    managers employees workers farmers producers exporters importers companies banks markets
    others people users customers voters protesters police doctors scientists researchers
    industry partners dealerships europeans americans japanese representatives senators
    members congressmen delegates
    """
    )
)
# Titles that alone name nobody ("Official", "Ambassador"); not those that are also
# surnames or bodies ("King", "Singer", "Treasury").
BARE_TITLES = frozenset(
    _words(
        """
    official banker ambassador chancellor minister spokesman spokeswoman spokesperson
    chairman chairwoman president secretary director economist analyst lawmaker diplomat
    governor senator mayor delegate officer manager executive deputy administrator
    undersecretary commissioner professor
    """
    )
)
# Title words that qualify a following head noun ("Chief Accountant", "Special Prosecutor",
# "Acting Comptroller"): after one of them the next capitalised word is still the title,
# whether or not the title list knows it.
_TITLE_MODIFIERS = frozenset(
    _words("chief deputy assistant senior junior acting interim special vice former")
)
# `Commented another diplomat: "…"`, `Added Smith: "…"`: a past-tense reporting verb opens
# the sentence and the speaker follows it, so the verb is never part of a name.
_INVERTED_VERBS = frozenset(verb for verb in VERBS if verb.endswith("ed"))
_INITIAL = re.compile(rf"(?:[{_UPPER}]\.){{1,3}}$")
_POSSESSIVE = ("'s", "’s", "s'", "s’")  # "Trump's", "DLJ Securities' Hassenberg"
_SUFFIX = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


@dataclass(frozen=True)
class Name:
    """A person's name as written, without titles, and what its titles tell about them."""

    text: str
    roles: frozenset[str]
    gender: str | None  # "m", "f" or None when unknown


_PRONOUNS = frozenset({"he", "she"})  # also surnames: He Weiling, She Jianming
_CONJUNCTIONS = frozenset({"but", "and", "or", "yet", "so"})
FUNCTION_WORDS = frozenset(
    _words(
        """
    the a an in on at but and if when while after before as it this that these those there
    he she they we i you his her their our its my what why how who where which yes no not
    so yet or then however meanwhile also still for with by from to of asked speaking
    according dear thanks thank like unlike despite although though because since until
    besides moreover furthermore nevertheless nonetheless instead indeed otherwise thus hence
    therefore once during about among amongst amid amidst whilst across against along around
    behind beyond between
    through toward towards under over within without upon unless whether even only just now
    here perhaps later earlier today tonight yesterday last said following arguing
    is was are were has had have would could should does did shall
    """
    )
)


def words_of(run: str) -> list[str]:
    """The words of a capitalised run, cleaned for reading as a name.

    Possessive endings and a sentence's full stop go ("Trump's" -> "Trump", "Johnson." ->
    "Johnson"; initials keep theirs), and so do leading function words capitalised only
    because they open a sentence ("But Lavrov" -> "Lavrov").
    """
    return list(_words_of(run))  # a fresh list: callers may change it, the cache must not


@lru_cache(maxsize=_CACHE_SIZE)
def _words_of(run: str) -> tuple[str, ...]:
    out = []
    for word in run.split():
        for ending in ("'s", "’s", "'", "’"):
            if word.endswith(ending):
                word = word[: -len(ending)]
        if (
            word.endswith(".")
            and len(word) > 2
            and word.lower() not in TITLES
            and not _INITIAL.match(word)
        ):
            word = word[:-1]
        out.append(word)
    while out and (out[0].lower() in FUNCTION_WORDS or out[0].lower() in _INVERTED_VERBS):
        opener = out.pop(0)
        if out and out[0].lower() in _PRONOUNS and opener.lower() in _CONJUNCTIONS:
            break  # "But He Weiling": mid-sentence, a capitalised "He" is a surname
    possessive = [i for i, word in enumerate(run.split()[:-1]) if word.endswith(("'s", "’s"))]
    if possessive and len(out) == len(run.split()):
        # "Bache's Wolffe": the owner is an employer or a country, the name follows it.
        out = out[possessive[-1] + 1 :]
    return tuple(out)


@lru_cache(maxsize=_CACHE_SIZE)  # per word: words recur far more often than whole runs
def _is_title(word: str) -> bool:
    low = word.lower()
    return (
        low in TITLES or low.rstrip(".") in TITLES or ("-" in low and low.split("-")[-1] in TITLES)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _is_name_word(word: str) -> bool:
    if _PREFIXED.match(word) or _INITIAL.match(word):
        return True  # an initial, even "A." or "I.", is never a function word
    if not word or not word[0].isupper():
        return _PARTICLE_RE.fullmatch(word) is not None  # "de", "du", "van", "bin", …
    low = word.lower().rstrip(".")
    if low in NOT_PERSON or (word.isupper() and len(word) > 1 and "." not in word):
        return False
    return not any(map(str.isdigit, word))


def _pronoun_surname(words: list[str], index: int) -> bool:
    """ "He Weiling": a Chinese surname spelt like a pronoun opens a longer name (words_of
    keeps it only where a pronoun could not be capitalised)."""
    return index == 0 and len(words) > 1 and words[0].istitle() and words[0].lower() in _PRONOUNS


def _calendar_surname(words: list[str], index: int) -> bool:
    """ "Theresa May", "Joe Friday": a month or weekday can end a name after a given name
    (a known one: "Prime Minister's Questions Wednesday" names nobody)."""
    return (
        index == len(words) - 1
        and index > 0
        and words[index].lower() in CALENDAR
        and words[index - 1].lower() in GIVEN_NAMES
    )


@lru_cache(maxsize=_CACHE_SIZE)
def parse_name(run: str, *, titled_single: bool = True) -> Name | None:
    """Reduce a capitalised run to a person's name, or ``None`` when it is not one.

    Titles are stripped up to the last title word ("Russian Foreign Minister Sergei Lavrov"
    -> "Sergei Lavrov"). A single remaining word counts only after a title ("President
    Putin") unless ``titled_single`` is false, when the caller already knows it is a subject.
    Memoised (see ``_CACHE_SIZE``); a :class:`Name` is immutable, so sharing one is safe.
    """
    raw = run.split()
    owners = [index for index, word in enumerate(raw[:-1]) if word.endswith(_POSSESSIVE)]
    if owners:  # "Hong Kong's Carrie Lam", "Britain's Prime Minister …": the person follows
        raw = raw[owners[-1] + 1 :]
        run = " ".join(raw)
    if titled_single and len(raw) < 2:
        return None  # one word is either a bare title or a single name without one
    words = words_of(run)
    titles_at = [i for i, w in enumerate(words) if _is_title(w)]
    if (
        titles_at
        and titles_at[-1] == len(words) - 1 > 0
        and words[-1].lower() in _SURNAME_TITLES
        and words[-2].lower() in GIVEN_NAMES
    ):
        titles_at.pop()  # "Scott King", "Winston Lord": after a given name, a surname
    last_title = max(titles_at, default=-1)
    titles = words[: last_title + 1]
    rest = words[last_title + 1 :]
    while rest and rest[-1].lower().rstrip(".") in _SUFFIX and len(rest) > 2:
        rest = rest[:-1]
    if _heads_title(titles, rest):
        titles, rest = [*titles, rest[0]], rest[1:]
    while len(rest) > 2 and (
        rest[0].lower() in DEMONYMS or (rest[0].lower() in PLACES and _no_body(rest[1:]))
    ):
        # "Belgian Willy de Clercq": the nationality describes the person; "general manager
        # for Canada Hajimu Watanabe": the place ends the title before the person (not in
        # "Japan Air Lines" or "London Stock Exchanges", a body named after its place).
        rest = rest[1:]
    if len(rest) >= 4 and rest[-2].lower() in GIVEN_NAMES and rest[0].lower() not in GIVEN_NAMES:
        rest = _trim_long(rest)  # "Credit Suisse Paul Hofer": a firm or a place, then the person
    if len(rest) == 4 and _INITIAL.match(rest[1]) and not _INITIAL.match(rest[0]):
        rest = rest[1:]  # "Minister H. Onno Ruding" (even misspelt): an initial opens a name
    if len(rest) > 4:
        rest = _trim_long(rest)
    if not rest or not all(
        _is_name_word(w) or _calendar_surname(rest, i) or _pronoun_surname(rest, i)
        for i, w in enumerate(rest)
    ):
        return None
    if not (rest[-1][:1].isupper() or _PREFIXED.match(rest[-1])) or _INITIAL.match(rest[-1]):
        return None
    if len(rest) == 1 and not titles and titled_single:
        return None
    return Name(" ".join(rest), roles_of(titles), _gender(titles, rest))


# Words that make the title after them another office: a vice president is not "the
# president", nor a deputy minister "the minister".
SUBORDINATE_TITLES = frozenset({"vice", "deputy", "assistant", "associate", "under"})


def roles_of(titles: Sequence[str]) -> frozenset[str]:
    """The lower-case title words; after a subordinate word each is that office ("Deputy
    Prime Minister" gives "deputy minister", not "minister")."""
    roles: set[str] = set()
    subordinate = ""
    for title in titles:
        word = title.lower().rstrip(".")
        roles.add(f"{subordinate} {word}" if subordinate else word)
        if word in SUBORDINATE_TITLES:
            subordinate = word
    return frozenset(roles)


_BODY_WORDS = NOT_PERSON | ORG_NOUNS | ORG_ENDINGS | frozenset(_words("air lines"))


def _no_body(words: list[str]) -> bool:
    """Whether no word (or its singular) is one that names a body or a thing, not a person."""
    keys = (word.lower().rstrip(".") for word in words)
    return not any(key in _BODY_WORDS or key.rstrip("s") in _BODY_WORDS for key in keys)


# Titles that are also common surnames ("Scott King", "Winston Lord", "Carol Judge").
_SURNAME_TITLES = frozenset(_words("king lord judge bishop major dean marshal earl prince duke"))


def _heads_title(titles: list[str], rest: list[str]) -> bool:
    """Whether ``rest`` opens with the head noun of a title ending in a modifier: "SEC Chief
    Accountant Clarence Sampson". Only when a full name would remain, and never a known
    given name or an initial ("Deputy Mary Ann Smith", "Chief Olusegun Obasanjo" stay)."""
    return (
        bool(titles)
        and titles[-1].lower() in _TITLE_MODIFIERS
        and len(rest) >= 3
        and name_key(rest[0]) not in GIVEN_NAMES
        and not _INITIAL.match(rest[0])
    )


def parse_name_after_place(run: str) -> Name | None:
    """The person ending a run that follows "<title> of": "Hong Kong Carrie Lam" after
    "Chief Executive of", "France Emmanuel Macron" after "President of". The place may be
    one word or several, so the person is the last two words, with initials or particles."""
    words = words_of(run)
    person = _trim_long(words) if len(words) > 2 else words
    if not person or not person[0][:1].isupper():
        return None  # "Petroleos de Venezuela": a particle opens no name; a body's name
    return parse_name(" ".join(person))


def person_ending(run: str) -> Name | None:
    """The person closing a run that is not one name: "United Nations Nikki Haley" (after
    "Ambassador to the"), known by a common given name before the last word."""
    words = words_of(run)
    if len(words) < 3 or name_key(words[-2]) not in GIVEN_NAMES:
        return None
    return parse_name(" ".join(_trim_long(words)))


def _trim_long(words: list[str]) -> list[str]:
    """Keep the last two words of an over-long run, plus initials or particles before them."""
    keep = words[-2:]
    index = len(words) - 3
    while index >= 0 and (_INITIAL.match(keep[0]) or _INITIAL.match(words[index])):
        keep.insert(0, words[index])
        index -= 1
    return keep


def _gender(titles: list[str], rest: list[str]) -> str | None:
    for title in reversed(titles):
        gender = HONORIFIC_GENDER.get(title.lower())
        if gender:
            return gender
    first = name_key(rest[0]) if len(rest) > 1 else ""
    if first in FEMALE_FIRST:
        return "f"
    if first in MALE_FIRST:
        return "m"
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def surname_key(name: str) -> str:
    """The comparison key of a name's last word."""
    parts = name_key(name).split()
    return parts[-1] if parts else ""


# A hyphenated descriptor describes the name after it ("Montreal-based Alcan", "Soviet-led
# Comecon", "Chairman-elect James Cotting"); on its own ("a Washington-based lawyer") it
# names nobody.
_DESCRIPTOR = re.compile(
    r"-(?:based|led|owned|born|made|backed|controlled|run|strapped|elect|designate|listed|"
    r"registered|funded|sponsored|affiliated|linked|dominated|held|appointed)$",
    re.IGNORECASE,
)


def without_descriptors(text: str) -> str:
    """``text`` without the words up to its last hyphenated descriptor ("" if nothing is left)."""
    words = text.split()
    cut = max((i + 1 for i, word in enumerate(words) if _DESCRIPTOR.search(word)), default=0)
    return " ".join(words[cut:])


def is_plausible_speaker(text: str) -> bool:
    """Whether a resolved speaker can name someone: not a lone letter or initial ("P",
    "U."), not led by a word that only opens a sentence or stands for unnamed people ("One",
    "Another official"), not a generic plural ("Analysts"), a bare title ("Ambassador") or a
    bare "Co" or "Bank"."""
    words = text.split()
    if not words or not any(sum(c.isalpha() for c in word) >= 2 for word in words):
        return False
    first = words[0].lower()
    if (first in FUNCTION_WORDS and not _pronoun_surname(words, 0)) or first in QUANTIFIERS:
        return False
    # Alone, the last word of an organisation's name ("Co", "Bank") says nothing about which.
    return not (
        len(words) == 1
        and (first in GENERIC_SUBJECTS or first in BARE_TITLES or first.rstrip(".") in ORG_ENDINGS)
    )
