"""Claims stage: who said what, with which stance.

Cue words and phrases ("said", "called on", "according to") and the first words of cue
patterns are found once per document by one `PhraseMatcher`; cue patterns and guards are then
tried only at those positions (`pipeline.claims_match`).  Every rule lives in
``models/claims/*.jsonl`` (see `pipeline.claims_rules`).  Around each cue the stage does cheap
local work (`pipeline.claims_spans`):

1. the frame: "X said (that) ...", "..., X said.", "“...,” said X", "according to X, ...",
   a participle continuing the sentence subject ("..., urging Y to ..."), a pattern cue whose
   tail starts the content ("expressed serious concerns about ...");
2. the speaker, linked to a mention (official, organization, country, capital metonym), a role
   phrase ("a spokesman for the Ministry of National Defense" -> ROLE linked to the ministry),
   or an anaphor resolved to the nearest compatible earlier mention ("he", "the ministry"; an
   earlier claim's speaker phrase or person wins when closer: "a ministry official ... the official");
3. the content: after the cue (skipping "that", "told reporters", "in a statement on
   Thursday that"), or before it, following quotations across sentences.

Policy `claims_v2`: one claim per cue ("Seoul condemned ... and urged ..." gives two, sharing the
speaker); a claim nested in a quotation or in the clause reported after another cue is dropped
(`drop_embedded`), and so is one whose cue and speaker are both inside quotation marks (the quoted
person's words); a quote paragraph with no cue continues the previous speaker or takes one named in
the next sentence (`pipeline.claims_continuation`); `sentence_index` is the sentence of the cue (of
the quote, for continuations); claims are sorted by `start_char`. v2 (over v1): a re-attribution
("According to KCNA, NADA said ...", "..., according to his office", "Kim condemned ..., a spokesperson
said") gives no row of its own, only the innermost speaker (`pipeline.claims_frames`), as the gold.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.claims_content import Content
from pipeline.claims_continuation import Attribution, continuation_claims
from pipeline.claims_frames import (according_to, inner_subject, prompted_speaker, reduced_relative, relative_content,
                                     relative_subject, sentence_subject)
from pipeline.claims_match import anchor_offsets, first_words, match_ends
from pipeline.claims_rules import ClaimRules, ContinuationRule, CueRule, load_claim_rules
from pipeline.claims_spans import DocContext, Speaker
from pipeline.claims_stance import reported_stance
from pipeline.claims_tokens import TokenViews
from pipeline.claims_validate import validate_claim_rules
from pipeline.entities import Mention
from pipeline.rules.loader import InvalidRules

__all__ = ["Claim", "ClaimExtractor", "Cue", "POLICY", "validate_claim_rules"]

POLICY = "claims_v2"
PARTICIPLE_SUFFIX = "::participle"
ANCHOR_SUFFIX = "::anchor"
QUOTE_MARKS = ("“", '"', "«", "„")


@dataclass(frozen=True)
class Claim:
    """One attributed statement; offsets index the article text."""

    sentence_index: int
    start_char: int
    end_char: int
    speaker: str
    speaker_entity_id: str | None
    speaker_label: str | None
    speaker_country: str | None
    speaker_start_char: int
    speaker_end_char: int
    cue: str
    cue_start_char: int
    cue_end_char: int
    content: str
    content_start_char: int
    content_end_char: int
    stance: str
    rule_id: str


@dataclass(frozen=True)
class Cue:
    """A cue occurrence: token span, rule, participle use, and where content starts (pattern tails)."""

    start: int
    end: int
    rule: CueRule
    participle: bool = False
    content_start: int | None = None


def longest_cues(cues: list[Cue], guarded: set[int]) -> list[Cue]:
    """Non-overlapping cues, longest first ("called on" beats "called"); guarded tokens veto."""
    chosen, taken = [], set(guarded)
    for cue in sorted(cues, key=lambda c: (-(c.end - c.start), c.start)):
        tokens = set(range(cue.start, cue.end))
        if not tokens & taken:
            chosen.append(cue)
            taken |= tokens
    return sorted(chosen, key=lambda c: c.start)


Found = tuple[Claim, Speaker, Content, Cue]


def drop_embedded(ctx: DocContext, found: list[Found]) -> list[Found]:
    """claims_v2: drop a claim nested in a quotation ("“We urge ...,” Hodge said") or in the
    reported clause after another cue ("X said Y had warned ..."); keep it after "according to
    X," and when only its speaker is inside ("X said Guterres was troubled and urged ...": the content
    stops before "and"). A trailing attribution of an unquoted clause holding claims of its own
    ("Guterres condemned the launch and urged ..., a spokesperson said") is the outer one: it goes, and
    the innermost claims stay, as in the gold."""
    by_cue = sorted(range(len(found)), key=lambda i: found[i][3].start)
    cue_starts = [found[i][3].start for i in by_cue]
    nested = set()
    for index, (_, _, content, cue) in enumerate(found):
        quoted = content.start > 0 and ctx.is_open_quote(content.start - 1)
        trailing = not quoted and content.end <= cue.start and cue.rule.frame == "verb"
        if not (quoted or trailing or (content.start > cue.start and cue.rule.frame == "verb")):
            continue
        lo, hi = bisect.bisect_left(cue_starts, content.start), bisect.bisect_left(cue_starts, content.end)
        inner = [i for i in by_cue[lo:hi] if i != index and content.start <= found[i][1].start < content.end]
        if trailing:
            nested.update([index] if inner else [])
        else:
            nested.update(inner)
    return [item for i, item in enumerate(found) if i not in nested]


class ClaimExtractor:
    """Finds claims in a document given its entity mentions; built once per process."""

    def __init__(self, vocab: Vocab, models_dir: Path):
        self.rules: ClaimRules = load_claim_rules(Path(models_dir))
        if self.rules.errors:
            raise InvalidRules(self.rules.errors)
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        for rule in self.rules.cues.values():
            for suffix, words in (("", rule.forms), (PARTICIPLE_SUFFIX, rule.participles),
                                  (ANCHOR_SUFFIX, first_words(rule.pattern) if rule.pattern else ())):
                if words:
                    self.phrases.add(rule.rule_id + suffix, [Doc(vocab, words=w.lower().split()) for w in words])
        cue_words = {w for rule in self.rules.cues.values()
                     for form in (*rule.forms, *rule.participles, *(first_words(rule.pattern) if rule.pattern else ()))
                     for w in form.lower().split()}
        # cue word -> [(guard id, steps, tokens that may precede the word inside the guard)]
        self.guards_by_word = {word: [(gid, steps, offsets) for gid, steps in self.rules.guards.items()
                                      if (offsets := anchor_offsets(steps, word))] for word in cue_words}
        self.views = TokenViews(vocab)

    def __call__(self, doc: Doc, mentions: list[Mention], text: str | None = None) -> list[Claim]:
        """The claims of a document; `text` is its text when the caller has it (`doc.text` rebuilds it
        from Token objects on every access)."""
        tokens, offsets = self.views.read(doc)   # shared by every look-up below (`pipeline.claims_tokens`)
        if text is None:
            text = "".join([token.text_with_ws for token in tokens])
        cues = self.match(doc, {t for m in mentions for t in range(m.start, m.end)}, tokens)
        if not cues and not any(q in text for q in QUOTE_MARKS):
            return []   # without a cue only a quote can be a claim ("“...” That was the message from X")
        context = DocContext(doc, mentions, self.rules, {cue.start: cue for cue in cues}, tokens, offsets, text)
        found: list[Found] = []
        for cue in cues:
            attribution = self.attribute(context, cue, found) or self.coordinated(context, cue, found)
            if attribution is None or (context.inside_quote(cue.start) and context.inside_quote(attribution[0].start)):
                continue   # no attribution, or the quoted person's own words ("“They threaten us”")
            speaker, content = attribution
            context.remember(speaker)
            found.append((self.make_claim(context, cue, speaker, content), speaker, content, cue))
        kept = drop_embedded(context, found)
        claims = [item[0] for item in kept] + self.continuations(context, kept)
        return sorted(claims, key=lambda c: (c.start_char, c.cue_start_char))

    def continuations(self, ctx: DocContext, kept: list[Found]) -> list[Claim]:
        """Claims of quote paragraphs without a cue of their own (`pipeline.claims_continuation`)."""
        if not self.rules.continuations:
            return []
        attributed = [Attribution(speaker, cue.start, cue.end, max(speaker.end, cue.end, content.end))
                      for _, speaker, content, cue in sorted(kept, key=lambda item: item[3].start)]
        covered = {t for _, _, content, _ in kept for t in range(content.start, content.end)}

        def row(rule: ContinuationRule, speaker: Speaker, cue_start: int, cue_end: int, content: Content) -> Claim:
            return self.row(ctx, speaker, cue_start, cue_end, content, self.stance(ctx, None, speaker, content),
                            f"{rule.rule_id}+{speaker.rule}", ctx.sentence_index(content.start))
        return continuation_claims(ctx, self.rules.continuations, attributed, covered, row)

    def coordinated(self, ctx: DocContext, cue: Cue, found: list) -> tuple[Speaker, Content] | None:
        """"Seoul condemned the test and urged ...", "“...,” said Kim, adding that ...": a cue after
        "and" (or a participle after a comma) shares the previous cue's speaker in the same
        sentence, and a previous content running over the new cue stops before it; without an
        earlier claim in the sentence, a cue after "and" continues the sentence subject."""
        before = cue.start - 1
        if before < 0:
            return None
        coordinated = self.rules.has("coordinator", ctx.tokens[before].lower_)
        joined = coordinated or (cue.participle and ctx.tokens[before].text == ",")
        index, sent_start, sent_end = ctx.sentence(cue.start)
        same = bool(found) and ctx.sentence(found[-1][3].start)[0] == index
        if not joined or not (same or coordinated):
            return None
        right = ctx.right_content(cue.end, sent_end, cue.rule.takes_object)
        if right is None:
            return None
        if not same:   # "The council convened a meeting and condemned the launch": the sentence subject
            speaker = sentence_subject(ctx, sent_start, before)
            return (speaker, right) if speaker is not None else None
        claim, speaker, content, previous = found[-1]
        if content.start < before < content.end:
            # "Dujarric said Guterres was troubled and urged ...": Guterres urged (`inner_subject`)
            inner = inner_subject(ctx, content, before) if content.start > previous.start else None
            shortened = ctx.trimmed(content.start, before)
            if shortened is None:
                return None
            found[-1] = (self.make_claim(ctx, previous, speaker, shortened), speaker, shortened, previous)
            if inner is not None:
                return inner, right
        return speaker, right

    def match(self, doc: Doc, vetoed: set[int] = frozenset(), tokens: list | None = None) -> list[Cue]:
        """Every cue occurrence not vetoed by a guard or inside a mention ("United States"),
        overlaps resolved longest-first."""
        tokens = tokens if tokens is not None else self.views.read(doc)[0]
        strings, cues = doc.vocab.strings, []
        for match_id, start, end in self.phrases(doc):
            key = strings[match_id]
            rule_id = key.removesuffix(PARTICIPLE_SUFFIX).removesuffix(ANCHOR_SUFFIX)
            rule = self.rules.cues[rule_id]
            if key.endswith(ANCHOR_SUFFIX):
                ends = match_ends(tokens, start, rule.pattern)
                if ends:
                    tail = start + rule.cue_tokens if rule.cue_tokens else None
                    cues.append(Cue(start, tail or max(ends), rule, False, tail))
            else:
                cues.append(Cue(start, end, rule, key.endswith(PARTICIPLE_SUFFIX)))
        guarded = set(vetoed)
        for cue in cues:
            guarded.update(self.guarded_tokens(tokens, cue))
        return longest_cues(cues, guarded)

    def guarded_tokens(self, tokens: list, cue: Cue) -> set[int]:
        """Tokens of guard matches overlapping the cue ("so-called", "is said to be")."""
        guarded = set()
        for i in range(cue.start, cue.end):
            for _, steps, offsets in self.guards_by_word.get(tokens[i].lower_, ()):
                first = steps[0]
                for offset in offsets:
                    start = i - offset
                    if start < 0 or (first.op is None and not first.test(tokens, start)):
                        continue   # most guards fail on their first token: skip the search
                    ends = [e for e in match_ends(tokens, start, steps) if e > i]
                    if ends:
                        guarded.update(range(start, max(ends)))
        return guarded

    def attribute(self, ctx: DocContext, cue: Cue, found: list = ()) -> tuple[Speaker, Content] | None:
        """The speaker and content of one cue, or None when the cue is not an attribution."""
        _, sent_start, sent_end = ctx.sentence(cue.start)
        rule = cue.rule
        if rule.frame == "according_to":
            return according_to(ctx, cue, sent_start, sent_end, found)
        before = ctx.previous_word(cue.start)   # a quote paragraph may precede "said Kim" on its own line
        speaker = ctx.left_speaker(cue.start, sent_start)
        quoted = before >= 0 and ctx.is_close_quote(before)
        # "“...,” said Kim" / "..., said Kim"; after a comma only when no appositive subject precedes
        # ("North Korea, which ..., said it would ...": "it" is not an inverted speaker).
        if rule.invert and not cue.participle and (quoted or (before >= 0 and ctx.tokens[before].text == ","
                                                              and speaker is None)):
            inverted = ctx.right_speaker(cue.end, sent_end)
            inverted = ctx.right_appositive(inverted, sent_end) if inverted is not None else None
            content = ctx.left_content(cue.start, sent_start) if inverted else None
            if content is not None:
                return inverted, content
        if speaker is not None:
            speaker = ctx.coordinated_speaker(speaker, sent_start)   # "Britain, France and Germany said"
        elif cue.participle and before >= sent_start and ctx.tokens[before].text == ",":
            speaker = sentence_subject(ctx, sent_start, before)
        else:   # "Baerbock, who said ...", "prompting Seoul to warn ..."
            speaker = relative_subject(ctx, cue.start, sent_start) or prompted_speaker(ctx, cue.start, sent_start)
            if speaker is not None:
                right = ctx.right_content(cue.end, sent_end, rule.takes_object)
                return (speaker, right) if right is not None else None
        if speaker is None:
            return None
        phrase_start = ctx.modifiers_left(speaker.start, sent_start)   # "..., [Japan's] Defense Ministry said"
        reduced = reduced_relative(ctx, speaker, cue, sent_start, sent_end)
        if reduced is not None:
            return reduced   # "..., a move Western governments warned could ..."
        if phrase_start > sent_start and ctx.rules.has("relative", ctx.tokens[phrase_start - 1].lower_):
            # "the missile, which experts said was new": a parenthetical, not a claim row; but "a test
            # that the minister said showed a range ...": the verb phrase after the cue is the claim
            relative = relative_content(ctx, phrase_start - 1, cue, sent_end)
            return (speaker, relative) if relative is not None else None
        if cue.content_start is not None:
            right = ctx.right_content(cue.content_start, sent_end, False)
            return (speaker, right) if right else None
        right = ctx.right_content(cue.end, sent_end, rule.takes_object)
        if cue.participle:
            return (speaker, right) if right else None
        left = ctx.left_content(ctx.title_left(min(phrase_start, cue.start), sent_start), sent_start) \
            if rule.left_content else None   # "“...,” U.S. Ambassador to the U.N. Dorothy Shea told reporters"
        if right is not None and right.explicit and not (left is not None and ctx.quote_before(phrase_start)
                                                         and not ctx.introduced(right.start)):
            return speaker, right   # but "“...,” Hayashi told a regular news conference": the quote
        # A weak right side alone ("told the U.N. in advance", "said, adding") reports nothing.
        return (speaker, left) if left else None

    @staticmethod
    def _self_reference(ctx: DocContext, start: int) -> bool:
        """Content opening with a pronoun ("it", "we"): the speaker reporting its own act."""
        head = ctx.head(start)
        return head is not None and head.kind == "pronoun"

    def make_claim(self, ctx: DocContext, cue: Cue, speaker: Speaker, content: Content) -> Claim:
        """The output row for one attribution."""
        return self.row(ctx, speaker, cue.start, cue.end, content, self.stance(ctx, cue.rule, speaker, content),
                        f"{cue.rule.rule_id}+{speaker.rule}", ctx.sentence_index(cue.start))

    def stance(self, ctx: DocContext, rule: CueRule | None, speaker: Speaker, content: Content) -> str:
        """The cue's stance; a characterizing cue reads it from content words ("described it as a
        threat"); a neutral cue (or none, for a continued quote) takes the speaker's own reported
        verb ("said it “strongly condemns” the launch"), else the stance rules' (`pipeline.claims_stance`)."""
        if rule is not None and rule.content_stance:
            lexicon = self.rules.content_stance
            return next((lexicon[ctx.tokens[i].lower_] for i in range(content.start, content.end)
                         if ctx.tokens[i].lower_ in lexicon), rule.stance)
        if rule is not None and rule.stance != "neutral":
            return rule.stance
        if self._self_reference(ctx, content.start):
            inner = (ctx.cue_starts.get(i) for i in range(content.start, min(content.end, content.start + 4)))
            own = next((c.rule.stance for c in inner if c is not None and not c.rule.content_stance), "neutral")
            if own != "neutral":
                return own
        return reported_stance(ctx, self.rules.stances, speaker, content) or "neutral"

    @staticmethod
    def row(ctx: DocContext, speaker: Speaker, cue_start: int, cue_end: int, content: Content, stance: str,
            rule_id: str, sentence_index: int) -> Claim:
        """A `Claim` with character offsets for token spans."""
        (s0, s1, speaker_text), (c0, c1, cue_text), (x0, x1, content_text) = (
            ctx.text_of(speaker.start, speaker.end), ctx.text_of(cue_start, cue_end),
            ctx.text_of(content.start, content.end))
        return Claim(sentence_index, min(s0, c0, x0), max(s1, c1, x1), speaker_text, speaker.entity_id,
                     speaker.label, speaker.country, s0, s1, cue_text, c0, c1, content_text, x0, x1, stance, rule_id)
