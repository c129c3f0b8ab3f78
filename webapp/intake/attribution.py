"""Who made a claim: the attribution in its sentence, or the document's author.

Patterns, tried in order: "according to X", "X said/wrote/noted ...", "..., X, the former
head of ..., said", "by X's own admission". Pronouns ("according to him", "he said") and
role nouns ("the general wrote") point back to the person last named with that role;
a surname ("Dostum noted") to the full name mentioned before. "Reports coming from
Afghanistan" is an unnamed source. Relays: "on Twitter", "told Reuters", "in a statement
to the Turkish publication Anadolu".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from webapp.intake.names import Mention, find_mentions

VERBS = (
    r"said|says|stated|told|wrote|writes|tweeted|posted|announced|claimed|claims|noted|"
    r"added|declared|confirmed|denied|insisted|argued|warned|admitted|alleged|reported"
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;]{1,80})", re.IGNORECASE)
_ADMISSION = re.compile(r"\bby (?P<who>[\w\s.-]+?)[\u2019']s own (?:admission|account)\b", re.I)
_PRONOUN_VERB = re.compile(rf"\b(?P<who>he|she|they)\s+(?:{VERBS})\b", re.IGNORECASE)
_ROLE_VERB = re.compile(rf"\bthe (?P<role>[a-z-]+)\s+(?:{VERBS})\b")
_UNNAMED = re.compile(
    r"\b(?:reports?|sources?|officials|witnesses|residents|media reports|local media)\b"
    r"[^,.;]{0,40}",
    re.IGNORECASE,
)
_PLATFORMS = {
    "twitter": "Twitter",
    "facebook": "Facebook",
    "telegram": "Telegram",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "tweeted": "Twitter",
}
_PLATFORM = re.compile(
    r"\b(?:on (?:his |her |their |its )?(?:official )?(?P<p>twitter|facebook|telegram|"
    r"instagram|youtube)|(?P<t>tweeted))\b",
    re.IGNORECASE,
)
_OUTLET = re.compile(r"\b(?:told|(?:statement|interview|remarks?|comments?) (?:to|with))\s")
PEOPLE_REMEMBERED = 300
ROLE_TITLES = {
    "general": ("gen.", "general"),
    "marshal": ("marshal",),
    "president": ("president",),
    "minister": ("minister",),
    "colonel": ("col.", "colonel"),
    "spokesman": ("spokesman",),
    "governor": ("gov.", "governor"),
    "senator": ("sen.", "senator"),
}


@dataclass(frozen=True)
class ClaimantGuess:
    """``kind`` is "named", "unnamed" or "author"; ``name`` the person, or a description."""

    kind: str
    name: str | None
    relay: str | None
    evidence: str


@dataclass
class Context:
    """What earlier sentences of the document named, for pronouns and surnames."""

    people: list[Mention] = field(default_factory=list)
    last_claimant: str | None = None

    def full_name(self, name: str) -> str:
        """The longest earlier name ending with ``name`` ("Dostum" → "Raşid Dostum")."""
        matches = [
            m.name for m in self.people if m.name.split()[-1] == name.split()[-1] and m.name != name
        ]
        if self.last_claimant and self.last_claimant.split()[-1] == name.split()[-1]:
            return self.last_claimant
        return matches[-1] if matches and len(name.split()) == 1 else name

    def with_role(self, role: str) -> str | None:
        titles = ROLE_TITLES.get(role.lower())
        if not titles:
            return None
        for mention in reversed(self.people):
            if any(t.lower() in titles for t in mention.titles):
                return mention.name
        return None


def _relay(sentence: str) -> str | None:
    platform = _PLATFORM.search(sentence)
    if platform:
        return _PLATFORMS[(platform.group("p") or platform.group("t")).lower()]
    outlet = _OUTLET.search(sentence)
    if outlet is None:
        return None
    # The first name within a few words: "to the Turkish publication Anadolu" -> Anadolu.
    after = [
        m
        for m in find_mentions(sentence)
        if outlet.end() <= m.start <= outlet.end() + 60 and not m.is_place
    ]
    return after[0].name if after else None


def _person_before(mentions: list[Mention], position: int) -> Mention | None:
    before = [m for m in mentions if m.end <= position and not m.is_place]
    return before[-1] if before else None


def _named(sentence: str, mentions: list[Mention], context: Context) -> tuple[str, str] | None:
    """(name, evidence) of a named claimant in ``sentence``, or None."""
    according = _ACCORDING.search(sentence)
    if according:
        who = according.group("who")
        pronoun = re.match(r"(?:him|her|them)\b", who, re.IGNORECASE)
        if pronoun and context.last_claimant:
            return context.last_claimant, according.group()
        inside = [m for m in mentions if according.start() <= m.start < according.end()]
        if inside and not inside[0].is_place and not _UNNAMED.match(who):
            return context.full_name(inside[0].name), according.group()
    admission = _ADMISSION.search(sentence)
    if admission:
        return context.full_name(admission.group("who").split()[-1]), admission.group()
    for verb in re.finditer(rf"\b(?:{VERBS})\b", sentence):
        before = sentence[: verb.start()]
        # "X said", or "X, the former head of the ministry, said".
        trimmed = re.sub(r",[^,]{1,90},\s*$", " ", before)
        person = _person_before(mentions, len(trimmed.rstrip()) + 1)
        if person and person.end >= len(trimmed.rstrip()) - 1:
            return context.full_name(person.name), sentence[person.start : verb.end()]
    role = _ROLE_VERB.search(sentence)
    if role:
        named = context.with_role(role.group("role"))
        if named:
            return named, role.group()
    pronoun = _PRONOUN_VERB.search(sentence)
    if pronoun and context.last_claimant:
        return context.last_claimant, pronoun.group()
    return None


def guess_claimant(sentence: str, context: Context) -> ClaimantGuess:
    """Who made the claim in ``sentence``; updates ``context`` for the sentences after it."""
    mentions = find_mentions(sentence)
    relay = _relay(sentence)
    named = _named(sentence, mentions, context)
    context.people.extend(m for m in mentions if not m.is_place)
    # Pronouns and surnames point back a few paragraphs, not a whole book.
    del context.people[:-PEOPLE_REMEMBERED]
    if named:
        context.last_claimant = named[0]
        return ClaimantGuess("named", named[0], relay, named[1])
    according = _ACCORDING.search(sentence)
    unnamed = _UNNAMED.match(according.group("who")) if according else None
    if according and unnamed:
        who = re.sub(
            r"\s+(?:in|over|during) (?:recent|the past|the last)\b.*$", "", according["who"]
        )
        return ClaimantGuess("unnamed", who.strip(), relay, according.group())
    return ClaimantGuess("author", None, relay, "no attribution in the sentence")
