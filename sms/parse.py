"""Reading what people text back, forgivingly: pure functions, no Flask, no database.

A reply is understood when it says one thing: a number from the list ("2", "2.", "2 - нет",
"２", "2️⃣"), a yes/no word in any of the three languages ("иә", "жоқ", "да", "нет", "yes",
"no"), "I don't know" in words ("не знаю", "білмеймін", "dont know", "0"), an emoji (👍 👎 🤷) or
the words of an option. Forgiven: capitals, extra words, repeated letters ("дааа"), one typo in
longer words, Kazakh letters typed as Russian ones ("жок", "иа"), Latin letters that look like
Cyrillic ones and back ("HET", "ДA", "yеs" with a Cyrillic е). A reply that says two different
things ("1 2", "да нет") is not understood: better to ask again than to guess a legal fact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from sms.keywords import KEYWORDS

YES, NO, UNKNOWN = "yes", "no", "unknown"
LANGUAGES = ("kk", "ru", "en")

# Look-alikes (the right-hand letters are Cyrillic, the left-hand ones Latin, and back).
_LATIN_TO_CYRILLIC = str.maketrans("abcehikmoptxyəöü", "авсенікмортхуәөү")
_CYRILLIC_TO_LATIN = str.maketrans("авекмнорстухіѕјԁ", "abekmhopctyxisjd")
_KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһіё", "агкноуухие")
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_INVISIBLE = frozenset("\ufe0f\ufe0e\u20e3\u200d\u200b\u200c\u2060\ufeff")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")

YES_WORDS = ("yes", "y", "yeah", "yep", "yup", "да", "ага", "угу", "иә", "ия", "ие",
             "da", "ia", "iya")
NO_WORDS = ("no", "n", "nope", "nah", "not", "нет", "неа", "нету", "не было", "не был",
            "не была", "жоқ", "net", "jok", "zhok", "joq")
UNKNOWN_PHRASES = (
    "dont know", "don t know", "do not know", "idk", "dunno", "not sure", "no idea", "unknown",
    "dont remember", "don t remember", "do not remember", "cant remember", "can t remember",
    "не знаю", "незнаю", "хз", "не уверен", "не уверена", "без понятия", "неизвестно",
    "не помню", "не припомню", "білмеймін", "білмеймин", "білмем", "белгісіз", "есімде жоқ",
    "есте жоқ", "ne znayu", "ne znaju", "bilmeimin",
)
YES_EMOJI = frozenset("👍👌✅✔☑")
NO_EMOJI = frozenset("👎❌✖🚫⛔❎")
UNKNOWN_EMOJI = frozenset("🤷❓❔🤔")

LANGUAGE_NAMES = {
    "kk": ("kz", "kk", "kaz", "kazakh", "каз", "қаз", "қазақ", "қазақша", "қазақ тілі"),
    "ru": ("ru", "rus", "russian", "рус", "русский", "по русски", "орысша"),
    "en": ("en", "eng", "english", "англ", "английский", "ағылшынша", "ағылшын"),
}
KAZAKH_MARKERS = ("сәлем", "салем", "сәлеметсіз", "рақымшылық", "рақмет", "иә", "жоқ")


@dataclass(frozen=True)
class Keyword:
    action: str
    lang: str


@dataclass(frozen=True)
class Options:
    """What a question accepts, as the SMS shows it."""

    numbered: Sequence[str]
    """Option values in the order they are numbered, 1 first."""
    unknown: bool
    """Whether 0 / "I don't know" is accepted."""
    labels: Mapping[str, Iterable[str]] = field(default_factory=dict)
    """Value -> the option's words (in the person's language), for a reply that repeats them."""


# -- normalising --------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Compatibility forms folded (full-width digits, ligatures), emoji modifiers and invisible
    characters dropped. Case is kept: capitals tell a Latin "HET" from an English "het"."""
    text = unicodedata.normalize("NFKC", text[:1600])
    return "".join(c for c in text if c not in _INVISIBLE and not 0x1F3FB <= ord(c) <= 0x1F3FF)


