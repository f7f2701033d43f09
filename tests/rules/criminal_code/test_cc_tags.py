"""Exclusion tags: the Art. 3 lists read from the Code, and the tags read from the wording."""

from __future__ import annotations

import pytest

from rules.criminal_code.definitions import SOURCES, Scope, scopes
from rules.criminal_code.lookup import lookup
from rules.criminal_code.notation import Reference


def tag(ref: str, name: str) -> str:
    return lookup(Reference(*[*ref.split("/"), None, None][:3])).tags[name]


# -- the Art. 3 lists, parsed from the records (needs the JSONL) ----------------------------


def test_the_corruption_list_of_p29_keeps_its_part_and_item_restrictions(by_id):
    found = scopes(by_id[SOURCES["corruption"]]["text"])
    assert Scope("189", "3", "2") in found
    assert Scope("189", "4", None, "в случае наличия признаков, предусмотренных пунктом 2) "
                                   "части третьей") in found
    assert Scope("218-1", "4", "1") in found
    assert Scope("362", "4", "3") in found
    assert Scope("451", "2", "2") in found
    assert Scope("452") in found
    assert [s.article for s in found] == [
        "189", "189", "190", "190", "218", "218-1", "234", "249", "361", "362", "364", "365",
        "366", "367", "368", "369", "370", "450", "451", "452"]


def test_the_terrorist_list_of_p30_names_whole_articles(by_id):
    found = scopes(by_id[SOURCES["terrorist"]]["text"])
    assert [s.article for s in found] == [
        "170", "171", "173", "177", "178", "184", "255", "256", "257", "258", "259", "260",
        "261", "269", "270"]
    assert all(s.part is None and s.condition is None for s in found)


def test_the_extremist_list_of_p39_restricts_article_404_to_parts_two_and_three(by_id):
    found = scopes(by_id[SOURCES["extremist"]]["text"])
    assert Scope("404", "2") in found and Scope("404", "3") in found
    assert not any(s.article == "404" and s.part in (None, "1") for s in found)


def test_the_sexual_minor_list_of_p42_binds_every_article_to_minor_victims(by_id):
    found = scopes(by_id[SOURCES["sexual_minor"]]["text"])
    assert [s.article for s in found] == [
        "120", "121", "122", "123", "124", "134", "144", "312", "312"]
    assert {s.part for s in found if s.article == "312"} == {"2", "3"}
    assert all("малолетних и несовершеннолетних" in s.condition for s in found)


def test_the_violence_minor_list_of_p181_reads_restrictions_before_the_article(by_id):
    found = scopes(by_id[SOURCES["violence_minor"]]["text"])
    assert Scope("99", "2", "14") in found
    assert Scope("99", "3") in found
    assert Scope("119", "4", None, "в случае совершения преступлений в отношении "
                                   "несовершеннолетнего") in found
    assert Scope("135") in found and Scope("140") in found
    assert Scope("146", None, None, "в случае совершения преступления в отношении "
                                    "несовершеннолетнего") in found


def test_the_trafficking_list_of_p11_keeps_item_restrictions(by_id):
    found = scopes(by_id[SOURCES["trafficking"]]["text"])
    assert found == [Scope("116"), Scope("125", "3", "2"), Scope("126", "3", "2"),
                     Scope("128"), Scope("134"), Scope("135"), Scope("308"), Scope("309")]


# -- tags in the data ------------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "value"), [
    ("189/3/2", "yes"), ("190/3/2", "yes"),
    ("189/3/1", "no"), ("189/3", "depends"),
    # p.4 only "в случае наличия признаков, предусмотренных пунктом 2) части третьей"
    ("189/4", "depends"), ("190/4/1", "depends"), ("190/4/2", "depends"),
    ("189/1", "no"), ("190/2", "no"),
    ("366/1", "yes"), ("361/4/1", "yes"), ("218/3/1", "yes"), ("218/3/2", "no"),
    ("188/1", "no"),
])
def test_corruption_follows_art_3_p29(ref, value):
    assert tag(ref, "corruption") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("255/1", "yes"), ("255/4", "yes"), ("170/1", "yes"), ("261/3", "yes"), ("184", "yes"),
    ("256/1", "yes"), ("99/1", "no"), ("174/1", "no"),
])
def test_terrorist_follows_art_3_p30(ref, value):
    assert tag(ref, "terrorist") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("404/2", "yes"), ("404/3", "yes"), ("404/1", "no"), ("174/1", "yes"), ("405/1", "yes"),
    ("184", "yes"), ("255/1", "no"),
])
def test_extremist_follows_art_3_p39(ref, value):
    assert tag(ref, "extremist") == value


