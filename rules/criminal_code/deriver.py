"""The "criminal_code" deriver: from an article reference to the facts of the amnesty act.

`parse` turns what the person wrote into the canonical reference ("190 ч.2" → "190/2"), or
raises AnswerError. `derive` maps the reference to the act's facts, as strings:

- category: only when the Code settles it;
- terrorist, extremist, corruption, torture, sexual_minor, death, drug_sale: "yes" or "no",
  left out when the reference alone cannot tell (the act then asks its own question);
- criminal_group: "yes" when the part or item is qualified by a criminal group; "no" when
  another part or item of the article carries that qualifier and this one does not (the court
  would have cited it); else left out;
- life_sentence: "no" when the sanction allows no life imprisonment, else left out;
- fraud_or_embezzlement: "yes" for articles 189 and 190, else "no";
- scale (189 and 190 only): "large", "especially_large", or "neither" for a part or item
  without a scale qualifier; left out for a part whose items differ in scale.

When the reference is not found, no values are given and the notice says why.
"""

from __future__ import annotations

from functools import cache, lru_cache
from types import MappingProxyType

from rules import derivers
from rules.criminal_code import lookup as code
from rules.criminal_code.notation import parse_reference
from rules.criminal_code.tags import DEPENDS, NO, YES
from rules.derivers import Derivation
from rules.messages import N_
from rules.model import Message

YES_NO_TAGS = ("terrorist", "extremist", "corruption", "torture", "sexual_minor", "death",
               "drug_sale")
FRAUD_OR_EMBEZZLEMENT = frozenset({"189", "190"})

NOTICES = {
    code.UNKNOWN_ARTICLE: N_("Article %(article)s is not in the Criminal Code."),
    code.GENERAL_PART: N_("Article %(article)s is in the General Part of the Criminal Code, "
                          "which defines no offences. Give the article of the Special Part "
                          "named in the charge or the verdict."),
    code.REPEALED: N_("Article %(article)s of the Criminal Code has been repealed."),
    code.UNKNOWN_PART: N_("Article %(article)s of the Criminal Code has no part %(part)s."),
    code.MISSING_PART: N_("Part %(part)s of article %(article)s is missing from the copy of "
                          "the Criminal Code this tool uses."),
    code.UNKNOWN_ITEM: N_("Part %(part)s of article %(article)s has no item %(item)s."),
    code.MISSING_ITEM: N_("Item %(item)s of part %(part)s of article %(article)s is missing "
                          "from the copy of the Criminal Code this tool uses."),
    "parts": N_("The parts of article %(article)s differ: add the part for a precise answer."),
    "items": N_("The items of part %(part)s of article %(article)s differ: add the item for a "
                "precise answer."),
    "unclassified": N_("The Criminal Code alone does not settle how serious the offence under "
                       "article %(article)s is: the next questions ask about it."),
}


def values(found: code.Lookup) -> dict[str, str]:
    """The act's facts a found reference settles (see the module docstring)."""
    result: dict[str, str] = {}
    if "category" in found.facts:
        result["category"] = found.facts["category"]
    for tag in YES_NO_TAGS:
        if found.tags[tag] in (YES, NO):
            result[tag] = found.tags[tag]
    if found.tags["criminal_group"] != DEPENDS:
        result["criminal_group"] = found.tags["criminal_group"]
    if found.facts.get("life") is False:
        result["life_sentence"] = NO
    article = found.ref.article
    result["fraud_or_embezzlement"] = YES if article in FRAUD_OR_EMBEZZLEMENT else NO
    if article in FRAUD_OR_EMBEZZLEMENT:
        large, especially = found.tags["large_scale"], found.tags["especially_large_scale"]
        if large == YES:
            result["scale"] = "large"
        elif especially == YES:
            result["scale"] = "especially_large"
        elif large == especially == NO:
            result["scale"] = "neither"
    return result


def notice(found: code.Lookup) -> Message | None:
    ref = found.ref
    params = {"article": ref.article, "part": ref.part or "", "item": ref.item or ""}
    if not found.found:
        return Message(NOTICES[found.status], params)
    if "category" not in found.facts and found.differs is None:
        return Message(NOTICES["unclassified"], params)
    if found.differs:
        return Message(NOTICES[found.differs], params)
    return None


class CriminalCode:
    """The deriver registered as "criminal_code"."""

    provides = frozenset({"category", *YES_NO_TAGS, "criminal_group", "life_sentence",
                          "fraud_or_embezzlement", "scale"})

    @property
    def version(self) -> str:
        return code.version()

    def parse(self, text: str) -> str:
        return _canonical(text)

    def derive(self, value: str) -> Derivation:
        return derive(value)


@lru_cache(maxsize=4096)
def _canonical(text: str) -> str:
    """What people write, read once per distinct text (an AnswerError is not cached)."""
    return parse_reference(text).canonical()


@cache
def derive(value: str) -> Derivation:
    """The derivation for a canonical reference, computed once per reference."""
    found = code.lookup(parse_reference(value))
    known = found.facts or any(v != DEPENDS for v in found.tags.values())
    settled = values(found) if found.found and known else {}
    return Derivation(MappingProxyType(settled), notice(found))


derivers.register("criminal_code", CriminalCode())
