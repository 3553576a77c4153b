"""Token patterns of the claims stage, checked only where a cue word was found.

spaCy's `Matcher` evaluates every `IN` predicate at every token of a document (about
1.7 µs per token with our few patterns, i.e. most of the stage's budget).  Cue patterns and
guards only matter next to a cue word, which the `PhraseMatcher` finds in C, so this module
compiles the subset of spaCy's pattern language our rule files use (`LOWER`/`ORTH`/`TEXT`
with a string, `IN` or `NOT_IN`, and `OP` ``?``, ``*``, ``+``) and tries a pattern only at
the few positions a cue word allows.  Rule files stay valid spaCy patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

ATTRIBUTES = {"LOWER": "lower_", "ORTH": "text", "TEXT": "text"}
OPERATORS = {None, "?", "*", "+"}
MAX_REPEAT = 6   # a "*" or "+" step consumes at most this many tokens


@dataclass(frozen=True)
class Step:
    """One token of a pattern: attribute, accepted / rejected values, operator."""

    attribute: str
    accept: frozenset[str] | None
    reject: frozenset[str] | None
    op: str | None

    def test(self, doc: Doc | list, i: int) -> bool:
        value = getattr(doc[i], self.attribute)
        return (self.accept is None or value in self.accept) and (self.reject is None or value not in self.reject)


def compile_pattern(pattern: list) -> tuple[tuple[Step, ...], list[str]]:
    """Steps of a spaCy token pattern, or the problems that keep it outside the supported subset."""
    steps, problems = [], []
    for position, spec in enumerate(pattern):
        keys = set(spec) - {"OP"}
        if len(keys) != 1 or not keys <= set(ATTRIBUTES) or spec.get("OP") not in OPERATORS:
            problems.append(f"token {position}: claims patterns use one of {sorted(ATTRIBUTES)} "
                            f"and OP among ?, *, + (got {sorted(spec)})")
            continue
        key = keys.pop()
        value = spec[key]
        if isinstance(value, str):
            accept, reject = frozenset({value}), None
        elif isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"} and value:
            accept = frozenset(value["IN"]) if "IN" in value else None
            reject = frozenset(value["NOT_IN"]) if "NOT_IN" in value else None
        else:
            problems.append(f"token {position}: {key} must be a string or {{'IN'/'NOT_IN': [...]}}")
            continue
        steps.append(Step(ATTRIBUTES[key], accept, reject, spec.get("OP")))
    return tuple(steps), problems


def match_ends(doc: Doc | list, start: int, steps: tuple[Step, ...]) -> list[int]:
    """Every end of a match of `steps` starting at token `start` (small backtracking search);
    `doc` may be a list of its tokens."""
    n = len(doc)
    if all(step.op is None for step in steps):   # fixed length: a straight check, no search
        end = start + len(steps)
        return [end] if end <= n and all(step.test(doc, start + k) for k, step in enumerate(steps)) else []
    ends, stack = [], [(start, 0)]
    while stack:
        i, k = stack.pop()
        if k == len(steps):
            ends.append(i)
            continue
        step = steps[k]
        if step.op in ("?", "*"):
            stack.append((i, k + 1))
        if step.op in ("*", "+"):
            j = i
            while j < n and j - i < MAX_REPEAT and step.test(doc, j):
                j += 1
                stack.append((j, k + 1))
        elif i < n and step.test(doc, i):
            stack.append((i + 1, k + 1))
    return ends


def anchor_offsets(steps: tuple[Step, ...], word: str) -> list[int]:
    """How many tokens may precede a token equal to `word` (lower-cased) inside a match."""
    offsets, low, high = [], 0, 0
    for step in steps:
        if step.accept is not None and word in {v.lower() for v in step.accept}:
            offsets.extend(range(low, high + 1))
        low += 0 if step.op in ("?", "*") else 1
        high += MAX_REPEAT if step.op in ("*", "+") else 1
    return sorted(set(offsets))


def first_words(steps: tuple[Step, ...]) -> list[str]:
    """The words a pattern can start with (its anchors for the PhraseMatcher); empty if open."""
    if not steps or steps[0].op is not None or steps[0].accept is None:
        return []
    return sorted({v.lower() for v in steps[0].accept})
