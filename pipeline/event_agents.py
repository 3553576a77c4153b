"""Where a launch's agent may stand (`agent_in_clause_v4`).

English news puts the agent first ("North Korea fired ..."), so the nearest country-bearing
mention before a trigger is its actor.  Three shapes break that: a passive trigger, whose
subject is the missile ("... a day after four missiles were fired into waters off Japan"); a
clause with its own pronoun subject ("... the wishes of China when it launched"); and a
definite noun that refers back to the reported launch ("Abe convened a meeting shortly after
the launch"), whose nearest country is the one reacting.  Then only a country inside the
trigger's clause or noun phrase counts; without one the launch takes the article's launching
country later (`resolve_anaphora`).  "launched by North Korea" names the agent outright.
v2: a country after a preposition of place ("landed in Japan's zone") is never an agent.
v3: a participle after a comma shares its clause's subject ("South Korea's military staged a
drill simulating an attack on North Korea's test site, firing ballistic missiles"), and a launch
with no agent at all that leaves from a known launch site ("an interceptor launched from a silo
at Vandenberg Air Force Base") is by the site's country; the speaker of a report is never the agent
of a launch after its cue ("..., South Korea's military said, marking the fifth round of
launches"); and the subject right before a launch verb beats the operator of the named weapon
("Russia has also fired North Korean-made KN-23 missiles").
v4: with no "by" agent, a passive launch is by the nationality its subject weapon is given ("a new
South Korean ballistic missile able to ... hit most of North Korea, was test-fired").
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.entities import Mention, first_word, sentence_span
from pipeline.event_context import EventContext, clause_start, definite_noun_phrase
from pipeline.event_model import EventMention

AGENT_POLICY = "agent_in_clause_v4"
# Word lists from models/events/lexicon.jsonl (`ctx.lexicon`): agent_doing_verb and carry_out_verb ("The
# agency conducted the launch"), coast_word ("fired from China's coast"), place_preposition ("landed in
# Japan's economic zone": a place, not who fired).
PASSIVE_AUXILIARIES = {"was", "were", "been", "being", "is", "are"}
SUBJECT_PRONOUNS = {"it", "they", "he", "she"}
# Owners of a clause's subject ("his military", "its navy") and the mentions they stand for.
OPENING_SUBORDINATORS = {"while", "as", "when", "after", "though", "although", "since", "because", "before"}
POSSESSIVE_OWNERS = {"his": {"OFFICIAL"}, "her": {"OFFICIAL"}, "its": {"COUNTRY", "ORGANIZATION"},
                     "their": {"COUNTRY", "ORGANIZATION"}}
# Determiners of a noun phrase that points back at a launch already reported ("the launch").
BACK_REFERENCES = {"the", "this", "that", "these", "those"}
PRONOUN_REACH = 3  # words between a pronoun subject and its verb: "when it first launched"
SUBJECT_GAP = 3  # words between a subject and its launch verb: "has also reportedly fired"
# A launch site this many tokens past "launched from" is where it left: "from an underground silo at Vandenberg".
SITE_REACH = 8


def agent_window(ctx: EventContext, start: int, form: str) -> int:
    """The first token at which the trigger's agent may start (0: anywhere before it)."""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    if form == "noun" or ctx.lowers[start] in {"launch", "launches"}:
        if definite_noun_phrase(ctx.doc, start, BACK_REFERENCES):
            phrase = _noun_phrase_start(ctx, start)
            # "The Agency for Defense Development conducted the launch": the subject of a verb
            # of doing whose object the launch is launched it.
            return clause_start(ctx, sentence, phrase) if _done_by_subject(ctx, phrase) else phrase
        return 0
    opener = clause_start(ctx, sentence, start)
    if _passive(ctx, start) or any(ctx.lowers[i] in SUBJECT_PRONOUNS for i in range(max(opener, start - PRONOUN_REACH), start)):
        return opener
    return 0


def _done_by_subject(ctx: EventContext, phrase: int) -> bool:
    """Is the noun phrase starting at `phrase` the object of a verb of doing ("conducted the
    launch", "carried out the test")?"""
    before = ctx.lowers[phrase - 1] if phrase > 0 else ""
    if before in ctx.lexicon.agent_doing_verb:
        return True
    return before == "out" and phrase > 1 and ctx.lowers[phrase - 2] in ctx.lexicon.carry_out_verb


def _passive(ctx: EventContext, start: int) -> bool:
    """"were fired", "was successfully launched"."""
    previous = ctx.lowers[start - 1] if start > 0 else ""
    if previous in PASSIVE_AUXILIARIES:
        return True
    return start > 1 and previous.endswith("ly") and ctx.lowers[start - 2] in PASSIVE_AUXILIARIES


def _noun_phrase_start(ctx: EventContext, start: int) -> int:
    """The determiner opening the definite noun phrase that ends with the trigger."""
    for i in range(start - 1, max(-1, start - 5), -1):
        if ctx.lowers[i] in BACK_REFERENCES:
            return i
    return start


def passive_agent(ctx: EventContext, end: int, after: list[Mention], agent_labels: set[str]) -> Mention | None:
    """"a missile launched by North Korea": the country-bearing mention right after "by"."""
    if end >= len(ctx.lowers) or ctx.lowers[end] != "by":
        return None
    return next((m for m in after if m.start in {end + 1, end + 2} and m.country and m.label in agent_labels), None)


PASSIVE_AUXILIARIES = {"was", "were", "been", "being", "is", "are"}
# Words between a nationality and the weapon it qualifies: "a new South Korean ballistic missile".
NATIONALITY_GAP = 2


