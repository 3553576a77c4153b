"""Event mentions: triggers from `models/events/triggers.jsonl`, arguments from the entity,
date and cue tables of the same sentence, realis from cues in the trigger's clause.

One mention per trigger match.  Arguments attach within the trigger's sentence; a
definite noun trigger with no date of its own ("the launch", "the latest launch",
"the failure") is an anaphor and takes the missing arguments of the article's main
event of that type (`anaphora_main_event_v1`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from spacy.tokens import Doc

from pipeline.entities import Mention, sentence_of, sentence_span, sentence_starts
from pipeline.event_anaphora import article_country, main_events, resolve_anaphora
from pipeline.event_model import HISTORICAL_AFTER_DAYS, SOME_DAYS_BEFORE, EventMention
from pipeline.event_rules import read_event_rules
from pipeline.rules.gated import GatedMatcher
from pipeline.rules.loader import InvalidRules

# An anaphoric noun phrase starts with a definite determiner ("the latest launch", "its
# second failed attempt"); the walk back from the trigger stops at these other words.
DEFINITE = {"the", "its", "this", "that", "these", "those", "their"}
NOUN_LIKE_TRIGGERS = {"launch", "launches", "test", "tests", "sanctions", "sanction"}
NP_STOPS = {"a", "an", "of", "in", "on", "to", "for", "by", "with", "after", "before", "and", "or", "at", "from"}
CLAUSE_BREAKS = {",", ";", ":", "—", "–", "--", "but", "while", "after", "when", "which", "who", "and", "as", "since",
                 "because", "although", "despite", "before"}
# Date resolvers whose value depends on the anchor ("Thursday", "last week", "in March").
RELATIVE_RESOLVERS = ("weekday", "relative", "ago", "deictic", "month.", "clock.linked")
STAGE_WORDS = {"1st": "first", "2nd": "second", "3rd": "third", "last": "final", "upper": "upper"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "a": 1, "an": 1, "single": 1, "dozens": None, "several": None}
# "..., a day after the launch": nouns naming the launch a report came after.
# Clauses that tell what happened before the reported launch.
PRIOR_CLAUSE_OPENERS = {"after", "following", "since", "despite"}
# Modifiers that put a period's event before the publication day: "earlier this month".
BEFORE_TODAY = ("earlier", "previously")
DAYS_PER_UNIT = {"day": 1, "days": 1, "week": 7, "weeks": 7, "months": 30}
REPORTED_LAUNCH_NOUNS = {"launch", "test", "firing", "test-firing", "liftoff", "attempt"}
COORDINATORS = {",", "and", "&"}
SPEAKER_PRONOUNS = {"it", "we", "they"}
AGENT_LABELS = {"COUNTRY", "OFFICIAL", "ORGANIZATION"}
# Aggregates ("GENERIC" in ACE terms): many launches, not one event.
PLURAL_LAUNCH_NOUNS = {"launches", "tests", "attempts", "flights", "firings"}
MANY_WORDS = {"dozens", "hundreds", "many", "several", "numerous", "scores", "series"}
# "its first launch since April": one launch, not a tally since April.
SINGLE_WORDS = {"first", "latest", "last", "newest", "recent", "previous"}
MODALS = {"will", "would", "could", "may", "might", "should", "can"}
AUXILIARIES = {"will", "would", "could", "may", "might", "should", "is", "was", "to"}
NEGATED_AUXILIARIES = {"does", "did", "do", "is", "was", "were", "are", "has", "have", "had"}
VERB_REACH, NOUN_REACH = 3, 6  # tokens after a trigger where its modal may stand


class EventExtractor:
    """Finds event mentions and their arguments in a parsed article."""

    def __init__(self, vocab, models_dir: Path):
        triggers, cues, errors = read_event_rules(models_dir)
        if errors:
            raise InvalidRules(errors)
        self.trigger_rules = {r.get("id"): r for r in triggers}
        self.trigger_order = {r.get("id"): i for i, r in enumerate(triggers)}
        self.cue_rules = {r.get("id"): r for r in cues}
        self.triggers = GatedMatcher(vocab, triggers)
        self.cues = GatedMatcher(vocab, cues)

    def __call__(self, doc: Doc, published: date | None, mentions: list[Mention], timexes: list,
                 claims: list) -> list[EventMention]:
        starts = sentence_starts(doc)
        contents = [(c.content_start_char, c.content_end_char, c) for c in claims]
        cues = self._cues(doc)
        observed = {i for cue in cues if cue.cue_type == "observer" for i in range(cue.start, cue.end)}
        lowers = [token.lower_ for token in doc]  # one pass: clause scans look words up by index
        by_sentence: dict[int, list[Mention]] = {}
        for mention in mentions:
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
        context = _Context(doc, published, mentions, timexes, cues, starts, contents, observed, lowers, by_sentence)
        inside_entity = {i for m in mentions if m.label != "COUNTRY" for i in range(m.start, m.end)}
        found = [self._mention(context, rule_id, start, end) for rule_id, start, end in self._triggers(doc)
                 if start not in inside_entity]
        found = [m for m in found if m is not None]
        found = [_mark_anaphora_and_history(m, context) for m in _attach_sentence_arguments(found, context)]
        found += _condemn_from_claims(context, claims, found)
        found = resolve_anaphora(found, published, article_country(mentions))
        return _outcome_from_other_sentences(found, context)

    def _triggers(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Trigger matches, longest first at each position, never overlapping."""
        # Longest first; equal spans go to the rule listed first in triggers.jsonl.
        order = self.trigger_order
        matches = sorted(self.triggers(doc), key=lambda x: (x[1], -x[2], order[x[0]]))
        chosen, last_end = [], -1
        for rule_id, start, end in matches:
            if start >= last_end:
                chosen.append((rule_id, start, end))
                last_end = end
        return chosen

    def _cues(self, doc: Doc) -> list[Cue]:
        result = []
        for rule_id, start, end in self.cues(doc):
            rule = self.cue_rules[rule_id]
            classes = frozenset(rule.get("classes")) if rule.get("classes") else None
            result.append(Cue(rule.get("cue_type"), rule.get("value") or "", start, end, rule_id,
                              rule.get("scope") == "after", classes, rule.get("within"),
                              rule.get("evidence") or "stated"))
        return sorted(result, key=lambda c: (c.start, -c.end))

    def _mention(self, ctx: _Context, rule_id: str, start: int, end: int) -> EventMention | None:
        rule = self.trigger_rules[rule_id]
        doc = ctx.doc
        span = doc[start:end]
        sentence = sentence_span(doc, ctx.starts, start)
        event_type = rule.get("event_type")
        in_sentence = ctx.by_sentence.get(sentence_of(ctx.starts, start), [])
        if rule.get("requires") == "weapon" and not any(m.label in {"ROCKET", "SATELLITE"} for m in in_sentence):
            return None  # "tested positive", "a test of wills": no rocket, missile or satellite in sight
        if _vetoed(ctx, event_type, start, end, in_sentence):
            return None
        if start > 0 and doc[start - 1].text == "-":
            return None  # part of a compound modifier: "live-fire drills", "test-fire site"
        if rule_id == "talks.noun" and span.text.lower() == "call" and not _near_word(ctx.lowers, start, {"phone", "held"}):
            return None
        mention = EventMention(sentence_of(ctx.starts, start), span.start_char, span.end_char, span.text, event_type,
                               rule_id, rule.get("form") or "verb", sentence.text, start)
        mention = _attach_participants(mention, ctx, in_sentence, start, end)
        return _attach_realis(mention, ctx, sentence, start)


