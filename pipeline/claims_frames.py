"""Attribution frames of the claims stage beyond "X said ...": functions of a `DocContext` and a cue.

- "according to X, ..." / "..., according to X." (`according_to`), and re-attributions, which give no second
  row (policy `claims_v2`, as the gold: the innermost speaker only): "According to KCNA, NADA said ...",
  "“...,” Guterres said, according to a U.N. statement";
- relative clauses: "a test that officials said demonstrated ..." (`relative_content`), "Baerbock, who said
  ..., urged ..." (`relative_subject`), "..., a move Western governments warned could ..." (`reduced_relative`);
- "prompting Seoul to warn that ..." (`prompted_speaker`);
- the sentence subject a participle or "and" continues (`sentence_subject`), and the subject of a reported
  clause that a coordinated cue continues: "Dujarric said Guterres was troubled and urged ..." (`inner_subject`).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.claims_anaphora import Speaker
from pipeline.claims_content import Content
from pipeline.claims_spans import DocContext

MAX_SUBJECT_TOKENS = 12
MAX_INNER_LEAD = 5       # title words before the subject of a reported clause ("host Prime Minister")
MAX_REATTRIBUTED_GAP = 12   # "According to X, [the National Aerospace Development Administration] said"


def relative_content(ctx: DocContext, relative: int, cue, sent_end: int) -> Content | None:
    """"in a launch that officials said demonstrated a range ...": after a restrictive "that", a
    content opening with a finite verb ("-ed"/"-s": no tagger here) is what the speaker said."""
    if not ctx.rules.has("complementizer", ctx.tokens[relative].lower_) or cue.rule.frame != "verb" \
            or cue.end >= sent_end:
        return None
    first = ctx.tokens[cue.end]
    verb = first.is_lower and first.is_alpha and first.lower_.endswith(("ed", "s")) and not (
        ctx.rules.has("determiner", first.lower_) or ctx.rules.has("clause_gap", first.lower_)
        or ctx.rules.has("boundary", first.lower_) or ctx.rules.has("adjunct", first.lower_))
    return ctx.trimmed(cue.end, ctx.clause_end(cue.end, sent_end)) if verb else None


def reduced_relative(ctx: DocContext, speaker: Speaker, cue, sent_start: int, sent_end: int):
    """"..., a move Western governments warned could advance ...": an appositive noun after a comma, a
    speaker, the cue, then a verb phrase opening with a modal: that verb phrase is the claim, and the
    speaker phrase loses the appositive noun. Returns (speaker, content) or None."""
    if cue.end >= sent_end or not ctx.rules.has("clause_gap", ctx.tokens[cue.end].lower_):
        return None
    inside = ctx.tokens[speaker.start].lower_ in {"a", "an"}   # "[a move Western governments]"
    article = speaker.start if inside else speaker.start - 2
    noun = ctx.tokens[article + 1] if article + 1 < cue.start else None
    if article - 1 < sent_start or ctx.tokens[article - 1].text != "," or noun is None \
            or ctx.tokens[article].lower_ not in {"a", "an"} or not (noun.is_lower and noun.is_alpha) \
            or ctx.rules.has("boundary", noun.lower_) or (inside and article + 2 >= speaker.end):
        return None
    content = ctx.trimmed(cue.end, ctx.clause_end(cue.end, sent_end))
    if content is None:
        return None
    return (replace(speaker, start=article + 2) if inside else speaker), content


def relative_subject(ctx: DocContext, cue_start: int, sent_start: int) -> Speaker | None:
    """"Annalena Baerbock, who said last month ...": the relative pronoun right before the cue (after
    gap words) stands for the phrase before its comma."""
    k = cue_start - 1
    while k >= sent_start and ctx.rules.has("gap", ctx.tokens[k].lower_):
        k -= 1
    if k - 2 < sent_start or ctx.tokens[k].lower_ not in {"who", "which"} or ctx.tokens[k - 1].text != ",":
        return None
    return ctx.speaker_ending(k - 1, sent_start)


def prompted_speaker(ctx: DocContext, cue_start: int, sent_start: int) -> Speaker | None:
    """"..., prompting Seoul, Tokyo and Washington to warn that ...": the object of a `lex.prompt` verb,
    before "to", speaks."""
    to = cue_start - 1
    if to - 2 < sent_start or ctx.tokens[to].lower_ != "to":
        return None
    speaker = ctx.speaker_ending(to, sent_start)
    if speaker is None:
        return None
    speaker = ctx.coordinated_speaker(speaker, sent_start)
    before = speaker.start - 1
    return speaker if before >= sent_start and ctx.rules.has("prompt", ctx.tokens[before].lower_) else None


def inner_subject(ctx: DocContext, content: Content, before: int) -> Speaker | None:
    """"U.N. spokesman Dujarric said Secretary-General Guterres was troubled and urged ...": a cue after
    "and" (no comma) inside a reported clause whose subject is a named official continues that subject
    (wire convention: the spokesman reports what the principal did). Only officials: in "Seoul said the
    launch failed and urged ...", the launch urges nothing."""
    if before - 1 < content.start or ctx.tokens[before - 1].text == ",":
        return None
    mention = next((ctx.mention_starting(p) for p in range(content.start, min(before, content.start + MAX_INNER_LEAD))
                    if ctx.mention_starting(p) is not None), None)
    if mention is None or mention.label != "OFFICIAL" or mention.end >= before \
            or ctx.tokens[mention.end].text in {"'s", "’s", ","}:
        return None
    lead = range(content.start, mention.start)   # "host Prime Minister": titles, no verb
    if any(not (ctx.name_part(p, content.start) or ctx.tokens[p].is_lower and ctx.tokens[p].is_alpha
                and not ctx.rules.has("boundary", ctx.tokens[p].lower_)) for p in lead):
        return None
    return ctx.classify(mention.start, mention.end, None)


