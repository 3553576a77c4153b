"""Token-pattern rules run only around the words they cannot match without (a fast spaCy
Matcher for sparse rules)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from pipeline.rules.loader import RuleRecord

MATCH_WINDOW = 12  # tokens: longer than any trigger or cue pattern


def token_words(token: dict) -> tuple[set[str], set[str]] | None:
    """(lower-case words, exact words) a pattern token must be one of; None when its LOWER and
    ORTH tests do not list fixed words (absent, REGEX, NOT_IN...)."""
    if not ({"LOWER", "ORTH"} & set(token)):
        return None
    lower, exact = set(), set()
    for key, target in (("LOWER", lower), ("ORTH", exact)):
        value = token.get(key)
        if isinstance(value, str):
            target.add(value.lower() if key == "LOWER" else value)
        elif isinstance(value, dict) and set(value) == {"IN"}:
            target.update(v.lower() if key == "LOWER" else v for v in value["IN"])
        elif value is not None:
            return None
    return lower, exact


def first_token_words(pattern: list[dict]) -> tuple[set[str], set[str]] | None:
    """(lower-case words, exact words) the pattern must start with; None when it can start
    anywhere (optional first token, or a first token not constrained by LOWER/ORTH)."""
    if pattern[0].get("OP") in {"?", "*"}:
        return None
    return token_words(pattern[0])


def max_length(pattern: list[dict]) -> int:
    """The most tokens a match of `pattern` can cover (MATCH_WINDOW when unbounded)."""
    total = 0
    for token in pattern:
        op = token.get("OP")
        if op in {"*", "+"} or (op and op.startswith("{") and op.rstrip("}").endswith(",")):
            return MATCH_WINDOW
        if op == "!":
            continue
        total += int(op.strip("{}").split(",")[-1]) if op and op.startswith("{") else 1
    return min(total, MATCH_WINDOW)


@dataclass(frozen=True)
class Anchor:
    """The token a rule is looked for around: its index in the pattern, the words it must be,
    and how far a match reaches before it and from it on (itself included)."""

    index: int
    lower: frozenset[str]
    exact: frozenset[str]
    before: int
    after: int


def anchor_of(pattern: list[dict]) -> Anchor | None:
    """The first required token with fixed words whose distance from the match start is bounded
    ("another" in "<verb>ed another", "type" in "-? type"); None when there is none."""
    for index, token in enumerate(pattern):
        before = max_length(pattern[:index]) if index else 0
        if before >= MATCH_WINDOW:
            return None
        words = token_words(token) if token.get("OP") in {None, "+"} else None
        if words is not None:
            return Anchor(index, frozenset(words[0]), frozenset(words[1]), before, max_length(pattern[index:]))
    return None


def required_words(pattern: list[dict], anchor: int = 0) -> list[frozenset[str]]:
    """Lower-case word sets that some other token than the anchor must hit for `pattern` to
    match: one set per token that is neither optional nor negated and is constrained to fixed
    words by LOWER or ORTH only.  A necessary condition (order and position are not checked),
    so a window without one of these words can skip the Matcher call."""
    required = []
    for index, token in enumerate(pattern):
        if index == anchor or token.get("OP") not in {None, "+"} or set(token) - {"LOWER", "ORTH", "OP"}:
            continue
        words = token_words(token)
        if words is not None:
            required.append(frozenset(words[0] | {w.lower() for w in words[1]}))
    return required


def is_in(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """`np.isin(values, sorted_keys)` for keys sorted once in advance: a binary search per
    value instead of `np.isin`'s sort of both arrays on every call."""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def is_word_rule(pattern: list[dict]) -> bool:
    """A one-token pattern constrained only by its word: the word index alone decides a match."""
    return len(pattern) == 1 and "OP" not in pattern[0] and set(pattern[0]) <= {"LOWER", "ORTH"}


