"""Team rules for the web questionnaire, as tests."""

from __future__ import annotations

import ast
import inspect

import pytest

from web import catalogs, views

WEB_SOURCES = tuple(f"web/{name}" for name in ("templates/", "views.py", "forms.py", "errors.py",
                                                 "journey.py"))


@pytest.fixture(scope="module")
def web_messages(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "web.pot"
    catalogs.pybabel("extract", "-F", str(catalogs.ROOT / "babel.cfg"), "-k", "_l", "-o",
                     str(pot), str(catalogs.ROOT / "web"))
    return [m.id for m in catalogs.read(pot) if m.id and any(
        source in path for path, _ in m.locations for source in WEB_SOURCES)]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_text_of_the_web_pages_is_translated(web_messages, lang):
    """The act's own texts are translated separately (tests/test_translations.py)."""
    catalog = catalogs.read(catalogs.TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", lang)
    assert len(web_messages) > 50
    missing = [i for i in web_messages if i not in catalog or catalog[i].fuzzy
               or not catalogs._complete(catalog[i].string)]
    assert not missing, f"{lang}: run `amnesty translations update` and translate {missing}"


def view_functions():
    tree = ast.parse(inspect.getsource(views))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") in ("get", "post", "route")
                for d in node.decorator_list):
            yield pytest.param(node, id=node.name)


@pytest.mark.parametrize("node", list(view_functions()))
def test_views_stay_thin(node):
    assert node.end_lineno - node.lineno + 1 <= 30


def test_every_questionnaire_url_is_kebab_case(app):
    for rule in app.url_map.iter_rules():
        static = [part for part in rule.rule.split("/") if part and not part.startswith("<")]
        assert all(part == part.lower() and "_" not in part for part in static), rule.rule


def test_there_is_one_question_view_for_every_question(app):
    rules_ = [r.rule for r in app.url_map.iter_rules() if r.endpoint == "web.question"]
    assert rules_ == ["/<lang_code>/q/<question_id>"]
