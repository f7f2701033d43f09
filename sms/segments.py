"""How many SMS segments a text costs.

GSM-7 texts hold 160 characters in one segment, 153 per segment when split (the ^{}\\[~]|€
extension characters count twice). Any other character (every Kazakh or Russian letter, a curly
quote, an em dash, an emoji) switches the whole message to UCS-2: 70 units in one segment, 67
per segment when split, counted in UTF-16 code units.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Cost:
    encoding: str
    units: int
    segments: int


def cost(text: str) -> Cost:
    if all(c in GSM7 or c in GSM7_EXTENSION for c in text):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        one, many, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        one, many, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= one else -(-units // many)
    return Cost(encoding, units, segments)


def within(text: str, segments: int = 2) -> bool:
    return cost(text).segments <= segments
