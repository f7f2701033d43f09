"""Form of guilt and category of a part of the Special Part.

Form of guilt (intent). Art. 19 p.4: a negligent act is an offence only where the Special Part
says so; everything else is intentional. A part is **negligent** when the words that make its
act an offence say so: "по неосторожности" / "неосторожн…" / "небрежн…" in the part's lead
(the disposition without its items), e.g. Art. 104 "Причинение смерти по неосторожности",
Art. 345 p.1 "Нарушение … правил дорожного движения …, повлекшее по неосторожности …",
Art. 371 "Халатность … вследствие … небрежного отношения к службе". A lead that also says
"умышленн…" stays intentional (Art. 350 p.1 "Умышленные разрушение …, если эти деяния повлекли
по неосторожности …").

A part built on other parts ("То же деяние, …", "Деяния, предусмотренные частями первой или
второй …") takes their form of guilt: an intentional act with a graver negligent consequence
stays intentional as a whole (Art. 22), so Art. 120 p.3 item 2 ("повлекли по неосторожности
причинение тяжкого вреда") and Art. 106 p.3 are intentional, while Art. 345 p.3 ("Деяние,
предусмотренное частью первой …, повлекшее по неосторожности смерть") is negligent like
p.1. Negligence in an item only ("Разбой, совершенный: 1) …, повлекшего по неосторожности
смерть") never makes the part negligent.

A part is **mixed** when it covers an intentional and a negligent variant: its base parts
differ (Art. 458 p.3 builds on p.1, negligent loss, and p.2, intentional disclosure), or its
lead makes the negligent consequence an alternative ("если это деяние могло повлечь или
повлекло по неосторожности …", Art. 324 p.1; "совершенное должностным лицом либо повлекшее
по неосторожности …", Art. 318 p.2). A mixed part gets a category only when both readings
give the same one.

One part needs a reading the words alone do not give: Art. 319 p.5 ("Незаконное проведение
искусственного прерывания беременности, повлекшее по неосторожности смерть …") repeats the
intentional act of parts 1 and 3 instead of naming them, so it is intentional by Art. 22.

Category (Art. 11): intentional — minor up to 2 years of imprisonment (or none), medium up to
5, grave up to 12, especially grave above 12 or life; negligent — minor up to 5 years (or
none), medium above 5. A misdemeanour has no category of gravity.
"""

from __future__ import annotations

import re

from rules.criminal_code.sanction import Sanction
from rules.criminal_code.structure import Article, Part

INTENTIONAL, NEGLIGENT, MIXED = "intentional", "negligent", "mixed"

_NEGLIGENCE = re.compile(r"неосторожн|небрежн", re.I)
_INTENT = re.compile(r"умышленн", re.I)
_ALTERNATIVE_NEGLIGENCE = re.compile(
    r"могл\w*\s+повлечь\s+или\s+повлек\w*\s+по\s+неосторожности"
    r"|либо\s+повлекш\w*\s+по\s+неосторожности"
)
OVERRIDES = {
    ("319", "5"): (INTENTIONAL, "repeats the intentional act of parts 1 and 3 (Art. 22)"),
}
"""(article, part) → (form of guilt, why) where the words alone mislead (see above)."""


def intent(article: Article, part: Part, _seen: frozenset = frozenset()) -> str:
    """intentional, negligent or mixed (see the module docstring)."""
    override = OVERRIDES.get((article.number, part.number))
    if override:
        return override[0]
    if part.refers_to:
        forms = set()
        for number, _item in part.refers_to:
            base = article.part(number)
            if base is not None and number not in _seen:
                forms.add(intent(article, base, _seen | {part.number}))
        if forms:
            return forms.pop() if len(forms) == 1 else MIXED
    if _INTENT.search(part.lead) or not _NEGLIGENCE.search(part.lead):
        return INTENTIONAL
    return MIXED if _ALTERNATIVE_NEGLIGENCE.search(part.lead) else NEGLIGENT


def category(kind: str, sanction: Sanction, form: str) -> str | None:
    """The Art. 11 category, "misdemeanour", or None when the form of guilt leaves it open."""
    if kind == "misdemeanour":
        return kind
    if form == MIXED:
        readings = {category(kind, sanction, INTENTIONAL), category(kind, sanction, NEGLIGENT)}
        return readings.pop() if len(readings) == 1 else None
    years = sanction.prison_years or 0
    if form == NEGLIGENT:
        return "minor" if years <= 5 and not sanction.life else "medium"
    if sanction.life or years > 12:
        return "especially_grave"
    if years > 5:
        return "grave"
    return "medium" if years > 2 else "minor"
