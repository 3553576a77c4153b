"""Launch outcomes and failed stages: cues of the trigger's clause or sentence, and outcome
sentences of their own that describe the article's main launch."""

from __future__ import annotations

from datetime import timedelta

from pipeline.entities import sentence_of, sentence_span
from pipeline.event_anaphora import main_events
from pipeline.event_context import (EventContext, claim_around, clause_bounds, clause_start, guarded_tokens,
                                    unasserted)
from pipeline.event_model import GENERIC_CLASSES, HISTORICAL_AFTER_DAYS, EventMention

STAGE_WORDS = {"1st": "first", "2nd": "second", "3rd": "third", "last": "final", "upper": "upper"}
# Units of "six days after", "hours after": what follows is the earlier event counted from.
TIME_UNITS = {"minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"}
# Spans that part two events ("two weeks after"); "minutes after lifting off" is one launch's.
DAYS_OR_LONGER = TIME_UNITS - {"minute", "minutes", "hour", "hours"}


def attach_outcome(mention: EventMention, ctx: EventContext, single_launch: bool,
                   others: list[EventMention] = ()) -> EventMention:
    """Launch outcome and failed stage from cues of the trigger's clause (of the whole
    sentence when it reports a single launch, except the clauses of its other launch
    triggers); plans and hypotheses have no outcome."""
    if mention.event_type != "LAUNCH" or mention.realis != "actual":
        return mention
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    own = clause_bounds(ctx, mention.token_start)
    bounds = (sentence.start, sentence.end) if single_launch else own
    foreign = [clause_bounds(ctx, m.token_start) for m in others] if single_launch else []
    foreign = [c for c in foreign if c != own]
    decisive, stage_cue = None, None
    guarded = guarded_tokens(ctx, "outcome", "guard", mention.weapon_class)
    for cue in ctx.cues:
        if not bounds[0] <= cue.start < bounds[1] or any(a <= cue.start < b for a, b in foreign):
            continue
        if cue.start in guarded or cue.value == "guard":
            continue  # a missile that "flew 500 km before crashing into the sea" landed as intended
        if _counted_back_between(ctx, mention.token_start, cue.start) \
                or _counted_back_between(ctx, cue.start, mention.token_start, DAYS_OR_LONGER):
            # "The launches came six days after the satellite attempt ended in failure", "The failure
            # came two weeks after the North launched four missiles": each word is its own event's
            # (but "exploded minutes after lifting off" is one launch's).
            continue
        if not own[0] <= cue.start < own[1] and (_prior_event_clause(ctx, cue.start)
                                                 or _clause_dated_otherwise(ctx, cue.start, mention)):
            continue  # "reached orbit, after a failure last year": that failure is another launch
        if not own[0] <= cue.start < own[1] and _colon_between(ctx, cue.start, mention.token_start):
            continue  # "The failure interrupts a run of successes: ... the salvo fired on March 6"
        if cue.classes is not None and mention.weapon_class not in cue.classes:
            continue  # "fell into the sea" fails a space launch, not a missile test
        if cue.cue_type == "outcome" and unasserted(ctx, cue.start):
            continue  # "would soon reach orbit" is a hope, "did not explode" no outcome
        if cue.cue_type == "outcome" and (decisive is None or (cue.value == "failure" != decisive.value)):
            decisive = cue  # a failure word beats a success word of the same clause
        elif cue.cue_type == "stage" and stage_cue is None:
            stage_cue = cue
    stage = stage_name(ctx.lowers[stage_cue.start]) if stage_cue else None
    if decisive is None and stage_cue is not None:
        # "a malfunction of the third stage" without another outcome word: a failure, inferred.
        return mention.updated(outcome="failure", failure_stage=stage, outcome_rule_id=stage_cue.rule_id,
                               outcome_evidence="inferred")
    if decisive is None:
        return mention.updated(failure_stage=stage)
    return mention.updated(outcome=decisive.value, failure_stage=stage if decisive.value == "failure" else None,
                           outcome_rule_id=decisive.rule_id, outcome_evidence=decisive.evidence)


def _colon_between(ctx: EventContext, a: int, b: int) -> bool:
    """Is there a colon between two tokens of a sentence (a list or an elaboration after it)?"""
    return ":" in ctx.lowers[min(a, b):max(a, b)]