@dataclass
class _Context:
    doc: Doc
    published: date | None
    mentions: list[Mention]
    timexes: list
    cues: list
    starts: list[int]
    contents: list[tuple]  # (content start, content end, claim)
    observed: set[int]     # tokens of observer cues ("detected", "reported")
    lowers: list[str]      # lower-case text of every token
    by_sentence: dict[int, list[Mention]]  # entity mentions per sentence index


@dataclass(frozen=True)
class Cue:
    """One argument cue found in the document (token offsets)."""

    cue_type: str
    value: str
    start: int
    end: int
    rule_id: str
    after: bool                       # applies after the trigger (`"scope": "after"`)
    classes: frozenset[str] | None    # weapon classes it applies to; None = all
    within: int | None = None         # veto cues: at most this many tokens after the trigger
    evidence: str = "stated"          # outcome cues: "inferred" for indirect words ("flew 1,000 km")


def _vetoed(ctx: _Context, event_type: str, start: int, end: int, in_sentence: list[Mention]) -> bool:
    """A veto cue of this event type within its reach after the trigger, in its clause, before
    any rocket or satellite: "launched an investigation", "launch pad"; not "launched a
    submarine-launched ballistic missile", where the cue word is part of the weapon's name."""
    vetoes = [cue for cue in ctx.cues if cue.cue_type == "veto" and cue.value == event_type
              and (end <= cue.start <= end + (cue.within or 0) if cue.after else cue.start < start < cue.end)]
    if not vetoes:
        return False
    clause_end = _clause_id(ctx, start)[1]
    for cue in vetoes:
        if cue.start >= clause_end or ctx.lowers[cue.end:cue.end + 1] == ["-"]:
            continue  # "submarine-launched cruise missiles": a modifier, not the object
        if not any(m.label in {"ROCKET", "SATELLITE"} and m.end > end and m.start <= cue.start for m in in_sentence):
            return True
    return False


