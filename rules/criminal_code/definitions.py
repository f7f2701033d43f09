"""The article lists of Art. 3 that define the exclusion categories, read from the Code itself.

Art. 3 names the deeds of each category by article, sometimes restricted to parts and items,
in two word orders:

- article first: "статьями 189 (пунктом 2) части третьей, частью четвертой в случае наличия
  признаков, предусмотренных пунктом 2) части третьей), 190 (…), 361, … и 452" (p.29);
- restriction first: "пунктом 14) части второй, частью третьей статьи 99, …, статьями 135,
  140 и 146 (в случае совершения преступления в отношении несовершеннолетнего)" (p.18-1).

A parenthesis after an article either restricts it to parts and items, or sets a condition
("в случае …"), or only names the deed (p.42: "120 (изнасилование)"). A condition after
"статьями 135, 140 и 146 (…)" is read as belonging to the last article only. A condition after
the whole list (p.42: "…, совершенные в отношении малолетних и несовершеннолетних") binds
every article of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rules.criminal_code.structure import ORDINALS

SOURCES = {
    "corruption": "ugolovniy_ст3_пп29",
    "terrorist": "ugolovniy_ст3_пп30",
    "extremist": "ugolovniy_ст3_пп39",
    "sexual_minor": "ugolovniy_ст3_пп42",
    "violence_minor": "ugolovniy_ст3_пп18-1",
    "trafficking": "ugolovniy_ст3_пп1-1",
}
"""Tag → the Art. 3 record that defines it."""


@dataclass(frozen=True)
class Scope:
    """A deed a definition names: an article, or one of its parts, or an item of a part."""

    article: str
    part: str | None = None
    item: str | None = None
    condition: str | None = None
    """The words that make the deed belong to the category only in some cases."""


_ARTICLE = r"\d+(?:-\d+)?"
_TOKEN = re.compile(
    r"(?P<items>пункт(?:ом|ами)\s+(?P<numbers>\d+(?:-\d+)?\)(?:\s*(?:,|и)\s*\d+(?:-\d+)?\))*)"
    r"\s+части\s+(?P<of>[\w-]+))"
    r"|(?P<parts>част(?:ью|ями)\s+(?P<list>[\w-]+(?:(?:\s*,\s*|\s+и\s+)(?!стат)[\w-]+)*))"
    rf"|(?P<one>стать(?:и|ей)\s+(?P<number>{_ARTICLE}))"
    r"|(?P<paren>\()"
    rf"|(?P<article>(?<![\w-]){_ARTICLE}(?![\w)-]))"
)


def _part_numbers(words: str) -> list[str]:
    return [ORDINALS.get(w, w) for w in re.split(r"\s*,\s*|\s+и\s+", words.strip())]


def _restrictions(text: str) -> list[tuple[str, str | None]]:
    """(part, item) pairs of "пунктом 2) части третьей, частями второй и третьей"."""
    found: list[tuple[str, str | None]] = []
    for token in _TOKEN.finditer(text):
        if token["items"]:
            part = ORDINALS.get(token["of"], token["of"])
            found += [(part, n) for n in re.findall(r"\d+(?:-\d+)?(?=\))", token["numbers"])]
        elif token["parts"]:
            found += [(part, None) for part in _part_numbers(token["list"])]
    return found


def _close(text: str, start: int) -> int:
    """The index of the parenthesis closing the one before `start` (item numbers such as
    "2)" close nothing)."""
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")" and not text[index - 1].isdigit():
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _parenthesis(content: str, scopes: list[Scope], last: list[Scope]) -> None:
    """Apply "(пунктом 2) части третьей, частью четвертой в случае …)" to the article before
    it, or a bare "(в случае …)" condition to the scopes bound last."""
    content = " ".join(content.split())
    if content.startswith("в случае"):
        for scope in last:
            scopes[scopes.index(scope)] = Scope(scope.article, scope.part, scope.item, content)
        return
    if not content.startswith(("пункт", "част")) or not last:
        return  # a gloss naming the deed: "120 (изнасилование)"
    article = last[-1].article
    scopes.remove(last[-1])
    for segment in re.split(r",\s*(?=пункт|част)", content):
        restriction, _, condition = segment.partition(" в случае ")
        for part, item in _restrictions(restriction):
            scopes.append(Scope(article, part, item,
                                f"в случае {condition}" if condition else None))


def scopes(text: str) -> list[Scope]:
    """The deeds a definition of Art. 3 names, in its order."""
    body = text.split(" – ", 1)[-1]
    body, _, after = body.partition("настоящего Кодекса")
    general = after.strip(" ,;.") or None
    found: list[Scope] = []
    pending: list[tuple[str, str | None]] = []
    last: list[Scope] = []
    position = 0
    while match := _TOKEN.search(body, position):
        position = match.end()
        if match["paren"]:
            end = _close(body, position)
            _parenthesis(body[position:end], found, last)
            position = end + 1
        elif match["items"] or match["parts"]:
            pending += _restrictions(match.group(0))
        elif match["one"]:
            last = [Scope(match["number"], part, item) for part, item in pending] or [
                Scope(match["number"])]
            found += last
            pending = []
        elif match["article"] and not pending:
            last = [Scope(match["article"])]
            found += last
    if general:
        found = [Scope(s.article, s.part, s.item, s.condition or general) for s in found]
    return found