@pytest.mark.parametrize(("ref", "value"), [
    # 122, 124, 134, 144 name minors in their own words
    ("122/1", "yes"), ("122/4/1", "yes"), ("124/3", "yes"), ("134/4/1", "yes"),
    ("144/2/3", "yes"),
    # 312: only parts 2 and 3 are listed
    ("312/1", "no"), ("312/2", "yes"), ("312/3", "yes"),
    # 120 and 121: only when the victim was a minor...
    ("120/1", "depends"), ("120/2/1", "depends"), ("121/1", "depends"),
    # ... unless the part or item says so
    ("120/3-1/1", "yes"), ("120/3-2", "yes"), ("121/3-1/1", "yes"),
    # "в отношении малолетней либо повлекли по неосторожности смерть": an alternative
    ("120/4", "depends"),
    # Art. 123 is not inherently against minors, whatever the example list says: p.1 is
    # coercion of any person, p.2 "То же деяние, совершенное в отношении несовершеннолетнего"
    ("123/1", "depends"), ("123/2", "yes"),
    ("106/1", "no"),
])
def test_sexual_minor_follows_art_3_p42(ref, value):
    assert tag(ref, "sexual_minor") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("99/2/14", "yes"), ("99/3", "yes"), ("105/3", "yes"), ("135/1", "yes"), ("140/2", "yes"),
    # "(в случае совершения преступления в отношении несовершеннолетнего)"
    ("106/2/11", "yes"), ("106/3", "depends"), ("146/2", "depends"),
    # "в отношении женщины, …, или несовершеннолетнего": one of two victims
    ("146/3/4", "depends"),
    # "(в случае совершения преступления с применением насилия)": "неоднократно либо с
    # применением насилия"
    ("133/3", "depends"),
    ("99/1", "no"),
])
def test_violence_minor_follows_art_3_p18_1(ref, value):
    assert tag(ref, "violence_minor") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("116/1", "yes"), ("125/3/2", "yes"), ("125/3/1", "no"), ("125/3", "depends"),
    ("128/1", "yes"), ("308/1", "yes"), ("309/3", "yes"), ("125/1", "no"),
])
def test_trafficking_follows_art_3_p1_1(ref, value):
    assert tag(ref, "trafficking") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("146/2", "yes"),
    # "при отсутствии признаков пыток": cruel treatment is not torture
    ("146/1", "no"),
    # "Деяния, предусмотренные частями первой или второй": either
    ("146/3", "depends"), ("146/3/1", "depends"), ("146/4", "depends"),
    ("99/1", "no"),
])
def test_torture_is_art_146_part_2_and_the_parts_built_on_it(ref, value):
    assert tag(ref, "torture") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("188/4/1", "yes"), ("189/4/1", "yes"), ("129/3", "yes"),
    # creating or joining a group Art. 3 p.24 counts as a criminal group
    ("262/2", "yes"), ("268/1", "yes"), ("263/3", "yes"),
    # one alternative among others
    ("105/2/3", "depends"), ("107/2/4", "depends"), ("106/3", "depends"), ("200/3", "depends"),
    ("437/3", "depends"), ("99/2/15", "depends"),
    # "в интересах преступной группы"
    ("419/4", "depends"),
    # the article carries the qualifier elsewhere
    ("188/4/2", "no"), ("188/1", "no"), ("190/3/1", "no"),
    # the article never mentions it
    ("104/1", "depends"),
])
def test_criminal_group_reads_the_qualifier_and_its_alternatives(ref, value):
    assert tag(ref, "criminal_group") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("99/1", "yes"), ("99/2/9", "yes"), ("100", "yes"), ("104/1", "yes"), ("112/2", "yes"),
    ("345/3", "yes"), ("345/4", "yes"), ("192/3/1", "yes"), ("313-1/3", "yes"),
    # "повлекшее по неосторожности смерть человека или иные тяжкие последствия"
    ("277/2", "depends"), ("125/3/3", "depends"),
    # "повлекшие … смерть потерпевшего либо совершенные преступной группой"
    ("106/3", "depends"),
    # "повлекшие причинение тяжкого вреда здоровью или по неосторожности смерть"
    ("146/4", "depends"),
    # an attempt on life; suicide or its attempt
    ("380-1/1", "depends"), ("105/1", "depends"),
    # threats and dangers are no death
    ("115", "no"), ("380/1", "no"), ("255/1", "no"), ("285/1", "no"),
    ("345/2", "no"), ("190/1", "no"),
])
def test_death_is_read_from_the_disposition_not_the_sanction(ref, value):
    assert tag(ref, "death") == value


@pytest.mark.parametrize(("ref", "value"), [
    ("297/1", "yes"), ("297/4", "yes"), ("297-1/1", "yes"),
    ("286/2/5", "yes"), ("286/4", "yes"), ("286/1", "depends"), ("286/3", "depends"),
    ("296/2", "no"), ("298/1", "no"), ("299/1", "no"), ("302/1", "no"), ("190/1", "no"),
])
def test_drug_sale_covers_sale_and_trafficking_articles(ref, value):
    assert tag(ref, "drug_sale") == value


@pytest.mark.parametrize(("ref", "large", "especially"), [
    ("189/3/1", "yes", "no"), ("190/3/1", "yes", "no"), ("189/4/2", "no", "yes"),
    ("190/4/2", "no", "yes"), ("189/3", "depends", "no"), ("190/4", "no", "depends"),
    ("190/4/1", "no", "no"), ("190/2", "no", "no"),
])
def test_scale_items_are_read_from_the_words_in_krupnom_razmere(ref, large, especially):
    assert (tag(ref, "large_scale"), tag(ref, "especially_large_scale")) == (large, especially)
