"""The structure of a Special Part record: the part's disposition (lead words and numbered
items), its sanction, the sanctions some items have of their own, and the other parts of the
same article it builds on ("Деяния, предусмотренные частями первой или второй …").

Two gaps of the source are mended here, both visible in the text itself: the record of Art. 208
part 1 also holds part 2 (a second "2." paragraph with its own sanction), and the text of
Art. 379 part 1 sits in the `[intro]` block of the record of part 2. Every other `[intro]` block
is an editorial footnote and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

ORDINALS = {
    "первой": "1", "второй": "2", "третьей": "3", "четвертой": "4", "пятой": "5",
    "шестой": "6", "седьмой": "7", "восьмой": "8", "девятой": "9", "десятой": "10",
}

_HEADER = re.compile(r"^\[УК \| Статья [^|\]]+(?:\|[^\]]*)?\]\n?", re.M)
_INTRO = re.compile(r"^\[intro\]\n(?P<intro>.*?)\n\n(?=\[УК)", re.S)
_NOTE = re.compile(r"\n\s*Примечани[ея]\b.*", re.S)
_SANCTION = re.compile(r"(?m)^наказыва")
_PARAGRAPH = re.compile(r"(?m)^(?P<number>\d+(?:-\d+)?)\.\s*")
_ITEM = re.compile(r"(?m)^(?P<number>\d+(?:-\d+)?)\)\s*(?P<text>.*)$")
_ITEM_SANCTION = re.compile(
    r",?\s*а\s+в\s+случаях,\s+предусмотренных\s+(?P<ref>пункт\w*\s+\d+(?:-\d+)?\)"
    r"(?:\s+настоящей\s+части|\s+части\s+\w+\s+настоящей\s+статьи)?),?\s*"
)
_CHAINED = re.compile(r",\s*(?=пункт\w*\s+\d+(?:-\d+)?\),)")
_SAME_ACT = re.compile(r"^(?:То|Те|Тот|Та)\s+же\b")
_PROVIDED = re.compile(r"предусмотренн\w*\s+(?=(?:част|пункт)\w*\s)")


@dataclass(frozen=True)
class Item:
    number: str
    text: str


@dataclass(frozen=True)
class Part:
    """One part of an article (number None for an article without numbered parts)."""

    article: str
    number: str | None
    record: str
    lead: str
    """The disposition without its items: what every item of the part shares."""
    items: tuple[Item, ...]
    sanction: str | None
    item_sanctions: tuple[tuple[str, str], ...] = ()
    """(item number, text) for items with a sanction of their own ("а в случаях, …")."""
    extra_sanctions: tuple[str, ...] = ()
    """Sanctions for features of another part ("пунктом 2) части третьей")."""
    refers_to: tuple[tuple[str, str | None], ...] = ()
    """The parts (and items) of the same article this part builds on."""
    source_note: str | None = None

    def item(self, number: str | None) -> Item | None:
        return next((item for item in self.items if item.number == number), None)


@dataclass
class Article:
    number: str
    title: str
    status: str
    chapter: str | None
    parts: list[Part] = field(default_factory=list)

    def part(self, number: str | None) -> Part | None:
        return next((part for part in self.parts if part.number == number), None)


def references(lead: str) -> tuple[tuple[str, str | None], ...]:
    """The parts (and items) of the same article named after "предусмотренные": "частями первой,
    второй, третьей, пунктом 3) части 3-1 и частью 3-2 настоящей статьи". Nothing when the
    list names another article ("частью первой статьи 366")."""
    match = _PROVIDED.search(lead)
    if not match:
        return ()
    refs: list[tuple[str, str | None]] = []
    items: list[str] = []
    words = lead[match.end():].split()
    for index, raw in enumerate(words):
        word = raw.rstrip(",;:–")
        if word.startswith(("част", "пункт")) or word in ("и", "или", "либо", "а", "равно"):
            continue
        if re.fullmatch(r"\d+(?:-\d+)?\)", word):
            items.append(word[:-1])
            continue
        number = ORDINALS.get(word) or (word if re.fullmatch(r"\d+(?:-\d+)?", word) else None)
        if number is None:
            if word.startswith("стат") and not (index and words[index - 1] == "настоящей"):
                return ()
            break
        refs.extend([(number, item) for item in items] or [(number, None)])
        items = []
    return tuple(refs)


def _split_sanction(text: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The main sanction, the items' own sanctions and the clauses for other parts' items."""
    pieces = _ITEM_SANCTION.split(text, maxsplit=1)
    if len(pieces) == 1:
        return text, [], []
    main, ref, rest = pieces
    own: list[tuple[str, str]] = []
    extra: list[str] = []
    clauses = [(ref, rest)]
    # "…, пунктом 3), с пожизненным лишением права …" chains a second item (Art. 307 p.3).
    chained = _CHAINED.split(rest)
    if len(chained) > 1:
        clauses = [(ref, chained[0])] + [
            (c.split(")", 1)[0] + ")", c.split(")", 1)[1].lstrip(", ")) for c in chained[1:]
        ]
    for reference, body in clauses:
        body = body.lstrip("–- ").strip()
        number = re.search(r"\d+(?:-\d+)?(?=\))", reference).group(0)
        if "части" in reference and "настоящей части" not in reference:
            extra.append(body)
        else:
            own.append((number, body))
    return main, own, extra


