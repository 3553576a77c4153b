"""What the event stage knows about one document, and the clause and phrase tests its
argument modules share (`events`, `event_dates`, `event_outcome`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.attrs import LOWER
from spacy.tokens import Doc

from pipeline.entities import Mention, sentence_of, sentence_span
from pipeline.event_lexicon import EventLexicon

# An anaphoric noun phrase starts with a definite determiner ("the latest launch", "its
# second failed attempt", "both launches", "neither launch"); the walk back from the trigger
# stops at these other words.
DEFINITE = {"the", "its", "this", "that", "these", "those", "their", "both", "neither", "either", "each"}
# Words a definite determiner may stand before the trigger ("its second failed attempt"); a
# possessive adds the owner's two ("the country's first known weapons test").
NP_REACH = 4
POSSESSIVE_MARKS = {"'s", "’s"}
NP_STOPS = {"a", "an", "of", "in", "on", "to", "for", "by", "with", "after", "before", "and", "or", "at", "from"}
CLAUSE_BREAKS = {",", ";", ":", "—", "–", "--", "but", "while", "after", "when", "which", "who", "and", "as",
                 "since", "because", "although", "despite", "before"}
COUNT_REACH = 4  # tokens back from "and" to the first count of "one long-range and two short-range"
MODALS = {"will", "would", "could", "may", "might", "should", "can"}
NEGATIONS = {"not", "n't", "never", "no"}
# "whether the launch had succeeded": an open question, not an outcome.
QUESTIONS = {"whether"}
QUESTION_REACH = 6
DATELINE_SEPARATORS = {"--", "—", "–"}
DATELINE_REACH = 20  # tokens: "WASHINGTON/SEOUL, Nov. 30 (Reuters) -" and the like


@dataclass
class EventContext:
    """One document as the event stage sees it: built once per document, read by every rule."""

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
    lexicon: EventLexicon  # the word lists of models/events/lexicon.jsonl
    dateline_end: int = 0  # first token after a wire dateline ("SEOUL (Reuters) -"); 0 without one
    launch_starts: list[int] = field(default_factory=list)  # first token of every launch trigger, sorted
    # First tokens of triggers a `takes_anaphors` veto removed ("tested a new rocket engine"): tests, not launches.
    other_tests: list[int] = field(default_factory=list)
    text: str = ""  # the document's text: `Doc.text` joins every token again on each call
    # Per-document memos of pure lookups that many triggers repeat (see `clause_bounds`, `guarded_tokens`).
    clauses: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)
    guards: dict[tuple, set[int]] = field(default_factory=dict, repr=False)
    cues_by_type: dict[str, list] = field(default_factory=dict, repr=False)

    @property
    def filed_in(self) -> str | None:
        """The country of the dateline's place ("SEOUL, March 23 (Yonhap) --" is KOR): where the copy
        was filed, whose clock its days are counted by.  None without a dateline or a known place."""
        return next((m.country for m in self.mentions if m.end <= self.dateline_end and m.country
                     and m.label in {"LOCATION", "COUNTRY"}), None)

    @property
    def dateline_char(self) -> int:
        """Character offset where the text after the dateline starts (0 without one)."""
        return self.doc[self.dateline_end].idx if 0 < self.dateline_end < len(self.doc) else 0


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
    any_sentence: bool = False        # outcome cues: as strong in a sentence of its own ("No object entered orbit")
    takes_anaphors: bool = False      # veto cues: the vetoed trigger is the article's own test (an engine's)


def build_context(doc: Doc, published: date | None, mentions: list[Mention], timexes: list, cues: list,
                  starts: list[int], claims: list, lexicon: EventLexicon, text: str | None = None) -> EventContext:
    """Everything the event rules look up in one document, computed once.  `text` is the
    document's text when the caller has it (the article's): `doc.text` rebuilds it from every token."""
    # "Long March 5" names a rocket, it does not date one.
    names = [(m.start_char, m.end_char) for m in mentions if m.label in {"ROCKET", "SATELLITE"}]
    timexes = [t for t in timexes if not any(a <= t.start_char < b for a, b in names)]
    contents = [(c.content_start_char, c.content_end_char, c) for c in claims]
    observed = {i for cue in cues if cue.cue_type == "observer" for i in range(cue.start, cue.end)}
    # One pass, from the LOWER column (no Token objects): clause scans look words up by index.
    strings = doc.vocab.strings
    lowers = list(map(strings.__getitem__, doc.to_array(LOWER).tolist()))
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence_index, []).append(mention)
    first_end = starts[1] if len(starts) > 1 else len(doc)
    return EventContext(doc, published, mentions, timexes, cues, starts, contents, observed, lowers, by_sentence,
                        lexicon, dateline_end(lowers, first_end), text=doc.text if text is None else text)


def dateline_end(ctx_lowers: list[str], first_sentence_end: int) -> int:
    """The first token after a wire dateline ("TOKYO, July 29 Kyodo --", "SEOUL (Reuters) -"),
    0 when the article has none.  A capital in a dateline says where the copy was filed,
    it is never the agent of the lead's event."""
    reach = min(DATELINE_REACH, first_sentence_end, len(ctx_lowers))
    for i in range(reach):
        word = ctx_lowers[i]
        if word in DATELINE_SEPARATORS or (word == "-" and i > 0 and ctx_lowers[i - 1] == ")"):
            return i + 1
    return 0


