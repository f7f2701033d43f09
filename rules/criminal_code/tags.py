"""Exclusion tags of a part or item: "yes", "no" or "depends" (the text alone cannot tell).

From the Art. 3 definitions (see `definitions`): corruption (p.29), terrorist (p.30), extremist
(p.39), sexual_minor (p.42), violence_minor (p.18-1), trafficking (p.1-1). A deed a definition
names unconditionally is "yes"; one named "в случае …" is "yes" only when the part or item
itself states the condition (a minor victim, violence), else "depends". p.42 binds all its
articles to acts "совершенные в отношении малолетних и несовершеннолетних": Art. 122, 124,
134, 144 and 312 name minors in their own words, so every part is "yes"; Art. 120, 121 and 123
only in some parts or items.

From the wording of the part and item:

- torture: Art. 146 p.2 ("Пытки, то есть …") is torture; p.1 is cruel treatment "при
  отсутствии признаков пыток" (no); parts built on both ("частями первой или второй") depend.
- criminal_group: qualified "преступной группой" (or committed by a member of one), or the
  deed is creating, leading or joining a group Art. 3 p.24 counts as a criminal group.
- death: the deed causes death: murder, "причинение смерти", "повлекшее … смерть …",
  "гибель людей", suicide brought about; a threat or danger of death does not count. An
  attempt on life, or death as one alternative consequence ("смерть … или иные тяжкие
  последствия"), depends.
- drug_sale: Art. 297 and 297-1 (acquiring, keeping, moving, making or processing drugs for
  sale, and selling them); Art. 286 (smuggling) where the part or item names drugs as the
  object (p.2 item 5, p.4), "depends" in its other parts. Not Art. 296 (without intent to
  sell), 298 (theft), 299 (inducement), 302 and 310 (dens).
- large_scale / especially_large_scale: "в крупном размере" / "в особо крупном размере".

A qualifier stated as one of several alternatives ("группой лиц по предварительному сговору
или преступной группой", "повлекшие … смерть потерпевшего либо совершенные преступной группой")
makes the tag "depends". A part built on other parts ("Деяния, предусмотренные частями …")
shares their death, torture, minor-victim and criminal-group features: all of them → that
value, some → "depends". Scale is taken from the part or item only, as the courts cite it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from rules.criminal_code.definitions import Scope
from rules.criminal_code.structure import Article, Part

YES, NO, DEPENDS = "yes", "no", "depends"
DEFINED = ("corruption", "terrorist", "extremist", "sexual_minor", "violence_minor",
           "trafficking")
WORDED = ("torture", "criminal_group", "death", "drug_sale", "large_scale",
          "especially_large_scale")
TAGS = DEFINED + WORDED

_ALTERNATIVE_BEFORE = re.compile(r"(?:\bили|\bлибо|\bа\s+равно)\s", re.I)
_ALTERNATIVE_RIGHT_BEFORE = re.compile(r"(?:\bили|\bлибо|\bа\s+равно)\s*$")
_ALTERNATIVE_AFTER = re.compile(r"^\s*,?\s*(?:или|либо|а\s+равно)\s")
_LIST_AFTER = re.compile(r"^\s*,\s*(?!то\s+есть)[а-яё]")
_LIST_BEFORE = re.compile(r",\s*$")
_ANCHOR = re.compile(r"повлек\w*|если|то\s+есть")
_REFERENCE_END = re.compile(r"(?:настоящей\s+статьи|^(?:То|Те|Тот|Та)\s+же\s+\w+)\s*,?")


class Phrase:
    """A qualifier and the words around it that make it one alternative among others."""

    def __init__(self, pattern: str, lists: bool = False, local: bool = False,
                 masks: str | None = None):
        self.pattern = re.compile(pattern, re.I)
        self.lists = lists
        """Whether a comma list around it ("группой лиц, …, преступной группой", "преступной
        группой, в боевой обстановке или …") also makes it an alternative."""
        self.local = local
        """Whether only a conjunction right before it counts ("женщины …, или
        несовершеннолетнего"), not one earlier in the clause ("Изготовление, хранение или …
        материалов … с изображениями несовершеннолетних")."""
        self.masks = re.compile(masks, re.I) if masks else None

    def state(self, text: str, standalone: bool) -> str | None:
        """yes, depends, or None when the text does not state the qualifier."""
        if self.masks:
            text = self.masks.sub("…", text)
        found = None
        for match in self.pattern.finditer(text):
            before, after = text[:match.start()], text[match.end():]
            if self.local:
                alternative = _ALTERNATIVE_RIGHT_BEFORE.search(before)
            else:
                if standalone:
                    anchors = list(_ANCHOR.finditer(before))
                    before = before[anchors[-1].start():] if anchors else ""
                alternative = _ALTERNATIVE_BEFORE.search(before)
            alternative = (alternative or _ALTERNATIVE_AFTER.match(after) or (
                self.lists and (_LIST_AFTER.match(after) or _LIST_BEFORE.search(before))))
            found = DEPENDS if alternative else YES
            if found == YES:
                return YES
        return found


MINOR = Phrase(r"(?:заведомо\s+)?(?:несовершеннолетн|малолетн)\w*(?:\s*\([^)]*\))?(?:\s+лиц\w*)?"
               r"|не\s+достигш\w+\s+\w+летнего\s+возраста", local=True)
VIOLENCE = Phrase(r"с\s+применением\s+насилия")
CRIMINAL_GROUP = Phrase(r"преступной\s+группой|участником\s+преступной\s+группы", lists=True)
GROUP_INTERESTS = re.compile(r"в\s+интересах\s+преступной\s+группы")
GROUP_ITSELF = re.compile(
    r"^(?:Создание|Участие|Организация)\b.*?(?:организованн\w+\s+групп|преступн\w+\s+"
    r"(?:организац|сообществ)|преступном\s+сообществе|транснациональн|банд|экстремистск\w+\s+"
    r"групп|террористическ\w+\s+групп|военизированн\w+\s+формировани)", re.S)
DEATH = Phrase(
    r"\bубийств\w*|причинени\w*\s+смерти|(?:по\s+неосторожности\s+)?смерть\s+(?:двух\s+или"
    r"\s+более\s+лиц|\w+(?:\s*\([^)]*\))?)|гибель\s+людей|самоубийство\s+лица",
    masks=r"угроз\w*\s+(?:убийством|причинения\s+смерти)|направленные\s+на\s+причинение\s+смерти"
          r"|могло\s+повлечь\s+смерть|массовую\s+гибель\s+людей|опасность\s+гибели\s+людей"
          r"|покушени\w+\s+на\s+самоубийство|пропаганд\w+\s+самоубийства|совершить\s+самоубийство"
          r"|путем\s+убийства\s+членов")
DEATH_POSSIBLE = re.compile(r"посягательство\s+на\s+жизнь|до\s+самоубийства|путем\s+убийства"
                            r"\s+членов|на\s+причинение\s+смерти", re.I)
LARGE = re.compile(r"(?<!особо\s)в\s+крупном\s+размере")
ESPECIALLY_LARGE = re.compile(r"в\s+особо\s+крупном\s+размере")
DRUG_SALE_ARTICLES = frozenset({"297", "297-1"})
DRUG_SMUGGLING = ("286", {("2", "5"), ("4", None)})


def qualifier(part: Part) -> tuple[str, bool]:
    """The words of the lead that qualify the part, and whether the part stands alone (its
    lead also describes the act) rather than building on another part."""
    if not part.refers_to:
        return part.lead, True
    ends = [m.end() for m in _REFERENCE_END.finditer(part.lead)]
    return (part.lead[ends[-1]:] if ends else part.lead), False


def _combine(values: list[str]) -> str:
    if not values:
        return NO
    if all(v == YES for v in values):
        return YES
    return NO if all(v == NO for v in values) else DEPENDS


class Tagger:
    """The tags of every part and item of the Special Part."""

    def __init__(self, scopes: Mapping[str, list[Scope]]):
        self.scopes = scopes
        """Tag → the deeds its Art. 3 definition names."""

    def tags(self, article: Article, part: Part, item: str | None = None) -> dict[str, str]:
        """Every tag of the part, or of one of its items; a part with items gets what its
        items share ("depends" where they differ)."""
        if item is None and part.items:
            per_item = [self.tags(article, part, i.number) for i in part.items]
            return {tag: _combine([tags[tag] for tags in per_item]) for tag in TAGS}
        found = {tag: self._defined(tag, article, part, item) for tag in DEFINED}
        found["torture"] = self._worded(article, part, item, _torture)
        found["criminal_group"] = self._worded(article, part, item, _criminal_group)
        found["death"] = self._worded(article, part, item, _death)
        found["drug_sale"] = _drug_sale(article.number, part.number, item)
        texts = [qualifier(part)[0], *([part.item(item).text] if item else [])]
        found["large_scale"] = YES if any(LARGE.search(t) for t in texts) else NO
        found["especially_large_scale"] = (
            YES if any(ESPECIALLY_LARGE.search(t) for t in texts) else NO)
        if found["criminal_group"] == NO and not self._mentions_group(article):
            found["criminal_group"] = DEPENDS
        return found

    def _own(self, part: Part, item: str | None,
             rule: Callable[[str, bool], str | None]) -> str | None:
        """What the part's qualifying words (and the item's) state themselves."""
        lead, standalone = qualifier(part)
        states = [rule(lead, standalone)]
        if (found := part.item(item)) is not None:
            states.append(rule(found.text, False))
        return YES if YES in states else (DEPENDS if DEPENDS in states else None)

    def _worded(self, article: Article, part: Part, item: str | None,
                rule: Callable[[str, bool], str | None], seen: frozenset = frozenset()) -> str:
        """The part's (or item's) own statement, else what the parts it builds on share."""
        own = self._own(part, item, rule)
        if own:
            return own
        seen = seen | {part.number}
        bases = [self._worded(article, base, ref_item, rule, seen)
                 for number, ref_item in part.refers_to
                 if number not in seen and (base := article.part(number)) is not None]
        return _combine(bases)

    def _defined(self, tag: str, article: Article, part: Part, item: str | None) -> str:
        matching = [s for s in self.scopes[tag] if s.article == article.number
                    and s.part in (None, part.number) and s.item in (None, item)]
        if not matching:
            return NO
        if any(s.condition is None for s in matching):
            return YES
        return YES if any(self._meets(s.condition, article, part, item) for s in matching) \
            else DEPENDS

    def _meets(self, condition: str, article: Article, part: Part, item: str | None) -> bool:
        """Whether the part or item itself states a definition's condition."""
        if "насили" in condition:
            return self._own(part, item, VIOLENCE.state) == YES
        if "несовершеннолетн" in condition or "малолетн" in condition:
            return (MINOR.state(article.title, True) == YES
                    or self._worded(article, part, item, MINOR.state) == YES)
        return False

    def _mentions_group(self, article: Article) -> bool:
        texts = [t for p in article.parts for t in (p.lead, *(i.text for i in p.items))]
        return any(CRIMINAL_GROUP.pattern.search(t) or GROUP_INTERESTS.search(t)
                   or GROUP_ITSELF.search(t) for t in texts)


def _torture(text: str, standalone: bool) -> str | None:
    if not standalone:
        return None
    return YES if text.startswith("Пытки") else None


def _criminal_group(text: str, standalone: bool) -> str | None:
    if standalone and GROUP_ITSELF.search(text):
        return YES
    state = CRIMINAL_GROUP.state(text, False)
    if state is None and GROUP_INTERESTS.search(text):
        return DEPENDS
    return state


def _death(text: str, standalone: bool) -> str | None:
    state = DEATH.state(text, standalone)
    if state is None and DEATH_POSSIBLE.search(text):
        return DEPENDS
    return state


def _drug_sale(article: str, part: str | None, item: str | None) -> str:
    if article in DRUG_SALE_ARTICLES:
        return YES
    smuggling, named = DRUG_SMUGGLING
    if article != smuggling:
        return NO
    return YES if (part, item) in named or (part, None) in named else DEPENDS
