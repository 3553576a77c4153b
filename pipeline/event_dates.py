"""The date of an event mention: the temporal expression of its trigger's clause, with the
offsets of "a day after" / "two weeks after", report dates, when-clauses and "since"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from pipeline.event_context import (CLAUSE_BREAKS, EventContext, claim_around, clause_bounds,
                                    clause_start, definite_noun_phrase)
from pipeline.event_model import (HISTORICAL_AFTER_DAYS, SOME_DAYS_BEFORE, WITHIN, EventMention,
                                  counted_back_from, noun_mention)
from pipeline.entities import first_word, sentence_of, sentence_span
from pipeline.event_anaphora import main_events
from pipeline.reconcile_cluster import PRECISE

# Date resolvers whose value depends on the anchor ("Thursday", "last week", "in March").
RELATIVE_RESOLVERS = ("weekday", "relative", "ago", "deictic", "month.", "clock.linked", "weekend", "half.",
                      "holiday.", "quarter.", "season.")
# Word lists (models/events/lexicon.jsonl, read as `ctx.lexicon`): `before_today` ("earlier this
# month" is before the publication day); `foreign_clause_opener` and `content_clause_noun` (clauses
# after the trigger with dates of their own: "since ...", "amid speculation that ..."); `upper_bound`
# and `upper_bound_comparative` ("under", "less than" a week after); `reported_launch_noun` ("a day
# after the launch"); `topic_preposition`, `reaction_verb` and `play_down_verb` (a date before "on the
# launch", "to discuss the launch" dates the reaction); `saying_verb`, `reporting_verb` and
# `presenting_verb` (a date next to one dates the report).
DAYS_PER_UNIT = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}
# "a week after" is seven days; "three weeks after" and "a month after" are approximate.
OFFSET_GRANULARITY = {"weeks": "week", "month": "month", "months": "month"}
# The article's main launch is today's news: a detection dated this many days before publication
# at most can date it ("South Korea's military said on Sunday it had detected several cruise missiles").
DETECTION_DAYS = 3
# Tokens from "a day after" to the trigger it counts back for: "a day after the isolated state stunned
# the region with a successful long-range rocket launch", "two days after another North Korean attempt to
# orbit a spy satellite failed when the rocket exploded in flight"; a clause break in between ends the search.
AFTER_REACH = 20
# Precision of a date counted back by an unsaid amount under a day: "condemned it on Monday, hours
# after the North fired", "fired four missiles early Wednesday after North Korea launched one over
# Japan". The earlier event fell that day or the day before (the night in between is the usual case).
DAY_OR_BEFORE = "day_or_before"
# Words that may stand between "after" and a launch noun naming the time of its own event ("shortly after
# its launch").
TIME_PHRASE_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her"}
OFFSET_STOPS = {",", ";", ":", "—", "--", "(", ")", ".", "!", "?"}
GERUND_OWNERS = {"'s", "’s", "its", "their", "the"}
REPORTED_OBJECT_REACH = 5  # "reported the latest missile launch"
PRESENTING_STOPS = {".", ";", ":", "!", "?"}
NOT_IN_OBJECT_PHRASE = {"that", "up", "out", "off", "down"}
NOUN_PHRASE_REACH = 10  # "on North Korea's latest intercontinental ballistic missile launch"
PLUPERFECT_REACH = 8  # "had overseen a strategic cruise missile firing drill"
# Tokens from a definite launch noun to a date set off after it: "the last launch, on April 29".
APPOSITIVE_REACH = 4
# Modifiers between "a" and a launch noun in apposition: ", a failed satellite launch".
APPOSITION_MODIFIERS = 3
# Prepositions of a date that opens a sentence: "On Monday, ...", "In March, ...".
OPENING_PREPOSITIONS = {"on", "in", "at", "by", "during"}
# Words opening a relative clause about the noun before them.
RELATIVE_OPENERS = {"which", "that"}


def attach_date(mention: EventMention, ctx: EventContext, group: list[EventMention], timexes: list) -> EventMention:
    """The point-in-time expression of the trigger's clause; else the nearest one in the
    sentence that no other trigger of the sentence is nearer to."""
    offset, precision = days_before(ctx, mention.token_start)
    if offset is None and (comma := _renamed_clause_end(ctx, mention)) is not None:
        # "ten days after North Korea sent a rocket over Okinawa, a launch Tokyo called a disguised
        # missile test": the appositive renames the clause before it, and takes its offset.
        offset, precision = days_before(ctx, comma)
    group = [m for m in group if not _shares_date(ctx, m, mention)]
    timexes = [t for t in _usable_dates(mention, ctx, timexes)
               if not _dates_another_report(ctx, mention, t, counted_back=offset is not None)]
    if not timexes:
        # "The launch came two weeks after the failed attempt": dated from the main event.
        return _undated(mention, offset, precision)
    at = {t.start_char: _token_start(ctx, t) for t in timexes}
    claim = claim_around(ctx, mention.start_char)
    if claim is not None and offset is None:
        reported = _reported_launch(mention, ctx, claim, timexes, at)
        if reported is not None:
            return reported
        # "KCNA reported on Monday that it had tested ...": Monday dates the report.
        frame = timexes
        timexes = [t for t in timexes if claim.content_start_char <= t.start_char < claim.content_end_char] \
            or _when_clause_date(ctx, _claim_start(ctx, claim), frame)
        if not timexes and _detected_in(ctx, claim, mention):
            # "South Korea's military said on Monday morning it had detected three projectiles fired
            # from around Sondok": a detection is reported the day it is made.
            timexes = [t for t in frame if t.granularity in {"day", "time"}]
        elif not timexes and _pluperfect(ctx, mention):
            # "Last month, the North said it had test-fired a new missile": a report of a period
            # bounds what it reports; a day-level report's launch is usually the day before, unsaid.
            # A report of a day before the article's ("Last week, the North said ...", "said Friday"
            # in Tuesday's copy) still bounds it better than the day of publication does.
            timexes = [t for t in frame if t.granularity not in {"day", "time"}] \
                or [t for t in frame if t.granularity in {"day", "time"} and ctx.published is not None
                    and t.start is not None and t.start < ctx.published]
    # "the first launch since April 13", "since Moon took office last week": a date in a
    # since-clause after the trigger bounds a period, it does not date the trigger; nor does one
    # in a relative clause about a person ("as Moon mourned his mother, who died on Tuesday").
    timexes = [t for t in timexes if not _in_clause_opened_by(ctx, mention.token_start, at[t.start_char])
               and not _since_between(ctx.lowers, at[t.start_char], mention.token_start)
               and not _in_later_after_clause(ctx, mention.token_start, at[t.start_char])]
    # "Officials concluded last week that the North's two recent launches, on Feb. 27 and March 5,
    # were ...": the date of the verb governing the clause yields to a date of the launch's own,
    # and bounds it when there is none.
    timexes = [t for t in timexes if not _dates_governing_verb(ctx, t, at[t.start_char], mention.token_start)] \
        or timexes
    if noun_mention(mention, ctx.lexicon) and _reported_object(ctx, mention.token_start):
        # "The Washington Post first reported the launch on Tuesday": a date after a launch noun that
        # a verb of reporting governs dates the report.
        timexes = [t for t in timexes if at[t.start_char] < mention.token_start]
    # "KCNA on Saturday presented the launch as a drill": Saturday dates the presenting.
    timexes = [t for t in timexes
               if not _dates_presenting(ctx, mention.token_start, at[t.start_char], _token_end(ctx, t))]
    nominal = noun_mention(mention, ctx.lexicon) or _possessed_gerund(ctx, mention)
    opener = _phrase_preposition(ctx, mention.token_start) if offset is None and nominal else None
    if opener is not None:
        # "an emergency meeting Wednesday on North Korea's latest weapons test": a date before the
        # preposition opening the launch noun's phrase dates the word that phrase hangs from.
        timexes = [t for t in timexes if _token_end(ctx, t) > opener]
    clause = clause_bounds(ctx, mention.token_start)
    # "a launch the Security Council condemned last week": past another trigger, the date is its.
    # A sentence's opening date ("Earlier this week, the North fired ... on Tuesday") dates a
    # clause that has no date of its own.
    same_clause = [t for t in timexes if clause[0] <= at[t.start_char] < clause[1]
                   and not _past_another_trigger(mention, group, at[t.start_char])] \
        or [t for t in timexes if _opens_sentence(ctx, t, at[t.start_char])
            and not _past_another_trigger(mention, group, at[t.start_char])] \
        or [t for t in timexes if _at_sentence_start(ctx, at[t.start_char]) and _coordinated_verb(ctx, mention)
            and all(at[u.start_char] < mention.token_start for u in timexes)] \
        or _when_clause_date(ctx, clause[0], timexes)
    if not same_clause and (offset is not None or _after_phrase(ctx, mention.token_start)) \
            and (period := _past_period_before(mention, ctx, timexes, at)):
        # "Seoul last imposed sanctions in December 2017, shortly after Pyongyang tested a new
        # ICBM": what came shortly before a past period's event lies in that period too.
        return _dated(mention, ctx, period, None)
    if offset == SOME_DAYS_BEFORE and not same_clause:
        return mention.updated(days_before_main=offset)  # "days after the failed attempt"
    def distance(m: EventMention, t) -> int:
        return abs(at[t.start_char] - m.token_start)
    owned = [t for t in timexes if min(group, key=lambda m: (distance(m, t), m.token_start)) is mention]
    candidates = _candidates(mention, ctx, same_clause, owned, offset, at)
    if not candidates and offset is not None and offset != SOME_DAYS_BEFORE:
        # "arrived in Moscow on Friday for talks, a day after the North test-fired ...": another
        # trigger owns Friday, but "a day after" counts back from the day it hangs from.
        candidates = [t for t in timexes if t.granularity in {"day", "time"} and at[t.start_char] < mention.token_start]
    if not candidates:
        # "..., eight days after its Musudan launch failed": dated back from the main event.
        return _undated(mention, offset, precision)
    # "This year the North also fired four Scuds in March": a period opening the sentence yields to
    # a narrower date it holds after the trigger.
    candidates = [t for t in candidates
                  if not (_at_sentence_start(ctx, at[t.start_char])
                          and any(_holds(t, other) and at[other.start_char] > mention.token_start
                                  for other in candidates))]
    best = min(candidates, key=lambda t: (distance(mention, t), t.start_char))
    if offset in (None, 0) and not same_clause and _before_after(ctx, mention, at[best.start_char]):
        precision = DAY_OR_BEFORE
    elif precision == DAY_OR_BEFORE:
        precision = "day"   # "hours after the North fired on Monday": the trigger's own date
    return _dated(mention, ctx, best, None if same_clause else offset, precision)


def _before_after(ctx: EventContext, mention: EventMention, date_at: int) -> bool:
    """Does the date stand before the "after" that opens the trigger's clause ("fired early Wednesday
    in a show of force after North Korea launched")?  Then it dates what came after the trigger.
    Not in "failed shortly after launch", "an hour after its liftoff": there the launch noun is the
    time phrase of its own event."""
    after = next(_afters_before(ctx, mention.token_start), None)
    if after is None or date_at >= after:
        return False
    between = ctx.lowers[after + 1:mention.token_start]
    return not (noun_mention(mention, ctx.lexicon) and all(word in TIME_PHRASE_DETERMINERS for word in between))


def _past_period_before(mention: EventMention, ctx: EventContext, timexes: list, at: dict):
    """The nearest month or longer period before the trigger in its sentence that ended more than
    `HISTORICAL_AFTER_DAYS` before publication, if any."""
    if ctx.published is None:
        return None
    limit = ctx.published - timedelta(days=HISTORICAL_AFTER_DAYS)
    past = [t for t in timexes if at[t.start_char] < mention.token_start and t.granularity not in PRECISE
            and t.end is not None and t.end < limit]
    return max(past, key=lambda t: t.start_char, default=None)


def _after_phrase(ctx: EventContext, start: int) -> bool:
    """Does "after" ("shortly after", "soon after") open the trigger's clause?"""
    return next(_afters_before(ctx, start), None) is not None