def _counted_back_between(ctx: EventContext, first: int, second: int, units=TIME_UNITS) -> bool:
    """Does "<so many> days/weeks/hours after" stand between two words: the later one is about
    the earlier event the other one's is counted from."""
    return any(ctx.lowers[k] == "after" and ctx.lowers[k - 1] in units for k in range(first + 1, second))


def _clause_dated_otherwise(ctx: EventContext, index: int, mention: EventMention) -> bool:
    """Does the word's clause carry a date that is not the mention's, or, for a mention without a
    date yet, a date of the past ("the flight was the best yet for the KN-11, which failed in July")?"""
    start, end = clause_bounds(ctx, index)
    first, last = ctx.doc[start].idx, ctx.doc[end - 1].idx + len(ctx.doc[end - 1])
    day = mention.date_start
    past = ctx.published - timedelta(days=HISTORICAL_AFTER_DAYS) if ctx.published else None

    def other(t) -> bool:
        if day is not None:
            return not t.start <= day <= t.end
        return past is not None and t.end < past
    sentence = sentence_of(ctx.starts, index)
    return any(first <= t.start_char < last and other(t) for t in ctx.timexes
               if t.sentence_index == sentence and t.timex_type in {"DATE", "TIME"} and t.start is not None)


def _prior_event_clause(ctx: EventContext, index: int) -> bool:
    """Is the word in a clause about an earlier event: opened by a `prior_clause_opener` ("after",
    "following", "since"), or a pluperfect ("a rocket that had failed repeatedly")?"""
    sentence = sentence_span(ctx.doc, ctx.starts, index)
    opener = clause_start(ctx, sentence, index)
    return (opener > sentence.start and ctx.lowers[opener - 1] in ctx.lexicon.prior_clause_opener) \
        or "had" in ctx.lowers[max(sentence.start, index - 2):index]