def _near_word(lowers: list[str], index: int, words: set[str], window: int = 3) -> bool:
    lo, hi = max(0, index - window), min(len(lowers), index + window + 1)
    return any(lowers[i] in words for i in range(lo, hi))


def _clause_start(lowers: list[str], sentence, index: int, breaks: set[str] = CLAUSE_BREAKS) -> int:
    """First token of the clause containing `index`: after the last clause break before it."""
    for i in range(index - 1, sentence.start - 1, -1):
        if lowers[i] in breaks:
            return i + 1
    return sentence.start


def _attach_participants(mention: EventMention, ctx: _Context, in_sentence: list[Mention], start: int,
                         end: int) -> EventMention:
    # Inside reported speech ("Seoul said North Korea fired ..."), the agent is in the content.
    claim = _claim_around(ctx, mention.start_char)
    content_start = claim.content_start_char if claim else None
    # A country before "detected"/"reported" watched the launch: "Seoul and Tokyo reported a launch".
    before = [m for m in in_sentence if m.end <= start and (content_start is None or m.start_char >= content_start)
              and not any(i in ctx.observed for i in range(m.end, start))]
    after = [m for m in in_sentence if m.start >= end]
    weapons = [m for m in in_sentence if m.label == "ROCKET"]
    payloads = [m for m in in_sentence if m.label == "SATELLITE" and m.entity_id.startswith(("weapon.", "class."))]
    weapon = _nearest(_prefer_named(weapons), start)
    payload = _nearest(_prefer_named(payloads), start)
    named_payload = payload if payload is not None and payload.kind == "named" else None
    actor = _relative_clause_head(ctx, start, before) or _actor(
        ctx.doc, mention.event_type, before, after, weapon if weapon and weapon.kind == "named" else named_payload)
    speaker_acts = claim is not None and claim.speaker_country and (
        mention.event_type != "LAUNCH" or _speaker_is_subject(ctx.doc, claim, start))
    agent_in_content = any(m.country and m.label in AGENT_LABELS for m in before)
    if speaker_acts and not agent_in_content and not (actor and actor.kind == "named"):
        # "“We condemn the launch,” Kishida said" / "North Korea said it had tested ...":
        # with no agent inside the content, the speaker is the agent.
        return _with_actor(mention, claim.speaker_country, claim.speaker_entity_id, ctx, in_sentence, start, end,
                           weapon, payload, after)
    return _with_actor(mention, actor.country if actor else None, actor.entity_id if actor else None, ctx,
                       in_sentence, start, end, weapon, payload, after)


def _with_actor(mention: EventMention, country: str | None, entity_id: str | None, ctx: _Context,
                in_sentence: list[Mention], start: int, end: int, weapon, payload, after) -> EventMention:
    target = _target(mention.event_type, country, after)
    locations = [m for m in in_sentence if m.label == "LOCATION"]
    return mention.updated(actor_country=country, actor_entity_id=entity_id,
                   target_country=target,
                   weapon_entity_id=weapon.entity_id if weapon else None,
                   weapon_class=weapon.role if weapon else ("SLV" if payload and mention.event_type == "LAUNCH" else None),
                   weapon_family=weapon.family if weapon else None,
                   payload_entity_id=payload.entity_id if payload else None,
                   count=_count(ctx.doc, weapon) if weapon else None,
                   location=_nearest(locations, start).name if locations else None)


def _prefer_named(mentions: list[Mention]) -> list[Mention]:
    named = [m for m in mentions if m.kind == "named"]
    return named or mentions


def _nearest(mentions: list[Mention], index: int) -> Mention | None:
    return min(mentions, key=lambda m: (abs(m.start - index), m.start), default=None)


def _first_conjunct(doc: Doc, bearers: list[Mention]) -> Mention:
    """From the nearest bearer, walk left over a coordination ("The United States and
    South Korea began drills") to its first member."""
    chosen = bearers[-1]
    for previous in reversed(bearers[:-1]):
        between = doc[previous.end:chosen.start]
        if len(between) > 3 or not all(t.lower_ in COORDINATORS or t.lower_ == "the" for t in between):
            break
        chosen = previous
    return chosen


