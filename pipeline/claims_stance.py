"""Stance read from the content of a neutral report (``models/claims/stance.jsonl``).

The gold (tests/gold/README.md) gives "said" claims the stance of what is said: "said the United
States strongly condemned the launch" is a condemnation, "said it would investigate" a pledge,
"said the rocket crashed" (by the launcher) an acknowledgement, "said the talks may resume" a
claim.  A neutral cue ("said", "told", "added", a continued quote) takes the stance of the first
rule, in file order, that one of its content words (or the speaker's head word: "analysts") fires;
a cue with its own stance ("warned") keeps it.  Two conditions keep the rules from firing on third parties:

- ``self``: the speaker reports on itself: the content opens with a self word ("it", "we"),
  speaks in the first person, or names no other country than the speaker's;
- ``subject``: the rule's word (a modal) follows a subject that is the speaker itself ("it",
  "we", a mention of the speaker's country) within a few tokens, and is not a passive or
  perfect ("would be launched", "would have limited value": assessments, not commitments).
"""

from __future__ import annotations

from pipeline.claims_anaphora import Speaker
from pipeline.claims_content import Content
from pipeline.claims_rules import StanceRule
from pipeline.claims_spans import DocContext

MODAL_WINDOW = 3                                      # tokens between subject and modal
NOT_COMMITMENTS = frozenset({"be", "have", "been"})   # "would be launched": a forecast
MODALS = frozenset({"will", "would", "shall"})
COPULAS = frozenset({"was", "is", "are", "were", "remained", "remains", "stood", "stands"})   # "it was ready to"
OWNERS = frozenset({"his", "her", "its", "their", "our"})   # "his country would continue"


def reported_stance(ctx: DocContext, rules: list[StanceRule], speaker: Speaker, content: Content) -> str | None:
    """The stance of the first rule whose word occurs in the content (and whose condition holds)."""
    # capitalised words count only opening the content: "May 31" is no modal
    words = [ctx.tokens[i].lower_ if i == content.start or not ctx.tokens[i].is_title else ""
             for i in range(content.start, content.end)]
    head = ctx.tokens[speaker.head].lower_ if speaker.head is not None else None
    present = set(words)
    for rule in rules:
        if rule.speakers:
            if head in rule.speakers:
                return rule.stance
            continue
        if present.isdisjoint(rule.words):
            continue
        # Negated words do not count: "posed no threat", "did not pose any threat".
        # A `negated` rule counts only those: "does not violate international law" denies.
        hits = [i for i, word in enumerate(words) if word in rule.words
                and any(ctx.rules.has("negation", w) for w in words[max(0, i - 3):i]) == rule.negated]
        if not hits:
            continue
        if rule.subject and not any(_commitment(ctx, speaker, content, content.start + i) for i in hits):
            continue
        if rule.self_report and not _about_itself(ctx, speaker, content, words):
            continue
        return rule.stance
    return None


def _self_word(ctx: DocContext, i: int) -> bool:
    return ctx.rules.has("self_word", ctx.tokens[i].lower_)


def _about_itself(ctx: DocContext, speaker: Speaker, content: Content, words: list[str]) -> bool:
    """"JAXA said it issued the command to destroy the rocket", "“We apologize”", "NADA said the
    rocket crashed": the speaker reports its own affairs, not another country's."""
    if _self_word(ctx, content.start) or any(ctx.rules.has("first_person", w) for w in words):
        return True
    if speaker.country is None:
        return False
    countries = [m.country for m in ctx.mentions_in(content.start, content.end) if m.country]
    if countries:
        return countries[0] == speaker.country
    # "the rocket crashed": whose rocket the article is about, i.e. its first country (not the speaker's own
    # phrase: in "officials in Seoul said" Seoul does not make Seoul the launcher)
    first = next((m for m in ctx.mentions if m.label == "COUNTRY" and not speaker.start <= m.start < speaker.end),
                 None)
    return first is not None and first.country == speaker.country


def _commitment(ctx: DocContext, speaker: Speaker, content: Content, modal: int) -> bool:
    """"it would investigate", "Washington “will take” ...": the speaker's own future action."""
    after = modal + 1
    if after >= content.end or ctx.tokens[after].lower_ in NOT_COMMITMENTS:
        return False
    if ctx.tokens[modal].lower_ not in MODALS and ctx.tokens[after].lower_ != "to":
        return False   # "ready to", "committed to"; but "“We were ready.”" looks back
    k = content.start
    while k < modal and (ctx.tokens[k].is_punct or ctx.tokens[k].lower_ == "the"):
        k += 1
    mention = ctx.mention_starting(k)
    if _self_word(ctx, k):
        subject_end = k + 1
    elif mention is not None and speaker.country is not None and mention.country == speaker.country:
        subject_end = mention.end
    elif (own := _own_body(ctx, k)) is not None and own <= modal:
        subject_end = own   # "the government would", "his country would", "the allies would"
    else:
        return False
    between = [ctx.tokens[p] for p in range(subject_end, modal)]
    return len(between) <= MODAL_WINDOW and all(   # "it would partially suspend", 'Washington “will', "was ready"
        t.is_punct or t.lower_.endswith("ly") or ctx.rules.has("gap", t.lower_) or t.lower_ in COPULAS
        for t in between)


def _own_body(ctx: DocContext, k: int) -> int | None:
    """"the government would", "his country would", "the allies would": a speaker head word after "the"
    (skipped before k) or a possessive is the speaker's own side; the end of that subject, or None."""
    if ctx.tokens[k].lower_ in OWNERS:
        head, end = ctx.head(k + 1), k + 2
    elif k > 0 and ctx.tokens[k - 1].lower_ == "the":
        head, end = ctx.head(k), k + 1
    else:
        return None
    return end if head is not None and head.kind in {"anaphor", "role"} else None
