"""Names in a sentence: capitalised word sequences, their titles, and places.

Heuristics, no model: a run of capitalised words (joined by "of", "al-", "bin" ...) is a
name; leading titles ("Former Afghan Vice-President Marshal") are split off; a name is a
place when a small gazetteer knows it or a place word follows it ("Baghlan province").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from webapp.intake.sentences import word_set

TITLE_WORDS = word_set(
    "gen gen. general marshal lt lt. col col. colonel maj maj. major capt capt. captain "
    "sgt sgt. commander adm adm. admiral president vice-president vice minister prime "
    "premier mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sen sen. senator gov gov. "
    "governor rep rep. representative former deputy chief head spokesman spokeswoman "
    "spokesperson ambassador secretary mayor king queen prince sheikh mullah "
    "commander-in-chief field afghan american british russian turkish chairman"
)
# Capitalised only because they start a sentence, or not names at all.
NOT_NAMES = word_set(
    "the a an this that these those he she it they we i you his her their its our but and "
    "however in on at as after before when while if there here what who why how meanwhile "
    "yet so then also according initially against together furthermore nevertheless "
    "resistance main many some most former western northern southern eastern please "
    "author does"
)
CONNECTORS = word_set("of al bin ibn de del la van von der da")
PLACE_WORDS = word_set(
    "province district city region gorge valley county state town village capital"
)
# A small gazetteer: countries, and places the desk's sample articles name.
PLACES = word_set(
    (
        "Afghanistan|Pakistan|Iran|India|China|Russia|Russian Federation|Uzbekistan|"
        "Tajikistan|Turkmenistan|Turkey|Qatar|Iraq|Syria|Ukraine|United States|US|U.S.|USA|UK|"
        "United Kingdom|Britain|France|Germany|Italy|Spain|Poland|Israel|Egypt|Saudi Arabia|"
        "Yemen|Libya|Sudan|Ethiopia|Somalia|Nigeria|Kenya|Mali|Brazil|Mexico|Canada|Japan|"
        "Europe|Asia|Africa|Kabul|Kandahar|Herat|Mazar-i-Sharif|Kunduz|Jalalabad|Ghazni|"
        "Panjshir|Panjshir Gorge|Parwan|Baghlan|Charikar|Bamiyan|Balkh|Helmand|Islamabad|"
        "Tehran|Moscow|Washington|London|Paris|Berlin|Beijing|Doha|Ankara|Kyiv|Kiev|Tashkent|"
        "Dushanbe|Texas|Florida|California|New York|Ohio|Georgia|Wisconsin|Virginia"
    ),
    "|",
)
_TOKEN = re.compile(r"[^\W\d_][\w\u2019'.-]*")


@dataclass(frozen=True)
class Mention:
    """A name in a sentence; ``name`` is without its titles ("Raşid Dostum")."""

    name: str
    titles: tuple[str, ...]
    start: int
    end: int
    is_place: bool


_MONTHS_DAYS = word_set(
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday"
)
# Titles proper; nationalities and "former" are only stripped before one of these.
_CORE_TITLES = TITLE_WORDS - word_set("former afghan american british russian turkish field vice")


def _bare(token: str) -> str:
    return re.sub(r"[\u2019']s$", "", token)


def _clean(token: str) -> str:
    token = _bare(token)
    return token if token.lower() in TITLE_WORDS else token.rstrip(".")


def _single_space(sentence: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return re.fullmatch(r"[ \u00a0]", sentence[left.end() : right.start()]) is not None


def _runs(sentence: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised tokens, joined by single spaces and inner connectors."""
    tokens = list(_TOKEN.finditer(sentence))
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        word = token.group()
        # "al-Qaeda", "al-Shabaab": a lowercase particle before a capital.
        capital = (word[0].isupper() or bool(re.match(r"(?:al|el|ad|as|ash)-[A-Z]", word))) and (
            word.lower().rstrip(".") not in _MONTHS_DAYS
        )
        if (capital and (not current or _single_space(sentence, current[-1], token))) or (
            current
            and word.lower() in CONNECTORS
            and index + 1 < len(tokens)
            and tokens[index + 1].group()[0].isupper()
            and _single_space(sentence, current[-1], token)
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = [token] if capital else []
        if current and _bare(word) != word:
            runs.append(current)  # a possessive ends the name: "Saleh\u2019s Resistance Forces"
            current = []
        index += 1
    if current:
        runs.append(current)
    return runs


def _sentence_start(sentence: str, position: int) -> bool:
    return not sentence[:position].strip(" \"\u201c\u2018'([")


def find_mentions(sentence: str) -> list[Mention]:
    """The names in ``sentence``, in order."""
    return list(_mentions(sentence))


@lru_cache(maxsize=4096)  # features, attribution and place suggestions each ask
def _mentions(sentence: str) -> tuple[Mention, ...]:
    mentions = []
    for run in _runs(sentence):
        while run and run[-1].group().lower() in CONNECTORS:
            run = run[:-1]
        words = [_clean(m.group()) for m in run]
        first = 0
        if words and _sentence_start(sentence, run[0].start()) and words[0].lower() in NOT_NAMES:
            first = 1
        whole = " ".join(words[first:])
        if whole not in PLACES:
            core = [i for i in range(first, len(words)) if words[i].lower() in _CORE_TITLES]
            if core and core[-1] < len(words) - 1:
                first = core[-1] + 1
            while first < len(words) - 1 and re.search(r"-[a-z]", words[first]):
                first += 1  # "Taliban-controlled Panjshir", "Washington-backed Ashraf Ghani"
        if first >= len(words):
            continue
        titles = tuple(w for w in words[:first] if w.lower() in TITLE_WORDS)
        name = " ".join(words[first:])
        if name.lower() in NOT_NAMES or name.lower() in TITLE_WORDS:
            continue
        start, end = run[first].start(), run[-1].end()
        following = sentence[end : end + 20].lower().split()
        is_place = name in PLACES or bool(following and following[0] in PLACE_WORDS)
        mentions.append(Mention(name, titles, start, end, is_place))
    return tuple(mentions)