def _relative_clause_head(ctx: _Context, start: int, before: list[Mention]) -> Mention | None:
    """"..., unlike Pyongyang, which tested a missile two weeks ago": in a relative clause the
    agent is the country-bearing mention the clause hangs from."""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    opener = _clause_start(ctx.lowers, sentence, start, breaks={"which", "who"})
    if opener <= sentence.start + 1 or ctx.lowers[opener - 2] != ",":
        return None
    head = [m for m in before if m.end == opener - 2 and m.country and m.label in AGENT_LABELS]
    return head[0] if head else None


def _actor(doc: Doc, event_type: str, before: list[Mention], after: list[Mention],
           weapon: Mention | None) -> Mention | None:
    """The agent.  For launches, a named vehicle's operator ("a Hwasong-18") is the most
    reliable; otherwise the nearest country-bearing mention before the trigger (the
    subject in English news order; inside reported speech only the content counts); else,
    except for launches, the first one after it."""
    if event_type == "LAUNCH" and weapon is not None and weapon.kind == "named" and weapon.country:
        return weapon
    bearers = [m for m in before if m.country and m.label in AGENT_LABELS]
    if bearers:
        return _first_conjunct(doc, bearers)
    if event_type == "LAUNCH":
        # After a launch verb come targets and places ("toward Japan", "near the Mexican
        # border"), not agents: an agentless launch takes the article's main country later.
        return weapon if weapon is not None and weapon.country else None
    later = [m for m in after if m.country and m.label in AGENT_LABELS]
    return later[0] if later else None


def _speaker_is_subject(doc: Doc, claim, start: int) -> bool:
    """"North Korea said it had tested ...": the content opens with a pronoun for the
    speaker and the trigger is its verb, not a noun ("it detected the launch")."""
    first = doc.char_span(claim.content_start_char, claim.content_end_char, alignment_mode="expand")
    if first is None or first[0].lower_ not in SPEAKER_PRONOUNS:
        return False
    return not _definite_noun_phrase(doc, start, DEFINITE | {"a", "an"})


def _claim_around(ctx: _Context, char: int):
    """The claim whose content contains this character offset, if any."""
    return next((claim for a, b, claim in ctx.contents if a <= char < b), None)


def _target(event_type: str, actor_country: str | None, after: list[Mention]) -> str | None:
    if event_type not in {"CONDEMN", "SANCTION", "TALKS"}:
        return None
    for m in after:
        if m.label == "COUNTRY" and m.country != actor_country:
            return m.country
    return None


def _count(doc: Doc, weapon: Mention) -> int | None:
    """"two short-range missiles" -> 2: a number right before the weapon phrase."""
    for i in range(weapon.start - 1, max(-1, weapon.start - 3), -1):
        token = doc[i]
        if token.lower_ in NUMBER_WORDS:
            return NUMBER_WORDS[token.lower_]
        if token.like_num and token.text.isdigit():
            return int(token.text)
    return None


def _attach_sentence_arguments(found: list[EventMention], ctx: _Context) -> list[EventMention]:
    """Dates, outcomes and failure stages, which need to know every trigger of a sentence."""
    # "Long March 5" names a rocket, it does not date one.
    names = [(m.start_char, m.end_char) for m in ctx.mentions if m.label in {"ROCKET", "SATELLITE"}]
    ctx.timexes = [t for t in ctx.timexes if not any(a <= t.start_char < b for a, b in names)]
    by_sentence: dict[int, list[EventMention]] = {}
    for mention in found:
        by_sentence.setdefault(mention.sentence_index, []).append(mention)
    result = []
    for index, group in sorted(by_sentence.items()):
        timexes = [t for t in ctx.timexes if t.sentence_index == index and t.timex_type in {"DATE", "TIME"}
                   and t.start is not None]
        dated = [_attach_date(m, ctx, group, timexes) for m in group]
        # Launch triggers of one sentence ("attempt to launch") that share their date
        # describe one launch: outcome cues anywhere in the sentence apply to it.
        # Undated triggers ("ending a launch that ...") do not make a second launch.
        launches = [m for m in dated if m.event_type == "LAUNCH" and m.realis == "actual"]
        launch_dates = {m.date_key for m in launches if m.date_key is not None}
        launchers = {m.actor_country for m in launches if m.actor_country is not None}
        single = len(launch_dates) <= 1 and len(launchers) <= 1
        for mention in dated:
            others = [m for m in launches if m is not mention]
            result.append(_attach_outcome(mention, ctx, single_launch=single, others=others))
    return result


