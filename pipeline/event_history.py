"""Which event mentions are background, anaphors or tallies (`anaphora_main_event_v6`).

- A definite noun trigger without a day of its own ("the latest launch") is an anaphor; so is
  one past the lead whose determiner is a country's possessive (v6: "the North's firing of two
  missiles", a gerund with "of" being a noun), which refers to that country's launches only.
- An actual event dated more than `HISTORICAL_AFTER_DAYS` before publication is historical
  background, and so is a system's debut ("The weapon was first tested on Wednesday"),
  with the mentions dated by the same expression ("..., when the North fired ...").
- Many launches counted over a period ("has fired 30 missiles since January") are one
  `generic` mention, not an event.
"""

from __future__ import annotations

from datetime import timedelta

from pipeline.entities import Mention, sentence_span
from pipeline.event_context import (DEFINITE, NP_STOPS, POSSESSIVE_MARKS, EventContext,
                                    clause_bounds, clause_start, definite_noun_phrase)
from pipeline.event_model import (HISTORICAL_AFTER_DAYS, LEAD_SENTENCES, EventMention, noun_mention,
                                  plural_trigger)

# Word lists come from models/events/lexicon.jsonl (`ctx.lexicon`): many_word, times_count ("seven
# times"), habitual_verb ("continued to launch"), frequency_adverb ("has often fired"), single_word
# ("its first launch since April"), span_opener/span_word ("over the past five months"), light_verb
# ("conducted a launch"), same_day_before_after ("hours after"), member_opener ("including its first
# ICBM launch"), period_noun/period_relative_preposition ("a month in which the North launched").
INDEFINITE = {"a", "an", "any"}
# Entity labels of what is launched.
LAUNCHED_LABELS = {"ROCKET", "SATELLITE"}
# Lead events that make an undated launch later in the article its news: the launch itself, or a
# drill that fired it ("Kim watched as an artillery unit staged a fire assault drill").
LAUNCH_NEWS_TYPES = {"LAUNCH", "EXERCISE"}
SAME_DAY_REACH = 4
RELATIVE_REACH = 6  # "that Ukraine says have been fired"
# Determiners of an undated plural launch noun that make it launches in general.
MANY_DETERMINERS = {"its", "their", "both", "such", "these", "those", "all"}
# Words between ", a" and a launch noun renaming launches counted before it: ", a record barrage".
APPOSITION_REACH = 2


def _mark_anaphora_and_history(mention: EventMention, ctx: EventContext) -> EventMention:
    noun = noun_mention(mention, ctx.lexicon) or _nominal_gerund(ctx, mention)
    undated = mention.date_source is None or mention.granularity not in {"day", "time", "week"}
    definite = noun and undated and definite_noun_phrase(ctx.doc, mention.token_start)
    owner = _possessive_country_before(ctx, mention.token_start, mention.sentence_index) \
        if not definite and noun and undated and mention.sentence_index >= LEAD_SENTENCES else None
    owner_named = owner is not None
    anaphoric = definite or owner_named
    if owner_named:
        mention = mention.updated(actor_country=owner.country, actor_entity_id=owner.entity_id)
    if anaphoric and mention.date_source is not None and (
            _open_long_period(mention, ctx.published) or _current_period(mention, ctx.published)):
        # "the first such launch this year", "its third launch this month": the period qualifies
        # the launch, the main event dates it; a past month does date it ("in August a
        # third-stage problem doomed the second attempt"), and so does a past year ("its last ICBM
        # launch took place in late 2017")
        mention = mention.updated(date_key=None, date_text=None, date_start=None, date_end=None,
                          granularity=None, date_source=None, date_relative=False)
    historical = False
    if mention.realis == "actual" and mention.date_end is not None and ctx.published is not None:
        historical = mention.date_end < ctx.published - timedelta(days=HISTORICAL_AFTER_DAYS)
    elif mention.realis == "actual" and mention.date_source is None:
        historical = _in_period_clause(ctx, mention.token_start) or _last_one(ctx, mention)
    realis = mention.realis
    if realis == "actual" and mention.date_source is None and _present_passive(ctx, mention.token_start):
        realis = "generic"  # "when ballistic missiles are being fired in breach of its decisions"
    if realis == "actual" and mention.date_source is None and _habitual_present(ctx, mention):
        realis = "generic"  # "the South develops and fires missiles of its own"
    if realis == "actual" and anaphoric and _plural_of_many(ctx, mention):
        realis = "generic"  # "North Korea insists its launches are legitimate", "after both launches"
    if realis == "actual" and not definite and _aggregate(ctx, mention):
        realis = "generic"  # "a record number of missile launches in 2022" is many events, none dated
    return mention.updated(anaphoric=anaphoric, owner_named=owner_named, historical=historical, realis=realis)