def outcome_from_other_sentences(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """Wire copy often gives the outcome of the reported launch in a sentence of its own
    ("The rocket exploded four minutes later"): outcome cues in sentences without any launch
    trigger go to the article's main launch when it has none, unless the sentence is about
    something else (a date outside the launch's, a vehicle of another family).  A failed
    stage counts only next to a failure word there ("the first stage separated normally")."""
    main = main_events(found).get("LAUNCH")
    # An outcome inferred from the flight ("flew about 60 km") yields to a failure word of a
    # sentence of its own ("it spun out of control"): a short flight is no success.
    if main is None or (main.outcome is not None and main.outcome_evidence != "inferred"):
        return found
    launches_by_sentence: dict[int, list[EventMention]] = {}
    for m in found:
        if m.event_type == "LAUNCH":
            launches_by_sentence.setdefault(m.sentence_index, []).append(m)
    outcomes, stages = [], []
    main_class = _main_launch_class(found, main)
    guarded = guarded_tokens(ctx, "outcome", "guard", main_class)
    for cue in ctx.cues:
        if cue.start in guarded or cue.value == "guard":
            continue
        sentence = sentence_of(ctx.starts, cue.start)
        if sentence in launches_by_sentence or not _about_launch(ctx, sentence, main):
            continue
        if not _follows_main_launch(launches_by_sentence, sentence, main):
            continue
        if cue.classes is not None and main_class not in cue.classes:
            continue
        if main.outcome is not None and _names_another_kind(ctx, sentence, main_class):
            continue  # overriding an inferred outcome needs a sentence about this kind of vehicle
        if cue.cue_type == "outcome" and not unasserted(ctx, cue.start):
            outcomes.append((sentence, cue))
        elif cue.cue_type == "stage":
            stages.append((sentence, stage_name(ctx.lowers[cue.start])))
    if not outcomes:
        return found
    failed = {sentence for sentence, cue in outcomes if cue.value == "failure"}
    decisive = next((cue for _, cue in outcomes if cue.value == "failure"), outcomes[0][1])
    if main.outcome is not None and decisive.value != "failure":
        return found
    stage = main.failure_stage or next((name for sentence, name in stages if sentence in failed), None)
    # Another sentence's word is weaker evidence than one in the trigger's own clause ("appeared to have
    # broken into three pieces" may be a warhead separating), unless its rule says what it states
    # holds wherever it stands ("No object entered orbit", NORAD said).
    evidence = decisive.evidence if decisive.any_sentence else "inferred"
    return [m.updated(outcome=decisive.value, failure_stage=stage, outcome_rule_id=decisive.rule_id,
                      outcome_evidence=evidence) if m is main else m for m in found]


def _follows_main_launch(launches_by_sentence: dict[int, list[EventMention]], sentence: int,
                         main: EventMention) -> bool:
    """The last sentence before this one that mentions a launch is about the main launch (no
    other actor or vehicle family): "A Hyunmoo-2 missile crashed ... Officials said no one was
    hurt in the crash" is about the other launch."""
    before = [s for s in launches_by_sentence if s < sentence]
    if not before:
        return True
    return all(m.actor_country in (None, main.actor_country)
               and (m.weapon_family is None or main.weapon_family in (None, m.weapon_family))
               for m in launches_by_sentence[max(before)])


def _about_launch(ctx: EventContext, sentence: int, main: EventMention) -> bool:
    """A sentence can describe the main launch: no date outside the launch's interval and no
    rocket or satellite of another family."""
    for timex in ctx.timexes:
        if timex.sentence_index != sentence or timex.timex_type not in {"DATE", "TIME"} or timex.start is None:
            continue
        if main.date_start is None or not (timex.start <= main.date_start <= timex.end):
            return False
    vehicles = [m for m in ctx.by_sentence.get(sentence, []) if m.label in {"ROCKET", "SATELLITE"} and m.family]
    return not any(main.weapon_family and m.family != main.weapon_family for m in vehicles) \
        and not any(m.label == "ROCKET" and main.weapon_family is None for m in vehicles)


def _names_another_kind(ctx: EventContext, sentence: int, main_class: str | None) -> bool:
    """Does the sentence name a rocket or satellite of another kind than the main launch's
    ("the satellite setback" in a story about short-range missiles)?"""
    kinds = {m.role for m in ctx.by_sentence.get(sentence, []) if m.label in {"ROCKET", "SATELLITE"}}
    return any(kind not in GENERIC_CLASSES and kind != main_class for kind in kinds)


def _main_launch_class(found: list[EventMention], main: EventMention) -> str | None:
    """The main launch's class, or, when its own mention names none ("The JCS said it detected the
    launch at 7:52 a.m."), that of a news mention of the same day ("launched what is presumed to be
    an IRBM on Sunday")."""
    if main.weapon_class is not None:
        return main.weapon_class
    return next((m.weapon_class for m in found if m.event_type == "LAUNCH" and m.realis == "actual"
                 and not m.historical and m.weapon_class and m.date_start == main.date_start), None)


def stage_name(word: str) -> str:
    return STAGE_WORDS.get(word, word)


def mark_self_reported(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """A success the launcher reports of itself ("Pyongyang, April 5 (KCNA) -- The DPRK successfully
    launched ...", "North Korea said its satellite entered orbit") is a claim: `outcome_evidence`
    "claimed", which independent reports of the outcome outvote when events are reconciled
    (KCNA announced orbits that never happened).  Failures the launcher admits stay stated."""
    # The countries of the agencies in the dateline ("Pyongyang, April 5 (KCNA) --"): who filed the copy.
    filed_by = {m.country for m in ctx.mentions if m.end <= ctx.dateline_end and m.label == "ORGANIZATION"}
    return [m.updated(outcome_evidence="claimed") if m.event_type == "LAUNCH" and m.outcome == "success"
            and m.outcome_evidence == "stated" and _reported_by_launcher(ctx, m, filed_by) else m for m in found]


def _reported_by_launcher(ctx: EventContext, mention: EventMention, filed_by: set[str | None]) -> bool:
    """Is the mention in the launcher's own words: an article filed by its state media (the
    dateline's agency), or a claim whose speaker is of the launching country?"""
    if mention.actor_country is None:
        return False
    if mention.actor_country in filed_by:
        return True
    claim = claim_around(ctx, mention.start_char)
    return claim is not None and claim.speaker_country == mention.actor_country