def _clause_id(ctx: _Context, index: int) -> tuple[int, int]:
    """(start, end) token bounds of the clause containing `index`."""
    sentence = sentence_span(ctx.doc, ctx.starts, index)
    start = _clause_start(ctx.lowers, sentence, index)
    end = next((i for i in range(index + 1, sentence.end) if ctx.lowers[i] in CLAUSE_BREAKS), sentence.end)
    return start, end


def _attach_date(mention: EventMention, ctx: _Context, group: list[EventMention], timexes: list) -> EventMention:
    """The point-in-time expression of the trigger's clause; else the nearest one in the
    sentence that no other trigger of the sentence is nearer to."""
    offset = _days_before(ctx.doc, mention.token_start)
    if not timexes:
        # "The launch came two weeks after the failed attempt": dated from the main event.
        return mention.updated(days_before_main=offset) if offset else mention
    doc = ctx.doc
    clause = _clause_id(ctx, mention.token_start)
    def token_of(t):
        return doc.char_span(t.start_char, t.end_char, alignment_mode="expand").start
    def distance(m, t):
        return abs(token_of(t) - m.token_start)
    claim = _claim_around(ctx, mention.start_char)
    if claim is not None and offset is None:
        # "KCNA reported on Monday that it had tested ...": Monday dates the report, and
        # "..., a day after the launch" dates the launch from it.
        inside = [t for t in timexes if claim.content_start_char <= t.start_char < claim.content_end_char]
        report_lag = _report_lag(ctx, mention)
        if not inside and report_lag is not None:
            reports = [t for t in timexes if t.granularity == "day" and t not in inside]
            if reports:
                report = min(reports, key=lambda t: distance(mention, t))
                day = report.start - timedelta(days=report_lag)
                return mention.updated(date_key=(report.start_char, report.end_char), date_text=report.text,
                                       date_start=day, date_end=day, granularity="day", date_source="sentence",
                                       date_relative=report.resolver.startswith(RELATIVE_RESOLVERS))
        timexes = inside
        if not timexes:
            return mention
    # "the first launch since April 13": a date after "since" bounds a period, it does not
    # date the trigger before it.
    timexes = [t for t in timexes if not (token_of(t) > mention.token_start and token_of(t) > 0
                                          and ctx.lowers[token_of(t) - 1] == "since")]
    same_clause = [t for t in timexes if clause[0] <= token_of(t) < clause[1]] or _when_clause_date(ctx, clause[0],
                                                                                                  timexes)
    owned = [t for t in timexes if min(group, key=lambda m: (distance(m, t), m.token_start)) is mention]
    if offset == SOME_DAYS_BEFORE and not same_clause:
        return mention.updated(days_before_main=offset)  # "days after the failed attempt"
    # A plan's date must be in its own clause: "pledged to launch after a failure in May".
    candidates = same_clause if mention.realis != "actual" else (same_clause or owned)
    if not candidates:
        return mention
    best = min(candidates, key=lambda t: (distance(mention, t), t.start_char))
    start, end, granularity = best.start, best.end, best.granularity
    if ctx.published is not None and end is not None and best.text.lower().startswith(BEFORE_TODAY):
        # "earlier this month" in a report of today's launch is another launch, before today.
        end = max(start, min(end, ctx.published - timedelta(days=1)))
    if offset is not None and offset > 0 and not same_clause and granularity in {"day", "time"}:
        # "vowed on Thursday ..., a day after the first attempt": the attempt was Wednesday.
        start = end = best.start - timedelta(days=offset)
        granularity = "day"
    return mention.updated(date_key=(best.start_char, best.end_char), date_text=best.text, date_start=start,
                   date_end=end, granularity=granularity, date_source="sentence",
                   date_relative=best.resolver.startswith(RELATIVE_RESOLVERS))


def _report_lag(ctx: _Context, mention: EventMention) -> int | None:
    """Days from the launch to the report in "North Korea said Thursday it had tested ...,
    a day after the launch": "<N> day(s) after the <launch word>" later in the sentence."""
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    lowers = ctx.lowers
    for i in range(mention.token_start + 1, sentence.end - 3):
        if lowers[i + 1] in {"day", "days"} and lowers[i + 2] == "after" and lowers[i + 3] in {"the", "its"}:
            amount = NUMBER_WORDS.get(lowers[i]) or (int(lowers[i]) if lowers[i].isdigit() else None)
            noun = lowers[i + 4] if i + 4 < sentence.end else ""
            if amount and noun in REPORTED_LAUNCH_NOUNS:
                return amount
    return None