# Launch verbs in the simple present, third person: past the lead, undated, a habit ("the South
# develops and fires missiles of its own"); in the lead they are headline style ("North Korea fires ...").
PRESENT_LAUNCH_VERBS = {"fires", "test-fires", "lobs", "launches"}
# Words before "launches" that make it a noun ("its launches", "the launches").
NOUN_DETERMINERS = {"its", "the", "their", "these", "those", "such", "recent", "two", "three", "many", "of", "'s", "’s"}


def _habitual_present(ctx: EventContext, mention: EventMention) -> bool:
    """Is the trigger a launch verb in the simple present past the lead ("develops and fires
    missiles", "it launches rockets when ...")?"""
    start = mention.token_start
    word = ctx.lowers[start]
    if mention.sentence_index < LEAD_SENTENCES or word not in PRESENT_LAUNCH_VERBS or start == 0:
        return False
    return word != "launches" or ctx.lowers[start - 1] not in NOUN_DETERMINERS


def _undate_counted_back_anaphor(mention: EventMention, found: list[EventMention], ctx: EventContext) -> EventMention:
    """"Two cruise missiles were fired ... early Sunday, Seoul's military confirmed on Wednesday, a
    day after the firing first surfaced in U.S. media": a definite launch noun after "a day after"
    that a launch earlier in its sentence names is that launch; the day counted back is its news's
    (its surfacing), so it takes its date from its antecedent, as an anaphor."""
    nominal = noun_mention(mention, ctx.lexicon) or ctx.lowers[mention.token_start].endswith("ing")
    if not mention.date_counted_back or mention.event_type != "LAUNCH" or not nominal \
            or not definite_noun_phrase(ctx.doc, mention.token_start):
        return mention
    if not any(m.event_type == "LAUNCH" and m.sentence_index == mention.sentence_index
               and m.token_start < mention.token_start and m.realis == "actual" for m in found):
        return mention
    # The noun is the subject of the clause's own verb ("the firing first surfaced"), not its whole
    # matter ("a day after the failed launch of a satellite" is the launch before).
    after = ctx.lowers[mention.token_start + len(mention.trigger.split()):mention.token_start + 4]
    if not any(word.endswith("ed") for word in after[1:]) or not after or not after[0].isalpha() \
            or after[0] in {"of", "and", "by", "in", "on", "at", "from"}:
        return mention
    return mention.updated(date_key=None, date_text=None, date_start=None, date_end=None, granularity=None,
                           date_source=None, date_relative=False, date_counted_back=False, dated_before_host=False)


def _last_one(ctx: EventContext, mention: EventMention) -> bool:
    """"It has been a year since North Korea last tested a ballistic missile", "taller than when
    the last rocket was fired": a verb after "last", or a passive one whose subject is "the last"
    weapon, is the launch before the news, background even when its day is not given."""
    start = mention.token_start
    if noun_mention(mention, ctx.lexicon) or start == 0:
        return False
    lowers = ctx.lowers
    if lowers[start - 1] == "last":
        return True
    return lowers[start - 1] in {"was", "were"} and any(
        lowers[i] == "last" and lowers[i - 1] == "the" for i in range(max(1, start - 4), start - 2))


def _present_passive(ctx: EventContext, start: int) -> bool:
    """"missiles are being fired", "is being launched", "destroy North Korean missiles before they
    are fired": undated, what goes on in general, not one launch."""
    if start > 1 and ctx.lowers[start - 1] == "being":
        start -= 1
    return start > 0 and ctx.lowers[start - 1] in {"is", "are"}


def _nominal_gerund(ctx: EventContext, mention: EventMention) -> bool:
    """"the firing of two missiles": a gerund trigger with its object after "of" is a noun."""
    end = mention.token_start + len(mention.trigger.split())
    return mention.trigger.lower().endswith("ing") and end < len(ctx.lowers) and ctx.lowers[end] == "of"


