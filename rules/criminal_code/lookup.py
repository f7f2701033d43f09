"""What the Criminal Code says about an article reference, from the built `data.json`.

`lookup(ref)` tells whether the reference was found and, if so, the facts it settles. A
reference without a part (or a part without an item) gets only the facts all its parts (or
items) share: a tag on which they differ becomes "depends", any other fact on which they differ
is left out. A part missing from the copy of the Code counts as differing in everything.

The data is read once, on first use; results are cached, so a lookup costs a dict access.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rules.criminal_code.notation import Reference
from rules.criminal_code.tags import DEPENDS, NO, TAGS

DATA = Path(__file__).with_name("data.json")

FOUND = "found"
UNKNOWN_ARTICLE = "unknown_article"
GENERAL_PART = "general_part"
REPEALED = "repealed"
UNKNOWN_PART = "unknown_part"
MISSING_PART = "missing_part"
UNKNOWN_ITEM = "unknown_item"
MISSING_ITEM = "missing_item"

FACTS = ("kind", "max_years", "life", "intent", "category")


@dataclass(frozen=True)
class Lookup:
    ref: Reference
    status: str
    title: str | None = None
    """The article's heading in Russian."""
    facts: dict[str, Any] = field(default_factory=dict)
    """kind, max_years, life, intent, category: those the reference settles."""
    tags: dict[str, str] = field(default_factory=dict)
    """Every tag: "yes", "no" or "depends"."""
    differs: str | None = None
    """"parts" or "items" when the reference leaves out a level whose members differ."""
    unclassified: str | None = None
    """Why the Code does not settle the category (a reason code of the build)."""
    text: str | None = None
    """The item's own words, when an item was given."""

    @property
    def found(self) -> bool:
        return self.status == FOUND


@cache
def data() -> dict:
    with DATA.open(encoding="utf-8") as file:
        return json.load(file)


def version() -> str:
    return data()["version"]


@cache
def _first_special_article() -> int:
    return min(int(n.split("-")[0]) for n in data()["articles"])


def _facts(entry: dict) -> tuple[dict, dict]:
    """(facts, tags) of a stored part or item, every tag present ("depends" for a part that
    is no offence at all)."""
    facts = {k: entry[k] for k in FACTS if k in entry}
    if "tags" not in entry:
        return facts, dict.fromkeys(TAGS, DEPENDS)
    return facts, {tag: entry["tags"].get(tag, NO) for tag in TAGS}


def _common(members: list[tuple[dict, dict] | None]) -> tuple[dict, dict, bool]:
    """The facts and tags all members share (None: a member whose facts are unknown), and
    whether they differ at all."""
    known = [m for m in members if m is not None]
    if len(known) < len(members) or not known:
        return {}, dict.fromkeys(TAGS, DEPENDS), True
    facts = {k: v for k, v in known[0][0].items() if all(m[0].get(k) == v for m in known)}
    tags = {t: v if all(m[1][t] == v for m in known) else DEPENDS
            for t, v in known[0][1].items()}
    differs = any(m != known[0] for m in known)
    return facts, tags, differs


def _item_facts(part: dict, item: dict) -> tuple[dict, dict]:
    facts, _ = _facts(part)
    own, tags = _facts(item)
    return {**facts, **own}, tags


@cache
def _lookup(article_number: str, part_number: str | None, item_number: str | None) -> Lookup:
    ref = Reference(article_number, part_number, item_number)
    article = data()["articles"].get(article_number)
    if article is None:
        base = int(article_number.split("-")[0])
        return Lookup(ref, GENERAL_PART if base < _first_special_article() else UNKNOWN_ARTICLE)
    title = article["title"]
    if article["status"] != "active":
        return Lookup(ref, REPEALED, title)
    parts = article.get("parts")
    if part_number is None:
        if parts is None:
            facts, tags = _facts(article)
            return Lookup(ref, FOUND, title, facts, tags,
                          unclassified=article.get("unclassified"))
        members = [_facts(p) if "tags" in p else None for p in parts.values()]
        members += [None] * len(article.get("missing_parts", []))
        facts, tags, differs = _common(members)
        return Lookup(ref, FOUND, title, facts, tags, "parts" if differs else None)
    if parts is None or part_number not in parts:
        missing = part_number in article.get("missing_parts", [])
        return Lookup(ref, MISSING_PART if missing else UNKNOWN_PART, title)
    part = parts[part_number]
    items = part.get("items", {})
    if item_number is None:
        facts, tags = _facts(part)
        differs = len({json.dumps(_item_facts(part, i), sort_keys=True)
                       for i in items.values()}) > 1
        return Lookup(ref, FOUND, title, facts, tags, "items" if differs else None,
                      part.get("unclassified"))
    if item_number not in items:
        missing = item_number in part.get("missing_items", [])
        return Lookup(ref, MISSING_ITEM if missing else UNKNOWN_ITEM, title)
    item = items[item_number]
    facts, tags = _item_facts(part, item)
    return Lookup(ref, FOUND, title, facts, tags, None,
                  part.get("unclassified") if "category" not in facts else None, item["text"])


def lookup(ref: Reference) -> Lookup:
    """What the Code says about `ref`."""
    return _lookup(ref.article, ref.part, ref.item)


def exists(ref: Reference) -> bool:
    """Whether the Code has this article (and part, and item), repealed or not."""
    status = _lookup(ref.article, ref.part, ref.item).status
    return status in (FOUND, REPEALED, MISSING_PART, MISSING_ITEM) and not (
        status == REPEALED and ref.part is not None)