def reattributed(ctx: DocContext, speaker: Speaker, sent_end: int) -> bool:
    """"According to KCNA, [NADA said] ...": another attribution opens the clause after the comma."""
    window = range(speaker.end + 1, min(sent_end, speaker.end + 1 + MAX_REATTRIBUTED_GAP))
    for p in window:
        if ctx.tokens[p].text in {",", ";", ":"} or ctx.is_open_quote(p):
            return False
        cue = ctx.cue_starts.get(p)
        if cue is not None and cue.rule.frame == "verb" and not cue.participle:
            return ctx.left_speaker(p, speaker.end + 1) is not None
    return False


def according_to(ctx: DocContext, cue, sent_start: int, sent_end: int, found: list):
    """"according to X, ..." (content after the comma) or "..., according to X."; None when it only
    re-attributes a claim made right there (innermost speaker: "“...,” Yoon said, according to his office")."""
    speaker = ctx.right_speaker(cue.end, sent_end)
    if speaker is None:
        return None
    if speaker.end < sent_end and ctx.tokens[speaker.end].text == ",":
        if reattributed(ctx, speaker, sent_end):
            return None
        content = ctx.right_content(speaker.end + 1, sent_end, False)
        if content is not None:
            return speaker, content
    comma = ctx.previous_word(cue.start)
    if found and ctx.tokens[comma].text == ",":
        _, previous_speaker, previous_content, previous_cue = found[-1]
        block_end = max(previous_speaker.end, previous_cue.end, previous_content.end)
        # "“...,” Lee told a cabinet meeting, according to his spokesperson": the same claim again
        same_block = previous_content.end <= previous_speaker.start and previous_cue.end <= comma \
            and ctx.sentence(previous_cue.start)[1] == sent_start \
            and not any(ctx.tokens[p].text == "," for p in range(block_end, comma))
        if comma == block_end or same_block:
            return None
    content = ctx.left_content(cue.start, sent_start)
    return (speaker, content) if content else None


def sentence_subject(ctx: DocContext, sent_start: int, comma: int) -> Speaker | None:
    """The sentence subject a participle cue continues: "The United States ..., urging Y"."""
    scan = ctx.after_dateline(sent_start, comma)
    if ctx.is_open_quote(scan) or (scan > 0 and ctx.is_open_quote(scan - 1)):
        return None   # a sentence opening with a quote has no subject to continue
    if ctx.rules.has("adjunct", ctx.tokens[scan].lower_):
        first_comma = next((p for p in range(scan, comma) if ctx.tokens[p].text == ","), None)
        scan = first_comma + 1 if first_comma is not None else scan
    for t in range(scan, min(comma, scan + MAX_SUBJECT_TOKENS)):
        if not (ctx.mention_ending(t + 1) or ctx.head(t)
                or (ctx.name_part(t, scan) and ctx.tokens[t].text != "-")):
            continue
        nxt = t + 1
        if nxt < comma and (ctx.tokens[nxt].text in {"'s", "’s"} or nxt in ctx.by_token or ctx.head(nxt)
                            or ctx.rules.has("linker", ctx.tokens[nxt].lower_) or ctx.name_part(nxt, scan)):
            continue
        speaker = ctx.speaker_ending(t + 1, scan)
        if speaker is None:
            return None
        lead = range(scan, speaker.start)   # "North Korean official [Ri]": still the subject phrase
        if all(p in ctx.by_token or ctx.head(p) or ctx.is_name_token(p, scan)
               or ctx.tokens[p].text in {"'s", "’s"} or ctx.rules.has("determiner", ctx.tokens[p].lower_)
               for p in lead):
            return speaker
        return None
    return None
