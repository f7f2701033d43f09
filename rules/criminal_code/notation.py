"""Reading an article reference as people write it: "190-2", "190 ч.2", "ч. 2 ст. 190",
"ст.190 ч.2 п.1", "п.1 ч.3 ст.189", "190-бап 2-бөлік 1-тармақ", "article 190 part 2",
"190(2)", "190/2", with any spacing, dots, commas and case, with "УК РК", "ҚК" or other words
around it, and with Latin letters that look like Cyrillic ones ("cт" typed with a Latin c).

Markers: article ст/статья, бап (kk), art/article; part ч/часть, бөлік (kk), p/pt/part; item
п/пункт, тармақ (kk), item/point/paragraph (as the official English text renders "пункт").
Ordinal words count as numbers ("часть вторая", "екінші бөлік", "second part"). Russian and
English markers come before their number ("ч.2 ст.190"), or after it when none follows ("2
части 190 статьи"); Kazakh ones come after it ("190-бап"). "/" and parentheses separate
article, part and item: "218-1/4/1" is article 218-1, part 4, item 1; "190(2)" is article 190,
part 2.

A dash is ambiguous: "218-1" is article 218-1 and also part 1 of article 218. The Code decides
when only one reading exists ("190-2" is part 2: there is no article 190-2; "115-1" is the
article: article 115 has no parts); a marker decides when it rules a reading out ("ст.
218-1", "218-1 ч.4", "218 ч.1"); when both readings exist the bare form is refused with an
answer error saying how to write each. When neither exists, the dash separates article and
part ("999-1" is article 999, part 1), and the lookup says what is unknown.

`Reference.canonical()` is "190", "190/2", "189/3/1", "218-1/4/1"; an inserted article on its
own is "218-1/": the trailing slash closes the article number, so the canonical form never
reads as the ambiguous dash form. `Reference.display()` is English, "Art. 218-1 p.4 item 1",
and reads back as the same reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rules.messages import N_, AnswerError

QUESTION = "article"
ARTICLE, PART, ITEM = "article", "part", "item"
SLOTS = (ARTICLE, PART, ITEM)
LIMITS = {ARTICLE: 999, PART: 99, ITEM: 99}
"""Above these a number is no reference at all (the Code has 467 articles)."""

_TOKEN = re.compile(r"\d+|[^\W\d_]+|[-–—]|[/()]")
_ORDINALS = {
    word: str(number)
    for number, words in enumerate([
        "перв бірінші first", "втор екінші second", "трет үшінші third",
        "четверт төртінші fourth", "пят бесінші fifth", "шест алтыншы sixth",
        "седьм жетінші seventh", "восьм сегізінші eighth", "девят тоғызыншы ninth",
        "десят оныншы tenth"], start=1)
    for word in words.split()
}
"""Ordinal words ("часть вторая", "екінші бөлік", "part two" is not one) by their stem."""
_DASH = re.compile(r"[-–—]")
_LATIN_TO_CYRILLIC = str.maketrans("aceopxykmtbh", "асеорхукмтвн")
_CYRILLIC_TO_LATIN = str.maketrans("асеорхукмтвн", "aceopxykmtbh")


@dataclass(frozen=True)
class Reference:
    article: str
    part: str | None = None
    item: str | None = None

    def canonical(self) -> str:
        if self.part is None:
            return f"{self.article}/" if "-" in self.article else self.article
        return "/".join(n for n in (self.article, self.part, self.item) if n is not None)

    def display(self) -> str:
        return "".join([f"Art. {self.article}",
                        f" p.{self.part}" if self.part else "",
                        f" item {self.item}" if self.item else ""])


def marker(word: str) -> tuple[str, bool] | None:
    """(slot, whether it follows its number) when the word names a level, else None."""
    cyrillic = word.lower().translate(_LATIN_TO_CYRILLIC)
    latin = word.lower().translate(_CYRILLIC_TO_LATIN)
    if cyrillic.startswith(("бап", "баб")):
        return ARTICLE, True
    if cyrillic.startswith("бөлі"):
        return PART, True
    if cyrillic.startswith(("тармақ", "тармағ")):
        return ITEM, True
    if cyrillic == "ст" or cyrillic.startswith("стат") or latin == "art" \
            or latin.startswith("article"):
        return ARTICLE, False
    if cyrillic == "ч" or cyrillic.startswith("част") or latin in ("p", "pt", "part"):
        return PART, False
    if cyrillic in ("п", "пп") or cyrillic.startswith(("пункт", "подпункт")) \
            or latin in ("item", "point", "para", "paragraph", "subparagraph"):
        return ITEM, False
    return None


def _ordinal(word: str) -> str | None:
    """The number of an ordinal word: "вторая", "второй", "екінші", "second" → "2"."""
    lower = word.lower()
    if lower in _ORDINALS:
        return _ORDINALS[lower]
    stem = re.sub(r"(?:ая|ой|ья|ей|ую|ью|ый|ий)$", "", lower)
    if stem != lower and stem in _ORDINALS:
        return _ORDINALS[stem]
    return None


def _groups(text: str) -> list[tuple]:
    """("number", [n, …]) for digits joined by dashes, ("marker", slot, after), ("split",)
    for "/" and parentheses; other words and punctuation are left out."""
    groups: list[tuple] = []
    tokens = _TOKEN.findall(text)
    for index, token in enumerate(tokens):
        token = _ordinal(token) or token
        if token.isdigit():
            joined = (index >= 2 and _DASH.fullmatch(tokens[index - 1])
                      and tokens[index - 2].isdigit() and groups and groups[-1][0] == "number")
            if joined:
                groups[-1][1].append(str(int(token)))
            else:
                groups.append(("number", [str(int(token))]))
        elif token in "/()":
            groups.append(("split",))
        elif not _DASH.fullmatch(token) and (found := marker(token)):
            groups.append(("marker", *found))
    return groups


def _bind_markers(groups: list[tuple], slots: dict[str, str]) -> set[int]:
    """Give each marker its number, and return the indexes of the numbers taken.

    Kazakh markers take the number before them ("190-бап"). The others take the number after
    them ("ч.2 ст.190") unless none follows ("третья часть 190 статьи") or it is taken; then
    the number before them."""
    used: set[int] = set()

    def number_at(index: int) -> bool:
        return 0 <= index < len(groups) and groups[index][0] == "number" and index not in used

    def take(slot: str, index: int) -> None:
        _fill(slots, slot, "-".join(groups[index][1]))
        used.add(index)

    markers = [(i, g[1], g[2]) for i, g in enumerate(groups) if g[0] == "marker"]
    passes = (
        [(i, slot, (i - 1,)) for i, slot, after in markers if after],
        [(i, slot, (i - 1,)) for i, slot, after in markers
         if not after and not number_at(i + 1)],
        [(i, slot, (i + 1, i - 1)) for i, slot, after in markers
         if not after and number_at(i + 1)],
    )
    for markers_of_pass in passes:
        for _index, slot, targets in markers_of_pass:
            target = next((t for t in targets if number_at(t)), None)
            if target is not None:
                take(slot, target)
    return used


def _splits(numbers: list[str], slots: list[str]) -> list[dict[str, str]]:
    """Every way to read a dash run into the slots in order, each taking one number or two
    ("218-1", "3-1")."""
    if not numbers:
        return [{}]
    if not slots:
        return []
    found = []
    for size in (1, 2):
        if size <= len(numbers):
            for rest in _splits(numbers[size:], slots[1:]):
                found.append({slots[0]: "-".join(numbers[:size]), **rest})
    return found


def _unreadable(text: str) -> AnswerError:
    return AnswerError(QUESTION, N_("No article number found in \"%(answer)s\". Write it like "
                                    "190, 190-2 or 190 part 2."), answer=text.strip())


def _too_many() -> AnswerError:
    return AnswerError(QUESTION, N_("Write one article at a time, for example 190 part 2."))


def _fill(slots: dict[str, str], slot: str, value: str) -> None:
    if slot in slots:
        raise _too_many()
    numbers = [int(n) for n in value.split("-")]
    if len(numbers) > 2 or min(numbers) < 1 or max(numbers) > LIMITS[slot]:
        raise AnswerError(QUESTION, N_("%(number)s is not an article, part or item number of "
                                       "the Criminal Code. Write it like 190 part 2."),
                          number=value)
    slots[slot] = value


def _read_run(numbers: list[str], slots: dict[str, str],
              exists: Callable[[Reference], bool]) -> None:
    """Fill the free slots before the first filled one from an unmarked dash run."""
    free = []
    for slot in SLOTS:
        if slot in slots:
            if free:
                break
            continue
        free.append(slot)
    readings = _splits(numbers, free)
    if not readings:
        raise _too_many()
    known = [r for r in readings if exists(Reference(**{**slots, **r}))]
    if len(known) > 1:
        raise _ambiguous(numbers, known)
    plain = [r for r in readings if "-" not in r.get(PART, "") + r.get(ITEM, "")]
    if not known and not plain:
        raise _too_many()
    reading = known[0] if known else max(plain, key=len)
    for slot, value in reading.items():
        _fill(slots, slot, value)


def _ambiguous(numbers: list[str], readings: list[dict[str, str]]) -> AnswerError:
    inserted = next((r for r in readings if "-" in r.get(ARTICLE, "")), readings[0])
    other = next((r for r in readings if r is not inserted), readings[-1])
    return AnswerError(
        QUESTION,
        N_("\"%(written)s\" can mean article %(inserted)s or part %(part)s of article "
           "%(article)s. Write \"art. %(inserted)s\" for the article or \"%(article)s part "
           "%(part)s\" for the part."),
        written="-".join(numbers), inserted=inserted.get(ARTICLE, ""),
        article=other.get(ARTICLE, ""), part=other.get(PART, ""))


def parse_reference(text: str, exists: Callable[[Reference], bool] | None = None) -> Reference:
    """The reference written in `text`, or AnswerError("article", …).

    `exists(reference)` tells whether the Criminal Code has that article, part and item (the
    lookup's data by default); it settles the dash form."""
    if exists is None:
        from rules.criminal_code.lookup import exists
    if not isinstance(text, str) or not text.strip():
        raise AnswerError(QUESTION, N_("Write the article of the Criminal Code, for example "
                                       "190 or 190 part 2."))
    groups = _groups(text)
    slots: dict[str, str] = {}
    used = _bind_markers(groups, slots)
    loose = [g[1] for i, g in enumerate(groups) if g[0] == "number" and i not in used]
    if len(loose) == 1 and not any(g[0] == "split" for g in groups):
        _read_run(loose[0], slots, exists)
    else:  # "/", parentheses or several runs: one run per level, dashes inside the number
        for numbers in loose:
            free = [s for s in SLOTS if s not in slots]
            if not free:
                raise _too_many()
            _fill(slots, free[0], "-".join(numbers))
    if ARTICLE not in slots:
        raise _unreadable(text)
    if ITEM in slots and PART not in slots:
        raise AnswerError(QUESTION, N_("An item needs its part, for example 189 part 3 item 1."))
    return Reference(slots[ARTICLE], slots.get(PART), slots.get(ITEM))
