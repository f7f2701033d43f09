"""The words that steer an SMS conversation, in Kazakh, Russian and English.

Each action has one word per language that the texts show (the first one listed) and a few
synonyms people also type. The texts fill these words in (HELP names them), so what the help
says and what the parser accepts can never drift apart. A keyword works in every language: a
Russian speaker who types BACK goes back too.

STOP, START and the carriers' other reserved words are not here: the provider handles them
(see `sms.providers`).
"""

from __future__ import annotations

ACTIONS = ("help", "back", "restart", "language", "erase")

KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "help": {"kk": ("КӨМЕК",), "ru": ("ПОМОЩЬ", "ПОМОГИТЕ", "СПРАВКА"), "en": ("HELP",)},
    "back": {"kk": ("АРТҚА", "КЕРІ"), "ru": ("НАЗАД",), "en": ("BACK",)},
    "restart": {"kk": ("ҚАЙТА", "БАСЫНАН"), "ru": ("ЗАНОВО", "СНАЧАЛА"), "en": ("RESTART",)},
    "language": {"kk": ("ТІЛ",), "ru": ("ЯЗЫК",), "en": ("LANG", "LANGUAGE")},
    "erase": {"kk": ("ӨШІРУ",), "ru": ("УДАЛИТЬ",), "en": ("DELETE", "ERASE")},
}


def word(action: str, lang: str) -> str:
    """The word the texts show for an action in a language, e.g. word("back", "ru") == "НАЗАД"."""
    return KEYWORDS[action][lang][0]


def words(lang: str) -> dict[str, str]:
    """Every action's word in a language: the placeholders of the help texts."""
    return {action: word(action, lang) for action in ACTIONS}