# "the North's first ballistic missile launch": modifiers between an owner and the trigger.
OWNER_REACH = 3
# Words that open a noun phrase of their own ("called any launch"): no owner before them.
DETERMINERS = DEFINITE | INDEFINITE


def _possessive_country_before(ctx: EventContext, start: int, sentence_index: int) -> Mention | None:
    """Past the lead, a country's possessive is a determiner naming the actor: "the Security Council
    said last week that the North's firing of two medium-range missiles violated its resolutions"
    refers to a launch of the North's the reader knows.  (In the lead, "North Korea's launch of a
    rocket failed" is the news itself.)"""
    i = start - 1
    while i >= max(1, start - OWNER_REACH - 1):
        token = ctx.doc[i]
        if token.text in POSSESSIVE_MARKS:
            return next((m for m in ctx.by_sentence.get(sentence_index, ())
                         if m.label == "COUNTRY" and m.end == i and m.country), None)
        if token.lower_ in NP_STOPS or token.lower_ in DETERMINERS \
                or not ((token.is_alpha and token.is_lower) or token.text == "-"):
            return None   # "Seoul's foreign ministry called any launch": no owner of the launch
        i -= 1
    return None


def _in_period_clause(ctx: EventContext, start: int) -> bool:
    """Is the trigger in a relative clause about a period ("a year, during which it fired ...")?"""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    for i in range(start - 1, sentence.start + 1, -1):
        word = ctx.lowers[i]
        if word in {";", ":", "."}:
            return False
        if word == "which" and ctx.lowers[i - 1] in ctx.lexicon.period_relative_preposition:
            antecedent = i - 2 if ctx.lowers[i - 2] != "," else i - 3
            return antecedent >= sentence.start and ctx.lowers[antecedent] in ctx.lexicon.period_noun
    return False


def _plural_of_many(ctx: EventContext, mention: EventMention) -> bool:
    """An undated plural launch noun after a determiner of several ("its launches", "both launches",
    "such launches"): launches in general, unlike "the launches" of today's salvo."""
    if not plural_trigger(mention, ctx.lexicon):
        return False
    start = mention.token_start
    return any(word in MANY_DETERMINERS for word in ctx.lowers[max(0, start - 3):start])


def _open_long_period(mention: EventMention, published) -> bool:
    """A year or longer that has not ended by the publication day (any, without a publication day)."""
    if mention.granularity not in {"year", "decade", "century"}:
        return False
    return published is None or mention.date_end is None or mention.date_end >= published


def _current_period(mention: EventMention, published) -> bool:
    """"this month", "this week": a period written as the one holding the publication day."""
    return published is not None and (mention.date_text or "").lower().startswith("this ") \
        and mention.date_start is not None and mention.date_start <= published <= mention.date_end


def _aggregate(ctx: EventContext, mention: EventMention) -> bool:
    """A launch mention that counts many launches over a period rather than reporting one,
    without a day-level date: a plural launch noun, "dozens of missiles", "more than 100
    missiles", a tally "since" some time ("has fired 30 missiles since January"; but
    "its first launch since April" is one launch), or a habit ("continued to launch missiles")."""
    if mention.event_type != "LAUNCH" or mention.granularity in {"day", "time", "week"}:
        return False
    start = mention.token_start
    words = ctx.lowers[start:start + 5]
    lexicon = ctx.lexicon
    plural = plural_trigger(mention, lexicon)
    many = bool(set(words[:4]) & lexicon.many_word) or any(_big_number(w) for w in words) \
        or _times_count(words, lexicon.times_count)
    clause_end = clause_bounds(ctx, start)[1]
    tally = "since" in ctx.lowers[start:clause_end + 1] \
        and not set(ctx.lowers[max(0, start - 4):start]) & lexicon.single_word
    return plural or many or tally or _perfect_since(ctx, start) \
        or _habitual(ctx.lowers, start, lexicon.habitual_verb) \
        or _perfect_relative(ctx.lowers, start) or _frequent(ctx, start) or _yearly_tally(ctx, mention) \
        or _perfect_bare_plural(ctx.lowers, start, lexicon.bare_weapon_noun)


