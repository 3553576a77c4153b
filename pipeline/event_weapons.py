"""Which rocket or missile of a sentence a trigger launched, and whether the text only
relates it to a known system ("a variant of the Hwasong-14"): `weapon_in_clause_v5`.

Wire copy packs several events into one sentence ("The salvo came three weeks after the
North tested the Pukguksong-2"; "..., a day after Seoul suspended the deployment of THAAD
launchers"), so a weapon named in a clause opened by a subordinator cue after the trigger
belongs to that other event, and (v3) so does one that an earlier launch of the sentence takes as
its object before a subordinator opens the trigger's clause ("launched 18 short-range missiles,
three days after its failed attempt to send a satellite into orbit").  Among the weapons left, a
named one beats a class phrase ("a ballistic missile, believed to be a Hwasong-12"), unless the
name is hedged: a hedged name still gives the class, never the family.  v2: a name that is the
second half of a hyphenated word ("large-caliber": no Kalibr) is no weapon.  v4: the trigger's
own object ("a salvo of short-range missiles") beats a name earlier in the sentence, and a main
launch of "the missiles" with no family takes the one system named in the sentences before it.
v5: an object belongs to its own verb: a weapon a launch verb of the sentence takes as its object
("test-launched the Hwasong-17 in March, and earlier this month it fired ..."), or named before a
", and" after which the trigger takes an object of its own, is not the trigger's.
"""

from __future__ import annotations

from bisect import bisect_left

from pipeline.entities import Mention, sentence_of, sentence_span
from pipeline.event_anaphora import main_events
from pipeline.event_context import DEFINITE, NP_STOPS, EventContext, clause_start, compound_half
from pipeline.event_model import GENERIC_CLASSES, EventMention
from pipeline.reconcile_cluster import RANGE_GROUPS

WEAPON_POLICY = "weapon_in_clause_v5"
# Word lists from models/events/lexicon.jsonl (`ctx.lexicon`): hedge_gap ("a variant of the Hwasong-14"),
# identify_clause_break ("officials said the missile appeared to be"), contrast_word ("a different design
# from ..."), object_filler ("a salvo of two short-range missiles"), bare_weapon_noun ("the missiles").
# An identification's subject: "It was believed to be ...", "Both were thought to be ...".
SUBJECT_PRONOUNS = {"it", "they", "both"}
# Openers of a clause set off after a noun, which takes that noun's subject: "the missiles, a
# type called X", "an SLBM, which U.S. officials call the KN-11".
APPOSITIVE_OPENERS = {"a", "an", "which"}
IDENTIFY_REACH = 4  # words between the cue and the name: "an intermediate-range Hwasong-12"
OBJECT_GAP = 3  # words between a trigger and its object: "a salvo of two short-range missiles"
ANTECEDENT_SENTENCES = 2  # sentences before the main launch where "the missiles" may have been named
ALTERNATIVE_GAP = {"or", "a", "an", "the"}  # "a Scud or a Rodong": one name offered as one of two


def choose_weapon(ctx: EventContext, in_sentence: list[Mention], start: int, end: int) -> tuple[Mention | None, bool]:
    """(the trigger's weapon, whether its name is hedged) among the sentence's ROCKET mentions."""
    weapons = [m for m in in_sentence if m.label == "ROCKET" and not in_later_clause(ctx, end, m)
               and not _past_another_launch(ctx, end, m) and not _earlier_launch_object(ctx, start, m)
               and not _object_of_earlier_trigger(ctx, start, m) and not _across_coordination(ctx, start, end, m)]
    hedged = {(m.start, m.end) for m in weapons if is_hedged(ctx, m)}
    named = [m for m in weapons if m.kind == "named" and (m.start, m.end) not in hedged]
    obj = _object_after(ctx, end, weapons)
    if obj is not None and all(m.start < start for m in named):
        # "test-fired its new Hwasong-19 ICBM on Oct. 31 and a salvo of short-range ballistic
        # missiles on Nov. 5": the trigger's own object beats a name earlier in the sentence.
        named = []
    weapon = nearest(named or weapons, start)
    return weapon, weapon is not None and (weapon.start, weapon.end) in hedged


def _object_after(ctx: EventContext, end: int, weapons: list[Mention]) -> Mention | None:
    """The weapon that opens within `OBJECT_GAP` words after the trigger, with only a
    determiner, "of" or a number between ("a salvo of short-range missiles", "fired two ...")."""
    for m in weapons:
        between = ctx.lowers[end:m.start]
        if 0 <= m.start - end <= OBJECT_GAP and all(w in ctx.lexicon.object_filler or w.isdigit() for w in between):
            return m
    return None