def _paragraphs(record: dict) -> list[tuple[str | None, str, str | None]]:
    """(part number, text, source note) of each part a record holds, header and notes removed."""
    meta = record["meta"]
    text = record["text"]
    found: list[tuple[str | None, str, str | None]] = []
    intro = _INTRO.match(text)
    if intro:
        text = text[intro.end():]
        if meta["article"] == "379" and meta["unit_number"] == "2":
            found.append(("1", intro["intro"], "text of part 1 taken from the [intro] block of "
                                               "record ugolovniy_ст379_ч2"))
    body = _NOTE.sub("", _HEADER.sub("", text, count=1)).strip()
    if meta["unit_number"] is None:
        return [*found, (None, body, None)]
    starts = list(_PARAGRAPH.finditer(body))
    own = [m for m in starts if m["number"] == meta["unit_number"]][:1]
    others = [m for m in starts if m["number"] != meta["unit_number"] and m.start() > 0]
    cuts = own + [m for m in others if _SANCTION.search(body, 0, m.start())]
    for index, match in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(body)
        note = None if match is cuts[0] else (
            f"text of part {match['number']} taken from record {record['id']}")
        found.append((match["number"], body[match.end():end].strip(), note))
    return found or [(meta["unit_number"], body, None)]


def _part(article: str, number: str | None, record: str, text: str,
          previous: str | None, note: str | None) -> Part:
    sanction_at = _SANCTION.search(text)
    disposition = text[:sanction_at.start()] if sanction_at else text
    sanction = text[sanction_at.start():].strip() if sanction_at else None
    items = tuple(Item(m["number"], m["text"].strip().rstrip(";,–- ").strip())
                  for m in _ITEM.finditer(disposition))
    first_item = _ITEM.search(disposition)
    lead = (disposition[:first_item.start()] if first_item else disposition).strip()
    lead = lead.rstrip("–- ").strip()
    main, own, extra = _split_sanction(sanction) if sanction else (None, [], [])
    refers = references(lead)
    if not refers and previous is not None and _SAME_ACT.match(lead):
        refers = ((previous, None),)
    return Part(article, number, record, lead, items, main, tuple(own), tuple(extra),
                refers, note)


def articles(records: Iterable[dict]) -> dict[str, Article]:
    """The Special Part, article by article, in the Code's order; `~2` note records skipped."""
    result: dict[str, Article] = {}
    for record in records:
        meta = record["meta"]
        if meta["hier_path"]["code_part"] != "CH2" or record["id"].endswith("~2"):
            continue
        article = result.setdefault(meta["article"], Article(
            meta["article"], meta["article_title"], meta["status"],
            meta["hier_path"]["chapter"]))
        if meta["status"] != "active":
            article.status = meta["status"]
            continue
        for number, text, note in _paragraphs(record):
            previous = article.parts[-1].number if article.parts else None
            article.parts.append(_part(meta["article"], number, record["id"], text,
                                       previous, note))
    return result
