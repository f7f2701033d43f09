"""Build `data.json`, the classification of every part and item of the Special Part of the
Criminal Code, from the structured copy of the Code (JSONL).

    python -m rules.criminal_code.build ../shared/law/criminal-code-rk.jsonl
    amnesty build-criminal-code ../shared/law/criminal-code-rk.jsonl

The JSONL is input to this step only: nothing reads it at run time and it is not committed.
For each part (and each numbered item of a part) the data gives its kind (crime or
misdemeanour), the longest imprisonment and whether life imprisonment is possible, the form of
guilt, the Art. 11 category and the exclusion tags (see `classify` and `tags`). A part the text
does not settle is listed under "unclassified" with the reason; nothing is guessed.

The output is deterministic: the same input gives the same bytes. Keys are sorted, article,
part and item numbers in the Code's order; `version` is a hash of the content.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from rules.criminal_code import classify, definitions, sanction, structure
from rules.criminal_code.tags import NO, Tagger

COMMAND = "amnesty build-criminal-code ../shared/law/criminal-code-rk.jsonl"
DOCUMENT = {"id": "K1400000226", "url": "https://adilet.zan.kz/rus/docs/K1400000226",
            "title": "Criminal Code of the Republic of Kazakhstan of 3 July 2014 No. 226-V"}
KNOWN_SOURCES = {
    "6be422d5d08507274c01136839e2fa9d724a9142baa4038080bf09155f1b2558": {
        "copy": {"repository": "kittamirlan5555-blip/adilet", "path": "chunks/ugolovniy.jsonl",
                 "commit": "7fa4426f35088068a3b491d0bbdc8ae0667cce7a"},
        "amended_to": "Law of the Republic of Kazakhstan of 2 January 2025 No. 150-VIII",
    },
}
"""What is known of a source file, by its SHA-256 (from its README)."""

MISSING = "missing_from_source"
NO_SANCTION = "no_sanction"
FORM_OF_GUILT = "form_of_guilt"
KIND_UNDECIDED = "kind_undecided"
REASONS = {
    MISSING: "not in the source: repealed, or left out of the copy",
    NO_SANCTION: "no sanction: not an offence (e.g. the Code's final provisions)",
    FORM_OF_GUILT: "intentional and negligent variants fall into different categories",
    KIND_UNDECIDED: "the sanction fits both a crime and a misdemeanour",
}


def natural(number: str) -> tuple[int, ...]:
    """Sort key of "218-1", "3-1", "12" in the Code's order."""
    return tuple(int(n) for n in re.findall(r"\d+", number))


