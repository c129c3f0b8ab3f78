"""The match key of a claim: its words normalised so rewordings of it share most tokens.

Steps, in order: accents removed and case folded; contractions expanded ("doesn't" -> "does
not"); numbers canonicalised to digits ("10,000", "10 000", "10k", "ten thousand" -> 10000;
"1.5 million" -> 1500000; "%" -> percent); stop words dropped; a light suffix stemmer
("taxes", "taxed", "taxing" -> tax); each token kept once, in order of first appearance.

A decimal keeps its point as ``p`` ("2.5" -> ``2p5``) so the key is plain ``[a-z0-9]`` words
that every full-text tokenizer splits alike.
"""

from __future__ import annotations

import re
import unicodedata

_CONTRACTIONS = [
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
]
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 10,000 or 1,234.5
    r"|\d{1,3}(?: \d{3})+(?![\d,.])"  # 10 000 (groups of three, thin-space style)
    r"|\d+(?:\.\d+)?(?:k|m|mn|bn|b)?\b"  # 10, 2.5, 10k, 3bn
    r"|\d+(?:\.\d+)?"
    r"|[a-z]+|%|\$"
)
_SHORT_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}


def _words(text: str) -> list[str]:
    return text.split()


_UNITS = {
    w: i
    for i, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_RUNS = [[word] for word in _SCALES]
_SYMBOLS = {"%": "percent", "$": "dollar", "dollars": "dollar", "pct": "percent"}
STOP_WORDS = frozenset(
    _words(
        """a about above after again against all also am an and any are as at be because been
        before being below between both but by could did do does doing down during each few
        for from further had has have having he her here hers herself him himself his how i if
        in into is it its itself just me more most my myself nor now of off on once only or
        other our ours ourselves out over own same say says said saying she should so some
        such than that the their theirs them themselves then there these they this those
        through to too under until up very was we were what when where which while who whom
        why will with would you your yours yourself yourselves cent per"""
    )
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _number_text(value: float) -> str:
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", "p")


_DIGITS = re.compile(r"([\d,. ]+?)(k|m|mn|bn|b)?")


def _digits(token: str) -> float | None:
    """The value of a token written with digits (and maybe a k/m/bn suffix), else None."""
    found = _DIGITS.fullmatch(token)
    if found is None or not token[0].isdigit():
        return None
    try:
        value = float(found.group(1).replace(",", "").replace(" ", ""))
    except ValueError:
        return None
    return value * _SHORT_SCALE.get(found.group(2) or "", 1.0)


def _merge_numbers(tokens: list[str]) -> list[str]:
    """Fold runs like ``1.5 million``, ``ten thousand`` or ``twenty five`` into one number."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        value = _digits(token)
        if value is None and token in ("a", "an") and tokens[i + 1 : i + 2] in _SCALE_RUNS:
            value = 1.0
        if value is None and (token in _UNITS or token in _TENS):
            value = float(_UNITS.get(token, _TENS.get(token, 0)))
        if value is None:
            out.append(token)
            i += 1
            continue
        total, current = 0.0, value
        i += 1
        while i < len(tokens):
            word = tokens[i]
            if word in _SCALES:
                scale = _SCALES[word]
                if scale == 100:
                    current *= scale
                else:
                    total += current * scale
                    current = 0.0
            elif word in _UNITS or word in _TENS:
                current += _UNITS.get(word, _TENS.get(word, 0))
            elif word == "and" and i + 1 < len(tokens) and tokens[i + 1] in _UNITS | _TENS:
                pass
            else:
                break
            i += 1
        out.append(_number_text(total + current))
    return out


def stem(word: str) -> str:
    """A light English suffix stripper; rewordings only need the same stem, not a real one."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    if (word.endswith("ies") and len(word) > 4) or (word.endswith("ied") and len(word) > 4):
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The normalised tokens of ``text``, each once, in order of first appearance."""
    text = _strip_accents(text).casefold().replace("\u2019", "'")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # twenty-five, well-known
    raw = _merge_numbers(_TOKEN.findall(text))
    seen: dict[str, None] = {}
    for token in raw:
        token = _SYMBOLS.get(token, token)
        if token in STOP_WORDS:
            continue
        seen.setdefault(stem(token), None)
    return list(seen)


def match_key(text: str) -> str:
    """The stored key of a statement: its normalised tokens joined by spaces."""
    return " ".join(tokens(text))[:4000]


def unit_key(unit: str | None) -> str | None:
    """A quantity's unit compared loosely: "Fighters", "fighter" and "fighters " alike."""
    text = _strip_accents(unit or "").casefold().replace("%", " percent ").replace("$", " dollar ")
    words = [stem(w) for w in re.findall(r"[a-z0-9]+", text)]
    return " ".join(words)[:80] or None


def is_number(token: str) -> bool:
    return token[:1].isdigit()