def _when_clause_date(ctx: _Context, clause_start: int, timexes: list) -> list:
    """"since April 13, when it test-fired ...": a when-clause is dated by the expression it
    hangs from."""
    if clause_start < 1 or ctx.lowers[clause_start - 1] != "when":
        return []
    last = clause_start - 2
    if last >= 0 and ctx.lowers[last] == ",":
        last -= 1
    return [t for t in timexes
            if ctx.doc.char_span(t.start_char, t.end_char, alignment_mode="expand").end - 1 == last]


def _days_before(doc: Doc, start: int) -> int | None:
    """Days between a sentence's date and an event introduced by "a day after" / "two weeks
    after" / "hours after" just before the trigger; None when there is no such phrase."""
    for i in range(start - 1, max(-1, start - 8), -1):
        if doc[i].lower_ != "after" or i < 2:
            continue
        unit, amount = doc[i - 1].lower_, doc[i - 2].lower_
        if unit in {"hours", "hour", "minutes"}:
            return 0
        if unit in DAYS_PER_UNIT:
            number = NUMBER_WORDS.get(amount) or (int(amount) if amount.isdigit() else None)
            # "days after the failed attempt": before the main event, by an unknown amount.
            return number * DAYS_PER_UNIT[unit] if number else SOME_DAYS_BEFORE
    return None


def _inside_quote_from(doc: Doc, lo: int, index: int) -> int:
    """The first token after a quotation mark opened in [lo, index) and not closed before
    `index`; `lo` when there is none.  A straight quote opens when it is glued to the next
    word and not to the previous one."""
    opened = None
    for i in range(lo, index):
        text = doc[i].text
        if text == "“" or (text == '"' and not doc[i].whitespace_ and (i == 0 or doc[i - 1].whitespace_)):
            opened = i + 1
        elif text in {"”", '"'}:
            opened = None
    return opened if opened is not None else lo


def _attach_realis(mention: EventMention, ctx: _Context, sentence, start: int) -> EventMention:
    # Coordinated verbs share their modal ("would investigate and carry out a launch"),
    # so "and" does not end the clause a realis cue governs.
    clause_start = _clause_start(ctx.lowers, sentence, start, breaks=(CLAUSE_BREAKS - {"and"}) | {"that"})
    # A quotation still open at the trigger starts its own clause; a quoted phrase closed
    # before it ('would investigate "the defects" and carry out a launch') does not.
    clause_start = max(clause_start, _inside_quote_from(ctx.doc, clause_start, start))
    clause_end = _clause_id(ctx, start)[1]
    realis = "actual"
    for cue in ctx.cues:
        if cue.cue_type != "realis":
            continue
        if cue.after:
            # "the first attempt ... was called off": cues that follow the trigger
            applies = start < cue.start < min(clause_end, start + 10)
        else:
            # "a third launch would be attempted", "a launch does not appear imminent", "a third
            # flight of the missile could come": a modal or negated auxiliary right after the
            # trigger (after a noun trigger's whole phrase) counts too.
            reach = NOUN_REACH if mention.form == "noun" else VERB_REACH
            word, previous = ctx.lowers[cue.start], ctx.lowers[cue.start - 1]
            # A definite launch happened: "the launch did not pose any threat" negates the verb.
            negated_after = cue.value == "negated" and previous in NEGATED_AUXILIARIES \
                and not _definite_noun_phrase(ctx.doc, start)
            modal_after = start < cue.start <= start + reach and cue.start < clause_end and (
                word in AUXILIARIES or negated_after)
            applies = clause_start <= cue.start < start or modal_after
        if applies:
            realis = _stronger_realis(realis, cue.value)
    return mention.updated(realis=realis)