def near_word(lowers: list[str], index: int, words: set[str], window: int = 3) -> bool:
    lo, hi = max(0, index - window), min(len(lowers), index + window + 1)
    return any(lowers[i] in words for i in range(lo, hi))


def clause_start(ctx: EventContext, sentence, index: int, breaks: set[str] = CLAUSE_BREAKS) -> int:
    """First token of the clause containing `index`: after the last clause break before it."""
    lowers = ctx.lowers
    for i in range(index - 1, sentence.start - 1, -1):
        # The membership test first: most words are no break, and need no call.
        if lowers[i] in breaks and _breaks_clause(lowers, i, breaks, ctx.lexicon):
            return i + 1
    return sentence.start


def _breaks_clause(lowers: list[str], i: int, breaks: set[str], lexicon: EventLexicon) -> bool:
    """Is token `i` a clause break?  Not "before" in "before dawn Sunday", nor "and" between two
    counted noun phrases ("launched one long-range and two short-range missiles on Thursday")."""
    if lowers[i] not in breaks:
        return False
    following = lowers[i + 1] if i + 1 < len(lowers) else ""
    numbers = lexicon.number
    if lowers[i] == "and" and _counts(following, numbers) \
            and any(_counts(w, numbers) for w in lowers[max(0, i - COUNT_REACH):i]):
        return False
    return following not in lexicon.time_of_day


def _counts(word: str, numbers) -> bool:
    return word.isdigit() or (word in numbers and word not in {"a", "an"})


def clause_bounds(ctx: EventContext, index: int) -> tuple[int, int]:
    """(start, end) token bounds of the clause containing `index` (memoized per document: the
    realis, date and outcome rules of every trigger ask for the same clauses)."""
    bounds = ctx.clauses.get(index)
    if bounds is None:
        bounds = ctx.clauses[index] = _clause_bounds(ctx, index)
    return bounds


def _clause_bounds(ctx: EventContext, index: int) -> tuple[int, int]:
    sentence = sentence_span(ctx.doc, ctx.starts, index)
    start = clause_start(ctx, sentence, index)
    end = _next_break(ctx, index + 1, sentence.end)
    if (after := _past_named_appositive(ctx, end, sentence.end)) is not None:
        # "test-fired its most recent ICBM, the Hwasong-15, in November last year": the clause
        # goes on past the name set off by commas.
        end = _next_break(ctx, after, sentence.end)
    return start, end


