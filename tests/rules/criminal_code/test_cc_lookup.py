"""What the lookup answers for found, unknown, repealed and incomplete references."""

from __future__ import annotations

import pytest

from rules.criminal_code import lookup as code
from rules.criminal_code.notation import Reference


@pytest.mark.parametrize(("ref", "status"), [
    (Reference("190", "2"), code.FOUND),
    (Reference("999"), code.UNKNOWN_ARTICLE),
    (Reference("50"), code.GENERAL_PART),
    (Reference("108"), code.REPEALED),
    (Reference("190", "7"), code.UNKNOWN_PART),
    (Reference("115", "1"), code.UNKNOWN_PART),  # Art. 115 has no numbered parts
    (Reference("318", "1"), code.MISSING_PART),  # the copy holds only part 2
    (Reference("190", "3", "9"), code.UNKNOWN_ITEM),
    (Reference("190", "1", "1"), code.UNKNOWN_ITEM),  # part 1 has no items
    (Reference("188", "2", "2"), code.MISSING_ITEM),  # the copy lists items 1 and 4
])
def test_the_status_says_what_was_found(ref, status):
    assert code.lookup(ref).status == status


def test_a_found_reference_carries_the_article_title():
    assert code.lookup(Reference("190", "2")).title == "Мошенничество"


def test_an_article_without_a_part_keeps_only_what_all_its_parts_share():
    found = code.lookup(Reference("190"))
    assert "category" not in found.facts  # minor, medium, grave
    assert found.facts == {"kind": "crime", "life": False, "intent": "intentional"}
    assert found.tags["terrorist"] == "no"
    assert found.tags["corruption"] == "depends"
    assert found.differs == "parts"


def test_an_article_whose_parts_share_a_category_keeps_it():
    found = code.lookup(Reference("99"))
    assert found.facts["category"] == "especially_grave"
    assert found.tags["death"] == "yes"


def test_an_article_with_a_part_missing_from_the_copy_settles_nothing():
    found = code.lookup(Reference("318"))
    assert found.facts == {}
    assert set(found.tags.values()) == {"depends"}


def test_a_part_without_its_item_keeps_only_what_all_items_share():
    found = code.lookup(Reference("189", "3"))
    assert found.facts["category"] == "grave"
    assert found.tags["large_scale"] == "depends"
    assert found.differs == "items"


def test_a_part_whose_items_agree_does_not_ask_for_the_item():
    assert code.lookup(Reference("190", "2")).differs is None


def test_an_item_gets_its_own_words_and_tags():
    found = code.lookup(Reference("190", "3", "1"))
    assert found.text == "в крупном размере"
    assert found.tags["large_scale"] == "yes"
    assert found.facts["category"] == "grave"


def test_an_article_without_parts_is_looked_up_as_a_whole():
    found = code.lookup(Reference("100"))
    assert found.facts["category"] == "medium"
    assert found.differs is None


@pytest.mark.parametrize(("ref", "exists"), [
    (Reference("218-1"), True), (Reference("218", "1"), True), (Reference("190-2"), False),
    (Reference("108"), True), (Reference("108", "1"), False), (Reference("318", "1"), True),
])
def test_exists_tells_the_notation_which_readings_the_code_has(ref, exists):
    assert code.exists(ref) is exists


def test_lookups_are_cached():
    assert code.lookup(Reference("190", "2")) is code.lookup(Reference("190", "2"))
