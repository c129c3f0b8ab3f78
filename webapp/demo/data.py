"""The demo desk: claims from one opinion article, written down as plain data.

The article is "Does the Anti-Taliban Resistance in Afghanistan have a Future?" by
Vladimir Danilov (New Eastern Outlook, 24 August 2021). Quotes are short excerpts (a
sentence or less) so the repository never holds the article itself. The desk's copy is
a plain-text sample without a URL, so no URL is recorded. Verdicts and grades are
illustrative: each rationale says so and names the evidence a real check would need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from webapp.claims.models import RelationKind
from webapp.sources.models import AdmiraltyGrade, SourceKind

DEMO_ID_PREFIX = "demo:"
PUBLISHED = dt.date(2021, 8, 24)


@dataclass(frozen=True)
class DemoSource:
    key: str
    name: str
    kind: SourceKind
    description: str
    job_title: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoDocument:
    title: str
    publisher: str
    author: str
    published_on: dt.date
    description: str


@dataclass(frozen=True)
class DemoClaim:
    """One claim; ``n`` makes its external id ``demo:<n>``; ``quote`` is its first appearance."""

    n: int
    statement: str
    quote: str
    claimant: str
    tags: tuple[str, ...]
    relays: tuple[str, ...] = ()
    claim_date: dt.date | None = None
    event_date: dt.date | None = None
    place: str | None = None
    checkable: bool = True
    quantity_value: float | None = None
    quantity_low: float | None = None
    quantity_unit: str | None = None
    quantity_as_of: dt.date | None = None


@dataclass(frozen=True)
class DemoRelation:
    claim: int
    related: int
    kind: RelationKind
    note: str


@dataclass(frozen=True)
class DemoGrade:
    source: str
    grade: AdmiraltyGrade
    rationale: str


@dataclass(frozen=True)
class DemoEvidence:
    url: str
    title: str
    note: str


@dataclass(frozen=True)
class DemoVerdict:
    """A verdict and how it got there.

    ``stage``: "proposed" (submitted for review, a checker's proposal waits for an editor),
    "approved" (proposed, then concluded by an editor) or "concluded" (an editor concludes
    directly; on a claim with a verdict already, that is a correction).
    """

    claim: int
    rating: str  # a value slug of the default scale
    credibility: int
    stage: str
    rationale: str
    evidence: tuple[DemoEvidence, ...] = ()


@dataclass(frozen=True)
class DemoReopen:
    claim: int
    reason: str


SOURCES = (
    DemoSource(
        "neo",
        "New Eastern Outlook",
        SourceKind.OUTLET,
        "Online magazine; publisher of the demo article.",
    ),
    DemoSource(
        "danilov",
        "Vladimir Danilov",
        SourceKind.PERSON,
        "Author of the demo article.",
        job_title="Political observer",
    ),
    DemoSource(
        "reports",
        "Reports coming from Afghanistan",
        SourceKind.UNNAMED,
        "Unnamed reports the demo article cites without saying whose they are.",
    ),
    DemoSource(
        "mohammadi",
        "Bismillah Khan Mohammadi",
        SourceKind.PERSON,
        "Afghan general; the demo article quotes his post on Twitter.",
        job_title="Former head of the Ministry of Defense",
        aliases=("Gen. Bismillah Khan Mohammadi",),
    ),
    DemoSource(
        "mohammadi_twitter",
        "Bismillah Khan Mohammadi on Twitter",
        SourceKind.SOCIAL_ACCOUNT,
        "His Twitter account, as cited by the demo article (which gives no handle).",
    ),
    DemoSource(
        "dostum",
        "Abdul Rashid Dostum",
        SourceKind.PERSON,
        "Former Afghan Vice-President; the demo article cites his statement to Anadolu.",
        job_title="Former Vice-President of Afghanistan",
        aliases=("Raşid Dostum", "Marshal Raşid Dostum", "General Raşid Dostum"),
    ),
    DemoSource(
        "anadolu",
        "Anadolu Agency",
        SourceKind.OUTLET,
        "Turkish news agency; carried Dostum's statement.",
        aliases=("Anadolu",),
    ),
    DemoSource(
        "massoud",
        "Ahmad Massoud",
        SourceKind.PERSON,
        "Son of Ahmad Shah Massoud; the demo article spells his name Ahmad Masood.",
        job_title="Leader of the National Resistance Front of Afghanistan",
        aliases=("Ahmad Masood",),
    ),
)

DOCUMENT = DemoDocument(
    title="Does the Anti-Taliban Resistance in Afghanistan have a Future?",
    publisher="neo",
    author="danilov",
    published_on=PUBLISHED,
    description=(
        "Opinion article, loaded as the Claimdesk demo. The desk's copy is a plain-text "
        "sample without a URL; the retrieval date is the day the demo was loaded."
    ),
)

AUTHOR, TALIBAN, PANJSHIR, MASSOUD = "danilov", "Taliban", "Panjshir", "Ahmad Massoud"
NORTH = "Northern Afghanistan"

# Quotes keep the article's exact characters, curly apostrophes included.
CLAIMS = (
    DemoClaim(
        1,
        "Taliban fighters entered Kabul on 15 August 2021.",
        "militants entered the Afghan capital, Kabul, on 15 August",
        AUTHOR,
        (TALIBAN, "Kabul"),
        claim_date=PUBLISHED,
        event_date=dt.date(2021, 8, 15),
        place="Kabul",
    ),
    DemoClaim(
        2,
        "Ashraf Ghani fled the country taking “the party gold” with him.",
        "Ashraf Ghani, who fled the country and took the “party gold” with him",
        AUTHOR,
        ("Ashraf Ghani",),
        claim_date=PUBLISHED,
    ),
    DemoClaim(
        3,
        "Panjshir province was under Taliban control in August 2021.",
        "the Taliban-controlled Panjshir province",
        AUTHOR,
        (PANJSHIR, TALIBAN),
        claim_date=PUBLISHED,
        place="Panjshir province",
    ),
    DemoClaim(
        4,
        "On 19 August 2021 resistance fighters in Panjshir asked Western countries for weapons.",
        "On August 19, resistance fighters in the Taliban-controlled Panjshir province "
        "asked Western countries to help them with weapons.",
        AUTHOR,
        (PANJSHIR, "Resistance"),
        claim_date=PUBLISHED,
        event_date=dt.date(2021, 8, 19),
        place="Panjshir province",
    ),
    DemoClaim(
        5,
        "Afghan army fighters answered Ahmad Massoud's call and are on their way to "
        "Panjshir with weapons and equipment.",
        "Afghan army fighters have already responded to his call and are on their way to "
        "Panjshir with weapons and equipment.",
        "massoud",
        (PANJSHIR, MASSOUD, "Resistance"),
        place="Panjshir province",
    ),
    DemoClaim(
        6,
        "There is no room for the Taliban in the north of Afghanistan.",
        "there was no room for the Taliban in the north",
        "dostum",
        (TALIBAN, NORTH, "Abdul Rashid Dostum"),
        relays=("anadolu",),
        place=NORTH,
        checkable=False,
    ),
    DemoClaim(
        7,
        "The Taliban had tried several times to take over northern Afghanistan, and "
        "some Taliban chiefs were trapped.",
        "the Taliban had tried several times before to take over northern Afghanistan, "
        "but some Taliban chiefs were trapped",
        "dostum",
        (TALIBAN, NORTH, "Abdul Rashid Dostum"),
        relays=("anadolu",),
        place=NORTH,
    ),
    DemoClaim(
        8,
        "Resistance forces took the Puli Khesar, Deh Salah and Banu districts of Baghlan.",
        "The Puli Khesar, Deh Salah and Banu districts in Baghlan are occupied by "
        "resistance forces.",
        "mohammadi",
        ("Baghlan", "Resistance", TALIBAN),
        relays=("mohammadi_twitter",),
        claim_date=dt.date(2021, 8, 20),
        event_date=dt.date(2021, 8, 20),
        place="Baghlan province",
        quantity_value=3,
        quantity_unit="districts",
    ),
    DemoClaim(
        9,
        "Ahmad Massoud is a graduate of the Royal Military Academy Sandhurst.",
        "Ahmad Masood is a graduate of the British Royal Military Academy Sandhurst.",
        AUTHOR,
        (MASSOUD,),
        claim_date=PUBLISHED,
    ),
    DemoClaim(
        10,
        "Ahmad Massoud was born in 1989.",
        "born in 1989",
        AUTHOR,
        (MASSOUD,),
        claim_date=PUBLISHED,
    ),
    DemoClaim(
        11,
        "About 10,000 fighters have left for Panjshir province to fight the Taliban.",
        "some 10,000 fighters have already left for Panjshir province to fight against "
        "the forces of the Taliban",
        "reports",
        (PANJSHIR, TALIBAN, "Resistance"),
        place="Panjshir province",
        quantity_value=10000,
        quantity_unit="fighters",
    ),
    DemoClaim(
        12,
        "Panjshir is one of Afghanistan's 34 provinces.",
        "Panjshir is one of 34 provinces in Afghanistan",
        AUTHOR,
        (PANJSHIR,),
        claim_date=PUBLISHED,
        place="Afghanistan",
        quantity_value=34,
        quantity_unit="provinces",
    ),
    DemoClaim(
        13,
        "Panjshir has a population of more than 140,000.",
        "with a population of more than 140,000 people",
        AUTHOR,
        (PANJSHIR, "Population"),
        claim_date=PUBLISHED,
        place="Panjshir province",
        quantity_low=140000,
        quantity_unit="people",
        quantity_as_of=PUBLISHED,
    ),
    DemoClaim(
        14,
        "The main US-led NATO forces were based in Panjshir province.",
        "Main NATO forces, led by the US, were based in this province.",
        AUTHOR,
        (PANJSHIR, "NATO"),
        claim_date=PUBLISHED,
        place="Panjshir province",
    ),
    DemoClaim(
        15,
        "Ahmad Massoud controls one of the world's largest emerald mining sites and lithium mines.",
        "Masood controls one of the world’s largest emerald mining sites (the market is "  # noqa: RUF001
        "illegal) and lithium mines",
        AUTHOR,
        (PANJSHIR, MASSOUD, "Mining"),
        claim_date=PUBLISHED,
        place="Panjshir province",
    ),
    DemoClaim(
        16,
        "The Taliban failed to capture the Panjshir Gorge when they came to power in 1996.",
        "The Taliban already failed to capture Panjshir Gorge 25 years ago, when they came "
        "to power in 1996",
        AUTHOR,
        (PANJSHIR, TALIBAN, "Northern Alliance"),
        claim_date=PUBLISHED,
        place="Panjshir Gorge",
        quantity_value=25,
        quantity_unit="years",
    ),
    DemoClaim(
        17,
        "Amrullah Saleh's forces recaptured Charikar district in Parwan.",
        "Amrullah Saleh’s Resistance Forces recently recaptured the Charikar district in "  # noqa: RUF001
        "Parwan province",
        AUTHOR,
        ("Parwan", "Resistance", "Amrullah Saleh"),
        claim_date=PUBLISHED,
        place="Charikar, Parwan province",
    ),
    DemoClaim(
        18,
        "Panjshir is virtually the only region of Afghanistan that has not "
        "surrendered to the Taliban.",
        "Panjshir, virtually the only region that has not surrendered to the Taliban",
        AUTHOR,
        (PANJSHIR, TALIBAN, "Resistance"),
        claim_date=PUBLISHED,
        place="Panjshir province",
    ),
    DemoClaim(
        19,
        "Leaders of northern groups who tried to set up a command in Mazar-i-Sharif "
        "were defeated and fled to Uzbekistan.",
        "the leaders of many northern groups who tried to establish a command in "
        "Mazar-i-Sharif were defeated and fled to Uzbekistan",
        AUTHOR,
        (NORTH, "Mazar-i-Sharif", "Northern Alliance"),
        claim_date=PUBLISHED,
        place="Mazar-i-Sharif",
    ),
)

# Only relations the article itself gives grounds for.
RELATIONS = (
    DemoRelation(
        18,
        3,
        RelationKind.CONTRADICTS,
        "The article calls Panjshir “Taliban-controlled” and, later, the only region "
        "that has not surrendered.",
    ),
    DemoRelation(
        5,
        11,
        RelationKind.SUPPORTS,
        "The article says the 10,000 include Afghan army personnel carrying weapons.",
    ),
    DemoRelation(
        19,
        6,
        RelationKind.CONTRADICTS,
        "The same article reports the northern command in Mazar-i-Sharif defeated.",
    ),
)

GRADES = (
    DemoGrade(
        "reports",
        AdmiraltyGrade.F,
        "Illustrative grade for the demo desk: an unnamed source's reliability cannot "
        "be judged. A real grade needs to know whose reports these are.",
    ),
    DemoGrade(
        "neo",
        AdmiraltyGrade.F,
        "Illustrative grade for the demo desk, which has no track record for this outlet "
        "yet. A real grade would rest on the outlet's checked claims over time.",
    ),
    DemoGrade(
        "mohammadi",
        AdmiraltyGrade.C,
        "Illustrative grade for the demo desk: a first-hand but interested party to the "
        "fighting. A real grade would rest on how his earlier claims turned out.",
    ),
)


def _wiki(title: str, note: str) -> DemoEvidence:
    return DemoEvidence(f"https://en.wikipedia.org/wiki/{title}", title.replace("_", " "), note)


PANJSHIR_PROVINCE = _wiki("Panjshir_Province", "Reference overview of the province.")
PANJSHIR_CONFLICT = _wiki("Panjshir_conflict", "Reference overview of the 2021 fighting.")
MASSOUD_PAGE = _wiki("Ahmad_Massoud", "Reference biography; a starting point only.")

# Applied in order: the Baghlan claim is concluded, reopened and corrected.
WORKFLOW: tuple[DemoVerdict | DemoReopen, ...] = (
    DemoVerdict(
        1,
        "true",
        1,
        "approved",
        "Illustrative verdict for the demo desk. A real check would cite dated wire "
        "reports of 15 August 2021, not only a reference page.",
        (_wiki("Fall_of_Kabul_(2021)", "Reference overview with dated sources."),),
    ),
    DemoVerdict(
        2,
        "mixed",
        3,
        "proposed",
        "Illustrative proposal for the demo desk: the flight is widely reported, the "
        "“party gold” is not. A real check would need Ghani's own statements and "
        "official accounts of what he took.",
        (_wiki("Ashraf_Ghani", "Reference biography."),),
    ),
    DemoVerdict(
        6,
        "unverifiable",
        6,
        "concluded",
        "Illustrative verdict for the demo desk: an opinion and a forecast, not a "
        "checkable fact. A real desk would check Dostum's factual claims instead.",
    ),
    DemoVerdict(
        8,
        "unverifiable",
        3,
        "approved",
        "Illustrative first verdict for the demo desk: the only source was the "
        "claimant's own tweet. A real check would need independent, dated reports for "
        "each of the three districts.",
        (_wiki("Baghlan_Province", "Reference overview of the province."),),
    ),
    DemoReopen(
        8,
        "Illustrative reopening for the demo desk: later reports on the three "
        "districts are to be weighed.",
    ),
    DemoVerdict(
        8,
        "mostly-true",
        2,
        "concluded",
        "Illustrative correction for the demo desk; the earlier Unverifiable verdict "
        "stays visible. A real correction would cite independent reports on each "
        "district dated 20 August 2021 or later.",
        (PANJSHIR_CONFLICT, _wiki("Baghlan_Province", "Reference overview.")),
    ),
    DemoVerdict(
        9,
        "true",
        2,
        "concluded",
        "Illustrative verdict for the demo desk. A real check would cite the academy's "
        "records or a contemporary report, not only a reference page.",
        (MASSOUD_PAGE, _wiki("Royal_Military_Academy_Sandhurst", "The academy.")),
    ),
    DemoVerdict(
        10,
        "true",
        2,
        "approved",
        "Illustrative verdict for the demo desk. A real check would need a primary "
        "record or several independent biographies giving the same year.",
        (MASSOUD_PAGE,),
    ),
    DemoVerdict(
        11,
        "unverifiable",
        6,
        "proposed",
        "Illustrative proposal for the demo desk: the figure comes from unnamed "
        "reports. A real check would need named, independent sources for the number "
        "of fighters and its date.",
        (PANJSHIR_CONFLICT,),
    ),
    DemoVerdict(
        13,
        "true",
        2,
        "approved",
        "Illustrative verdict for the demo desk: the claim gives only a lower bound. A "
        "real check would compare it with the latest official population estimate.",
        (PANJSHIR_PROVINCE,),
    ),
    DemoReopen(
        13,
        "Illustrative reopening for the demo desk: population estimates differ "
        "between sources and years; compare them before confirming.",
    ),
)