def _years(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _facts(kind: str | None, limits: sanction.Sanction, form: str) -> tuple[dict, str | None]:
    """The facts a sanction gives, and the reason when they settle no category."""
    if kind is None:
        return {"intent": form}, KIND_UNDECIDED
    facts = {"kind": kind, "max_years": _years(limits.prison_years), "life": limits.life,
             "intent": form}
    category = classify.category(kind, limits, form)
    if category is None:
        return facts, FORM_OF_GUILT
    return {**facts, "category": category}, None


def _missing(numbers: Iterable[str]) -> list[str]:
    """Numbers absent from a run "1, 2, 4" (→ "3"); inserted numbers like "3-1" count as 3."""
    present = {natural(n)[0] for n in numbers}
    return [str(n) for n in range(1, max(present, default=0) + 1) if n not in present]


def _tags(found: Mapping[str, str]) -> dict[str, str]:
    return {tag: value for tag, value in found.items() if value != NO}


def _limits(part: structure.Part) -> tuple[sanction.Sanction, dict[str, sanction.Sanction]]:
    """The part's sanction, widened to the longest term and life any of its clauses allow,
    and the sanctions items have of their own ("а в случаях, предусмотренных пунктом 2), – …";
    a clause that only adds a ban or confiscation gives the item none)."""
    main = sanction.parse(part.sanction)
    last_term = main.prison_years or main.restriction_years
    own = {number: sanction.parse(text, last_term) for number, text in part.item_sanctions}
    own = {number: limits for number, limits in own.items() if not limits.empty}
    every = [main, *(sanction.parse(s) for s in part.extra_sanctions), *own.values()]
    widest = replace(main, prison_years=max(s.prison_years or 0 for s in every) or None,
                     life=any(s.life for s in every))
    return widest, own


def _part(article: structure.Article, part: structure.Part, tagger: Tagger,
          unclassified: list[dict]) -> dict:
    """The stored entry of a part, its items included; problems go to `unclassified`."""
    ref = f"{article.number}/{part.number}" if part.number else article.number
    if part.sanction is None:
        unclassified.append({"ref": ref, "reason": NO_SANCTION})
        return {"unclassified": NO_SANCTION}
    form = classify.intent(article, part)
    limits, own = _limits(part)
    facts, reason = _facts(limits.kind, limits, form)
    entry = {**facts, "tags": _tags(tagger.tags(article, part))}
    if part.source_note:
        entry["source_note"] = part.source_note
    items = {}
    for item in part.items:
        items[item.number] = {"text": item.text,
                              "tags": _tags(tagger.tags(article, part, item.number))}
        if item.number in own:
            item_limits = own[item.number]
            item_facts, _ = _facts(item_limits.kind or limits.kind, item_limits, form)
            items[item.number].update({k: v for k, v in item_facts.items() if k != "intent"})
    if items:
        entry["items"] = items
        if len({i.get("category", facts.get("category")) for i in items.values()}) > 1:
            entry.pop("category", None)  # the items' own sanctions differ in category
    missing = _missing(items)
    if missing:
        entry["missing_items"] = missing
        unclassified += [{"ref": f"{ref}/{n}", "reason": MISSING} for n in missing]
    if reason:
        entry["unclassified"] = reason
        unclassified.append({"ref": ref, "reason": reason})
    return entry


def _article(article: structure.Article, tagger: Tagger, unclassified: list[dict]) -> dict:
    entry: dict = {"title": article.title, "status": article.status,
                   "chapter": article.chapter}
    if article.status != "active":
        return entry
    parts = {(p.number or ""): _part(article, p, tagger, unclassified) for p in article.parts}
    if "" in parts:
        entry.update(parts.pop(""))
        return entry
    entry["parts"] = parts
    missing = _missing(parts)
    if missing:
        entry["missing_parts"] = missing
        unclassified += [{"ref": f"{article.number}/{n}", "reason": MISSING} for n in missing]
    return entry


def _ordered(value):
    """Dicts with keys sorted: numbers (articles, parts, items) in the Code's order, names
    alphabetically."""
    if isinstance(value, dict):
        numeric = all(re.fullmatch(r"\d+(?:-\d+)*", k) for k in value) and value
        keys = sorted(value, key=natural) if numeric else sorted(value)
        return {k: _ordered(value[k]) for k in keys}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def build(records: Iterable[dict], source: Mapping[str, str]) -> dict:
    """The data for `data.json` from the Code's records; `source` names the input file
    ("file", "sha256")."""
    records = list(records)
    by_id = {r["id"]: r for r in records}
    scopes = {tag: definitions.scopes(by_id[rid]["text"])
              for tag, rid in definitions.SOURCES.items()}
    articles = structure.articles(records)
    tagger = Tagger(scopes)
    unclassified: list[dict] = []
    content = {
        "articles": {n: _article(a, tagger, unclassified) for n, a in articles.items()},
        "unclassified": sorted(unclassified, key=lambda u: [natural(p) for p in
                                                           u["ref"].split("/")]),
    }
    known = KNOWN_SOURCES.get(source.get("sha256"), {})
    header = {
        "source": {**dict(source), "records": len(records), "document": DOCUMENT,
                   "copy": known.get("copy")},
        "command": COMMAND,
        "amended_to": known.get("amended_to"),
    }
    canonical = json.dumps(_ordered({**header["source"], **content}), ensure_ascii=False,
                           sort_keys=True)
    version = hashlib.sha256(canonical.encode()).hexdigest()[:12]
    return {**_ordered(header), "version": version, **_ordered(content)}


def dumps(data: Mapping) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@dataclass
class Report:
    version: str
    parts: int = 0
    parts_classified: int = 0
    items: int = 0
    items_classified: int = 0
    unclassified: Counter = field(default_factory=Counter)
    """Parts without a category, by reason."""
    missing_parts: list[str] = field(default_factory=list)
    missing_items: list[str] = field(default_factory=list)
    categories: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        reasons = ", ".join(f"{n} {k} ({REASONS[k]})" for k, n in sorted(self.unclassified.items()))
        lines = [
            f"criminal code data version {self.version}",
            f"Special Part: {self.parts} parts, {self.parts_classified} classified, "
            f"{sum(self.unclassified.values())} unclassified: {reasons or 'none'}",
            f"items: {self.items}, {self.items_classified} classified",
            "parts by category: " + ", ".join(f"{k} {v}" for k, v in
                                              sorted(self.categories.items())),
            f"{REASONS[MISSING]}: {len(self.missing_parts)} parts "
            f"({', '.join(self.missing_parts)}), {len(self.missing_items)} items "
            f"({', '.join(self.missing_items)})",
        ]
        return "\n".join(lines + [f"warning: {w}" for w in self.warnings])


def report(data: Mapping) -> Report:
    """The counts of a built `data.json`."""
    result = Report(data["version"])
    for article in data["articles"].values():
        parts = article.get("parts") or ({"": article} if "unclassified" in article
                                         or "intent" in article else {})
        for part in parts.values():
            result.parts += 1
            if "category" in part:
                result.parts_classified += 1
                result.categories[part["category"]] += 1
            for item in part.get("items", {}).values():
                result.items += 1
                result.items_classified += "category" in item or "category" in part
    for entry in data["unclassified"]:
        if entry["reason"] != MISSING:
            result.unclassified[entry["reason"]] += 1
        elif entry["ref"].count("/") == 2:
            result.missing_items.append(entry["ref"])
        else:
            result.missing_parts.append(entry["ref"])
    if data["source"]["copy"] is None:
        result.warnings.append("unknown source file: its SHA-256 is not the one described in "
                               "criminal-code-rk.README.md; the header names no upstream copy")
    return result


def build_file(src_path: str | Path, out_path: str | Path | None = None) -> Report:
    """Read the JSONL, write `data.json` (by default next to this module), return a report."""
    src = Path(src_path)
    raw = src.read_bytes()
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    data = build(records, {"file": src.name, "sha256": hashlib.sha256(raw).hexdigest()})
    out = Path(out_path) if out_path else Path(__file__).with_name("data.json")
    out.write_text(dumps(data), encoding="utf-8")
    return report(data)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m rules.criminal_code.build SOURCE.jsonl [OUT.json]",
              file=sys.stderr)
        return 2
    print(build_file(*args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