def _attach_outcome(mention: EventMention, ctx: _Context, single_launch: bool,
                    others: list[EventMention] = ()) -> EventMention:
    """Launch outcome and failed stage from cues of the trigger's clause (of the whole
    sentence when it reports a single launch, except the clauses of its other launch
    triggers); plans and hypotheses have no outcome."""
    if mention.event_type != "LAUNCH" or mention.realis != "actual":
        return mention
    sentence = sentence_span(ctx.doc, ctx.starts, mention.token_start)
    own = _clause_id(ctx, mention.token_start)
    bounds = (sentence.start, sentence.end) if single_launch else own
    foreign = [_clause_id(ctx, m.token_start) for m in others] if single_launch else []
    foreign = [c for c in foreign if c != own]
    decisive, stage_cue = None, None
    for cue in ctx.cues:
        if not bounds[0] <= cue.start < bounds[1] or any(a <= cue.start < b for a, b in foreign):
            continue
        if not own[0] <= cue.start < own[1] and _prior_event_clause(ctx, cue.start):
            continue  # "reached orbit, after a failure last year": that failure is another launch
        if cue.classes is not None and mention.weapon_class not in cue.classes:
            continue  # "fell into the sea" fails a space launch, not a missile test
        if cue.cue_type == "outcome" and (_after_modal(ctx.doc, cue.start) or _negated(ctx, cue.start)):
            continue  # "would soon reach orbit" is a hope, "did not explode" no outcome
        if cue.cue_type == "outcome" and (decisive is None or (cue.value == "failure" != decisive.value)):
            decisive = cue  # a failure word beats a success word of the same clause
        elif cue.cue_type == "stage" and stage_cue is None:
            stage_cue = cue
    stage = _stage_name(ctx.lowers[stage_cue.start]) if stage_cue else None
    if decisive is None and stage_cue is not None:
        # "a malfunction of the third stage" without another outcome word: a failure, inferred.
        return mention.updated(outcome="failure", failure_stage=stage, outcome_rule_id=stage_cue.rule_id,
                               outcome_evidence="inferred")
    if decisive is None:
        return mention.updated(failure_stage=stage)
    return mention.updated(outcome=decisive.value, failure_stage=stage if decisive.value == "failure" else None,
                           outcome_rule_id=decisive.rule_id, outcome_evidence=decisive.evidence)


def _prior_event_clause(ctx: _Context, index: int) -> bool:
    """Is the word in a clause about an earlier event: opened by "after", "following" or
    "since", or a pluperfect ("a rocket that had failed repeatedly")?"""
    sentence = sentence_span(ctx.doc, ctx.starts, index)
    opener = _clause_start(ctx.lowers, sentence, index)
    return (opener > sentence.start and ctx.lowers[opener - 1] in PRIOR_CLAUSE_OPENERS) \
        or "had" in ctx.lowers[max(sentence.start, index - 2):index]


def _outcome_from_other_sentences(found: list[EventMention], ctx: _Context) -> list[EventMention]:
    """Wire copy often gives the outcome of the reported launch in a sentence of its own
    ("The rocket exploded four minutes later"): outcome cues in sentences without any launch
    trigger go to the article's main launch when it has none, unless the sentence is about
    something else (a date outside the launch's, a vehicle of another family).  A failed
    stage counts only next to a failure word there ("the first stage separated normally")."""
    main = main_events(found).get("LAUNCH")
    if main is None or main.outcome is not None:
        return found
    launches_by_sentence: dict[int, list[EventMention]] = {}
    for m in found:
        if m.event_type == "LAUNCH":
            launches_by_sentence.setdefault(m.sentence_index, []).append(m)
    outcomes, stages = [], []
    for cue in ctx.cues:
        sentence = sentence_of(ctx.starts, cue.start)
        if sentence in launches_by_sentence or not _about_launch(ctx, sentence, main):
            continue
        if not _follows_main_launch(launches_by_sentence, sentence, main):
            continue
        if cue.classes is not None and main.weapon_class not in cue.classes:
            continue
        if cue.cue_type == "outcome" and not _after_modal(ctx.doc, cue.start) and not _negated(ctx, cue.start):
            outcomes.append((sentence, cue))
        elif cue.cue_type == "stage":
            stages.append((sentence, _stage_name(ctx.lowers[cue.start])))
    if not outcomes:
        return found
    failed = {sentence for sentence, cue in outcomes if cue.value == "failure"}
    decisive = next((cue for _, cue in outcomes if cue.value == "failure"), outcomes[0][1])
    stage = main.failure_stage or next((name for sentence, name in stages if sentence in failed), None)
    # Another sentence's word is weaker evidence than one in the trigger's own clause.
    return [m.updated(outcome=decisive.value, failure_stage=stage, outcome_rule_id=decisive.rule_id,
                      outcome_evidence="inferred") if m is main else m for m in found]


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


def _negated(ctx: _Context, index: int) -> bool:
    """"the warhead did not explode": a negation just before the cue."""
    return bool(set(ctx.lowers[max(0, index - 2):index]) & {"not", "n't", "never", "no"})


def _about_launch(ctx: _Context, sentence: int, main: EventMention) -> bool:
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


