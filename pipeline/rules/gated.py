"""Token-pattern rules run only where they can start (a fast spaCy Matcher for sparse rules)."""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc

from pipeline.rules.loader import RuleRecord

MATCH_WINDOW = 12  # tokens: longer than any trigger or cue pattern


def first_token_words(pattern: list[dict]) -> tuple[set[str], set[str]] | None:
    """(lower-case words, exact words) the pattern must start with; None when it can start
    anywhere (optional first token, or a first token not constrained by LOWER/ORTH)."""
    first = pattern[0]
    if first.get("OP") in {"?", "*"} or not ({"LOWER", "ORTH"} & set(first)):
        return None
    lower, exact = set(), set()
    for key, target in (("LOWER", lower), ("ORTH", exact)):
        value = first.get(key)
        if isinstance(value, str):
            target.add(value.lower() if key == "LOWER" else value)
        elif isinstance(value, dict) and set(value) == {"IN"}:
            target.update(v.lower() if key == "LOWER" else v for v in value["IN"])
        elif value is not None:
            return None
    return lower, exact


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


def required_words(pattern: list[dict]) -> list[frozenset[str]]:
    """Lower-case word sets that some token after the first must hit for `pattern` to match:
    one set per later token that is neither optional nor negated and is constrained to fixed
    words by LOWER or ORTH.  A necessary condition only (order and position are not checked),
    so a window without one of these words can skip the Matcher call."""
    required = []
    for token in pattern[1:]:
        if token.get("OP") not in {None, "+"}:
            continue
        words: set[str] = set()
        for key in ("LOWER", "ORTH"):
            value = token.get(key)
            if isinstance(value, str):
                words.add(value.lower())
            elif isinstance(value, dict) and set(value) == {"IN"}:
                words.update(v.lower() for v in value["IN"])
            elif value is not None:
                words = set()
                break
        if words and not (set(token) - {"LOWER", "ORTH", "OP"}):
            required.append(frozenset(words))
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
    """Token-pattern rules run only where they can start: a word index picks the positions
    whose lower-case or exact word can start some rule, and one Matcher holding just those
    rules runs on a short window there.  Same matches as one Matcher over the whole
    document, at a fraction of the cost (a Matcher evaluates every pattern's predicates at
    every token, and iterating a Doc in Python builds a Token object per token)."""

    def __init__(self, vocab, records: list[RuleRecord]):
        self.vocab = vocab
        self.patterns = {record.get("id"): record.get("pattern") for record in records}
        self.by_lower: dict[int, frozenset[str]] = {}
        self.by_exact: dict[int, frozenset[str]] = {}
        everywhere = []
        for record in records:
            words = first_token_words(record.get("pattern"))
            if words is None:
                everywhere.append(record.get("id"))
                continue
            for word, index in [(w, self.by_lower) for w in words[0]] + [(w, self.by_exact) for w in words[1]]:
                key = vocab.strings.add(word)
                index[key] = index.get(key, frozenset()) | {record.get("id")}
        self.everywhere = self._matcher(frozenset(everywhere)) if everywhere else None
        self.word_rules = frozenset(r.get("id") for r in records if is_word_rule(r.get("pattern")))
        self.lengths = {r.get("id"): max_length(r.get("pattern")) for r in records}
        # rule id -> hashes of the lower-case words each later required token must be one of
        self.required = {r.get("id"): [frozenset(vocab.strings.add(w) for w in words)
                                       for words in required_words(r.get("pattern"))] for r in records}
        self._requiring = {rule_id: words for rule_id, words in self.required.items() if words}
        self._required_keys = np.array(sorted({k for words in self._requiring.values() for ws in words for k in ws}),
                                       dtype=np.uint64)
        self._keys: dict[frozenset[str], tuple[np.ndarray, np.ndarray]] = {}
        self._matchers: dict[frozenset[str], tuple[Matcher | None, int]] = {}

    def _matcher(self, rule_ids: frozenset[str]) -> Matcher:
        matcher = Matcher(self.vocab)
        for rule_id in sorted(rule_ids):
            matcher.add(rule_id, [self.patterns[rule_id]])
        return matcher

    def _matcher_for(self, rule_ids: frozenset[str]) -> tuple[Matcher | None, int]:
        """The Matcher of the multi-token rules among `rule_ids` and the longest match they can
        make (one per distinct rule set, built on first use); None when all are word rules."""
        cached = self._matchers.get(rule_ids)
        if cached is None:
            rest = rule_ids - self.word_rules
            window = max((self.lengths[r] for r in rest), default=0)
            cached = self._matchers[rule_ids] = (self._matcher(rest) if rest else None, window)
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
        lower_keys, exact_keys = self._keys_for(dead)
        # Positions whose word opens some live rule, found in bulk: converting every token's
        # hash to a Python int would cost more than all the matching that follows.
        hits = is_in(words[:, 0], lower_keys) | is_in(words[:, 1], exact_keys)
        lowers = None
        for i in np.flatnonzero(hits).tolist():
            lower, exact = words[i].tolist()
            rules = self.by_lower.get(lower, frozenset()) | self.by_exact.get(exact, frozenset())
            found.update((rule_id, i, i + 1) for rule_id in rules & self.word_rules)
            rules = rules - self.word_rules - dead
            if not rules:
                continue
            if lowers is None:
                lowers = words[:, 0].tolist()
            rules = self._plausible(rules, set(lowers[i + 1:i + self._window(rules)]))
            matcher, window = self._matcher_for(rules)
            if matcher is not None:
                span = doc[i:min(len(doc), i + window)]
                found.update((strings[m], i, i + end) for m, start, end in matcher(span) if start == 0)
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    def _dead_rules(self, lowers: np.ndarray) -> frozenset[str]:
        """Rules that cannot match anywhere in this document: a word they require is absent
        ("a large fire" needs "fire"), so their opening words ("a", "the") need no look."""
        if not self._requiring:
            return frozenset()
        present = set(self._required_keys[is_in(self._required_keys, np.sort(lowers))].tolist())
        return frozenset(rule_id for rule_id, words in self._requiring.items()
                         if not all(ws & present for ws in words))

    def _keys_for(self, dead: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        """Word hashes (lower-case, exact) that open at least one rule not in `dead`."""
        cached = self._keys.get(dead)
        if cached is None:
            def live(index: dict[int, frozenset[str]]) -> np.ndarray:
                return np.array(sorted(k for k, rules in index.items() if rules - dead), dtype=np.uint64)
            cached = self._keys[dead] = (live(self.by_lower), live(self.by_exact))
        return cached

    def _window(self, rule_ids: frozenset[str]) -> int:
        return max(self.lengths[r] for r in rule_ids)

    def _plausible(self, rule_ids: frozenset[str], following: set[int]) -> frozenset[str]:
        """The rules among `rule_ids` whose required later words all occur in the window
        (`following`): "the" opens many windows, few of which hold what its rules need."""
        return frozenset(r for r in rule_ids if all(words & following for words in self.required[r]))
