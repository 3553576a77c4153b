"""Token-pattern rules run only where they can start (a fast spaCy Matcher for sparse rules)."""

from __future__ import annotations

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
        words = doc.to_array([LOWER, ORTH]).tolist() if len(doc) else []
        for i, (lower, exact) in enumerate(words):
            rules = self.by_lower.get(lower)
            exact_rules = self.by_exact.get(exact)
            if exact_rules is not None:
                rules = exact_rules if rules is None else rules | exact_rules
            if rules is None:
                continue
            found.update((rule_id, i, i + 1) for rule_id in rules & self.word_rules)
            matcher, window = self._matcher_for(rules)
            if matcher is not None:
                span = doc[i:min(len(doc), i + window)]
                found.update((strings[m], i, i + end) for m, start, end in matcher(span) if start == 0)
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