def passive_subject_nationality(ctx: EventContext, start: int, weapon: Mention | None,
                                in_sentence: list[Mention]) -> Mention | None:
    """"a new South Korean ballistic missile able to fly 500 km, far enough to hit most of North
    Korea, was test-fired": with no "by" agent, a passive launch is by the nationality of its
    subject weapon (a demonym: "Seoul said two projectiles had been fired" names no nationality),
    not by a country named in the weapon's modifiers."""
    if weapon is None or weapon.end > start or start == 0 or ctx.lowers[start - 1] not in PASSIVE_AUXILIARIES:
        return None
    return next((m for m in in_sentence if m.label == "COUNTRY" and m.country and m.rule_id.endswith("#demonym")
                 and 0 <= weapon.start - m.end <= NATIONALITY_GAP
                 and all(word.isalpha() for word in ctx.lowers[m.end:weapon.start])), None)


def participle_subject(ctx: EventContext, start: int, before: list[Mention], agent_labels: set[str]) -> Mention | None:
    """"South Korea's military staged a drill simulating an attack on North Korea's test site,
    firing ballistic missiles ...": a participle after a comma shares the subject of the clause it
    hangs from, the first country-bearing mention of the sentence, not the nearest one."""
    if start == 0 or ctx.lowers[start - 1] != "," or not ctx.lowers[start].endswith("ing"):
        return None
    return next((m for m in before if m.country and m.label in agent_labels), None)


def launch_site_country(ctx: EventContext, end: int, after: list[Mention]) -> Mention | None:
    """The launch site an agentless launch left from, whose country launched it: the first
    site of `locations.csv` within `SITE_REACH` tokens after the trigger, past a "from"."""
    for m in after:
        if m.start - end > SITE_REACH:
            break
        if m.label == "LOCATION" and m.kind == "launch_site" and m.country and "from" in ctx.lowers[end:m.start]:
            return m
        if _own_coast(ctx, end, m):
            return m
    return None


def _own_coast(ctx: EventContext, end: int, m: Mention) -> bool:
    """"were launched off North Korea's eastern shore", "fired from China's coast": a country's
    own coast right after the trigger's "off"/"from" is where the launch left from.  (A coast
    further on, "fell into the sea off Japan's coast", is where it came down.)"""
    lowers = ctx.lowers
    return m.label == "COUNTRY" and m.country is not None and end < len(lowers) \
        and lowers[end] in {"off", "from"} and m.start == end + 1 \
        and m.end + 1 < len(lowers) and lowers[m.end] in {"'s", "’s"} \
        and bool(ctx.lexicon.coast_word & set(lowers[m.end + 1:m.end + 3]))


def in_place_phrase(lowers: list[str], mention: Mention, places: frozenset[str]) -> bool:
    """"landed in Japan's economic zone", "fell into waters off Japan": a country after a
    preposition of place (`places`, an article between allowed) is a place, never a launch's agent."""
    i = mention.start - 1
    if i >= 0 and lowers[i] == "the":
        i -= 1
    return i >= 0 and lowers[i] in places


def observer(ctx: EventContext, entity: Mention, start: int) -> bool:
    """Does a word of watching or reporting ("detected", "said") stand between the entity and the
    trigger, making the entity the one who watched ("Seoul and Tokyo reported a launch")?  Not the
    cue of a report whose content holds the entity: in "North Korea fired two missiles, South
    Korea's military said, marking the fifth round of launches" North Korea is what was reported."""
    reported_in = [claim for a, b, claim in ctx.contents if a <= entity.start_char < b]
    for i in range(entity.end, start):
        if i in ctx.observed and not any(c.cue_start_char <= ctx.doc[i].idx < c.cue_end_char for c in reported_in):
            return True
    return False


def reporting_speaker(ctx: EventContext, entity: Mention, mention: EventMention) -> bool:
    """Is the entity the speaker of a report the trigger comes after but is not part of ("North
    Korea fired two missiles, South Korea's military said, marking the fifth round of launches")?
    It reports the launch; it did not launch."""
    return any(claim.speaker_start_char <= entity.start_char < claim.speaker_end_char
               and claim.cue_end_char <= mention.start_char and not start <= mention.start_char < end
               for start, end, claim in ctx.contents)


def right_before(doc: Doc, subject: Mention, start: int) -> bool:
    """Is the mention the trigger's subject, with at most auxiliaries and adverbs between ("Russia
    has also fired")?"""
    between = doc[subject.end:start]
    return len(between) <= SUBJECT_GAP and all(t.is_lower and t.is_alpha for t in between)


def pronoun_owner(ctx: EventContext, start: int, before: list[Mention]) -> Mention | None:
    """"While leader Kim Jong Un was holding talks with Russian President Vladimir Putin on
    Wednesday, his military back home fired two missiles": a main clause that follows an opening
    subordinate clause and starts with a possessive pronoun belongs to that clause's subject, the
    first mention the pronoun can stand for, not to the nearest name."""
    sentence = sentence_span(ctx.doc, ctx.starts, start)
    first = first_word(sentence)
    first = max(first, ctx.dateline_end) if sentence.start < ctx.dateline_end else first   # past "SEOUL (AP) —"
    if ctx.lowers[first] not in OPENING_SUBORDINATORS:
        return None
    opener = clause_start(ctx, sentence, start)
    labels = POSSESSIVE_OWNERS.get(ctx.lowers[opener]) if ctx.lowers[opener - 1] == "," else None
    if not labels:
        return None
    return next((m for m in before if m.label in labels and m.country and m.end <= opener), None)