def nearest(mentions: list[Mention], index: int) -> Mention | None:
    return min(mentions, key=lambda m: (abs(m.start - index), m.start), default=None)


def prefer_named(mentions: list[Mention]) -> list[Mention]:
    named = [m for m in mentions if m.kind == "named"]
    return named or mentions


def _past_another_launch(ctx: EventContext, trigger_end: int, weapon: Mention) -> bool:
    """Is the weapon after another launch trigger that itself follows this one ("a failed attempt
    in August, and test-fired the Hwasong-18 in July and December")?  That launch is nearer."""
    low = bisect_left(ctx.launch_starts, trigger_end)
    return low < len(ctx.launch_starts) and ctx.launch_starts[low] < weapon.start


# Words that open a launch verb's object noun phrase ("tested a new tactical guided weapon").
OBJECT_OPENERS = {"a", "an", "its", "two", "three", "four", "several", "some"}
# Words of a launch trigger that may stand between its first word and its object ("test-launched").
TRIGGER_TAIL = {"-", "launched", "fired", "tested", "launch", "fire", "test"}


def _object_of_earlier_trigger(ctx: EventContext, trigger_start: int, weapon: Mention) -> bool:
    """Is the weapon the object of an earlier launch trigger of the sentence ("test-launched the
    Hwasong-17 in March, ..., and earlier this month it fired a newly developed tactical guided
    weapon")?  An object belongs to its own verb, not to a later launch."""
    if weapon.end > trigger_start:
        return False
    first = ctx.starts[sentence_of(ctx.starts, weapon.start)]
    low = bisect_left(ctx.launch_starts, max(first, weapon.start - OBJECT_GAP - 2))
    for other in ctx.launch_starts[low:]:
        if other >= weapon.start:
            return False
        between = ctx.lowers[other + 1:weapon.start]
        while between and between[0] in TRIGGER_TAIL:
            between = between[1:]
        if all(word in ctx.lexicon.object_filler for word in between):
            return True
    return False


def _across_coordination(ctx: EventContext, trigger_start: int, trigger_end: int, weapon: Mention) -> bool:
    """Is the weapon in a clause before the trigger's, joined by ", and", while the trigger has an
    object of its own ("had flown what it called a Hwasong-17 on March 24, and on April 16 tested a
    new tactical guided weapon")?  The object the trigger takes is its weapon, named or not."""
    lowers = ctx.lowers
    if weapon.end > trigger_start or trigger_end >= len(lowers) or lowers[trigger_end] not in OBJECT_OPENERS:
        return False
    return any(lowers[i] == "and" and lowers[i - 1] == "," for i in range(weapon.end + 1, trigger_start))


def _earlier_launch_object(ctx: EventContext, trigger_start: int, weapon: Mention) -> bool:
    """Is the weapon the object of an earlier launch of the sentence, from which a subordinator cue
    sets the trigger apart ("launched some 18 short-range ballistic missiles early Thursday, three
    days after its failed attempt to send a spy satellite into orbit")?"""
    if weapon.end > trigger_start:
        return False
    first = ctx.starts[sentence_of(ctx.starts, weapon.start)]
    launched_before = any(first <= s < weapon.start for s in ctx.launch_starts)
    return launched_before and any(cue.cue_type == "subordinator" and weapon.end <= cue.start
                                   and cue.end <= trigger_start for cue in ctx.cues)


def in_later_clause(ctx: EventContext, trigger_end: int, weapon: Mention) -> bool:
    """Is the weapon past a subordinator that itself follows the trigger ("fired a missile
    ... a day after Seoul suspended THAAD")?  Weapons before the trigger are its subject."""
    return weapon.start >= trigger_end and any(
        cue.cue_type == "subordinator" and trigger_end <= cue.start and cue.end <= weapon.start for cue in ctx.cues)


def is_hedged(ctx: EventContext, weapon: Mention) -> bool:
    """A hedge cue right before the weapon ("similar to the KN-15", "a type related to the
    KN-23") or, for `scope: after` cues, right after it ("a KN-23 variant"); or a name offered
    as one of two ("thought to be a Scud or a Rodong")."""
    if weapon.kind == "named" and _alternative_named(ctx, weapon):
        return True
    for cue in ctx.cues:
        if cue.cue_type != "hedge":
            continue
        if cue.after and cue.start == weapon.end:
            return True
        if not cue.after and cue.end <= weapon.start and all(
                w in ctx.lexicon.hedge_gap for w in ctx.lowers[cue.end:weapon.start]) and weapon.start - cue.end <= 2:
            return True
    return False


