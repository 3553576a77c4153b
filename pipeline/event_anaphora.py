"""Anaphora between event mentions of one article (`anaphora_main_event_v6`)."""

from __future__ import annotations

from datetime import date, timedelta

from pipeline.entities import Mention, sentence_of
from pipeline.event_agents import in_place_phrase
from pipeline.event_context import CLAUSE_BREAKS, EventContext
from pipeline.event_history import hours_after
from pipeline.event_model import (GENERIC_CLASSES, HISTORICAL_AFTER_DAYS, LEAD_SENTENCES, SOME_DAYS_BEFORE,
                                  EventMention, counted_back_from, noun_mention, plural_trigger)

ANAPHORA_POLICY = "anaphora_main_event_v6"
# Classes of named rockets that say nothing of who launched an article's agentless launch.
DEFENSIVE_CLASSES = {"SAM"}
POSSESSIVES = {"'s", "’s", "'"}
# Words that make the launch word after them a noun ("the firing", "its test").
NOUN_OPENERS = {"the", "its", "their", "this", "that"} | POSSESSIVES
# Tokens from an anaphor to a participle that describes it: "the salvo of four extended-range Scuds fired".
DESCRIBING_REACH = 8


def drop_other_test_anaphors(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """"North Korea said Sunday it had tested a newly developed high-thrust rocket engine ... Kim
    oversaw the firing at the Sohae satellite launching station": in an article whose lead reports
    a test that is no launch (a veto with `takes_anaphors` removed it), and no launch before it,
    a later launch noun with no weapon of its own ("the firing", "Saturday's test") is that test."""
    if not ctx.other_tests:
        return found
    test = ctx.other_tests[0]
    if sentence_of(ctx.starts, test) >= LEAD_SENTENCES \
            or any(m.event_type == "LAUNCH" and m.realis == "actual" and m.token_start < test for m in found):
        return found
    return [m for m in found if not (m.event_type == "LAUNCH" and m.token_start > test and _weaponless_noun(m, ctx))]


def _weaponless_noun(mention: EventMention, ctx: EventContext) -> bool:
    """A launch noun ("the firing", "Saturday's test") that names no weapon or payload by name (a
    class read off a place, "the firing at the Sohae satellite launching station", is none)."""
    nominal = noun_mention(mention, ctx.lexicon) or (
        mention.token_start > 0 and ctx.lowers[mention.token_start - 1] in NOUN_OPENERS)
    return nominal and mention.weapon_family is None \
        and all(entity is None or entity.startswith("class.") for entity in (mention.weapon_entity_id,
                                                                             mention.payload_entity_id))


def article_country(mentions: list[Mention]) -> str | None:
    """The country an article is mostly about: the most mentioned country (first on ties);
    with no country named, the most frequent country of its organizations and officials."""
    for labels in ({"COUNTRY"}, {"ORGANIZATION", "OFFICIAL", "ROCKET", "SATELLITE"}):
        counts: dict[str, int] = {}
        for m in mentions:
            if m.label in labels and m.country:
                counts[m.country] = counts.get(m.country, 0) + 1
        if counts:
            return max(counts, key=lambda c: counts[c])
    return None


def launching_country(mentions: list[Mention], ctx: EventContext) -> str | None:
    """The country an agentless launch of the article is by: the most frequent operator of its
    named rockets ("the Hwasong-19 flew for 86 minutes"), else the most frequent nationality
    of its missiles ("A North Korean ballistic missile flew over northern Japan": Kyodo copy
    names Japan more often than the launcher), else its main country, not counting the
    dateline ("SEOUL (NK News) -" says where the copy was filed) or places.  Interceptors ("Japan has
    deployed Patriot batteries", "the THAAD system") defend against the launch, they do not make it."""
    lowers, places = ctx.lowers, ctx.lexicon.place_preposition
    named = [m.country for m in mentions if m.label == "ROCKET" and m.kind == "named" and m.country
             and m.role not in DEFENSIVE_CLASSES]
    nationalities = _weapon_nationalities(mentions, lowers or [])
    for countries in (named, nationalities):
        if countries:
            return max(countries, key=lambda c: (countries.count(c), -countries.index(c)))
    # Countries in place phrases ("bases in Japan", "off the Japanese coast") say where, not who.
    return article_country([m for m in mentions if m.start >= ctx.dateline_end
                            and not (lowers and in_place_phrase(lowers, m, places))])


def _weapon_nationalities(mentions: list[Mention], lowers: list[str]) -> list[str]:
    """Countries written right before a rocket or missile: "North Korean missile", "North
    Korea's missile" (one per weapon mention)."""
    countries = {m.end: m.country for m in mentions if m.label == "COUNTRY" and m.country}
    found = []
    for m in mentions:
        if m.label != "ROCKET":
            continue
        before = m.start - 1 if 0 < m.start <= len(lowers) and lowers[m.start - 1] in POSSESSIVES else m.start
        if before in countries:
            found.append(countries[before])
    return found


GRANULARITY_ORDER = {"time": 0, "day": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "year": 5}


def resolve_anaphora(found: list[EventMention], published: date | None,
                     article_country: str | None = None, ctx: EventContext | None = None) -> list[EventMention]:
    """anaphora_main_event_v6: per type, the main event is the actual mention that is today's
    news (v3: any news before any background), with the most specific date of its own;
    anaphors and undated actual mentions of that type take its missing arguments (v3: not an
    anaphor dated to another period, and undated mentions not from a background main event,
    but from a dated mention of their own sentence).  "Two weeks after the failed attempt" is
    dated back from the main event instead (v2: from the publication day when no other mention
    of the type is the main event).  A launch with no actor anywhere takes the article's main
    country.  Remaining undated actual mentions that are not background get the publication
    date, with `date_source="published"`, but for an anaphor with no main event to refer to ("the
    council's criticism of its recent ballistic missile launch" in a story of other news): it stays
    undated, as background (v4), or takes the realis of the planned or hypothetical launch it
    follows ("the rocket it plans to fire ... the launch").  v4 also counts "N days after" from the
    dated event its sentence hangs it on, and a count of weeks or months gives that precision.  v5
    (`event_history.unanchored_background`, run after this): past a lead of other news, in an article
    that dates no launch, such an undated launch is background instead.  v6: an anaphor whose
    determiner is a country's possessive ("the North's firing of two missiles") refers only to a
    main event of that country; without one it is background too, but "hours after" it the news
    came (a launch of its day).  Without the document's
    `ctx`, the rules that read its words (a describing participle, the subject of an "after") stay off."""
    found = sorted(found, key=lambda m: m.start_char)
    actual = [m for m in found if m.event_type == "LAUNCH" and m.realis == "actual" and m.actor_country]
    launch_actors = [m.actor_country for m in sorted(actual, key=lambda m: (m.anaphoric, m.historical))]
    # An agentless launch ("a third launch would be attempted") is by the article's
    # launching country: the actor of its first actual launch, news before background ("six
    # days after North Korea launched an ICBM"), one of its own before a definite noun's ("South
    # Korea said it had carried out the first test launch of a solid-fuel rocket"), else its main
    # country.
    default_actor = launch_actors[0] if launch_actors else article_country
    found = [m.updated(actor_country=default_actor) if m.event_type == "LAUNCH" and m.actor_country is None
             else m for m in found]
    main = main_events(found)
    result = []
    for mention in found:
        anchor = main.get(mention.event_type)
        if mention.days_before_main and (host := _dated_host(mention, result)) is not None:
            # "The talks were held just three days after Pyongyang test-fired ...": counted back
            # from the event its sentence hangs the "after" on, whatever its type.
            mention = _before_main(mention, host, published)
        elif anchor is not None and mention is not anchor and mention.days_before_main \
                and (published is None or _after_a_mention_of_its_type(mention, found, ctx)):
            # "The launch came two weeks after ...": counted back from the main event; but "Wang Yi
            # spoke two days after Pyongyang launched ...", from the day of the news (below).
            mention = _before_main(mention, anchor, published)
        elif mention.days_before_main and published is not None:
            # "The talks took place three days after North Korea test-fired ...": no other launch
            # to count back from, so from the day of the news.
            mention = _before_main(mention, _news_day(mention, published), published)
        elif mention.anaphoric and (mate := _describing_mate(mention, found, ctx)) is not None:
            # "the salvo of four extended-range Scuds fired toward Japan on March 6": the participle
            # after a definite launch noun describes it, with its own date.
            mention = _inherit(mention, mate)
        elif anchor is not None and mention is not anchor and mention.anaphoric and _refers_to(mention, anchor):
            mention = _inherit(mention, anchor)
        elif _undated_actual(mention) and (mate := _dated_sentence_mate(mention, result + found[len(result):])):
            # "..., a launch that was condemned as a test of missile technology", "The last launch,
            # on April 29, failed shortly after liftoff": the event its own sentence dates.
            mention = _inherit(mention, mate)
        elif anchor is not None and mention is not anchor and _refers_to(mention, anchor):
            mention = _inherit(mention, anchor)
        elif anchor is None and mention.anaphoric and mention.realis == "actual" \
                and (intended := _unrealised_antecedent(mention, found, ctx)) is not None:
            # "the rocket it plans to fire this week ... insisting the launch was for peaceful
            # purposes": with no actual event of its type, "the launch" is the planned one.
            mention = mention.updated(realis=intended.realis)
        if mention.date_source is None and mention.realis == "actual" and mention.anaphoric and (
                anchor is None or _owner_without_news(mention, anchor, ctx)):
            # "rejected the resolution as regards the missile launches of the army": a definite
            # launch the article never reports is one its readers already know of, background.
            mention = mention.updated(historical=True)
        elif mention.date_source is None and mention.realis == "actual" and published is not None \
                and not mention.historical:
            mention = mention.updated(date_start=published, date_end=published, granularity="day",
                              date_source="published")
        result.append(mention)
    return result


def _owner_without_news(mention: EventMention, anchor: EventMention, ctx: EventContext | None) -> bool:
    """"the North's firing of two missiles" in a story of the South's test: the owner's launch the
    reader knows, background, but for one "hours after" which the news came (a launch of its day)."""
    return mention.owner_named and mention.actor_country != anchor.actor_country \
        and not (ctx is not None and hours_after(ctx, mention))


def main_events(found: list[EventMention]) -> dict[str, EventMention]:
    """Per event type, the article's main event: the actual, non-anaphoric mention that is
    today's news rather than background, with the most specific date of its own (then the
    earliest); background only when the article reports nothing newer."""
    main: dict[str, EventMention] = {}
    for event_type in sorted({m.event_type for m in found}):
        actual = [m for m in found if m.event_type == event_type and m.realis == "actual" and not m.anaphoric]
        if actual:
            main[event_type] = _late_report_lead(actual) or min(
                actual, key=lambda m: (m.historical, m.date_source != "sentence",
                                       GRANULARITY_ORDER.get(m.granularity, 9), m.start_char))
    return main


def _late_report_lead(actual: list[EventMention]) -> EventMention | None:
    """A late report ("The United States has concluded that North Korea tried and failed to put
    a satellite into orbit with the rocket it launched on Aug. 31"): the article's first mention
    of the type is background with a date of its own and no later mention is dated as news, so
    the article is about that old event, and its undated mentions are too."""
    lead = min(actual, key=lambda m: m.start_char)
    if not lead.historical or lead.date_source != "sentence":
        return None
    news_dated = any(not m.historical and m.date_source == "sentence" for m in actual)
    return None if news_dated else lead


def _before_main(mention: EventMention, main: EventMention, published: date | None) -> EventMention:
    """"The launch came two weeks after North Korea's failed attempt": the attempt is dated
    from the main event, when that has a day; otherwise ("days after the failed attempt") it
    stays undated, as background."""
    if mention.date_source is not None:
        return mention
    if mention.days_before_main == SOME_DAYS_BEFORE or main.granularity not in {"day", "time"} \
            or main.date_start is None:
        return mention.updated(historical=True)  # earlier than today's news, date unknown
    start, end, granularity = counted_back_from(main.date_start, mention.days_before_main, mention.offset_granularity)
    historical = published is not None and end < published - timedelta(days=HISTORICAL_AFTER_DAYS)
    return mention.updated(date_start=start, date_end=end, granularity=granularity,
                           date_source="anaphora", historical=historical, date_relative=True,
                           date_counted_back=True)


def _refers_to(mention: EventMention, main: EventMention) -> bool:
    """An anaphor always refers to the main event; an undated actual mention does when it
    names no other actor and the main event is not background (then it is today's news), or
    is background reported before it (a late report: `_late_report_lead`)."""
    if mention.realis != "actual":
        return False
    if mention.anaphoric:
        # "its long-range rocket launch in February" is no anaphor of a May launch; nor is "South
        # Korea carried out the first test launch of a solid-fuel rocket" of a North Korean launch
        # the article names only later (an actor found after the main event may be a sentence
        # mate's: "South Korea fired two missiles within minutes of the launch").
        if mention.actor_country not in (None, main.actor_country) and (
                mention.start_char < main.start_char or mention.owner_named):
            return False
        return mention.date_start is None or main.date_start is None \
            or mention.date_start <= main.date_start <= (mention.date_end or mention.date_start)
    # Not one already known as background ("since North Korea last test-fired an ICBM").
    return mention.date_source is None and not mention.historical \
        and mention.actor_country in (None, main.actor_country) \
        and (not main.historical or main.start_char < mention.start_char)


def _dated_host(mention: EventMention, earlier: list[EventMention]) -> EventMention | None:
    """The nearest actual mention before it in its sentence, dated to a day: the event an "N days
    after" phrase is counted from ("The talks were held three days after ...")."""
    hosts = [m for m in earlier if m.sentence_index == mention.sentence_index and m.start_char < mention.start_char
             and m.realis == "actual" and m.granularity in {"day", "time"} and m.date_start is not None
             and not m.days_before_main]  # "three days after X, and a week after Y": not after X
    return hosts[-1] if hosts else None


def _unrealised_antecedent(mention: EventMention, found: list[EventMention],
                           ctx: EventContext | None) -> EventMention | None:
    """The nearest earlier planned or hypothetical mention of an undated anaphor's type, when no
    actual one comes before it ("the flight" of a launch whose failure no trigger caught is still
    that launch), or the generic one a plural anaphor takes up ("North Korea's launches in 2022
    outnumber those of any year before ... The launches ranged from ..."); `found` is in text order."""
    earlier = [m for m in found if m.event_type == mention.event_type and m.start_char < mention.start_char]
    if mention.date_start is not None or any(m.realis == "actual" for m in earlier):
        return None
    plural = ctx is not None and plural_trigger(mention, ctx.lexicon)
    wanted = {"planned", "hypothetical"} | ({"generic"} if plural else set())
    intended = [m for m in earlier if m.realis in wanted]
    return intended[-1] if intended else None


def _undated_actual(mention: EventMention) -> bool:
    return mention.realis == "actual" and mention.date_source is None and not mention.days_before_main


def _dated_sentence_mate(mention: EventMention, found: list[EventMention]) -> EventMention | None:
    """The nearest mention of the same type and sentence with a date of its own, or counted back to
    the past ("three months after a barrage of missiles, one of them a Taepodong-2 that crashed
    shortly after launch"), but not one counted back from it: "had fired a missile, under a week after
    the North fired a similar one" names two launches."""
    mates = [m for m in found if m.event_type == mention.event_type and m.sentence_index == mention.sentence_index
             and (m.date_source == "sentence" or (m.date_source == "anaphora" and m.historical))
             and m.realis == "actual" and m is not mention
             and not (m.dated_before_host and m.start_char > mention.start_char)]
    return min(mates, key=lambda m: abs(m.start_char - mention.start_char), default=None)


def _describing_mate(mention: EventMention, found: list[EventMention], ctx: EventContext | None) -> EventMention | None:
    """A launch participle dated by its own sentence a few words after an anaphor and its "of"
    phrase ("the salvo of four extended-range Scuds fired toward Japan on March 6"): a reduced
    relative that describes the anaphor's launch (not "the launch came after the North fired")."""
    start = mention.token_start
    if ctx is None or not noun_mention(mention, ctx.lexicon) or start + 1 >= len(ctx.lowers) or ctx.lowers[start + 1] != "of":
        return None
    lowers = ctx.lowers
    mates = [m for m in found if m.event_type == mention.event_type and m.sentence_index == mention.sentence_index
             and 0 < m.token_start - start <= DESCRIBING_REACH and m.date_source == "sentence"
             and m.realis == "actual" and not noun_mention(m, ctx.lexicon) and lowers[m.token_start].endswith("ed")
             and not CLAUSE_BREAKS.intersection(lowers[start + 2:m.token_start])]
    return mates[0] if mates else None


def _inherit(mention: EventMention, main: EventMention) -> EventMention:
    """Fill a mention's missing arguments from the main event it refers to."""
    fields = ("actor_country", "actor_entity_id", "weapon_entity_id", "weapon_class", "weapon_family",
              "weapon_country", "payload_entity_id", "date_key", "date_text", "date_start", "date_end",
              "granularity", "outcome", "outcome_rule_id", "outcome_evidence", "failure_stage", "location",
              "historical", "date_relative")
    changes = {f: getattr(main, f) for f in fields if getattr(mention, f) in (None, False)}
    if mention.weapon_class not in GENERIC_CLASSES and main.weapon_class not in GENERIC_CLASSES \
            and mention.weapon_class != main.weapon_class:
        # "an ICBM" is not the Hwasong-12 of an IRBM main event: its own class, no borrowed system.
        for field in ("weapon_entity_id", "weapon_family", "weapon_country"):
            changes.pop(field, None)
    if mention.anaphoric and not mention.owner_named and main.actor_country \
            and main.actor_country != mention.actor_country:
        changes["actor_country"], changes["actor_entity_id"] = main.actor_country, main.actor_entity_id
    if changes.get("date_start") is not None:
        changes["date_source"] = "anaphora"
    return mention.updated(**changes)


def _after_a_mention_of_its_type(mention: EventMention, found: list[EventMention], ctx: EventContext | None) -> bool:
    """Does its sentence name an event of its type before it (the event its "after" hangs on), or a
    launch noun no rule took ("The test comes a week after ...")?"""
    if any(m.event_type == mention.event_type and m.sentence_index == mention.sentence_index
           and m.start_char < mention.start_char for m in found):
        return True
    if ctx is None or mention.event_type != "LAUNCH":
        return False
    first = ctx.starts[sentence_of(ctx.starts, mention.token_start)]
    # A launch noun no trigger rule took counts too (`launch_noun` and `plural_launch_noun`).
    return not ctx.lexicon.any_launch_noun.isdisjoint(ctx.lowers[first:mention.token_start])


def _news_day(mention: EventMention, published: date) -> EventMention:
    """A stand-in main event on the publication day, to date "three days after ..." from."""
    return mention.updated(date_start=published, date_end=published, granularity="day")
