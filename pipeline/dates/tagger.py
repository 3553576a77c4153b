"""The date stage: spaCy token rules find extents, resolvers turn them into TIMEX3 values.

`DateTagger.__call__` is ``match`` (rule matches, trimmed), then the overlap
policy (resolving candidates as it goes), then the context passes (range ends,
event-relative anchors, clock times: `context`, `anaphora`), then ``annotate``
(Timex rows).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from spacy.attrs import IS_SPACE, LOWER, SENT_START
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.dates.anaphora import anchor_anaphors, paragraph_index
from pipeline.dates.compile import compile_patterns
from pipeline.dates.context import attach_range_ends, link_clock_times, months_of_when_years
from pipeline.dates.gate import GatedMatcher
from pipeline.dates.lexicon import Lexicon
from pipeline.dates.model import Resolution, Timex
from pipeline.dates.phrase import normalize
from pipeline.dates.resolve import TENSE_FAMILIES, resolve_phrase
from pipeline.dates.rules import TimexRule, load_timex_rules
from pipeline.dates.tense import TenseCues

OVERLAP_POLICY = "longest_then_earliest_v1"


@dataclass(frozen=True)
class Match:
    """A trimmed rule match (token offsets); equal matches of one rule are one match."""

    start: int
    end: int
    rule: TimexRule = field(compare=False)
    order: int


@dataclass(frozen=True)
class Candidate:
    """A resolved match: offsets, rule, tense, resolution, its normalized words and,
    when it is not the publication date, the date it was resolved against."""

    start: int
    end: int
    rule: TimexRule
    order: int
    tense: str
    resolution: Resolution
    words: tuple[str, ...] = ()
    anchor: date | None = None


def longest_then_earliest_v1(matches: Iterable[Match], resolve: Callable[[Match], Candidate | None]
                             ) -> list[Candidate]:
    """Keep non-overlapping matches: longest (in tokens) first, then earliest, then
    higher rule priority, then the rule read first; return them in text order.

    A match is resolved only when it would be kept, and one that `resolve` rejects
    (None: "not a date after all") blocks nothing, so a shorter reading can win.
    """
    ordered = sorted(matches, key=lambda m: (m.start - m.end, m.start, -m.rule.priority, m.order))
    taken: set[int] = set()
    chosen = []
    for match in ordered:
        span = range(match.start, match.end)
        if taken.intersection(span):
            continue
        candidate = resolve(match)
        if candidate is not None:
            taken.update(span)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def trim(doc: Doc, start: int, end: int, lex: Lexicon, trailing_signal: bool = False) -> tuple[int, int]:
    """Drop signal words and stray punctuation at the edges (TimeML keeps them outside)."""
    edge = lex.lists["edge_signal"] | lex.lists["edge_punct"]
    end_edge = lex.lists["edge_punct"] if trailing_signal else edge
    while start < end and doc[start].lower_ in edge:
        start += 1
    while end > start and doc[end - 1].lower_ in end_edge:
        end -= 1
    return start, end


def match_rule(doc: Doc, rule: TimexRule, lex: Lexicon) -> list[str]:
    """Texts of the trimmed matches of one rule in `doc` (used to check rule examples)."""
    matcher = Matcher(doc.vocab)
    matcher.add(rule.id, [rule.pattern])
    spans = {trim(doc, s, e, lex, rule.trailing_signal) for _, s, e in matcher(doc)}
    return sorted(doc[s:e].text for s, e in spans if s < e)


class DateTagger:
    """Find and resolve temporal expressions in a sentence-split doc."""

    def __init__(self, vocab: Vocab, models_dir: Path):
        """Load and validate ``models_dir/*.jsonl`` (raises `InvalidRules`), build the matchers once."""
        self.rules, self.lexicon = load_timex_rules(Path(models_dir))
        # Patterns were validated when loaded; compiled ones use flag ids spaCy's validator does not know.
        compiled = compile_patterns([rule.pattern for rule in self.rules], vocab)
        self.matcher = GatedMatcher(vocab, [(r.id, r.pattern, c, r.head) for r, c in zip(self.rules, compiled)])
        self.rule_of = {vocab.strings.add(rule.id): (order, rule) for order, rule in enumerate(self.rules)}
        self.tense = TenseCues(self.lexicon, vocab.strings)
        lists = self.lexicon.lists
        # Word tests on LOWER hashes, so that matches are trimmed without creating Token objects.
        self.edge = frozenset(vocab.strings.add(w) for w in lists["edge_signal"] | lists["edge_punct"])
        self.edge_punct = frozenset(vocab.strings.add(w) for w in lists["edge_punct"])
        self.block_before = frozenset(vocab.strings.add(w) for w in lists["year_blocker_before"])
        self.block_after = frozenset(vocab.strings.add(w) for w in lists["year_blocker_after"])
        self.range_signals = frozenset(vocab.strings.add(w) for w in lists["range_signal"])

    def __call__(self, doc: Doc, published: date | None) -> list[Timex]:
        """All temporal expressions of `doc`, resolved against `published`, sorted by offset."""
        sent_starts = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist() or [0]
        sent_starts[0] = 0
        lowers = doc.to_array(LOWER).tolist()

        def resolve(match: Match) -> Candidate | None:
            return self.resolve(doc, match, published, sent_starts, lowers)

        chosen = [c for c in longest_then_earliest_v1(self.match(doc, lowers), resolve)
                  if c.resolution.timex_type != "NONE"]  # vetoes hid what they overlap; now they go
        chosen = self.in_context(doc, chosen, published, sent_starts, lowers)
        return [self.annotate(doc, cand, published, sent_starts) for cand in chosen]

    def in_context(self, doc: Doc, chosen: list[Candidate], published: date | None, sent_starts: list[int],
                   lowers: list[int]) -> list[Candidate]:
        """The passes that read neighbouring expressions, in this order: range ends, then
        event-relative phrases (which may refer to a range end), then clock times (which
        may take the day of an event-relative phrase)."""
        chosen = attach_range_ends(chosen, doc, lowers, self.range_signals, self.block_after)
        chosen = months_of_when_years(chosen, sent_starts, doc)
        if any(c.rule.family == "anaphoric" for c in chosen):
            def sentence_of(token: int) -> int:
                return bisect_right(sent_starts, token)
            chosen = anchor_anaphors(chosen, self.lexicon, published, sentence_of, paragraph_index(line_breaks(doc)))
        return link_clock_times(chosen, sent_starts, self.lexicon.words("timezone") or frozenset(), doc,
                                self.lexicon.words("report_verb") or frozenset())

    def match(self, doc: Doc, lowers: list[int]) -> set[Match]:
        """Every rule match, trimmed of edge signals, minus years that count things."""
        found = set()
        for key, start, end in self.matcher(doc):
            order, rule = self.rule_of[key]
            while start < end and lowers[start] in self.edge:
                start += 1
            # "the day before": a rule may own its final signal word; punctuation still goes
            end_edge = self.edge_punct if rule.trailing_signal else self.edge
            while end > start and lowers[end - 1] in end_edge:
                end -= 1
            if start < end and not self.blocked_year(lowers, start, end, rule):
                found.add(Match(start, end, rule, order))
        return found

    def resolve(self, doc: Doc, match: Match, published: date | None, sent_starts: list[int],
                lowers: list[int]) -> Candidate | None:
        """Resolve one match (None if its words are no date)."""
        tense = self.tense_of(match.start, match.end, sent_starts, lowers)
        family = match.rule.family
        # Span(...) rather than doc[start:end]: the same tokens without the slice's bounds check.
        words = tuple(normalize(t.text) for t in Span(doc, match.start, match.end) if not t.is_punct)
        # Tense-free families share one cache entry whatever the clause's tense.
        resolution = resolve_phrase(self.lexicon, family, words, published,
                                    tense if family in TENSE_FAMILIES else "present")
        if resolution is None:
            return None
        return Candidate(match.start, match.end, match.rule, match.order, tense, resolution, words)

    def tense_of(self, start: int, end: int, sent_starts: list[int], lowers: list[int]) -> str:
        """Tense of the clause around tokens start..end."""
        index = bisect_right(sent_starts, start) - 1
        hi = sent_starts[index + 1] if index + 1 < len(sent_starts) else len(lowers)
        return self.tense.clause_tense(lowers, start, end, sent_starts[index], hi)

    def blocked_year(self, lowers: list[int], start: int, end: int, rule: TimexRule) -> bool:
        """A lone four-digit number that counts or names something: "Resolution 2087", "2000 km"."""
        if rule.family != "year" or end - start != 1:
            return False
        before = lowers[start - 1] if start > 0 else 0
        after = lowers[end] if end < len(lowers) else 0
        return before in self.block_before or after in self.block_after

    @staticmethod
    def annotate(doc: Doc, cand: Candidate, published: date | None, sent_starts: list[int]) -> Timex:
        """The output row of one chosen candidate."""
        span = Span(doc, cand.start, cand.end)
        res = cand.resolution
        return Timex(
            start_char=span.start_char, end_char=span.end_char, text=span.text,
            sentence_index=bisect_right(sent_starts, cand.start) - 1,
            timex_type=res.timex_type, value=res.value, start=res.start, end=res.end,
            granularity=res.granularity, anchor=cand.anchor or published,
            rule_id=cand.rule.id, resolver=res.resolver, tense=cand.tense,
        )


def line_breaks(doc: Doc) -> list[int]:
    """Indices of the whitespace tokens that hold a line break (paragraph boundaries)."""
    spaces = np.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    return [i for i in spaces if "\n" in doc[i].text]