def _alternative_named(ctx: EventContext, weapon: Mention) -> bool:
    """Is another name joined to this one by "or" ("a Scud or a Rodong", "KN-02 or a new 300-mm
    rocket launcher")?"""
    for other in ctx.by_sentence.get(sentence_of(ctx.starts, weapon.start), []):
        if other.label != "ROCKET" or other is weapon:
            continue
        first, second = (weapon, other) if weapon.start < other.start else (other, weapon)
        between = ctx.lowers[first.end:second.start]
        if 0 < len(between) <= 2 and between[0] == "or" and all(w in ALTERNATIVE_GAP for w in between):
            return True
    return False


def identify_main_weapon(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """"It was believed to be an intermediate-range Hwasong-12." / "A U.S. official said the
    projectile appeared to be an extended-range Scud.": a sentence whose subject is a pronoun or
    a definite noun names, after an identify cue, the missile of the article's main launch,
    which takes it when it has no family yet.  Triggers of the sentence before the cue
    ("fired a missile, believed to be ...") take the weapon themselves."""
    # A background main launch is the article's subject too (a late report, a retrospective).
    main = main_events(found).get("LAUNCH")
    if main is None or main.weapon_family is not None:
        return found
    for cue in ctx.cues:
        if cue.cue_type != "identify" or sentence_of(ctx.starts, cue.start) < main.sentence_index:
            continue
        # "Military officials believe it was a Hwasong-12", "analysts said the missile was likely a
        # Hwasong-17": the cue holds its own pronoun or definite subject.
        pronoun = bool(set(ctx.lowers[cue.start:cue.end]) & (SUBJECT_PRONOUNS | {"the"}))
        if not (pronoun or _definite_subject(ctx, cue.start)) or any(
                m.event_type == "LAUNCH" and m.sentence_index == sentence_of(ctx.starts, cue.start)
                and m.token_start < cue.start for m in found):
            continue
        weapon = _named_after(ctx, cue.end)
        if weapon is not None and weapon.country in (None, main.actor_country) \
                and _same_range(weapon.role, main.weapon_class):
            named = main.updated(weapon_entity_id=weapon.entity_id, weapon_class=weapon.role,
                                 weapon_family=weapon.family)
            return _renamed(found, main, named)
    return found


def name_main_weapon_from_before(found: list[EventMention], ctx: EventContext) -> list[EventMention]:
    """"Four 'Hwasal-2' strategic cruise missiles flew in a drill on Thursday ... KCNA said the
    missiles were fired near Kim Chaek City": a main launch with no family, whose weapon is a
    definite noun ("the missiles"), takes the one family named in the `ANTECEDENT_SENTENCES`
    before it (its country's, of its class unless that is generic: "the rocket" is the H-IIA)."""
    main = main_events(found).get("LAUNCH")
    if main is None or main.weapon_family is not None or not _definite_weapon(ctx, main):
        return found
    first = max(0, main.sentence_index - ANTECEDENT_SENTENCES)
    named = [m for i in range(first, main.sentence_index) for m in ctx.by_sentence.get(i, [])
             if m.label == "ROCKET" and m.kind == "named" and m.family and not is_hedged(ctx, m)
             and m.country in (None, main.actor_country)
             and (main.weapon_class in GENERIC_CLASSES or m.role == main.weapon_class)
             and not _another_launch_weapon(m, main, found) and not _in_clause_after_launch(ctx, m)]
    if len({m.family for m in named}) != 1:
        return found  # none, or several systems: no antecedent to choose
    weapon = named[-1]
    named_main = main.updated(weapon_entity_id=weapon.entity_id, weapon_class=weapon.role, weapon_family=weapon.family)
    return _renamed(found, main, named_main)


def _in_clause_after_launch(ctx: EventContext, weapon: Mention) -> bool:
    """Is the name past a subordinator that follows a launch word of its sentence ("test-fired a
    short-range missile Sunday, three days after its Hwasong-17 ICBM test")?  It is another event's."""
    first = ctx.starts[sentence_of(ctx.starts, weapon.start)]
    launches = [s for s in ctx.launch_starts if first <= s < weapon.start]
    return bool(launches) and in_later_clause(ctx, launches[0] + 1, weapon)


def _renamed(found: list[EventMention], main: EventMention, named: EventMention) -> list[EventMention]:
    """The main launch, and the anaphors that took its old weapon ("the launch appeared to be a
    successful test"), with the weapon it was just named."""
    weapon = {"weapon_entity_id": named.weapon_entity_id, "weapon_class": named.weapon_class,
              "weapon_family": named.weapon_family}
    return [named if m is main else m.updated(**weapon)
            if m.anaphoric and m.event_type == main.event_type and m.weapon_entity_id == main.weapon_entity_id
            and m.weapon_family == main.weapon_family and m.date_start == main.date_start else m
            for m in found]


def _another_launch_weapon(weapon: Mention, main: EventMention, found: list[EventMention]) -> bool:
    """Is the name another launch's weapon ("eight days after its Musudan launch failed")?"""
    return any(m.event_type == "LAUNCH" and m.weapon_entity_id == weapon.entity_id
               and m.sentence_index == weapon.sentence_index
               and (m.historical
                    or (m.date_source == main.date_source == "sentence" and m.date_start != main.date_start))
               for m in found if m is not main)


def _definite_weapon(ctx: EventContext, mention: EventMention) -> bool:
    """Is the mention's weapon a class noun after a definite determiner ("the cruise missiles"),
    or, with no weapon mention in its sentence, is a bare "the missiles" right before the trigger?"""
    weapons = [m for m in ctx.by_sentence.get(mention.sentence_index, [])
               if m.label == "ROCKET" and m.entity_id == mention.weapon_entity_id]
    weapon = nearest(weapons, mention.token_start)
    if weapon is None:
        before = ctx.lowers[max(0, mention.token_start - 3):mention.token_start]
        nouns = ctx.lexicon.bare_weapon_noun
        return any(word in DEFINITE and after in nouns for word, after in zip(before, before[1:]))
    return weapon.kind != "named" and weapon.start > 0 and ctx.lowers[weapon.start - 1] in DEFINITE


def _same_range(named_class: str | None, launched_class: str | None) -> bool:
    """Can a named weapon of class `named_class` be the launched one, reported with
    `launched_class`?  Not across range groups: an ICBM is no short-range launch."""
    named, launched = RANGE_GROUPS.get(named_class), RANGE_GROUPS.get(launched_class)
    return named is None or launched is None or named == launched


def _definite_subject(ctx: EventContext, index: int) -> bool:
    """Does the clause before `index` open with a pronoun or a definite determiner ("It was
    believed to be", "... said the projectile appeared to be")?"""
    sentence = sentence_span(ctx.doc, ctx.starts, index)
    opener = clause_start(ctx, sentence, index, breaks=ctx.lexicon.identify_clause_break)
    while opener < index and ctx.lowers[opener].isspace():
        opener += 1   # a paragraph's first sentence opens with its line break
    if opener < index and ctx.lowers[opener] in DEFINITE | SUBJECT_PRONOUNS:
        return True
    # "the missiles, a type called X" / "The new missile, dubbed X,": an appositive takes the
    # subject of the noun it follows.
    appositive = opener == index or ctx.lowers[opener] in APPOSITIVE_OPENERS
    return appositive and opener > sentence.start and ctx.lowers[opener - 1] == "," \
        and _definite_subject(ctx, opener - 1)


def _named_after(ctx: EventContext, end: int) -> Mention | None:
    """The first named, unhedged rocket starting within a few words after `end`."""
    sentence = sentence_of(ctx.starts, end)
    for m in sorted(ctx.by_sentence.get(sentence, []), key=lambda m: m.start):
        if m.label == "ROCKET" and m.kind == "named" and end <= m.start <= end + IDENTIFY_REACH:
            # "a different design from the Unha rockets": a comparison, not a name.
            if set(ctx.lowers[end:m.start]) & (NP_STOPS | ctx.lexicon.contrast_word) or is_hedged(ctx, m):
                return None
            return m
    return None


def whole_word_mentions(doc, mentions: list[Mention]) -> list[Mention]:
    """Drop rocket names that are the second half of a hyphenated word: "large-caliber" is no
    Kalibr (Caliber), it describes a rocket system."""
    return [m for m in mentions if not (m.label in {"ROCKET", "SATELLITE"} and compound_half(doc, m.start))]
