"""The translation workflow: pybabel extract → update → (English copied) → compile.

The same steps by hand, from the project root:

    pybabel extract -F babel.cfg -k N_ -k _l -c TRANSLATORS: --no-location --sort-output \\
        -o translations/messages.pot app.py web sms rules
    pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching \\
        --ignore-obsolete
    pybabel compile -d translations

English message ids are the source texts; the English catalog holds them as translations too
(an editor may improve the English there without touching the code), so this module copies
every new English message id into translations/en.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
SOURCES = ("app.py", "web", "sms", "rules")
KEYWORDS = ("N_", "_l")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(pot: Path = POT) -> None:
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), *keywords, "-c", "TRANSLATORS:",
            "--no-location", "--sort-output", "--project", "amnesty-check", "-o", str(pot),
            *(str(ROOT / s) for s in SOURCES if (ROOT / s).exists()))


def update() -> list[str]:
    extract()
    pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
            "--ignore-obsolete")
    copy_english()
    compile_all()
    return [f"{lang}: {count} untranslated" for lang, count in untranslated().items()]


def read(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def copy_english() -> None:
    path = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if message.id and not _complete(message.string):
            message.string = message.id  # a plural's id is (singular, plural), as en wants
    with path.open("wb") as f:
        write_po(f, catalog, sort_output=True)


def compile_all() -> list[Path]:
    pybabel("compile", "-d", str(TRANSLATIONS))
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.mo"))


def untranslated() -> dict[str, int]:
    out = {}
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        out[po.parent.parent.name] = sum(
            1 for m in catalog if m.id and (m.fuzzy or not _complete(m.string))
        )
    return out


def _complete(string) -> bool:
    strings = string if isinstance(string, tuple) else (string,)
    return all(s.strip() for s in strings)
