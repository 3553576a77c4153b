"""Which rocket or missile of a sentence a trigger launched, and whether the text only
relates it to a known system ("a variant of the Hwasong-14"): `weapon_in_clause_v1`.

Wire copy packs several events into one sentence ("The salvo came three weeks after the
North tested the Pukguksong-2"; "..., a day after Seoul suspended the deployment of THAAD
launchers"), so a weapon named in a clause opened by a subordinator cue after the trigger
belongs to that other event.  Among the weapons left, a named one beats a class phrase
("a ballistic missile, believed to be a Hwasong-12"), unless the name is hedged: a hedged
name still gives the class, never the family.
"""

from __future__ import annotations

from pipeline.entities import Mention
from pipeline.event_context import EventContext

WEAPON_POLICY = "weapon_in_clause_v1"
# Words a hedge cue may stand apart from the weapon it hedges: "a variant of the Hwasong-14".
HEDGE_GAP = {"the", "a", "an", "its", "so-called"}


def choose_weapon(ctx: EventContext, in_sentence: list[Mention], start: int, end: int) -> tuple[Mention | None, bool]:
    """(the trigger's weapon, whether its name is hedged) among the sentence's ROCKET mentions."""
    weapons = [m for m in in_sentence if m.label == "ROCKET" and not _in_later_clause(ctx, end, m)]
    hedged = {(m.start, m.end) for m in weapons if is_hedged(ctx, m)}
    named = [m for m in weapons if m.kind == "named" and (m.start, m.end) not in hedged]
    weapon = nearest(named or weapons, start)
    return weapon, weapon is not None and (weapon.start, weapon.end) in hedged


def nearest(mentions: list[Mention], index: int) -> Mention | None:
    return min(mentions, key=lambda m: (abs(m.start - index), m.start), default=None)


def prefer_named(mentions: list[Mention]) -> list[Mention]:
    named = [m for m in mentions if m.kind == "named"]
    return named or mentions


def _in_later_clause(ctx: EventContext, trigger_end: int, weapon: Mention) -> bool:
    """Is the weapon past a subordinator that itself follows the trigger ("fired a missile
    ... a day after Seoul suspended THAAD")?  Weapons before the trigger are its subject."""
    return weapon.start >= trigger_end and any(
        cue.cue_type == "subordinator" and trigger_end <= cue.start and cue.end <= weapon.start for cue in ctx.cues)


def is_hedged(ctx: EventContext, weapon: Mention) -> bool:
    """A hedge cue right before the weapon ("similar to the KN-15", "a type related to the
    KN-23") or, for `scope: after` cues, right after it ("KN-23-type")."""
    for cue in ctx.cues:
        if cue.cue_type != "hedge":
            continue
        if cue.after and cue.start == weapon.end:
            return True
        if not cue.after and cue.end <= weapon.start and all(
                w in HEDGE_GAP for w in ctx.lowers[cue.end:weapon.start]) and weapon.start - cue.end <= 2:
            return True
    return False


def passive_agent(ctx: EventContext, end: int, after: list[Mention], agent_labels: set[str]) -> Mention | None:
    """"a missile launched by North Korea": the country-bearing mention right after "by"."""
    if end >= len(ctx.lowers) or ctx.lowers[end] != "by":
        return None
    return next((m for m in after if m.start in {end + 1, end + 2} and m.country and m.label in agent_labels), None)