def _after_modal(doc: Doc, index: int) -> bool:
    return any(doc[i].lower_ in MODALS for i in range(max(0, index - 3), index))


def _stage_name(word: str) -> str:
    return STAGE_WORDS.get(word, word)


def _stronger_realis(current: str, cue: str) -> str:
    """Negation beats hypothesis beats plan beats fact, within one clause."""
    order = {"actual": 0, "planned": 1, "hypothetical": 2, "negated": 3}
    return cue if order[cue] > order[current] else current


def _definite_noun_phrase(doc: Doc, start: int, determiners: set[str] = DEFINITE) -> bool:
    """Does the trigger end a noun phrase opened by a definite determiner ("the latest
    launch")?  Proper names end the walk back: "The United States echoed" is no anaphor."""
    for i in range(start - 1, max(-1, start - 5), -1):
        token = doc[i]
        if token.lower_ in determiners:
            return True
        if token.lower_ in NP_STOPS or token.is_title or not (token.is_alpha or token.text in {"-", "’s", "'s"}):
            return False
    return False


def _mark_anaphora_and_history(mention: EventMention, ctx: _Context) -> EventMention:
    noun = mention.form == "noun" or mention.trigger.lower() in NOUN_LIKE_TRIGGERS
    undated = mention.date_source is None or mention.granularity not in {"day", "time", "week"}
    anaphoric = noun and undated and _definite_noun_phrase(ctx.doc, mention.token_start)
    if anaphoric and mention.date_source is not None and mention.granularity in {"year", "decade", "century"}:
        # "the first such launch this year": the year qualifies the launch, the main event dates
        # it; a month does date it ("in August a third-stage problem doomed the second attempt")
        mention = mention.updated(date_key=None, date_text=None, date_start=None, date_end=None,
                          granularity=None, date_source=None, date_relative=False)
    historical = False
    if mention.realis == "actual" and mention.date_end is not None and ctx.published is not None:
        historical = mention.date_end < ctx.published - timedelta(days=HISTORICAL_AFTER_DAYS)
    realis = mention.realis
    if realis == "actual" and not anaphoric and _aggregate(ctx, mention):
        realis = "generic"  # "a record number of missile launches in 2022" is many events, none dated
    return mention.updated(anaphoric=anaphoric, historical=historical, realis=realis)


def _aggregate(ctx: _Context, mention: EventMention) -> bool:
    """A launch mention that counts many launches over a period rather than reporting one,
    without a day-level date: a plural launch noun, "dozens of missiles", "more than 100
    missiles", or a tally "since" some time ("has fired 30 missiles since January"; but
    "its first launch since April" is one launch)."""
    if mention.event_type != "LAUNCH" or mention.granularity in {"day", "time", "week"}:
        return False
    start = mention.token_start
    words = ctx.lowers[start:start + 5]
    plural = mention.trigger.split()[-1].lower() in PLURAL_LAUNCH_NOUNS
    many = bool(set(words[:4]) & MANY_WORDS) or any(_big_number(w) for w in words)
    clause_end = _clause_id(ctx, start)[1]
    tally = "since" in ctx.lowers[start:clause_end + 1] and not set(ctx.lowers[max(0, start - 4):start]) & SINGLE_WORDS
    return plural or many or tally


def _big_number(word: str) -> bool:
    """More launches than one day's salvo is usually reported with: "100", "1,000"."""
    digits = word.replace(",", "")
    return digits.isdigit() and int(digits) >= 10


def _condemn_from_claims(ctx: _Context, claims: list, found: list[EventMention]) -> list[EventMention]:
    """A claim with a condemning stance is a CONDEMN event by its speaker, unless a
    CONDEMN trigger already covers that sentence."""
    covered = {m.sentence_index for m in found if m.event_type == "CONDEMN"}
    extra = []
    for claim in claims:
        if claim.stance != "condemn" or claim.sentence_index in covered or not claim.speaker_country:
            continue
        token = ctx.doc.char_span(claim.cue_start_char, claim.cue_end_char, alignment_mode="expand")
        if token is None:
            continue
        sentence = sentence_span(ctx.doc, ctx.starts, token.start)
        covered.add(claim.sentence_index)
        extra.append(EventMention(claim.sentence_index, claim.cue_start_char, claim.cue_end_char, claim.cue, "CONDEMN",
                                  f"claim:{claim.rule_id}", "verb", sentence.text, token.start,
                                  actor_country=claim.speaker_country, actor_entity_id=claim.speaker_entity_id))
    return extra

