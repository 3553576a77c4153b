"""Head-gated matching: run each rule only around the tokens it cannot match without.

spaCy's Matcher costs about 0.3 µs per token per call plus about 70 ns per token
per pattern, whatever the pattern: several dozen rules over a 450-word article
would take milliseconds.  Every rule has a *head*: a required token with a
word-class or shape test (the unit of "three years", the month of "May 31").
One vectorized look-up over the doc's LOWER/ORTH/SHAPE columns finds the head
positions; the rules sharing a head test then run, through their own small
Matcher, only on the window of tokens their patterns can reach around each head.
The matches are exactly those of one Matcher over the whole doc (a match always
contains its head), except that a ``*``/``+`` token is assumed to repeat at most
`REPEAT_CAP` times.  A head is skipped when the required tokens right next to it
in every rule of its group cannot match ("day" gates "that day" only after
"that"): a Matcher call costs as much as five tokens of matching.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER, ORTH, SHAPE
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.rules.gated import is_in

REPEAT_CAP = 3
COLUMNS = {"LOWER": 0, "ORTH": 1, "TEXT": 1, "SHAPE": 2, "LIKE_NUM": 3}
# Preference among a pattern's required tokens: word classes are rarer than shapes.
HEAD_RANK = {"LOWER": 0, "ORTH": 0, "TEXT": 0, "SHAPE": 1, "LIKE_NUM": 2}


@dataclass
class HeadGroup:
    """Rules sharing one head test, with the reach of their patterns around it."""

    matcher: Matcher
    before: int = 0
    after: int = 0
    keys: list = field(default_factory=list)
    # Per rule, the (offset, column, codes) tests of its fixed neighbours of the head; None: no filter.
    filters: list | None = field(default_factory=list)


def head_of(pattern: list, declared: int | None = None) -> tuple[int, str, frozenset] | None:
    """The head of a pattern: (token index, attribute, accepted values).

    `declared` (a rule's ``head`` key) names the token; otherwise the last
    required token with a word test is taken, else a shape test, else LIKE_NUM.
    Punctuation and other non-alphabetic exact words are never heads.
    """
    best = None
    for index, token in enumerate(pattern):
        if token.get("OP", "1") not in ("1", "+") or declared is not None and index != declared:
            continue
        for attr, spec in token.items():
            values = _values(attr, spec)
            if values is None:
                continue
            rank = HEAD_RANK[attr]
            if best is None or rank <= best[0]:
                best = (rank, index, attr, values)
    return best[1:] if best else None


def _values(attr: str, spec) -> frozenset | None:
    """The words a head token may be: only attributes worth indexing, and only alphabetic
    literal words (a SHAPE is always a literal)."""
    if attr not in HEAD_RANK or (isinstance(spec, str) and attr != "SHAPE" and not spec.isalpha()):
        return None
    return _literal_values(attr, spec)


def neighbour_tests(pattern: list, head: int, vocab: Vocab) -> tuple:
    """(offset, column, codes) for each required token right before or after the head with a word test.

    Every match has such a token exactly there, so a head whose neighbour fails cannot start a match.
    """
    tests = []
    for offset in (-1, 1):
        index = head + offset
        if not 0 <= index < len(pattern) or pattern[index].get("OP", "1") != "1":
            continue
        for attr, spec in pattern[index].items():
            values = _neighbour_values(attr, spec)
            if values is not None:
                codes = frozenset(1 if v is True else vocab.strings.add(v) for v in values)
                tests.append((offset, COLUMNS[attr], codes))
                break
    return tuple(tests)


def _neighbour_values(attr: str, spec) -> frozenset | None:
    return _literal_values(attr, spec) if attr in COLUMNS else None


def _literal_values(attr: str, spec) -> frozenset | None:
    """The values a token test lists (`LIKE_NUM: true`, a word, `{"IN": [...]}`); None otherwise."""
    if attr == "LIKE_NUM":
        return frozenset([True]) if spec is True else None
    if isinstance(spec, str):
        return frozenset([spec])
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return frozenset(spec["IN"])
    return None


def reach(pattern: list, head: int) -> tuple[int, int]:
    """How many tokens a match can extend before and after its head token."""
    def width(token: dict) -> int:
        return REPEAT_CAP if token.get("OP") in ("*", "+") else 1
    return sum(width(t) for t in pattern[:head]), sum(width(t) for t in pattern[head + 1:])


class GatedMatcher:
    """Drop-in for ``Matcher(doc)`` over rules whose every pattern has a head."""

    def __init__(self, vocab: Vocab, keyed_patterns: list[tuple[str, list, list, int | None]]):
        """`keyed_patterns`: (key, pattern as written, pattern to match with, declared head or None)."""
        self.groups: list[HeadGroup] = []
        self.index: list[dict] = [defaultdict(list) for _ in range(len(set(COLUMNS.values())))]
        seen: dict[tuple, int] = {}
        for key, written, compiled, declared in keyed_patterns:
            head = head_of(written, declared)
            if head is None:  # validation reports this first (see rules.py)
                raise ValueError(f"rule {key!r} has no usable head token")
            position, attr, values = head
            test = (attr, values)
            if test not in seen:
                seen[test] = len(self.groups)
                self.groups.append(HeadGroup(Matcher(vocab, validate=False)))
                for value in values:
                    code = 1 if value is True else vocab.strings.add(value)
                    self.index[COLUMNS[attr]][code].append(seen[test])
            group = self.groups[seen[test]]
            group.matcher.add(key, [compiled])
            tests = neighbour_tests(written, position, vocab)
            group.filters = group.filters + [tests] if tests and group.filters is not None else None
            before, after = reach(written, position)
            group.before, group.after = max(group.before, before), max(group.after, after)
        self.index = [dict(table) for table in self.index]
        # Per column, its head codes sorted once, to find head positions with one search per doc.
        self.keys = [np.array(sorted(table), dtype=np.uint64) for table in self.index]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match_id, start, end) of every rule match in `doc`."""
        array = doc.to_array([LOWER, ORTH, SHAPE, LIKE_NUM])
        columns = array.T.tolist()
        length = len(doc)
        windows: dict[int, list[list[int]]] = defaultdict(list)
        for index, (column, lookup) in enumerate(zip(columns, self.index)):
            if not lookup:
                continue
            # Head positions by a binary search in C: a Python loop over every token cost more.
            for position in np.flatnonzero(is_in(array[:, index], self.keys[index])).tolist():
                for group_id in lookup[column[position]]:
                    group = self.groups[group_id]
                    if group.filters is None or _passes(group.filters, columns, position, length):
                        self._add_window(windows[group_id], group, position, length)
        matches = []
        # Span(doc, start, end), not doc[start:end]: the slice's Python bounds check costs more
        # than the Span, and windows are within the doc by construction.
        for group_id, spans in windows.items():
            matcher = self.groups[group_id].matcher
            for start, end in spans:
                matches.extend((key, s + start, e + start) for key, s, e in matcher(Span(doc, start, end)))
        return matches

    @staticmethod
    def _add_window(spans: list[list[int]], group: HeadGroup, position: int, length: int) -> None:
        """Add the window around `position`, merging it with the previous one if they touch."""
        start, end = max(0, position - group.before), min(length, position + group.after + 1)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])


def _passes(filters: list, columns: list[list[int]], position: int, length: int) -> bool:
    """Does some rule of a group have all its head neighbours right at `position`?"""
    for tests in filters:
        if all(0 <= position + offset < length and columns[column][position + offset] in codes
               for offset, column, codes in tests):
            return True
    return False