def _afters_before(ctx: EventContext, start: int) -> Iterator[int]:
    """The tokens "after" before the trigger, nearest first, within `AFTER_REACH` tokens of its
    sentence and up to the nearest clause stop ("a day after the talks, where ..., the North
    launched": that "after" opens another clause)."""
    sentence_start = ctx.starts[sentence_of(ctx.starts, start)]
    for i in range(start - 1, max(sentence_start - 1, start - AFTER_REACH), -1):
        if ctx.lowers[i] in OFFSET_STOPS:
            return
        if ctx.lowers[i] == "after":
            yield i


# What a mention's date is made of: copied whole when one mention takes another's date.
DATE_FIELDS = ("date_key", "date_text", "date_start", "date_end", "granularity", "date_source", "date_relative",
               "date_counted_back", "dated_before_host", "offset_granularity", "days_before_main")


def date_objects_as_verbs(dated: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """"In July 2006 it launched a salvo of missiles, ..., and three months later it set off a
    nuclear device": a launch noun that is the object of a dated launch verb ("launched a salvo",
    "fired a barrage") names the verb's launch, and takes its date, not a nearer one of another clause."""
    verbs = {m.token_start: m for m in dated if m.event_type == "LAUNCH" and m.form == "verb"
             and m.date_key is not None}
    if not verbs:
        return dated
    result = []
    for mention in dated:
        verb = next((verbs[i] for i in range(mention.token_start - 1, max(-1, mention.token_start - 4), -1)
                     if i in verbs), None) if mention.event_type == "LAUNCH" and mention.form == "noun" else None
        if verb is not None and verb.date_key != mention.date_key and all(
                word in ctx.lexicon.object_filler for word in ctx.lowers[verb.token_start + 1:mention.token_start]):
            mention = mention.updated(**{name: getattr(verb, name) for name in DATE_FIELDS})
        result.append(mention)
    return result


def _renamed_clause_end(ctx: EventContext, mention: EventMention) -> int | None:
    """The comma before an indefinite launch noun in apposition to the clause before it (", a launch
    the council condemned"), if the noun is one."""
    if not noun_mention(mention, ctx.lexicon):
        return None
    start = mention.token_start
    for comma in range(start - 2, max(-1, start - 2 - APPOSITION_MODIFIERS - 1), -1):
        if ctx.lowers[comma] == "," and ctx.lowers[comma + 1] in {"a", "an"}:
            return comma
        if ctx.lowers[comma] in OFFSET_STOPS:
            return None
    return None


def _reported_object(ctx: EventContext, trigger: int) -> bool:
    """Is the launch noun the object of a verb of reporting ("reported the launch", "confirmed
    Sunday's test") or of reacting ("asked the council to discuss the launch behind closed doors
    later Wednesday")?"""
    for i in range(trigger - 1, max(-1, trigger - REPORTED_OBJECT_REACH), -1):
        word = ctx.lowers[i]
        if word in ctx.lexicon.reporting_verb or word in ctx.lexicon.reaction_verb:
            return True
        if word in OFFSET_STOPS or word in ctx.lexicon.topic_preposition or word in NOT_IN_OBJECT_PHRASE \
                or word.endswith("ing"):
            return False  # "reported picking up the launches at 7 a.m.": another verb governs the noun
    return False


def _dates_presenting(ctx: EventContext, trigger: int, start: int, end: int) -> bool:
    """Does the expression at tokens [start, end) stand right next to a verb of presenting that comes
    before the trigger ("KCNA on Saturday presented the launch", "boasted Monday that it had ...")?"""
    if end > trigger:
        return False
    presenting = ctx.lexicon.presenting_verb
    if ctx.lowers[end] in presenting:
        verb = end   # "KCNA on Saturday presented the launch"
    else:
        # "boasted Monday that ...", "boasted on Monday that ..."; not "defended Wednesday's launch",
        # where the day is the launch's own.
        verb = start - 2 if start >= 2 and ctx.lowers[start - 1] == "on" else start - 1
        if verb < 0 or ctx.lowers[verb] not in presenting or ctx.lowers[end] in GERUND_OWNERS:
            return False
    return verb < trigger and not any(ctx.lowers[i] in PRESENTING_STOPS for i in range(verb + 1, trigger))


def _token_start(ctx: EventContext, timex) -> int:
    """Index of the first token of a temporal expression."""
    return ctx.doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand").start


def _token_end(ctx: EventContext, timex) -> int:
    """The token after the expression's last."""
    return ctx.doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand").end


def _possessed_gerund(ctx: EventContext, mention: EventMention) -> bool:
    """"North Korea's test-firing", "its firing": an -ing trigger used as a noun."""
    start = mention.token_start
    return start > 0 and mention.trigger.lower().endswith("ing") and ctx.lowers[start - 1] in GERUND_OWNERS


def _phrase_preposition(ctx: EventContext, trigger: int) -> int | None:
    """The preposition opening the noun phrase that ends with the trigger ("on North Korea's latest
    weapons test"), or the reaction verb taking it ("to discuss the launch"), if any; "about" before
    a number is an approximation, not a preposition."""
    lowers, lexicon = ctx.lowers, ctx.lexicon
    for i in range(trigger - 1, max(-1, trigger - NOUN_PHRASE_REACH), -1):
        word = lowers[i]
        if word in OFFSET_STOPS:
            return None
        if word in lexicon.reaction_verb or (word == "down" and i > 0 and lowers[i - 1] in lexicon.play_down_verb):
            return i
        if word in lexicon.topic_preposition:
            following = lowers[i + 1] if i + 1 < len(lowers) else ""
            if word == "about" and (following.replace(",", "").isdigit() or following in lexicon.number):
                return None
            return i
    return None


def _dates_another_report(ctx: EventContext, mention: EventMention, timex, counted_back: bool = False) -> bool:
    """Is the expression in the frame of a report the mention is not part of, between its speaker,
    its cue and its content ("..., and Pyongyang said last month it was developing a satellite"), or,
    unless the mention is counted back from it ("officials said on Thursday, a day after ..."), right
    after the cue?"""
    for _, _, claim in ctx.contents:
        if claim.start_char <= mention.start_char < claim.end_char:
            continue
        low = min(claim.speaker_start_char, claim.cue_start_char)
        high = claim.content_start_char if claim.content_start_char > claim.cue_start_char \
            else max(claim.speaker_end_char, claim.cue_end_char)
        if low <= timex.start_char < high or (not counted_back and _right_after_cue(ctx, claim, timex)):
            return True
    return False


def _right_after_cue(ctx: EventContext, claim, timex) -> bool:
    """"..., military sources here said Wednesday, in what appears to be its first missile firing":
    a date right after the cue ("said Wednesday", "said on Wednesday") dates the saying."""
    if timex.start_char < claim.cue_end_char:
        return False  # before the cue: no need to slice the text
    return ctx.text[claim.cue_end_char:timex.start_char].strip().lower() in {"", "on"}


def _usable_dates(mention: EventMention, ctx: EventContext, timexes: list) -> list:
    """The sentence's expressions that can date an event: not a dateline's ("Pyongyang, September 29
    (KCNA) --" dates the report), and for what already happened no future date ("..., ahead of the
    Olympics, which open next week")."""
    future_ok = mention.realis != "actual" or ctx.published is None
    return [t for t in timexes if t.start_char >= ctx.dateline_char
            and (future_ok or t.start is None or t.start <= ctx.published)]


def _undated(mention: EventMention, offset: int | None, precision: str) -> EventMention:
    """The mention without a date of its own, remembering "N days after" (and how precise it is)
    for the anaphora pass."""
    return mention.updated(days_before_main=offset, offset_granularity=precision) if offset else mention


def _shares_date(ctx: EventContext, other: EventMention, mention: EventMention) -> bool:
    """Is `other` a trigger whose date is the launch's too: an exercise the launch took place during
    ("fired four cruise missiles during a drill on Thursday"), the drill a launch noun names ("a
    firing drill ... took place on January 14"), or the launch an attempt is to ("the attempt to
    launch a satellite ended in failure on Monday")?"""
    if other.token_start <= mention.token_start:
        return False
    if other.event_type == "EXERCISE" and "during" in ctx.lowers[max(0, other.token_start - 3):other.token_start]:
        return True
    if mention.event_type != "LAUNCH":
        return False
    if other.event_type == "EXERCISE":
        # "a firing drill", "an artillery fire strike drill": the drill the launch word names.
        between = ctx.text[mention.end_char:other.start_char].split()
        return len(between) <= 1 and all(word.isalpha() for word in between)
    return other.event_type == "LAUNCH" and other.token_start == mention.token_start + 2 \
        and ctx.lowers[mention.token_start + 1] == "to"


def _past_another_trigger(mention: EventMention, group: list[EventMention], index: int) -> bool:
    """Does another trigger of the sentence stand between the mention's trigger and token `index`?"""
    low, high = sorted((mention.token_start, index))
    return any(low < m.token_start < high for m in group if m is not mention)


def _candidates(mention: EventMention, ctx: EventContext, same_clause: list, owned: list, offset: int | None,
                at: dict) -> list:
    """The expressions that may date the mention.  A plan's date must be in its own clause
    ("pledged to launch after a failure in May"); so must a definite noun's ("the launches, ...,
    violated resolutions including the one adopted in March"), but for a date set off right after
    it ("The last launch, on April 29, failed") or one counted back from ("a day after the first
    attempt").  Other actual mentions also take the dates nearer to them than to other triggers."""
    if mention.realis != "actual":
        return same_clause
    if offset is None and noun_mention(mention, ctx.lexicon) and definite_noun_phrase(ctx.doc, mention.token_start):
        relative = _relative_clause_after(ctx, mention)
        return same_clause or [t for t in owned if 0 < at[t.start_char] - mention.token_start <= APPOSITIVE_REACH
                               or relative[0] <= at[t.start_char] < relative[1]]
    return same_clause or owned


def _relative_clause_after(ctx: EventContext, mention: EventMention) -> tuple[int, int]:
    """Token bounds of a relative clause right after the trigger ("The newest launch, which was
    made on Friday evening, ended in a fireball"); (0, 0) when there is none."""
    span = ctx.doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    k = span.end + (1 if span.end < sentence.end and ctx.lowers[span.end] == "," else 0)
    if k >= sentence.end or ctx.lowers[k] not in RELATIVE_OPENERS:
        return 0, 0
    end = next((i for i in range(k + 1, sentence.end) if ctx.lowers[i] in {",", ";", ":", "—", "--"}), sentence.end)
    return k + 1, end


def _since_between(lowers: list[str], index: int, trigger: int) -> bool:
    """Does a "since" stand between a date and the trigger after it ("Monday marks four years since
    North Korea last test-fired an ICBM")?  The date is the main clause's; the since-clause's event
    is the one the period is counted from."""
    return index < trigger and "since" in lowers[index + 1:trigger]


def _in_later_after_clause(ctx: EventContext, trigger: int, start: int) -> bool:
    """Is the expression at token `start` inside a counted "after" clause that follows the trigger
    ("two days after Pyongyang launched a missile ..., and a day after Kim told the assembly in early
    October ...")?  It dates that clause's event."""
    lowers = ctx.lowers
    return any(lowers[i] == "after" and lowers[i - 1] in DAYS_PER_UNIT for i in range(trigger + 1, start - 1))


def _dates_governing_verb(ctx: EventContext, timex, start: int, trigger: int) -> bool:
    """Does the expression stand right before the "that" of a content clause holding the trigger
    ("allied officials concluded last week that ...")?  Then it dates the concluding.  Not in a
    cleft ("It was in March that the North fired") or before a relative clause."""
    end = _token_end(ctx, timex)
    if end >= trigger or ctx.lowers[end] != "that" or start == 0:
        return False
    # A bare date right after a past verb: "concluded last week that", "announced two days earlier
    # that"; not "an ICBM launched on Nov. 3 that failed" (a relative clause), nor a cleft.
    verb = ctx.lowers[start - 1]
    return verb.endswith("ed") or verb in ctx.lexicon.saying_verb


def _in_clause_opened_by(ctx: EventContext, trigger: int, index: int) -> bool:
    """Is the token at `index` in a clause opened by "since" (or "who") between the trigger and it,
    or in the content clause of a noun ("came amid speculation that the North could stage another
    provocation around the Oct. 10 anniversary")?"""
    lowers, openers, nouns = ctx.lowers, ctx.lexicon.foreign_clause_opener, ctx.lexicon.content_clause_noun
    for i in range(index - 1, trigger, -1):
        if lowers[i] in openers or (lowers[i] == "that" and lowers[i - 1] in nouns):
            return True
        if lowers[i] in CLAUSE_BREAKS:
            return False
    return False


def _dated(mention: EventMention, ctx: EventContext, best, offset: int | None,
           precision: str = "day") -> EventMention:
    """The mention dated by the expression `best`, shifted back by `offset` days (to the
    `precision` of the count) when the trigger follows "a day after" and the date belongs to
    another clause."""
    start, end, granularity = best.start, best.end, best.granularity
    if ctx.published is not None and end is not None and best.text.lower().startswith(tuple(ctx.lexicon.before_today)):
        # "earlier this month" in a report of today's launch is another launch, before today.
        end = max(start, min(end, ctx.published - timedelta(days=1)))
    counted = offset is not None and offset > 0 and granularity in {"day", "time"}
    if counted:
        # "vowed on Thursday ..., a day after the first attempt": the attempt was Wednesday;
        # "three months after" it was in the month three months before.
        start, end, granularity = counted_back_from(best.start, offset, precision)
    # "..., hours after the North fired": the day of another event, so it may be the day before (the
    # night between is common); wire copy usually means that same day, so the date stays, marked.
    # So is the day of a report that follows the launch it reports ("test-fired new cruise missiles,
    # state media said Monday": state media report the day after).
    approximate = (precision == DAY_OR_BEFORE or _report_day_after(ctx, mention, best)) \
        and granularity in {"day", "time"}
    return mention.updated(date_key=(best.start_char, best.end_char), date_text=best.text, date_start=start,
                           date_end=end, granularity=granularity, date_source="sentence",
                           date_relative=best.resolver.startswith(RELATIVE_RESOLVERS),
                           date_counted_back=counted or approximate, dated_before_host=counted)


def _report_day_after(ctx: EventContext, mention: EventMention, timex) -> bool:
    """Is the date that of a verb of saying after the trigger ("..., state media said Monday",
    "said on Monday")?"""
    at = _token_start(ctx, timex)
    before = at - 2 if at >= 2 and ctx.lowers[at - 1] == "on" else at - 1
    return mention.token_start < before and ctx.lowers[before] in ctx.lexicon.saying_verb


def _opens_sentence(ctx: EventContext, timex, start: int) -> bool:
    """Is the expression a sentence's opening adverbial, set off by a comma ("On Monday, a rocket
    ... exploded minutes into its flight")?  It dates every clause of the sentence."""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    end = _token_end(ctx, timex)
    return _at_sentence_start(ctx, start) and end < sentence.end and ctx.lowers[end] == ","


# Words between a coordinator and the verb it joins ("and also fired", "and then launched").
COORDINATED_ADVERBS = {"also", "then", "later", "again"}


def _coordinated_verb(ctx: EventContext, mention: EventMention) -> bool:
    """Is the trigger a verb joined to the one before it, sharing its subject and the sentence's
    opening date ("Last year the North carried out two nuclear tests, launched a satellite and
    fired a missile from a submarine")?  The caller checks that no date follows the trigger (",
    tested again on Oct. 31": a date of its own)."""
    if noun_mention(mention, ctx.lexicon):
        return False
    before = mention.token_start - 1
    if before > 0 and ctx.lowers[before] in COORDINATED_ADVERBS:
        before -= 1
    return before > 0 and ctx.lowers[before] in {"and", ","}


def _at_sentence_start(ctx: EventContext, start: int) -> bool:
    """Does the expression at token `start` open its sentence ("This year ...", "In 2016 ...")?"""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    first = first_word(sentence)
    return start == first or (start == first + 1 and ctx.lowers[first] in OPENING_PREPOSITIONS)


def _holds(wide, narrow) -> bool:
    """Does date `wide` strictly contain date `narrow` ("this year" and "in March")?"""
    if None in (wide.start, wide.end, narrow.start, narrow.end) or wide is narrow:
        return False
    return wide.start <= narrow.start and narrow.end <= wide.end and (wide.start, wide.end) != (narrow.start,
                                                                                                narrow.end)


def _detected_in(ctx: EventContext, claim, mention: EventMention) -> bool:
    """Does a detection cue ("it had detected three projectiles fired ...") stand in the report's
    content before the trigger?"""
    return any(cue.cue_type == "detection" and claim.content_start_char <= ctx.doc[cue.start].idx < mention.start_char
               for cue in ctx.cues)


def _pluperfect(ctx: EventContext, mention: EventMention) -> bool:
    """"had test-fired", "had successfully launched", "had overseen a cruise missile firing drill":
    an event before the time of its report ("had" before the trigger in its clause)."""
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    opening = clause_start(ctx, sentence, mention.token_start)
    return "had" in ctx.lowers[max(opening, mention.token_start - PLUPERFECT_REACH):mention.token_start]


def _reported_launch(mention: EventMention, ctx: EventContext, claim, timexes: list, at: dict) -> EventMention | None:
    """"North Korea said Thursday it had tested ..., a day after the launch": the launch
    inside a report with no date of its own is dated back from the report's day."""
    if any(claim.content_start_char <= t.start_char < claim.content_end_char for t in timexes):
        return None
    lag = _report_lag(ctx, mention)
    reports = [t for t in timexes if t.granularity == "day"]
    if lag is None or not reports:
        return None
    report = min(reports, key=lambda t: abs(at[t.start_char] - mention.token_start))
    day = report.start - timedelta(days=lag)
    return mention.updated(date_key=(report.start_char, report.end_char), date_text=report.text, date_start=day,
                           date_end=day, granularity="day", date_source="sentence",
                           date_relative=report.resolver.startswith(RELATIVE_RESOLVERS))


def _report_lag(ctx: EventContext, mention: EventMention) -> int | None:
    """Days from the launch to the report in "North Korea said Thursday it had tested ...,
    a day after the launch": "<N> day(s) after the <launch word>" later in the sentence."""
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    lowers = ctx.lowers
    for i in range(mention.token_start + 1, sentence.end - 3):
        if lowers[i + 1] in {"day", "days"} and lowers[i + 2] == "after" and lowers[i + 3] in {"the", "its"}:
            amount = ctx.lexicon.number.get(lowers[i]) or (int(lowers[i]) if lowers[i].isdigit() else None)
            noun = lowers[i + 4] if i + 4 < sentence.end else ""
            if amount and noun in ctx.lexicon.reported_launch_noun:
                return amount
    return None


def _claim_start(ctx: EventContext, claim) -> int:
    """The first token of a claim (speaker or cue): "..., on July 1, when Seoul said ..." hangs
    the whole report on July 1."""
    first = min(claim.speaker_start_char, claim.cue_start_char)
    span = ctx.doc.char_span(first, first + 1, alignment_mode="expand")
    return span.start if span is not None else 0


def _when_clause_date(ctx: EventContext, opening: int, timexes: list) -> list:
    """"since April 13, when it test-fired ...": a when-clause is dated by the expression it
    hangs from."""
    if opening < 1 or ctx.lowers[opening - 1] != "when":
        return []
    last = opening - 2
    if last >= 0 and ctx.lowers[last] == ",":
        last -= 1
    return [t for t in timexes
            if _token_end(ctx, t) - 1 == last]


def days_before(ctx: EventContext, start: int) -> tuple[int | None, str]:
    """(days, precision) between a sentence's date and an event introduced by "a day after" /
    "two weeks after" / "hours after" just before the trigger; days is None when there is no such
    phrase.  Precision is "week" for "two weeks after" (not "a week after": seven days), "month"
    for "three months after", else "day"."""
    lowers = ctx.lowers
    sentence_start = ctx.starts[sentence_of(ctx.starts, start)]
    for i in _afters_before(ctx, start):
        if i < 2:
            continue
        if i == sentence_start:
            return None, "day"  # "After the talks, ...": no amount of time before it
        unit = lowers[i - 1]
        amount = "" if i - 1 == sentence_start else lowers[i - 2]  # "Days after ...": no number
        if unit in {"hours", "hour"}:
            return 0, DAY_OR_BEFORE
        if unit == "minutes":
            return 0, "day"
        if unit in DAYS_PER_UNIT:
            number = _count(ctx, amount)
            if number and _upper_bound(ctx, i - 3, sentence_start):
                return number * DAYS_PER_UNIT[unit], WITHIN
            # "days after the failed attempt": before the main event, by an unknown amount.
            return (number * DAYS_PER_UNIT[unit] if number else SOME_DAYS_BEFORE), OFFSET_GRANULARITY.get(unit, "day")
    return _followed_by(ctx, start, sentence_start)


def _followed_by(ctx: EventContext, start: int, sentence_start: int) -> tuple[int | None, str]:
    """"Thursday's attempt followed by two days the North's test of a new missile": the event after
    "followed by <amount>" came that long before the sentence's day."""
    lowers = ctx.lowers
    for i in range(start - 1, max(sentence_start + 2, start - AFTER_REACH), -1):
        if lowers[i] in OFFSET_STOPS:
            break
        if lowers[i] in DAYS_PER_UNIT and lowers[i - 2] == "by" and lowers[i - 3] == "followed":
            if number := _count(ctx, lowers[i - 1]):
                return number * DAYS_PER_UNIT[lowers[i]], OFFSET_GRANULARITY.get(lowers[i], "day")
    return None, "day"


def _count(ctx: EventContext, word: str) -> int | None:
    """The number a word spells ("two", "a") or writes ("10"), if any."""
    return ctx.lexicon.number.get(word) or (int(word) if word.isdigit() else None)


def _upper_bound(ctx: EventContext, i: int, sentence_start: int) -> bool:
    """Does the word at `i`, before "a week after", make the span a bound ("under", "less than")?
    Then "less than a week after" is at most that long (precision `WITHIN`)."""
    if i < sentence_start:
        return False
    lowers = ctx.lowers
    return lowers[i] in ctx.lexicon.upper_bound or (lowers[i] == "than" and i > sentence_start
                                                    and lowers[i - 1] in ctx.lexicon.upper_bound_comparative)


def date_from_detection(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """"Kim oversaw a test of new cruise missiles, state media reported on Monday. South Korea's
    military said on Sunday it had detected several cruise missiles ...": when the article's main
    launch has no date of its own, a day-level date next to a `detection` cue in a sentence with
    no launch trigger of its own dates it, if it is at most `DETECTION_DAYS` before publication."""
    main = main_events(found).get("LAUNCH")
    if main is None or main.date_source is not None or main.historical or ctx.published is None:
        return found
    triggered = {m.sentence_index for m in found if m.event_type == "LAUNCH"}
    earliest = ctx.published - timedelta(days=DETECTION_DAYS)
    for cue in ctx.cues:
        sentence = sentence_of(ctx.starts, cue.start)
        if cue.cue_type != "detection" or sentence in triggered or sentence < main.sentence_index:
            continue
        days = [t for t in ctx.timexes if t.sentence_index == sentence and t.granularity in {"day", "time"}
                and t.start is not None and earliest <= t.start <= ctx.published]
        if days:
            at = {t.start_char: _token_start(ctx, t)
                  for t in days}
            best = min(days, key=lambda t: (abs(at[t.start_char] - cue.start), t.start_char))
            dated = _dated(main, ctx, best, None)
            return [dated if m is main else m for m in found]
    return found