def tokens(text: str) -> list[str]:
    """Runs of digits and runs of letters ("2-нет" -> ["2", "нет"], "1й" -> ["1", "й"])."""
    return _TOKEN.findall(clean(text))


def _collapse(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= c <= "\u052f" for c in word)


def cyrillic_key(word: str) -> str:
    """A word compared as Cyrillic: Latin look-alikes made Cyrillic, Kazakh letters as their
    Russian neighbours, each repeated letter once."""
    return _collapse(word.casefold().translate(_LATIN_TO_CYRILLIC).translate(_KAZAKH_TO_RUSSIAN))


def latin_key(word: str) -> str:
    return _collapse(word.casefold().translate(_CYRILLIC_TO_LATIN))


def _keys(word: str) -> tuple[str | None, str | None]:
    """How a typed word compares with Cyrillic words and with Latin ones.

    A word with a Cyrillic letter, or in Latin capitals (HET, ДA), may be a Cyrillic word typed
    with look-alikes; a lower-case Latin word ("he") is taken as Latin only.
    """
    if _is_cyrillic(word) or (word.isupper() and len(word) > 1):
        return cyrillic_key(word), latin_key(word)
    return None, latin_key(word)


def _close(given: str, key: str) -> bool:
    """Equal, or one typo apart: in words of five letters or more a letter wrong, missing or
    extra, or two swapped; in shorter ones only two neighbours swapped ("yse", "HEPL"), since
    one more letter changes a short word into another ("hello" is not "help")."""
    if given == key:
        return True
    if len(key) < 3 or abs(len(given) - len(key)) > 1:
        return False
    if len(key) <= 4:
        diff = [i for i, (a, b) in enumerate(zip(given, key, strict=False)) if a != b]
        return (len(given) == len(key) and len(diff) == 2 and diff[1] == diff[0] + 1
                and given[diff[0]] == key[diff[1]] and given[diff[1]] == key[diff[0]])
    return _distance(given, key) <= 1


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent swaps)."""
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


def _matches(word: str, key: str, cyrillic: bool) -> bool:
    """Whether a typed word is the vocabulary word with this key (in that word's script)."""
    if len(key) == 1:  # "y", "n": only that Latin letter
        return not _is_cyrillic(word) and word.casefold() == key
    given = _keys(word)[0 if cyrillic else 1]
    return given is not None and _close(given, key)


class _Vocabulary:
    """Words and phrases with a meaning, each compared in its own script."""

    def __init__(self, entries: Mapping[str, Iterable[str]]):
        self.phrases: list[tuple[tuple[str, ...], str, bool]] = []
        for meaning, texts in entries.items():
            for text in texts:
                cyrillic = _is_cyrillic(text)
                key = cyrillic_key if cyrillic else latin_key
                words = tuple(key(w) for w in _TOKEN.findall(text))
                self.phrases.append((words, meaning, cyrillic))
        self.phrases.sort(key=lambda p: -len(p[0]))  # the longest phrase first

    def match(self, words: Sequence[str], start: int = 0) -> tuple[str, int] | None:
        """The meaning of the phrase at words[start:], and how many words it takes."""
        for keys, meaning, cyrillic in self.phrases:
            given = words[start:start + len(keys)]
            if len(given) == len(keys) and all(
                    _matches(w, k, cyrillic) for w, k in zip(given, keys, strict=True)):
                return meaning, len(keys)
        return None


@cache
def _answers() -> _Vocabulary:
    return _Vocabulary({YES: YES_WORDS, NO: NO_WORDS, UNKNOWN: UNKNOWN_PHRASES})


@cache
def _keywords() -> _Vocabulary:
    return _Vocabulary({f"{action}:{lang}": words for action, by_lang in KEYWORDS.items()
                        for lang, words in by_lang.items()})


@cache
def _language_names() -> _Vocabulary:
    return _Vocabulary(LANGUAGE_NAMES)


# -- what a reply means -------------------------------------------------------------------------


def keyword(text: str) -> Keyword | None:
    """A keyword, when the message is one (with at most two more words: "помощь пожалуйста")."""
    words = tokens(text)
    if not 1 <= len(words) <= 3 or words[0].isdigit():
        return None
    found = _keywords().match(words)
    if found is None:
        return None
    action, lang = found[0].split(":")
    return Keyword(action, lang)


def language(text: str) -> str | None:
    """The language a message asks for or is written in; None when it does not tell."""
    words = tokens(text)
    if words and words[0] in ("1", "2", "3") and not any(w.isdigit() for w in words[1:]):
        return LANGUAGES[int(words[0]) - 1]
    for start in range(min(len(words), 3)):
        found = _language_names().match(words, start)
        if found:
            return found[0]
    letters = [c.casefold() for c in clean(text) if c.isalpha()]
    if any(c in _KAZAKH_LETTERS for c in letters):
        return "kk"
    cyrillic = sum(1 for c in letters if _is_cyrillic(c))
    latin = sum(1 for c in letters if c.isascii())
    if cyrillic > latin:
        markers = {cyrillic_key(m) for m in KAZAKH_MARKERS}
        return "kk" if any(cyrillic_key(w) in markers for w in words) else "ru"
    if latin >= 2:
        return "en"
    return None


def answer(text: str, options: Options) -> str | None:
    """The option value (or UNKNOWN) a reply chooses, or None when it is not clear."""
    cleaned = clean(text)
    words = tokens(cleaned)
    labelled = _by_label(words, options)
    if labelled is not None:
        return labelled
    found: set[str | None] = set()
    for c in cleaned:
        if c in YES_EMOJI:
            found.add(YES)
        elif c in NO_EMOJI:
            found.add(NO)
        elif c in UNKNOWN_EMOJI:
            found.add(UNKNOWN)
    i = 0
    while i < len(words):
        word = words[i]
        if word.isdigit():
            found.add(_numbered(word, options))
            i += 1
            continue
        meaning = _answers().match(words, i)
        if meaning is None:
            i += 1
            continue
        found.add(meaning[0])
        i += meaning[1]
    values = {_allowed(v, options) for v in found}
    if len(values) != 1:
        return None
    return values.pop()


def free_text(text: str, unknown_allowed: bool) -> str | None:
    """A free answer (an article number): UNKNOWN for "0" or "I don't know", else the text
    tidied for the engine to read (None when empty)."""
    cleaned = unicodedata.normalize("NFKC", text[:200])
    cleaned = " ".join("".join(c for c in cleaned if c not in _INVISIBLE).split())
    words = tokens(cleaned)
    said_unknown = (words == ["0"] or any(c in UNKNOWN_EMOJI for c in cleaned)
                    or (words and _answers().match(words) == (UNKNOWN, len(words))))
    if said_unknown and unknown_allowed:
        return UNKNOWN
    return cleaned or None


def _numbered(word: str, options: Options) -> str | None:
    if len(word) > 3:
        return None
    n = int(word)
    if n == 0:
        return UNKNOWN
    return options.numbered[n - 1] if 1 <= n <= len(options.numbered) else None


def _allowed(value: str | None, options: Options) -> str | None:
    if value == UNKNOWN:
        return UNKNOWN if options.unknown else None
    return value if value in options.numbered else None


def _by_label(words: Sequence[str], options: Options) -> str | None:
    """The option whose words the reply repeats ("Мужчина" for "2 Мужчина"), one typo allowed
    in longer words."""
    if not words or any(w.isdigit() for w in words):
        return None
    found = set()
    for value, labels in options.labels.items():
        for label in labels:
            cyrillic = _is_cyrillic(label)
            key = cyrillic_key if cyrillic else latin_key
            label_keys = [key(w) for w in _TOKEN.findall(label)]
            if len(label_keys) == len(words) and all(
                    _matches(w, k, cyrillic) for w, k in zip(words, label_keys, strict=True)):
                found.add(value)
    return found.pop() if len(found) == 1 else None
