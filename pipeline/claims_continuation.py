"""Quotes without their own attribution that still have a speaker (``models/claims/continuations.jsonl``).

Wire copy attributes a quote once and lets the next quote paragraph run on without a cue
("“...,” Kim said. “...”"), or names the speaker only in the next sentence ("“...” That was the
message from Foreign Minister X").  A quote qualifies when it opens its sentence, no claim
covers it, and nothing but punctuation follows its closing mark in that sentence; a quote that
spans sentences is one claim.  A quote after narration gets no row: precision first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pipeline.claims_anaphora import Speaker
from pipeline.claims_content import Content
from pipeline.claims_match import match_ends
from pipeline.claims_rules import ContinuationRule
from pipeline.claims_spans import DocContext

SENTENCE_ENDS = frozenset({".", "!", "?"})


@dataclass(frozen=True)
class Attribution:
    """An attributed claim as the continuation rules see it: speaker, cue tokens, last token."""

    speaker: Speaker
    cue_start: int
    cue_end: int
    end: int   # one past the claim's last token (speaker, cue or content)


# (rule, speaker, cue start, cue end, content) -> the output row
MakeRow = Callable[[ContinuationRule, Speaker, int, int, Content], object]


def continuation_claims(ctx: DocContext, rules: list[ContinuationRule], attributed: list[Attribution],
                        covered: set[int], make_row: MakeRow) -> list:
    """Rows for the unattributed quotes of a document; `covered` holds the tokens of existing
    claims' contents, `attributed` the existing claims in text order."""
    next_rules = [r for r in rules if r.kind == "next_sentence"]
    previous_rules = [r for r in rules if r.kind == "previous_speaker"]
    rows, latest, done = [], list(attributed), -1
    for opening in ctx.quote_openings():
        quote = _bare_quote(ctx, opening, covered) if opening > done else None
        if quote is None:
            continue
        content, done = quote
        found = _named_next(ctx, next_rules, done) or _previous(ctx, previous_rules, latest, opening)
        if found is not None:
            rule, speaker, cue_start, cue_end = found
            rows.append(make_row(rule, speaker, cue_start, cue_end, content))
            if rule.kind == "previous_speaker":   # a chain of quote paragraphs keeps the speaker
                latest.append(Attribution(speaker, cue_start, cue_end, content.end))
    return rows


def _bare_quote(ctx: DocContext, opening: int, covered: set[int]) -> tuple[Content, int] | None:
    """(content, closing token) of a quote that opens its sentence, is no claim's content and ends
    its sentence; else None."""
    if not _opens_sentence(ctx, opening):
        return None   # the quote is inside a sentence: "called it “a provocation”"
    close = ctx.quote_close(opening)
    content = ctx.trimmed(opening + 1, close)
    if content is None or any(t in covered for t in range(content.start, content.end)):
        return None
    if close < len(ctx.tokens) and ctx.is_close_quote(close):
        _, _, sent_end = ctx.sentence(close)
        if any(ctx.tokens[p].is_alpha for p in range(close + 1, sent_end)):
            return None   # “Deterrence” is the aim: the quote is a phrase of a narrated sentence
    return content, close


def _opens_sentence(ctx: DocContext, opening: int) -> bool:
    """The quote opens a sentence or paragraph; the sentencizer may leave a straight opening quote
    at the end of the previous sentence ('... said. "We ...'), so a sentence end before it counts."""
    previous = ctx.previous_word(opening)
    if previous < ctx.sentence(opening)[1] or ctx.is_break(opening - 1):
        return True
    if ctx.is_close_quote(previous):
        previous -= 1
    return previous >= 0 and ctx.tokens[previous].text in SENTENCE_ENDS


def _named_next(ctx: DocContext, rules: list[ContinuationRule], close: int):
    """"“...” That was the message from X": (rule, speaker, cue start, cue end) from the sentence
    after the quote."""
    k = close + 1 if close < len(ctx.tokens) and ctx.is_close_quote(close) else close
    while k < len(ctx.tokens) and (ctx.tokens[k].is_space or ctx.tokens[k].is_punct):
        k += 1
    if k >= len(ctx.tokens) or ctx.sentence(k)[1] != k:
        return None
    _, _, sent_end = ctx.sentence(k)
    for rule in rules:
        for end in sorted(match_ends(ctx.tokens, k, rule.pattern), reverse=True):
            speaker = ctx.right_speaker(end, sent_end)
            if speaker is not None:
                return rule, speaker, k, end
    return None


def _previous(ctx: DocContext, rules: list[ContinuationRule], latest: list[Attribution], opening: int):
    """"“...,” Kim said. “...”": the speaker of the latest claim, when it ends at most
    `rule.sentences` sentences before the quote."""
    before = [a for a in latest if a.end <= opening]
    if not before:
        return None
    last = max(before, key=lambda a: a.end)
    gap = ctx.sentence(opening + 1)[0] - ctx.sentence(last.end - 1)[0]
    for rule in rules:
        if 1 <= gap <= rule.sentences:
            return rule, last.speaker, last.cue_start, last.cue_end
    return None
