"""Which rocket or missile of a sentence a trigger launched, and whether the text only
relates it to a known system ("a variant of the Hwasong-14"): `weapon_in_clause_v3`.

Wire copy packs several events into one sentence ("The salvo came three weeks after the
North tested the Pukguksong-2"; "..., a day after Seoul suspended the deployment of THAAD
launchers"), so a weapon named in a clause opened by a subordinator cue after the trigger
belongs to that other event, and (v3) so does one that an earlier launch of the sentence takes as
its object before a subordinator opens the trigger's clause ("launched 18 short-range missiles,
three days after its failed attempt to send a satellite into orbit").  Among the weapons left, a named one beats a class phrase
("a ballistic missile, believed to be a Hwasong-12"), unless the name is hedged: a hedged
name still gives the class, never the family.  v2: a name that is the second half of a
hyphenated word ("large-caliber": no Kalibr) is no weapon.
"""

from __future__ import annotations

from bisect import bisect_left

from pipeline.entities import Mention, sentence_of, sentence_span
from pipeline.event_anaphora import main_events
from pipeline.event_context import DEFINITE, NP_STOPS, EventContext, clause_start, compound_half
from pipeline.event_model import EventMention
from pipeline.reconcile_cluster import RANGE_GROUPS

WEAPON_POLICY = "weapon_in_clause_v3"
# Words a hedge cue may stand apart from the weapon it hedges: "a variant of the Hwasong-14".
HEDGE_GAP = {"the", "a", "an", "its", "so-called"}
# An identification's subject: "It was believed to be ...", "Both were thought to be ...".
SUBJECT_PRONOUNS = {"it", "they", "both"}
# Where the identification's clause opens: after "said" / "that" in "officials said the missile appeared to be".
# "... cited officials as saying it was believed to be ...", "..., but it appeared to be ...".
IDENTIFY_CLAUSE_BREAKS = {",", ";", ":", "said", "says", "that", "saying", "but"}
# Openers of a clause set off after a noun, which takes that noun's subject: "the missiles, a
# type called X", "an SLBM, which U.S. officials call the KN-11".
APPOSITIVE_OPENERS = {"a", "an", "which"}
# Words that turn an identification into a comparison: "a different design from ...", "unlike".
CONTRASTS = {"different", "new", "unlike", "than", "other", "another"}
IDENTIFY_REACH = 4  # words between the cue and the name: "an intermediate-range Hwasong-12"


def choose_weapon(ctx: EventContext, in_sentence: list[Mention], start: int, end: int) -> tuple[Mention | None, bool]:
    """(the trigger's weapon, whether its name is hedged) among the sentence's ROCKET mentions."""
    weapons = [m for m in in_sentence if m.label == "ROCKET" and not in_later_clause(ctx, end, m)
               and not _past_another_launch(ctx, end, m) and not _earlier_launch_object(ctx, start, m)]
    hedged = {(m.start, m.end) for m in weapons if is_hedged(ctx, m)}
    named = [m for m in weapons if m.kind == "named" and (m.start, m.end) not in hedged]
    weapon = nearest(named or weapons, start)
    return weapon, weapon is not None and (weapon.start, weapon.end) in hedged


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
    KN-23") or, for `scope: after` cues, right after it ("a KN-23 variant")."""
    for cue in ctx.cues:
        if cue.cue_type != "hedge":
            continue
        if cue.after and cue.start == weapon.end:
            return True
        if not cue.after and cue.end <= weapon.start and all(
                w in HEDGE_GAP for w in ctx.lowers[cue.end:weapon.start]) and weapon.start - cue.end <= 2:
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
        # "Military officials believe it was a Hwasong-12": the cue holds its own pronoun subject.
        pronoun = bool(set(ctx.lowers[cue.start:cue.end]) & SUBJECT_PRONOUNS)
        if not (pronoun or _definite_subject(ctx, cue.start)) or any(
                m.event_type == "LAUNCH" and m.sentence_index == sentence_of(ctx.starts, cue.start)
                and m.token_start < cue.start for m in found):
            continue
        weapon = _named_after(ctx, cue.end)
        if weapon is not None and weapon.country in (None, main.actor_country) \
                and _same_range(weapon.role, main.weapon_class):
            named = main.updated(weapon_entity_id=weapon.entity_id, weapon_class=weapon.role,
                                 weapon_family=weapon.family)
            return [named if m is main else m for m in found]
    return found


def _same_range(named_class: str | None, launched_class: str | None) -> bool:
    """Can a named weapon of class `named_class` be the launched one, reported with
    `launched_class`?  Not across range groups: an ICBM is no short-range launch."""
    named, launched = RANGE_GROUPS.get(named_class), RANGE_GROUPS.get(launched_class)
    return named is None or launched is None or named == launched


def _definite_subject(ctx: EventContext, index: int) -> bool:
    """Does the clause before `index` open with a pronoun or a definite determiner ("It was
    believed to be", "... said the projectile appeared to be")?"""
    sentence = sentence_span(ctx.doc, ctx.starts, index)
    opener = clause_start(ctx.lowers, sentence, index, breaks=IDENTIFY_CLAUSE_BREAKS)
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
            if set(ctx.lowers[end:m.start]) & (NP_STOPS | CONTRASTS) or is_hedged(ctx, m):
                return None
            return m
    return None


def whole_word_mentions(doc, mentions: list[Mention]) -> list[Mention]:
    """Drop rocket names that are the second half of a hyphenated word: "large-caliber" is no
    Kalibr (Caliber), it describes a rocket system."""
    return [m for m in mentions if not (m.label in {"ROCKET", "SATELLITE"} and compound_half(doc, m.start))]