def _yearly_tally(ctx: EventContext, mention: EventMention) -> bool:
    """"the North has now fired six Musudans this year": a present perfect counting several
    missiles over a year or longer tallies launches."""
    start = mention.token_start
    if mention.granularity not in {"year", "decade", "century"} or start < 1:
        return False
    perfect = {"has", "have"} & set(ctx.lowers[max(0, start - 2):start])
    numbers = ctx.lexicon.number
    count = next((w for w in ctx.lowers[start + 1:start + 3] if w in numbers or w.isdigit()), None)
    return bool(perfect) and count is not None and (numbers.get(count) or int(count)) >= 2


def _perfect_relative(lowers: list[str], start: int) -> bool:
    """"ballistic missiles that Ukraine says have been fired at its cities": an undated present
    perfect passive in a relative clause describes what such weapons have done, not one launch."""
    if start < 2 or lowers[start - 1] != "been" or lowers[start - 2] not in {"has", "have"}:
        return False
    return bool({"that", "which"} & set(lowers[max(0, start - RELATIVE_REACH):start - 2]))


def _perfect_bare_plural(lowers: list[str], start: int, weapon_nouns: frozenset[str]) -> bool:
    """"North Korea, which has tested missiles it says can carry nuclear warheads": a present perfect
    with a bare plural object (no number, no determiner) in a relative clause says what the actor
    has done over time (in a main clause it may be the news: "has launched ballistic missiles from
    a train")."""
    if start < 2 or lowers[start - 1] not in {"has", "have"} \
            or not {"that", "which"} & set(lowers[max(0, start - RELATIVE_REACH):start - 1]):
        return False
    for word in lowers[start + 1:start + 1 + BARE_PLURAL_REACH]:
        if word in weapon_nouns:
            return word.endswith("s")
        if not word.isalpha() or word in {"a", "an", "the", "its", "their", "two", "three", "several", "some"}:
            return False
    return False


# Modifiers between a perfect launch verb and its bare plural object ("has tested ballistic missiles").
BARE_PLURAL_REACH = 4


def _habitual(lowers: list[str], start: int, habitual_verbs: frozenset[str]) -> bool:
    """"continued to launch", "keeps firing", "repeatedly launched": a habit, not an event."""
    before = start - 1 if start > 0 and lowers[start - 1] == "to" else start
    return before > 0 and lowers[before - 1] in habitual_verbs


def _frequent(ctx: EventContext, start: int) -> bool:
    """"Pyongyang has often responded to the drills by firing missiles": an adverb of frequency
    earlier in the trigger's clause makes it a habit."""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    return bool(ctx.lexicon.frequency_adverb & set(ctx.lowers[clause_start(ctx, sentence, start):start]))


def _perfect_since(ctx: EventContext, start: int) -> bool:
    """"Since the council adopted sanctions on March 2, North Korea has fired six projectiles,
    two Scuds and a Rodong", "Over the past five months, North Korea has flight-tested at least three
    new systems": a present perfect after a since-clause or a span up to now tallies launches."""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    before = ctx.lowers[sentence.start:start]
    words = [w for w in before if w != "the"]   # "over the past five months"
    span = any(a in ctx.lexicon.span_opener and b in ctx.lexicon.span_word for a, b in zip(words, words[1:]))
    return bool(set(ctx.lowers[max(sentence.start, start - 3):start]) & {"has", "have"}) \
        and ("since" in before or span)


def _times_count(words: list[str], counts: frozenset[str]) -> bool:
    """"seven times", "12 times", "several times" right after the trigger: a count of launches."""
    return any(word == "times" and (previous in counts or previous.isdigit())
               for previous, word in zip(words, words[1:]))


def _big_number(word: str) -> bool:
    """More launches than one day's salvo is usually reported with: "100", "1,000"; not a year
    ("tested a Hwasong-15 in 2017"), which counts no missiles (a count of thousands has its comma)."""
    digits = word.replace(",", "")
    if not digits.isdigit():
        return False
    return int(digits) >= 10 and not (digits == word and len(word) == 4 and 1900 <= int(word) < 2100)


# What stands before "first <verb>" in a debut: "was first tested", "it first launched" (not "the
# first test-fire of ...", a noun phrase naming today's launch).
DEBUT_SUBJECTS = {"was", "were", "is", "are", "been", "be", "had", "has", "have", "it", "they", "which"}


