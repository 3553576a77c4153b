"""Entity stage: gazetteer forms, guards, titled officials, overlap policy, context."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.entities import extract_entities, resolve_overlaps, role_on
from pipeline.rules.gazetteers import Entry, Role


def entities(processor, text, published=date(2023, 11, 6)):
    doc = processor.nlp(text)
    return [m for m in extract_entities(doc, published, processor.matcher) if not m.weak]


def found(processor, text, published=date(2023, 11, 6)):
    return {(m.text, m.label, m.country) for m in entities(processor, text, published)}


# (sentence, expected (text, label, country) that must be present)
POSITIVE = [
    # countries: names, aliases, demonyms, possessives, capitals as metonyms
    ("North Korea fired a missile.", ("North Korea", "COUNTRY", "PRK")),
    ("The DPRK said it would respond.", ("DPRK", "COUNTRY", "PRK")),
    ("N. Korea denied it.", ("N. Korea", "COUNTRY", "PRK")),
    ("South Korean forces were on alert.", ("South Korean", "COUNTRY", "KOR")),
    ("South Koreans watched the news.", ("South Koreans", "COUNTRY", "KOR")),
    ("Japan's defense ministry said so.", ("Japan", "COUNTRY", "JPN")),
    ("Japan’s coast guard issued a warning.", ("Japan", "COUNTRY", "JPN")),
    ("The U.S.-led drills angered Pyongyang.", ("U.S.", "COUNTRY", "USA")),
    ("Pyongyang said the test was routine.", ("Pyongyang", "COUNTRY", "PRK")),
    ("Seoul and Tokyo increased preparedness.", ("Tokyo", "COUNTRY", "JPN")),
    ("The Kremlin declined to comment.", ("Kremlin", "COUNTRY", "RUS")),
    ("US President Joe Biden spoke.", ("US", "COUNTRY", "USA")),
    ("Britain and France protested.", ("Britain", "COUNTRY", "GBR")),
    ("Iranian state media reported the launch.", ("Iranian", "COUNTRY", "IRN")),
    ("Taiwan's defence ministry tracked it.", ("Taiwan", "COUNTRY", "TWN")),
    ("Kosovo recognised the decision.", ("Kosovo", "COUNTRY", "XKX")),
    ("Jordan condemned the attack.", ("Jordan", "COUNTRY", "JOR")),
    # officials: gazetteer with variants, and title patterns
    ("Leader Kim Jong Un watched the launch.", ("Kim Jong Un", "OFFICIAL", "PRK")),
    ("Kim Jong-un watched the launch.", ("Kim Jong-un", "OFFICIAL", "PRK")),
    ("Japanese Chief Cabinet Secretary Hirokazu Matsuno spoke.", ("Hirokazu Matsuno", "OFFICIAL", "JPN")),
    ("North Korean official Ri Pyong Chol said so.", ("Ri Pyong Chol", "OFFICIAL", "PRK")),
    ("Australian Foreign Minister Penny Wong said so.", ("Penny Wong", "OFFICIAL", "AUS")),
    ("Japan's Defense Minister Taro Zenkoji replied.", ("Taro Zenkoji", "OFFICIAL", "JPN")),
    # organizations, with country from context for generic names
    ("The KCNA news agency said the launch failed.", ("KCNA", "ORGANIZATION", "PRK")),
    ("The U.S. State Department responded.", ("U.S. State Department", "ORGANIZATION", "USA")),
    ("South Korea's National Security Council met.", ("National Security Council", "ORGANIZATION", "KOR")),
    ("The United Nations Security Council met.", ("United Nations Security Council", "ORGANIZATION", None)),
    ("Yonhap reported the launch.", ("Yonhap", "ORGANIZATION", "KOR")),
    # rockets, missiles, satellites: named (case-insensitive) and generic classes
    ("It launched a Hwasong-18 missile.", ("Hwasong-18", "ROCKET", "PRK")),
    ("The KN-22 flew for 50 minutes.", ("KN-22", "ROCKET", "PRK")),
    ("The Chollima-1 rocket failed.", ("Chollima-1", "ROCKET", "PRK")),
    ("It carried the Malligyong-1 satellite.", ("Malligyong-1", "SATELLITE", "PRK")),
    ("It fired an intercontinental ballistic missile.", ("intercontinental ballistic missile", "ROCKET", None)),
    ("It fired two short-range ballistic missiles.", ("short-range ballistic missiles", "ROCKET", None)),
    ("A space launch vehicle lifted off.", ("space launch vehicle", "ROCKET", None)),
    ("The spy satellite crashed.", ("spy satellite", "SATELLITE", None)),
    ("A Long March 5 rocket lifted off.", ("Long March 5", "ROCKET", "CHN")),
    ("Japan's H3 rocket failed.", ("H3 rocket", "ROCKET", "JPN")),
    # a missile's name in the plural, as written
    ("Military officials suspect they were Rodongs.", ("Rodongs", "ROCKET", "PRK")),
    ("It fired two Hwasong-12s.", ("Hwasong-12s", "ROCKET", "PRK")),
    # a word of a multi-word name in quotes, as KCNA's names are carried
    ('It test-fired a round from a "super-large" multiple rocket launcher.',
     ('"super-large" multiple rocket launcher', "ROCKET", "PRK")),
    ("It test-fired a round from a \u201csuper-large\u201d multiple rocket launcher.",
     ("\u201csuper-large\u201d multiple rocket launcher", "ROCKET", "PRK")),
    # places
    ("Debris fell into the Yellow Sea.", ("Yellow Sea", "LOCATION", None)),
    ("SEOUL, Nov. 21 (Reuters) - North Korea said.", ("SEOUL", "LOCATION", "KOR")),
    ("BOCA CHICA, Texas (AP) - SpaceX flew.", ("BOCA CHICA", "LOCATION", "USA")),
    # datelines without a comma, and two filing places around a slash
    ("SEOUL (Reuters) - North Korea said.", ("SEOUL", "LOCATION", "KOR")),
    ("TOKYO -- The defence minister said.", ("TOKYO", "LOCATION", "JPN")),
    ("SEOUL/TOKYO, Dec 18 (Reuters) - North Korea said.", ("TOKYO", "LOCATION", "JPN")),
    ("The North fired a missile.", ("North", "COUNTRY", "PRK")),
    ("North and South Korea met.", ("North", "COUNTRY", "PRK")),
    ("South Korea's Joint Chiefs of Staff said so. The JCS added more.", ("JCS", "ORGANIZATION", "KOR")),
    ("It lifted off from the Sohae Satellite Launching Station.", ("Sohae Satellite Launching Station", "LOCATION", "PRK")),
]


@pytest.mark.parametrize("text, metonym", [
    ("Pyongyang said the test was routine.", True),
    ("Leaders met in Washington last week.", False),
])
def test_capitals_are_countries_and_metonyms_only_as_actors(processor, text, metonym):
    capital = [m for m in entities(processor, text) if m.rule_id.endswith("#capital")][0]
    assert capital.label == "COUNTRY" and capital.metonym is metonym


@pytest.mark.parametrize("text, expected", POSITIVE, ids=[p[0][:40] for p in POSITIVE])
def test_finds_entity(processor, text, expected):
    assert expected in found(processor, text)


# (sentence, surface form that must NOT be an entity)
LOOK_ALIKES = [
    ("Michael Jordan played basketball.", "Jordan"),
    ("Jordan Peterson gave a talk.", "Jordan"),
    ("Chad Smith was in the band.", "Chad"),
    ("Georgia Governor Brian Kemp spoke.", "Georgia"),
    ("The plant is in New Mexico.", "Mexico"),
    ("TELL US MORE ABOUT IT.", "US"),
    ("Let us know.", "us"),
    ("The Korean Peninsula is tense.", "Korean"),
    ("The Washington Post reported it.", "Washington"),
    ("North America was calm.", "North"),
    ("It flew over North Pyongan Province.", "North"),
]


@pytest.mark.parametrize("text, form", [("Young patriots rallied in the square.", "patriots"),
                                        ("The casinos of Las Vegas reopened.", "Vegas")])
def test_plurals_are_of_missile_names_as_written(processor, text, form):
    assert not [m for m in entities(processor, text) if m.text == form]


@pytest.mark.parametrize("text, form", LOOK_ALIKES, ids=[l[0][:30] for l in LOOK_ALIKES])
def test_look_alikes_are_not_countries(processor, text, form):
    assert not [m for m in entities(processor, text) if m.text == form and m.label == "COUNTRY"]


@pytest.mark.parametrize("text", ["NATO (the alliance) said so.", "ICBM -- the letters stand for it."])
def test_an_acronym_opening_the_text_is_no_dateline(processor, text):
    assert not [m for m in entities(processor, text) if m.rule_id == "dateline"]


def test_generic_words_are_not_entity_rows(processor):
    assert entities(processor, "The missile and the rocket flew.") == []


def test_short_name_needs_full_name_first(processor):
    assert not [m for m in entities(processor, "Putin said nothing.") if m.label == "OFFICIAL"]
    names = [m.entity_id for m in entities(processor, "Vladimir Putin arrived. Putin said nothing.")
             if m.label == "OFFICIAL"]
    assert len(names) == 2 and len(set(names)) == 1


def test_surname_after_a_pattern_official(processor):
    text = "National Security Council spokesperson Adam Hodge said so. Hodge added that talks failed."
    officials = [m for m in entities(processor, text) if m.label == "OFFICIAL"]
    assert [m.text for m in officials] == ["Adam Hodge", "Hodge"]
    assert len({m.entity_id for m in officials}) == 1


def test_official_role_follows_the_article_date():
    entry = Entry("official.x", "OFFICIAL", "X", "JPN", roles=(
        Role("Foreign Minister", date(2017, 8, 3), date(2019, 9, 11)),
        Role("Prime Minister", date(2021, 10, 4), None)))
    assert role_on(entry, date(2018, 1, 1)) == "Foreign Minister"
    assert role_on(entry, date(2020, 1, 1)) == "former Foreign Minister"
    assert role_on(entry, date(2024, 1, 1)) == "Prime Minister"
    assert role_on(entry, None) == "Prime Minister"


def test_matsuno_role_on_seed_date(processor):
    matsuno = [m for m in entities(processor, "Hirokazu Matsuno spoke.", date(2023, 11, 6))][0]
    assert matsuno.role == "Chief Cabinet Secretary" and matsuno.entity_id == "official.hirokazu-matsuno"


def test_overlap_policy_prefers_longest_then_label_priority(processor):
    spans = entities(processor, "The United Nations Security Council met.")
    assert [m.text for m in spans] == ["United Nations Security Council"]
    picked = resolve_overlaps(spans + [spans[0].__class__(**{**spans[0].__dict__, "label": "COUNTRY",
                                                             "rule_id": "x"})])
    assert [m.label for m in picked] == ["ORGANIZATION"]


def test_offsets_index_the_text(processor):
    text = "On Tuesday, North Korea’s KCNA said Kim Jong Un watched a Hwasong-18 launch."
    for m in entities(processor, text):
        assert text[m.start_char:m.end_char] == m.text


def test_every_gazetteer_example_matches_its_entity(processor):
    from pipeline.validate import example_errors
    gazetteer = processor.matcher.gazetteer
    assert example_errors(gazetteer, processor.nlp) == []


@pytest.mark.parametrize("text, sentences", [
    ("It rose at 3 p.m.\n\nPrime Minister Kishida spoke.", ["It rose at 3 p.m.", "Prime Minister Kishida spoke."]),
    ("Japan launched an H-2A.\n\nThe rocket flew.", ["Japan launched an H-2A.", "The rocket flew."]),
    ("NORTH KOREA FIRES MISSILE\n\nSEOUL, May 1 -- It fired.", ["NORTH KOREA FIRES MISSILE", "SEOUL, May 1 -- It fired."]),
    ("One. Two.\n\nThree.", ["One.", "Two.", "Three."]),
    ("A line\nwrapped inside a paragraph.", ["A line\nwrapped inside a paragraph."]),
])
def test_a_blank_line_ends_a_sentence(nlp, text, sentences):
    assert [s.text.strip() for s in nlp(text).sents] == sentences


@pytest.mark.parametrize("text, name", [
    ("JCS spokesperson Col. Lee Sung-jun said the missile flew 300 km.", "Lee Sung-jun"),
    ("Lt. Col. Kim Min-su briefed reporters.", "Kim Min-su"),
    ("Amb. Linda Thomas-Greenfield spoke first.", "Linda Thomas-Greenfield"),
])
def test_an_abbreviated_title_neither_ends_the_sentence_nor_loses_its_name(processor, nlp, text, name):
    doc = nlp(text)
    assert len(list(doc.sents)) == 1
    found = [m for m in extract_entities(doc, None, processor.matcher) if m.label == "OFFICIAL"]
    assert [m.text for m in found] == [name]
