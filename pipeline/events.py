"""Event mentions: triggers from `models/events/triggers.jsonl`, arguments from the entity,
date and cue tables of the same sentence, realis from cues in the trigger's clause.

One mention per trigger match.  Arguments attach within the trigger's sentence; a
definite noun trigger with no date of its own ("the launch", "the latest launch",
"the failure") is an anaphor and takes the missing arguments of the article's main
event of that type (`anaphora_main_event_v6`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Span

from pipeline.entities import Mention, sentence_of, sentence_span, sentence_starts
from pipeline.event_anaphora import drop_other_test_anaphors, launching_country, resolve_anaphora
from pipeline.event_context import (CLAUSE_BREAKS, DEFINITE, Cue, EventContext, build_context,
                                    claim_around, clause_bounds, clause_start, compound_half, cues_of,
                                    definite_noun_phrase, guarded_tokens, near_word)
from pipeline.event_dates import attach_date, date_from_detection, date_objects_as_verbs
from pipeline.event_lexicon import EventLexicon, load_event_lexicon
from pipeline.event_history import mark_history, unanchored_background, unanchored_indefinites
from pipeline.event_model import EventMention, noun_mention
from pipeline.event_outcome import attach_outcome, mark_self_reported, outcome_from_other_sentences
from pipeline.event_rules import read_event_rules
from pipeline.event_agents import (agent_window, in_place_phrase, launch_site_country, observer, participle_subject,
                                   passive_agent, passive_subject_nationality, pronoun_owner, reporting_speaker,
                                   right_before)
from pipeline.event_weapons import (choose_weapon, identify_main_weapon, in_later_clause, name_main_weapon_from_before,
                                    nearest, prefer_named, whole_word_mentions)
from pipeline.rules.gated import GatedMatcher
from pipeline.rules.loader import InvalidRules
from pipeline.rules.time_zones import load_time_zones, same_clock

COORDINATORS = {",", "and", "&"}
SPEAKER_PRONOUNS = {"it", "we", "they"}
AGENT_LABELS = {"COUNTRY", "OFFICIAL", "ORGANIZATION"}
AUXILIARIES = {"will", "would", "could", "may", "might", "should", "is", "was", "to"}
FINITE_AUXILIARIES = {"was", "were", "is", "are"}  # no modal stands before these
OPENERS = {"whether", "if", "that", "when", "who"}
CONDITION_OPENERS = {"when", "once", "if", "unless", "until"}
NEGATED_AUXILIARIES = {"does", "did", "do", "is", "was", "were", "are", "has", "have", "had"}
VERB_REACH, NOUN_REACH = 3, 6  # tokens after a trigger where its modal may stand
# A generic missile launched "from a submarine" (`submarine_word`, `platform_preposition` of the
# lexicon) within this many tokens after the trigger is an SLBM.
PLATFORM_REACH = 10
PLATFORM_REFINED_CLASSES = {None, "BM", "MISSILE"}
# Coordinated verbs share their modal ("would investigate and carry out a launch"), so "and"
# does not end the clause a realis cue governs.
REALIS_BREAKS = frozenset((CLAUSE_BREAKS - {"and", ":"}) | {"that"})
RELATIVE_BREAKS = frozenset({"which", "who"})


class EventExtractor:
    """Finds event mentions and their arguments in a parsed article."""

    def __init__(self, vocab, models_dir: Path):
        triggers, cues, errors = read_event_rules(models_dir)
        if errors:
            raise InvalidRules(errors)
        self.trigger_rules = {r.get("id"): r for r in triggers}
        self.trigger_order = {r.get("id"): i for i, r in enumerate(triggers)}
        self.cue_rules = {r.get("id"): r for r in cues}
        self.cue_fields = {rule_id: _cue_fields(rule) for rule_id, rule in self.cue_rules.items()}
        self.triggers = GatedMatcher(vocab, triggers)
        self.cues = GatedMatcher(vocab, cues)
        self.zones, errors = load_time_zones(models_dir)
        if errors:
            raise InvalidRules(errors)
        # Loaded once per extractor, from its own models dir, and handed to every document's context.
        self.lexicon, errors = load_event_lexicon(models_dir)
        if errors:
            raise InvalidRules(errors)

    def __call__(self, doc: Doc, published: date | None, mentions: list[Mention], timexes: list,
                 claims: list, text: str | None = None) -> list[EventMention]:
        """The event mentions of a document; `text` is its text when the caller has it (saves
        rebuilding `doc.text` from the tokens)."""
        starts = sentence_starts(doc)
        mentions = whole_word_mentions(doc, mentions)
        context = build_context(doc, published, mentions, timexes, self._cues(doc), starts, claims,
                                self.lexicon, text)
        inside_entity = {i for m in mentions if m.label != "COUNTRY" for i in range(m.start, m.end)}
        triggers = [t for t in self._triggers(doc) if t[1] not in inside_entity]
        # Launch words that may own a weapon named after them; not the half of "submarine-launched".
        context.launch_starts = sorted(start for rule_id, start, _ in triggers if rule_id.startswith("launch.")
                                       and not compound_half(doc, start))
        found = [self._mention(context, rule_id, start, end) for rule_id, start, end in triggers]
        found = [m for m in found if m is not None]
        found = date_from_detection(mark_history(_attach_sentence_arguments(found, context), context), context)
        found += _condemn_from_claims(context, claims, found)
        found = resolve_anaphora(found, published, launching_country(mentions, context),
                                 context)
        found = drop_other_test_anaphors(unanchored_background(unanchored_indefinites(found, context), context),
                                         context)
        found = [_without_foreign_weapon(m) for m in found]
        found = name_main_weapon_from_before(identify_main_weapon(found, context), context)
        found = mark_self_reported(outcome_from_other_sentences(found, context), context)
        filed_in = context.filed_in
        return [m.updated(dateline_country=filed_in, dateline_local=same_clock(self.zones, filed_in, m.actor_country))
                for m in found]

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
        fields = self.cue_fields
        result = [Cue(**fields[rule_id], start=start, end=end) for rule_id, start, end in self.cues(doc)]
        return sorted(result, key=lambda c: (c.start, -c.end))

    def _mention(self, ctx: EventContext, rule_id: str, start: int, end: int) -> EventMention | None:
        rule = self.trigger_rules[rule_id]
        doc = ctx.doc
        span = Span(doc, start, end)  # bounds valid by construction: no slice check
        sentence = sentence_span(doc, ctx.starts, start)
        event_type = rule.get("event_type")
        in_sentence = ctx.by_sentence.get(sentence_of(ctx.starts, start), [])
        if rule.get("requires") == "weapon" and not any(m.label in {"ROCKET", "SATELLITE"} for m in in_sentence):
            return None  # "tested positive", "a test of wills": no rocket, missile or satellite in sight
        veto = _veto(ctx, event_type, start, end, in_sentence)
        if veto is not None:
            if veto.takes_anaphors:
                ctx.other_tests.append(start)
            return None
        if start > 0 and doc[start - 1].text == "-":
            return None  # part of a compound modifier: "live-fire drills", "test-fire site"
        if _into_flight_of_earlier(ctx, start, sentence.start):
            return None
        # Texts sliced from the document's text: Span.text makes a Token for every word.
        text = ctx.text[span.start_char:span.end_char]
        if rule_id == "talks.noun" and text.lower() == "call" and not near_word(ctx.lowers, start, {"phone", "held"}):
            return None
        mention = EventMention(sentence_of(ctx.starts, start), span.start_char, span.end_char, text, event_type,
                               rule_id, rule.get("form") or "verb", ctx.text[sentence.start_char:sentence.end_char],
                               start)
        mention = _attach_participants(mention, ctx, in_sentence, start, end)
        return _attach_realis(mention, ctx, sentence, start)


def _into_flight_of_earlier(ctx: EventContext, start: int, sentence_start: int) -> bool:
    """"launched a Taepodong-2 that broke apart less than a minute into flight": a noun after "into"
    measures the flight of a launch its sentence has already named, and is no mention of its own."""
    lowers = ctx.lowers
    into = start - 2 if start > 1 and lowers[start - 1] in {"its", "the", "their"} else start - 1
    return into >= 0 and lowers[into] == "into" \
        and any(sentence_start <= other < into for other in ctx.launch_starts)


def _cue_fields(rule) -> dict:
    """The fields of every cue a cue rule finds, but its offsets (read from the rule once)."""
    return {"cue_type": rule.get("cue_type"), "value": rule.get("value") or "", "rule_id": rule.get("id"),
            "after": rule.get("scope") == "after",
            "classes": frozenset(rule.get("classes")) if rule.get("classes") else None,
            "within": rule.get("within"), "evidence": rule.get("evidence") or "stated",
            "any_sentence": bool(rule.get("any_sentence")), "takes_anaphors": bool(rule.get("takes_anaphors"))}


def _without_foreign_weapon(mention: EventMention) -> EventMention:
    """"South Korea says its army fired two Hyunmoo-2 missiles within minutes of the launch": a
    launch by one country never takes a system another country operates as its own, nor its class
    (a short-range class would keep the North's ICBM apart from its own reports);
    "Russia fired North Korean KN-23s at Kyiv" keeps Russia as the launcher all the same."""
    if mention.weapon_country and mention.actor_country and mention.weapon_country != mention.actor_country:
        return mention.updated(weapon_entity_id=None, weapon_family=None, weapon_class=None, weapon_country=None)
    return mention


def _veto(ctx: EventContext, event_type: str, start: int, end: int, in_sentence: list[Mention]) -> Cue | None:
    """A veto cue of this event type within its reach after the trigger, in its clause, before
    any rocket or satellite: "launched an investigation", "launch pad"; not "launched a
    submarine-launched ballistic missile", where the cue word is part of the weapon's name."""
    vetoes = [cue for cue in cues_of(ctx, "veto") if cue.value == event_type
              and (end <= cue.start <= end + (cue.within or 0) if cue.after else cue.start < start < cue.end)]
    if not vetoes:
        return None
    clause_end = clause_bounds(ctx, start)[1]
    for cue in vetoes:
        if cue.start >= clause_end or ctx.lowers[cue.end:cue.end + 1] == ["-"] \
                or (cue.after and ctx.lowers[cue.start - 1] == "-"):
            continue  # "submarine-launched cruise missiles", "surface-to-ship": a modifier, not the object
        if cue.after and set(ctx.lowers[end:cue.start]) & ctx.lexicon.platform_preposition:
            continue  # "was launched from a submarine": where from, not what was launched
        # A rocket word that opens the cue is part of it ("tested a high-thrust rocket engine").
        if not any(m.label in {"ROCKET", "SATELLITE"} and m.end > end
                   and (m.start < cue.start or (m.start == cue.start and m.end > cue.end)) for m in in_sentence):
            return cue
    return None


def _attach_participants(mention: EventMention, ctx: EventContext, in_sentence: list[Mention], start: int,
                         end: int) -> EventMention:
    # Inside reported speech ("Seoul said North Korea fired ..."), the agent is in the content.
    claim = claim_around(ctx, mention.start_char)
    content_start = claim.content_start_char if claim else None
    # A country before "detected"/"reported" watched the launch: "Seoul and Tokyo reported a launch".
    # A dateline's capital ("TOKYO, July 29 Kyodo --") says where the copy was filed.
    before = [m for m in in_sentence if m.end <= start and (content_start is None or m.start_char >= content_start)
              and m.start >= ctx.dateline_end and not observer(ctx, m, start)
              and not in_place_phrase(ctx.lowers, m, ctx.lexicon.place_preposition)
              and not reporting_speaker(ctx, m, mention)]
    after = [m for m in in_sentence if m.start >= end]
    weapon, hedged = choose_weapon(ctx, in_sentence, start, end)
    # "The launches came six days after the attempt to place a spy satellite into orbit": the
    # satellite of a clause opened after the trigger is that clause's event's, as a weapon there is.
    payloads = [m for m in in_sentence if m.label == "SATELLITE" and m.entity_id.startswith(("weapon.", "class."))
                and not in_later_clause(ctx, end, m)]
    payload = nearest(prefer_named(payloads), start)
    named_payload = payload if payload is not None and payload.kind == "named" else None
    named_weapon = weapon if weapon and weapon.kind == "named" and not hedged else named_payload
    relative_head = _relative_clause_head(ctx, start, before)
    unwindowed = before
    if mention.event_type == "LAUNCH":
        window = agent_window(ctx, start, mention.form)
        before = [m for m in before if m.start >= window]
    participle = participle_subject(ctx, start, before, AGENT_LABELS) if mention.event_type == "LAUNCH" else None
    owner = pronoun_owner(ctx, start, unwindowed) if mention.event_type == "LAUNCH" and not participle else None
    actor = passive_agent(ctx, end, after, AGENT_LABELS) \
        or passive_subject_nationality(ctx, start, weapon, in_sentence) or relative_head or participle or owner or _actor(
        ctx.doc, mention.event_type, before, after, named_weapon, start)
    if actor is None and mention.event_type == "LAUNCH":
        actor = launch_site_country(ctx, end, after)
    speaker_acts = claim is not None and claim.speaker_country and (
        mention.event_type != "LAUNCH" or _speaker_is_subject(ctx.doc, claim, start, ctx.lexicon))
    agent_in_content = any(m.country and m.label in AGENT_LABELS for m in before)
    if speaker_acts and not agent_in_content and not (actor and actor.kind == "named"):
        # "“We condemn the launch,” Kishida said" / "North Korea said it had tested ...":
        # with no agent inside the content, the speaker is the agent.
        return _with_actor(mention, claim.speaker_country, claim.speaker_entity_id, ctx, in_sentence, start, end,
                           weapon, payload, after, hedged)
    return _with_actor(mention, actor.country if actor else None, actor.entity_id if actor else None, ctx,
                       in_sentence, start, end, weapon, payload, after, hedged)


def _with_actor(mention: EventMention, country: str | None, entity_id: str | None, ctx: EventContext,
                in_sentence: list[Mention], start: int, end: int, weapon, payload, after,
                hedged: bool = False) -> EventMention:
    """The mention with its actor and the rest of its participants; a hedged weapon name
    ("a variant of the Hwasong-14") gives the class only."""
    target = _target(mention.event_type, country, after)
    locations = [m for m in in_sentence if m.label == "LOCATION"]
    weapon_class = _launch_class(ctx, mention, weapon, payload, end)
    weapon_id = weapon.entity_id if weapon and not hedged else None
    if weapon is not None and weapon_class != weapon.role:
        weapon_id = f"class.{weapon_class.lower()}"   # "a missile ... from a submarine": the SLBM class
    return mention.updated(actor_country=country, actor_entity_id=entity_id,
                   target_country=target,
                   weapon_entity_id=weapon_id,
                   weapon_class=weapon_class,
                   weapon_family=weapon.family if weapon and not hedged else None,
                   weapon_country=weapon.country if weapon and weapon.kind == "named" and not hedged else None,
                   payload_entity_id=payload.entity_id if payload else None,
                   count=_count(ctx.doc, weapon, ctx.lexicon.number) if weapon else None,
                   location=nearest(locations, start).name if locations else None)


def _launch_class(ctx: EventContext, mention: EventMention, weapon, payload, end: int) -> str | None:
    """The weapon's class; a rocket with a satellite is an SLV, and a missile fired from a submarine
    ("launched an apparent ballistic missile from a submarine") an SLBM."""
    weapon_class = weapon.role if weapon else None
    if mention.event_type != "LAUNCH" or weapon_class not in PLATFORM_REFINED_CLASSES:
        return weapon_class
    if weapon_class is None and payload:
        return "SLV"
    sentence = sentence_span(ctx.doc, ctx.starts, end - 1)
    for i in range(end, min(sentence.end, end + PLATFORM_REACH)):
        if ctx.lowers[i] in ctx.lexicon.submarine_word \
                and ctx.lexicon.platform_preposition & set(ctx.lowers[max(end, i - 3):i]):
            return "SLBM"
    return weapon_class


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


def _relative_clause_head(ctx: EventContext, start: int, before: list[Mention]) -> Mention | None:
    """"..., unlike Pyongyang, which tested a missile two weeks ago": in a relative clause the
    agent is the country-bearing mention the clause hangs from."""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    opener = clause_start(ctx, sentence, start, breaks=RELATIVE_BREAKS)
    if opener <= sentence.start + 1 or ctx.lowers[opener - 2] != ",":
        return None
    head = [m for m in before if m.end == opener - 2 and m.country and m.label in AGENT_LABELS]
    return head[0] if head else None


def _actor(doc: Doc, event_type: str, before: list[Mention], after: list[Mention],
           weapon: Mention | None, start: int) -> Mention | None:
    """The agent.  For launches, the subject right before the verb ("Russia has also fired
    North Korean-made KN-23 missiles"), else a named vehicle's operator ("a Hwasong-18") is the
    most reliable; otherwise the nearest country-bearing mention before the trigger (the
    subject in English news order; inside reported speech only the content counts); else,
    except for launches, the first one after it."""
    bearers = [m for m in before if m.country and m.label in AGENT_LABELS]
    if event_type == "LAUNCH" and weapon is not None and weapon.kind == "named" and weapon.country:
        subject = bearers[-1] if bearers else None
        if subject is not None and right_before(doc, subject, start) and subject.country != weapon.country:
            return subject
        return weapon
    if bearers:
        return _first_conjunct(doc, bearers)
    if event_type == "LAUNCH":
        # After a launch verb come targets and places ("toward Japan", "near the Mexican
        # border"), not agents: an agentless launch takes the article's main country later.
        return weapon if weapon is not None and weapon.country else None
    later = [m for m in after if m.country and m.label in AGENT_LABELS]
    return later[0] if later else None


def _speaker_is_subject(doc: Doc, claim, start: int, lexicon: EventLexicon) -> bool:
    """"North Korea said it had tested ...": the content opens with a pronoun for the
    speaker and the trigger is its verb, not a noun ("it detected the launch"), or the object
    of a verb of doing ("South Korea said it had conducted a test launch")."""
    first = doc.char_span(claim.content_start_char, claim.content_end_char, alignment_mode="expand")
    if first is None or first[0].lower_ not in SPEAKER_PRONOUNS:
        return False
    return not definite_noun_phrase(doc, start, DEFINITE | {"a", "an"}) \
        or _done_by_subject(doc, first.start, start, lexicon)


def _done_by_subject(doc: Doc, content_start: int, start: int, lexicon: EventLexicon) -> bool:
    """Is the noun trigger at `start` the object of a verb of doing ("conducted", "carried out")
    near the content's opening pronoun?"""
    doing = lexicon.speaker_doing_verb
    for i in range(start - 1, max(content_start, start - 6), -1):
        word = doc[i].lower_
        if word in doing or (word == "out" and doc[i - 1].lower_ in doing):
            return True
        if doc[i].is_punct:
            return False
    return False


def _target(event_type: str, actor_country: str | None, after: list[Mention]) -> str | None:
    if event_type not in {"CONDEMN", "SANCTION", "TALKS"}:
        return None
    for m in after:
        if m.label == "COUNTRY" and m.country != actor_country:
            return m.country
    return None


def _count(doc: Doc, weapon: Mention, numbers) -> int | None:
    """"two short-range missiles" -> 2: a number right before the weapon phrase."""
    for i in range(weapon.start - 1, max(-1, weapon.start - 3), -1):
        token = doc[i]
        if token.lower_ in numbers:
            return numbers[token.lower_]
        if token.like_num and token.text.isdigit():
            return int(token.text)
    return None


def _attach_sentence_arguments(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """Dates, outcomes and failure stages, which need to know every trigger of a sentence."""
    by_sentence: dict[int, list[EventMention]] = {}
    for mention in found:
        by_sentence.setdefault(mention.sentence_index, []).append(mention)
    result = []
    for index, group in sorted(by_sentence.items()):
        timexes = [t for t in ctx.timexes if t.sentence_index == index and t.timex_type in {"DATE", "TIME"}
                   and t.start is not None]
        dated = date_objects_as_verbs([attach_date(m, ctx, group, timexes) for m in group], ctx)
        # Launch triggers of one sentence ("attempt to launch") that share their date
        # describe one launch: outcome cues anywhere in the sentence apply to it.
        # Undated triggers ("ending a launch that ...") do not make a second launch.
        launches = [m for m in dated if m.event_type == "LAUNCH" and m.realis == "actual"]
        launch_dates = {m.date_key for m in launches if m.date_key is not None}
        launchers = {m.actor_country for m in launches if m.actor_country is not None}
        single = len(launch_dates) <= 1 and len(launchers) <= 1
        for mention in dated:
            others = [m for m in launches if m is not mention]
            result.append(attach_outcome(mention, ctx, single_launch=single, others=others))
    return result


def _inside_quote_from(doc: Doc, lowers: list[str], lo: int, index: int) -> int:
    """The first token after a quotation mark opened in [lo, index) and not closed before
    `index`; `lo` when there is none.  A straight quote opens when it is glued to the next
    word and not to the previous one."""
    opened = None
    for i in range(lo, index):
        # A quotation mark's lower-case form is its text: no Token made but for a straight quote.
        text = lowers[i]
        if text == "“" or (text == '"' and not doc[i].whitespace_ and (i == 0 or doc[i - 1].whitespace_)):
            opened = i + 1
        elif text in {"”", '"'}:
            opened = None
    return opened if opened is not None else lo


def _attach_realis(mention: EventMention, ctx: EventContext, sentence, start: int) -> EventMention:
    breaks = REALIS_BREAKS
    opening = clause_start(ctx, sentence, start, breaks=breaks)
    if mention.form != "noun" and _coordinated_verb(ctx.lowers, opening, start):
        # "could conduct a nuclear test, or launch a long-range missile", "can be moved on wheeled
        # vehicles, fired at short notice": a verb after ", or" or a participle in a list shares
        # the modal of the verb it is coordinated with.
        comma = start - 2 if opening == start - 1 else start - 1
        opening = clause_start(ctx, sentence, comma, breaks=breaks)
    # A quotation still open at the trigger starts its own clause; a quoted phrase closed
    # before it ('would investigate "the defects" and carry out a launch') does not.
    opening = max(opening, _inside_quote_from(ctx.doc, ctx.lowers, opening, start))
    clause_end = clause_bounds(ctx, start)[1]
    realis = "actual"
    finite = start - 1 if start > 0 and ctx.lowers[start - 1] in FINITE_AUXILIARIES else -1
    # "actual" cues are guards: "conducted another launch" reports a repeat, "another" is no plan there.
    guarded = guarded_tokens(ctx, "realis", "actual", mention.weapon_class)
    # A gerund opening its clause is its subject ("warned that firing a medium-range missile would be a
    # huge mistake"): its modal stands past its object, as a noun's does.
    gerund_subject = opening == start and ctx.lowers[start].endswith("ing")
    reach = NOUN_REACH if mention.form == "noun" or gerund_subject or _indefinite_participle(ctx, start) \
        else VERB_REACH
    past_relative = _past_relative_clause(ctx, clause_end, mention)
    for cue in cues_of(ctx, "realis"):
        if cue.value == "actual" or cue.start in guarded:
            continue
        if cue.after:
            # "the first attempt ... was called off": cues that follow the trigger
            applies = start < cue.start < min(clause_end, start + 10)
        else:
            # "a third launch would be attempted", "a launch does not appear imminent", "a third
            # flight of the missile could come": a modal or negated auxiliary right after the
            # trigger (after a noun trigger's whole phrase, `reach`) counts too.
            word, previous = ctx.lowers[cue.start], ctx.lowers[cue.start - 1]
            # A definite launch happened: "the launch did not pose any threat" negates the verb.
            negated_after = cue.value == "negated" and previous in NEGATED_AUXILIARIES \
                and not definite_noun_phrase(ctx.doc, start)
            modal_after = (start < cue.start <= start + reach and cue.start < clause_end
                           or cue.start == past_relative) and (
                word in AUXILIARIES or negated_after)
            # "investigating reports that X fired ...": a cue ending on the complementizer governs its clause.
            # "before a full-range launch": a cue opening on the word that opens the clause governs it.
            opens_clause = cue.start == opening - 1 and cue.end <= start
            applies = opening <= cue.start < start or modal_after or (cue.end == opening and cue.end <= start) \
                or opens_clause
            # "new cruise missiles designed for submarines were test-fired on Sunday", "The missile,
            # which could reach Guam, was fired": a finite auxiliary right before the trigger opens its
            # own verb group, and a cue before it sat in the subject's modifier, unless a clause opener
            # stands between ("unclear whether they were launched"); a negated subject still negates
            # ("No missile was launched").
            applies = applies and not (cue.value != "negated" and cue.end <= finite <= start
                                       and not set(ctx.lowers[cue.start:finite]) & OPENERS)
        if applies:
            realis = _stronger_realis(realis, cue.value)
    if _conditional(ctx, start, mention):
        realis = _stronger_realis(realis, "hypothetical")
    return mention.updated(realis=realis)


# Words opening a relative clause set off by commas after a noun trigger (", where engines were tested ...,").
COMMA_RELATIVE_OPENERS = {"where", "which", "who"}
RELATIVE_CLAUSE_REACH = 15


def _past_relative_clause(ctx: EventContext, clause_end: int, mention: EventMention) -> int | None:
    """The first token after a relative clause set off by commas right after a noun trigger's
    clause ("a long-range missile launch or a satellite rocket from Sohae, where engines were tested
    in December, could come as early as spring": "could" is the launch's modal)."""
    lowers = ctx.lowers
    if not noun_mention(mention, ctx.lexicon) or clause_end + 1 >= len(lowers) or lowers[clause_end] != "," \
            or lowers[clause_end + 1] not in COMMA_RELATIVE_OPENERS:
        return None
    for i in range(clause_end + 2, min(len(lowers), clause_end + RELATIVE_CLAUSE_REACH)):
        if lowers[i] in {".", ";", "?", "!"}:
            return None
        if lowers[i] == ",":
            return i + 1
    return None


def _indefinite_participle(ctx: EventContext, start: int) -> bool:
    """"a missile fired from the North would take roughly 20 minutes": a participle after an
    indefinite weapon noun modifies it, and the modal past its phrase is the whole phrase's."""
    lowers = ctx.lowers
    return start > 1 and lowers[start].endswith("ed") and lowers[start - 1] in ctx.lexicon.bare_weapon_noun \
        and lowers[start - 2] in {"a", "an", "any"}


def _conditional(ctx: EventContext, start: int, mention: EventMention) -> bool:
    """"putting all of North Korea within range when fired from the centre", "once launched": a past
    participle right after a subordinator, with no subject of its own, is a condition; "several
    options, including firing short-range missiles": a gerund listed among options is one."""
    if mention.form == "noun" or start == 0:
        return False
    lowers = ctx.lowers
    if lowers[start - 1] in CONDITION_OPENERS and lowers[start].endswith("ed"):
        return True
    return lowers[start - 1] == "including" and lowers[start].endswith("ing") \
        and bool(ctx.lexicon.option_noun & set(lowers[max(0, start - 4):start - 1]))


def _coordinated_verb(lowers: list[str], opening: int, start: int) -> bool:
    """Does the clause open, right before the verb trigger, with ", or" / ", and", or with a bare
    comma before a past participle ("..., fired at short notice")?"""
    if opening == start - 1 and start > 1:
        return lowers[start - 2] == "," and lowers[start - 1] in {"or", "and"}
    return opening == start and start > 0 and lowers[start - 1] == "," and lowers[start].endswith("ed")


def _stronger_realis(current: str, cue: str) -> str:
    """Negation beats hypothesis beats plan beats fact, within one clause."""
    order = {"actual": 0, "planned": 1, "hypothetical": 2, "negated": 3}
    return cue if order[cue] > order[current] else current


def _condemn_from_claims(ctx: EventContext, claims: list, found: list[EventMention]) -> list[EventMention]:
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
                                  f"claim:{claim.rule_id}", "verb", ctx.text[sentence.start_char:sentence.end_char],
                                  token.start,
                                  actor_country=claim.speaker_country, actor_entity_id=claim.speaker_entity_id))
    return extra
