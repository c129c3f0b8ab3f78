"""Check-worthiness of a sentence: a sum of transparent, documented feature weights.

Each feature that fires adds its weight and says which words made it fire, so the page
can show why a sentence scored as it did. Weights were set by hand (docs/intake.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from webapp.intake.dates import find_dates
from webapp.intake.names import find_mentions
from webapp.intake.quantities import find_quantities, notable

WEIGHTS: dict[str, float] = {
    "quantity": 2.0,  # a number with a unit, a bound or a spelled-out number
    "attribution": 1.5,  # said, according to, wrote on Twitter, told <outlet>
    "name": 1.0,  # a named person or organisation
    "more_names": 0.5,  # a second distinct name or place
    "place": 1.0,  # a gazetteer place or "X province"
    "date": 1.0,  # a calendar date, a year, "in recent days"
    "comparison": 1.0,  # more than, largest, the only, first
    "event": 0.5,  # a verb of something that happened: fled, captured, killed, based
    "identity": 0.5,  # "X is the son of", "is a graduate of": a biographical or role fact
    "opinion": -2.0,  # I think, it seems, should, as you know
    "hedge": -1.0,  # may, might, could, would, will: a guess or a prediction
    "evaluative": -0.75,  # charismatic, ruthless, legendary (each, at most two)
    "question": -3.0,  # ends with a question mark
    "no_verb": -2.5,  # a heading, a byline, a caption
    "short": -1.0,  # fewer than six words
}
LABELS = {
    "quantity": "Number or quantity",
    "attribution": "Attribution",
    "name": "Named person or organisation",
    "more_names": "Another name or place",
    "place": "Place",
    "date": "Date",
    "comparison": "Comparison or superlative",
    "event": "Reported event",
    "identity": "Role or identity",
    "opinion": "Opinion marker",
    "hedge": "Guess or prediction",
    "evaluative": "Evaluative word",
    "question": "Question",
    "no_verb": "No verb (heading or byline)",
    "short": "Very short",
}
ATTRIBUTION = re.compile(
    r"\b(?:said|says|stated|states|told|tells|wrote|writes|tweeted|posted|announced|"
    r"reported|reports|claimed|claims|noted|added|declared|confirmed|denied|insisted|"
    r"argued|warned|admitted|alleged|according to|in a statement|own admission|"
    r"refers? to|described as|"
    r"reports? coming from|sources? (?:say|said))\b",
    re.IGNORECASE,
)
COMPARISON = re.compile(
    r"\b(?:more|fewer|less|greater|higher|lower|larger|smaller|bigger|than|most|least|"
    r"only|first|last|largest|biggest|highest|lowest|smallest|worst|best|longest|"
    r"record|majority|minority|double|twice|half|increase[sd]?|decrease[sd]?|rose|fell|"
    r"always|never)\b",
    re.IGNORECASE,
)
EVENT = re.compile(
    r"\b(?:\w+ed|took|fled|fought|flew|left|came|went|won|lost|fell|led|held|killed|"
    r"captured|recaptured|entered|declared|controls?|based|born|built|sent|began|became)\b",
    re.IGNORECASE,
)
OPINION = re.compile(
    r"\b(?:i think|i believe|we believe|in my (?:view|opinion)|should(?! be noted)|ought to|must|"
    r"it seems|seems to|appears to|as you know|keep in mind|difficult to say|"
    r"it is (?:clear|obvious|unknown)|is unknown|arguably|undoubtedly|of course)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:may|might|could|would|will|perhaps|possibly|probably|likely|possibility|"
    r"doomed|expected to)\b",
    re.IGNORECASE,
)
EVALUATIVE = re.compile(
    r"\b(?:charismatic|ruthless|legendary|brutal(?:ity)?|good|bad|great|terrible|"
    r"stupefied|energetic|insufficient|massive|clear(?:ly)?|important|influential|"
    r"real|huge|amazing|disastrous|shameful|heroic)\b",
    re.IGNORECASE,
)
IDENTITY = re.compile(
    r"\b(?:is|was|are|were) (?:a|an|the) (?:[\w-]+ ){0,3}?(?:of|from)\b", re.IGNORECASE
)
VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|may|"
    r"might|must|shall|should|\w+ed|took|fled|fought|flew|left|came|went|made|gave|got|won|"
    r"lost|held|led|ran|saw|began|became|knew|said|says|told|wrote|sent|met|paid|rose|fell|"
    r"controls|refers|looks|recognizes)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Contribution:
    """One feature that fired: its weight and the words that made it fire."""

    feature: str
    weight: float
    evidence: str

    @property
    def label(self) -> str:
        return LABELS[self.feature]


@dataclass(frozen=True)
class Score:
    total: float
    contributions: tuple[Contribution, ...]


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None


def score_sentence(text: str) -> Score:
    """The check-worthiness of ``text`` with every contribution to it."""
    found: list[Contribution] = []

    def add(feature: str, evidence: str | None, times: float = 1.0) -> None:
        if evidence:
            found.append(Contribution(feature, WEIGHTS[feature] * times, evidence))

    quantities = [q for q in find_quantities(text) if (q.unit or q.qualified) and notable(q)]
    add("quantity", "; ".join(q.text for q in quantities[:3]))
    add("attribution", _first(ATTRIBUTION, text))
    mentions = find_mentions(text)
    names = list(dict.fromkeys(m.name for m in mentions if not m.is_place))
    places = list(dict.fromkeys(m.name for m in mentions if m.is_place))
    add("name", names[0] if names else None)
    add("place", ", ".join(places[:3]))
    others = names[1:] + places[1:]
    add("more_names", ", ".join(others[:3]))
    add("date", "; ".join(d.text for d in find_dates(text)[:2]))
    add("comparison", _first(COMPARISON, text))
    add("event", _first(EVENT, text))
    add("identity", _first(IDENTITY, text))
    add("opinion", _first(OPINION, text))
    add("hedge", _first(HEDGE, text))
    evaluative = list(dict.fromkeys(m.group().lower() for m in EVALUATIVE.finditer(text)))
    add("evaluative", ", ".join(evaluative[:2]), times=min(len(evaluative), 2))
    add("question", "?" if text.rstrip("\"\u201d\u2019' )").endswith("?") else None)
    add("no_verb", "no verb found" if not VERB.search(text) else None)
    words = len(text.split())
    add("short", f"{words} words" if words < 6 else None)
    return Score(round(sum(c.weight for c in found), 2), tuple(found))