def _next_break(ctx: EventContext, start: int, limit: int) -> int:
    """The first clause break in [start, limit); `limit` when there is none."""
    lowers = ctx.lowers
    return next((i for i in range(start, limit)
                 if lowers[i] in CLAUSE_BREAKS and _breaks_clause(lowers, i, CLAUSE_BREAKS, ctx.lexicon)), limit)


def _past_named_appositive(ctx: EventContext, comma: int, limit: int) -> int | None:
    """The token after ", <a rocket's name>," opening at `comma`, if a name fills the commas."""
    if comma >= limit or ctx.lowers[comma] != ",":
        return None
    for m in ctx.by_sentence.get(sentence_of(ctx.starts, comma), []):
        if m.label == "ROCKET" and m.kind == "named" and comma < m.start <= comma + 2 \
                and m.end < limit and ctx.lowers[m.end] == ",":
            return m.end + 1
    return None


def claim_around(ctx: EventContext, char: int):
    """The claim whose content contains this character offset, if any."""
    return next((claim for a, b, claim in ctx.contents if a <= char < b), None)


def definite_noun_phrase(doc: Doc, start: int, determiners: set[str] = DEFINITE) -> bool:
    """Does the trigger end a noun phrase opened by a definite determiner ("the latest
    launch")?  Proper names end the walk back: "The United States echoed" is no anaphor."""
    limit = max(-1, start - NP_REACH - 1)
    i = start - 1
    while i > limit:
        token = doc[i]
        if token.lower_ in determiners:
            return True
        if token.lower_ in NP_STOPS or token.is_title or not (token.is_alpha or token.text in {"-", "’s", "'s"}):
            return False
        if token.text in POSSESSIVE_MARKS:
            # "the country's first known weapons test": the owner's own determiner is two words further.
            limit = max(-1, limit - 2)
        i -= 1
    return False


def compound_half(doc: Doc, index: int) -> bool:
    """Is the token the second half of a hyphenated word ("large-caliber", "submarine-launched")?"""
    return index >= 2 and doc[index - 1].text == "-" and not doc[index - 1].whitespace_ \
        and not doc[index - 2].whitespace_


def cues_of(ctx: EventContext, cue_type: str) -> list[Cue]:
    """The document's cues of one type, in document order (memoized: every trigger scans them)."""
    cues = ctx.cues_by_type.get(cue_type)
    if cues is None:
        cues = ctx.cues_by_type[cue_type] = [cue for cue in ctx.cues if cue.cue_type == cue_type]
    return cues


def guarded_tokens(ctx: EventContext, cue_type: str, value: str, weapon_class: str | None) -> set[int]:
    """Tokens covered by guard cues (`cue_type` cues of value `value`) that apply to this kind of
    vehicle: realis "actual" ("conducted another launch"), outcome "guard" ("before crashing into
    the sea" ends a missile's flight; a space rocket's crash is its failure).  Memoized per
    document; callers only test membership."""
    key = (cue_type, value, weapon_class)
    guarded = ctx.guards.get(key)
    if guarded is None:
        guarded = ctx.guards[key] = {i for cue in ctx.cues if cue.cue_type == cue_type and cue.value == value
                                     and (cue.classes is None or weapon_class in cue.classes)
                                     for i in range(cue.start, cue.end)}
    return guarded


def unasserted(ctx: EventContext, index: int) -> bool:
    """Is the word at `index` a hope, a denial or a question rather than a fact: a modal up to
    three words before it ("would soon reach orbit"), a negation up to two ("did not explode"),
    "whether" up to six ("whether the launch had succeeded")?"""
    return bool(set(ctx.lowers[max(0, index - 3):index]) & MODALS) \
        or bool(set(ctx.lowers[max(0, index - 2):index]) & NEGATIONS) \
        or bool(set(ctx.lowers[max(0, index - QUESTION_REACH):index]) & QUESTIONS)