class GatedMatcher:
    """Token-pattern rules run only around their anchor: each rule's first required token with
    fixed words (usually its first token).  A word index finds the positions of anchor words;
    there, one Matcher holding just the rules anchored on that word (and whose other required
    words occur nearby) runs on the short window their matches can cover.  Same matches as one
    Matcher over the whole document, at a fraction of the cost: a Matcher evaluates every
    pattern's predicates at every token (a REGEX test is a Python call per token), and a match
    always contains its anchor, so it lies inside the window."""

    def __init__(self, vocab, records: list[RuleRecord]):
        self.vocab = vocab
        self.patterns = {record.get("id"): record.get("pattern") for record in records}
        self.anchors = {r.get("id"): anchor_of(r.get("pattern")) for r in records}
        self.by_lower: dict[int, frozenset[str]] = {}
        self.by_exact: dict[int, frozenset[str]] = {}
        for rule_id, anchor in self.anchors.items():
            if anchor is None:
                continue
            for word, index in [(w, self.by_lower) for w in anchor.lower] + [(w, self.by_exact) for w in anchor.exact]:
                key = vocab.strings.add(word)
                index[key] = index.get(key, frozenset()) | {rule_id}
        everywhere = frozenset(rule_id for rule_id, anchor in self.anchors.items() if anchor is None)
        self.everywhere = self._matcher(everywhere) if everywhere else None
        self.word_rules = frozenset(r.get("id") for r in records if is_word_rule(r.get("pattern")))
        # rule id -> hashes of the lower-case words each other required token must be one of
        self.required = {rule_id: [frozenset(vocab.strings.add(w) for w in words)
                                   for words in required_words(self.patterns[rule_id], anchor.index)]
                         for rule_id, anchor in self.anchors.items() if anchor is not None}
        self._requiring = {rule_id: words for rule_id, words in self.required.items() if words}
        self._required_keys = np.array(sorted({k for words in self._requiring.values() for ws in words for k in ws}),
                                       dtype=np.uint64)
        # Each distinct required word set, with the rules that need one of its words: a set absent
        # from a document kills all of them at once.
        self._needing: dict[frozenset[int], frozenset[str]] = {}
        for rule_id, words in self._requiring.items():
            for ws in words:
                self._needing[ws] = self._needing.get(ws, frozenset()) | {rule_id}
        # Every anchor word's hash, sorted once.  Not only those of the rules a document leaves
        # alive: nearly every document kills a different set, so per-set arrays were rebuilt
        # for each; a hit on a word anchoring only dead rules is skipped in the loop instead.
        self._anchor_keys = (np.array(sorted(self.by_lower), dtype=np.uint64),
                             np.array(sorted(self.by_exact), dtype=np.uint64))
        self._matchers: dict[frozenset[str], tuple[Matcher, int, int]] = {}

    def _matcher(self, rule_ids: frozenset[str]) -> Matcher:
        matcher = Matcher(self.vocab)
        for rule_id in sorted(rule_ids):
            matcher.add(rule_id, [self.patterns[rule_id]])
        return matcher

    def _matcher_for(self, rule_ids: frozenset[str]) -> tuple[Matcher, int, int]:
        """The Matcher of these (multi-token) rules and how far their matches reach before and
        from their anchor (one per distinct rule set, built on first use)."""
        cached = self._matchers.get(rule_ids)
        if cached is None:
            cached = self._matchers[rule_ids] = (self._matcher(rule_ids),
                                                 max(self.anchors[r].before for r in rule_ids),
                                                 max(self.anchors[r].after for r in rule_ids))
        return cached

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(rule id, start, end) of every match, sorted."""
        strings = doc.vocab.strings
        found = set()
        if self.everywhere is not None:
            found.update((strings[m], start, end) for m, start, end in self.everywhere(doc))
        if not len(doc):
            return sorted(found, key=lambda m: (m[1], m[2], m[0]))
        words = doc.to_array([LOWER, ORTH])
        dead = self._dead_rules(words[:, 0])
        lower_keys, exact_keys = self._anchor_keys
        # Positions of anchor words, found in bulk: converting every token's hash to a Python
        # int would cost more than all the matching that follows.
        hits = is_in(words[:, 0], lower_keys) | is_in(words[:, 1], exact_keys)
        positions = np.flatnonzero(hits).tolist()
        if not positions:
            return sorted(found, key=lambda m: (m[1], m[2], m[0]))
        lowers = None
        # The rules anchored on one (lower, exact) word pair are the same wherever it stands.
        plans: dict[tuple[int, int], tuple[frozenset[str], frozenset[str]]] = {}
        for i, (lower, exact) in zip(positions, words[positions].tolist()):
            plan = plans.get((lower, exact))
            if plan is None:
                rules = self.by_lower.get(lower, frozenset()) | self.by_exact.get(exact, frozenset())
                plan = plans[(lower, exact)] = (rules & self.word_rules, rules - self.word_rules - dead)
            word_rules, rules = plan
            if word_rules:
                found.update((rule_id, i, i + 1) for rule_id in word_rules)
            if not rules:
                continue  # a word anchoring only rules this document cannot match ("the", "a")
            if lowers is None:
                lowers = words[:, 0].tolist()
            rules = self._plausible(rules, lowers, i)
            if not rules:
                continue
            matcher, before, after = self._matcher_for(rules)
            start = max(0, i - before)
            # Span(doc, a, b) is doc[a:b] without the slice's Python bounds check (3x the Span's cost).
            found.update((strings[m], start + s, start + e)
                         for m, s, e in matcher(Span(doc, start, min(len(doc), i + after))))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    def _dead_rules(self, lowers: np.ndarray) -> frozenset[str]:
        """Rules that cannot match anywhere in this document: a word they require is absent
        ("a large fire" needs "fire"), so their anchor words ("a", "the") need no look."""
        if not self._requiring:
            return frozenset()
        present = set(self._required_keys[is_in(self._required_keys, np.sort(lowers))].tolist())
        return frozenset(rule_id for ws, rules in self._needing.items() if ws.isdisjoint(present) for rule_id in rules)

    def _plausible(self, rule_ids: frozenset[str], lowers: list[int], i: int) -> frozenset[str]:
        """The rules among `rule_ids` whose other required words all occur in their window
        around the anchor at `i`: "the" anchors many windows, few of which hold what its rules need."""
        kept = []
        windows: dict[tuple[int, int], set[int]] = {}  # rules share their reach: one set per window
        for rule_id in rule_ids:
            required = self.required[rule_id]
            if required:
                anchor = self.anchors[rule_id]
                reach = (anchor.before, anchor.after)
                near = windows.get(reach)
                if near is None:
                    near = windows[reach] = set(lowers[max(0, i - anchor.before):i + anchor.after])
                if any(words.isdisjoint(near) for words in required):
                    continue
            kept.append(rule_id)
        return frozenset(kept)
