"""Every text exists in kk, ru and en: nothing untranslated, fuzzy, stale or broken."""

import re

import pytest
from babel.messages.plurals import get_plural

from web import catalogs

LANGUAGES = ("kk", "ru", "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalog(lang):
    return catalogs.read(catalogs.TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", lang)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    catalogs.extract(pot)
    return {m.id for m in catalogs.read(pot) if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    bad = [m.id for m in catalog(lang) if m.id and (m.fuzzy or not catalogs._complete(m.string))]
    assert not bad, f"{lang}: {len(bad)} untranslated or fuzzy, e.g. {bad[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_matches_the_code_and_the_acts(lang, extracted):
    ids = {m.id for m in catalog(lang) if m.id}
    missing, stale = extracted - ids, ids - extracted
    assert not missing and not stale, (
        f"{lang}: run `amnesty translations update`; missing {sorted(missing)[:5]}, "
        f"stale {sorted(stale)[:5]}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    cat = catalog(lang)
    assert cat.num_plurals == get_plural(lang).num_plurals
    for message in cat:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == expected, (lang, message.id, string)
    assert not [errors for _, errors in cat.check()]
