"""Token-pattern rules run only where they can start (a fast spaCy Matcher for sparse rules)."""

from __future__ import annotations

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


class GatedMatcher:
    """Token-pattern rules run only where they can start: a word index picks, for each
    token, the few rules whose first token may be that word, and each runs on a short
    window there.  Same matches as one Matcher over the whole document, at a fraction of
    the cost (a Matcher evaluates every pattern's predicates at every token)."""

    def __init__(self, vocab, records: list[RuleRecord]):
        self.by_lower: dict[str, list[tuple[str, Matcher]]] = {}
        self.by_exact: dict[str, list[tuple[str, Matcher]]] = {}
        self.everywhere: list[tuple[str, Matcher]] = []
        for record in records:
            matcher = Matcher(vocab)
            matcher.add(record.get("id"), [record.get("pattern")])
            entry = (record.get("id"), matcher)
            words = first_token_words(record.get("pattern"))
            if words is None:
                self.everywhere.append(entry)
                continue
            for word in words[0]:
                self.by_lower.setdefault(word, []).append(entry)
            for word in words[1]:
                self.by_exact.setdefault(word, []).append(entry)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(rule id, start, end) of every match, sorted."""
        found = {(rule_id, start, end) for rule_id, matcher in self.everywhere
                 for _, start, end in matcher(doc)}
        for token in doc:
            rules = self.by_lower.get(token.lower_, []) + self.by_exact.get(token.text, [])
            if not rules:
                continue
            window = doc[token.i:min(len(doc), token.i + MATCH_WINDOW)]
            for rule_id, matcher in rules:
                found.update((rule_id, token.i, token.i + end) for _, start, end in matcher(window) if start == 0)
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