def mark_history(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """Every mention marked anaphoric, historical or generic where it is; then debuts and the
    mentions sharing their date expression marked historical."""
    found = [_undate_counted_back_anaphor(m, found, ctx) for m in found]
    found = [_mark_anaphora_and_history(m, ctx) for m in found]
    found = [_tally_member(m, found, ctx) for m in found]
    found = [_renames_generic(m, found, ctx) for m in found]
    found = [_predicate_of_subject(m, found, ctx) for m in found]
    debuts = [_debut(m, ctx) for m in found]
    debut_dates = {m.date_key for m, debut in zip(found, debuts) if debut and m.date_key is not None}
    return [m.updated(historical=True) if m.realis == "actual" and (debut or m.date_key in debut_dates) else m
            for m, debut in zip(found, debuts)]


def unanchored_indefinites(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """"officials were watching for signs of a missile launch", "a launch is not expected soon":
    in an article that dates no actual launch (by its own words, or from an event its words date),
    a launch noun with an indefinite article that only the publication day dated names a kind of
    event, not one that happened.  Run after `resolve_anaphora`, when counted-back dates are known.
    (Where the article dates a launch, such a noun joins it; "conducted a missile launch" keeps its
    light verb.)"""
    if any(_dated_launch(m) for m in found):
        return found
    return [m.updated(realis="generic", date_start=None, date_end=None, granularity=None, date_source=None)
            if m.event_type == "LAUNCH" and m.realis == "actual" and m.date_source == "published"
            and noun_mention(m, ctx.lexicon) and _indefinite(ctx, m) else m for m in found]


def unanchored_background(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """"..., which has launched missiles in large numbers in recent years", "the talks had stalled as the
    North tested missiles": in an article whose lead reports other news (talks, sanctions, another
    country's launch) and neither a launch or drill of the launching country nor a missile or rocket of
    it, and which dates no launch by its own words, an undated launch past the lead is background its
    readers know, not news the article forgot to date.  It stays actual but historical and undated,
    instead of taking the publication day (wire copy that leaves today's launch undated reports it in
    the lead, if only as "sent two ballistic missiles flying").  Run after `resolve_anaphora`."""
    if any(_reported_launch(m, ctx) for m in found):
        return found
    return [m.updated(historical=True, date_start=None, date_end=None, granularity=None, date_source=None)
            if m.event_type == "LAUNCH" and m.realis == "actual" and m.date_source == "published"
            and m.sentence_index >= LEAD_SENTENCES and _lead_reports_other_news(found, ctx, m.actor_country)
            else m for m in found]


def _news_launch(mention: EventMention) -> bool:
    """An actual launch that is not background."""
    return mention.event_type == "LAUNCH" and mention.realis == "actual" and not mention.historical


def _dated_launch(mention: EventMention) -> bool:
    """An actual launch of the article's news that its words date (or an event they date does)."""
    return _news_launch(mention) and mention.date_source in {"sentence", "anaphora"}


def _reported_launch(mention: EventMention, ctx: EventContext) -> bool:
    """An actual launch the article reports: one its words date, any in its lead, or one "hours after"
    which its news came."""
    return _dated_launch(mention) or (
        _news_launch(mention) and (mention.sentence_index < LEAD_SENTENCES or hours_after(ctx, mention)))


def hours_after(ctx: EventContext, mention: EventMention) -> bool:
    """"pledged cooperation, hours after Pyongyang launched ...": a launch of the news day (also
    "hours after the North's own launch", whose owner and modifiers stand between)."""
    start = mention.token_start
    reach = SAME_DAY_REACH + (OWNER_REACH + 2 if mention.owner_named else 0)
    return any(ctx.lowers[i] == "after" and ctx.lowers[i - 1] in ctx.lexicon.same_day_before_after
               for i in range(max(1, start - reach), start))


def _lead_reports_other_news(found: list[EventMention], ctx: EventContext, actor: str | None) -> bool:
    """Does the lead report an event, none of them a launch or drill of `actor`, and name no missile,
    rocket or satellite that is not another country's?"""
    lead = [m for m in found if m.sentence_index < LEAD_SENTENCES and m.realis == "actual" and not m.historical]
    if not lead or any(m.event_type in LAUNCH_NEWS_TYPES and m.actor_country == actor for m in lead):
        return False
    return not any(m.label in LAUNCHED_LABELS and m.country in {None, actor}
                   for index in range(LEAD_SENTENCES) for m in ctx.by_sentence.get(index, ()))


def _indefinite(ctx: EventContext, mention: EventMention) -> bool:
    """An indefinite launch noun not governed by a light verb ("conducted a launch")."""
    start = mention.token_start
    if not definite_noun_phrase(ctx.doc, start, INDEFINITE):
        return False
    article = next(i for i in range(start - 1, -1, -1) if ctx.lowers[i] in INDEFINITE)
    return article == 0 or ctx.lowers[article - 1] not in ctx.lexicon.light_verb


def _tally_member(mention: EventMention, found: list[EventMention], ctx: EventContext) -> EventMention:
    """"The North has fired 30 missiles this year, including its first ICBM launch since 2017":
    an undated launch listed under a tally of its sentence is one of the tally's launches, as
    undated as the tally itself, not today's news; listed under a launch that may come ("on alert
    for a possible launch, including a first flight of its newest missile") it is as possible."""
    if mention.realis != "actual" or mention.date_source is not None:
        return mention
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    openers = [i for i in range(sentence.start, mention.token_start) if ctx.lowers[i] in ctx.lexicon.member_opener]
    if not openers:
        return mention
    heads = [m for m in found if m.realis != "actual" and m.event_type == mention.event_type
             and sentence.start <= m.token_start < openers[-1]]
    return mention.updated(realis=heads[-1].realis) if heads else mention


def _renames_generic(mention: EventMention, found: list[EventMention], ctx: EventContext) -> EventMention:
    """"North Korea's launches in 2022 outnumber those of any year before it, a barrage that analysts
    say ...": an undated indefinite launch noun set off by a comma after a generic mention of its
    sentence renames those launches."""
    if mention.realis != "actual" or mention.date_source is not None or not noun_mention(mention, ctx.lexicon):
        return mention
    start = mention.token_start
    comma = next((i for i in range(start - 2, max(-1, start - APPOSITION_REACH - 2), -1) if ctx.lowers[i] == ","),
                 None)
    if comma is None or ctx.lowers[comma + 1] not in {"a", "an"}:
        return mention
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    renamed = any(m.realis == "generic" and m.event_type == mention.event_type
                  and sentence.start <= m.token_start < comma for m in found)
    return mention.updated(realis="generic") if renamed else mention


# Words between a copula and a launch noun predicated of its subject ("were in fact tests of").
PREDICATE_FILLERS = {"a", "an", "in", "fact", "actually", "really", "probably", "likely", "possibly", "both",
                     "all", "two", "three", "separate"}
COPULAS = {"is", "are", "was", "were"}


def _predicate_of_subject(mention: EventMention, found: list[EventMention], ctx: EventContext) -> EventMention:
    """"North Korea's two recent launches, which ..., were in fact tests of a new ICBM system": a
    launch noun after a copula says what its subject's launches were, and is as real as they are."""
    if mention.realis != "actual" or mention.date_source not in (None, "published") \
            or not noun_mention(mention, ctx.lexicon):
        return mention
    copula = mention.token_start - 1
    while copula >= 0 and ctx.lowers[copula] in PREDICATE_FILLERS:
        copula -= 1
    if copula < 0 or ctx.lowers[copula] not in COPULAS:
        return mention
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    subjects = [m for m in found if m.event_type == mention.event_type and sentence.start <= m.token_start < copula]
    if not subjects or subjects[-1].realis == "actual":
        return mention
    return mention.updated(realis=subjects[-1].realis, date_key=None, date_text=None, date_start=None,
                           date_end=None, granularity=None, date_source=None)


def _debut(mention: EventMention, ctx: EventContext) -> bool:
    """"was first tested", "first launched": the system's first flight, not today's news."""
    start = mention.token_start
    return mention.realis == "actual" and not noun_mention(mention, ctx.lexicon) and start > 0 \
        and ctx.lowers[start - 1] == "first" and (start < 2 or ctx.lowers[start - 2] in DEBUT_SUBJECTS)
