"""Compile rule patterns for speed: set and regex tests become lexeme flags.

spaCy's Matcher checks plain attributes (``{"SHAPE": "dddd"}``) in C, but every
``IN``/``NOT_IN``/``REGEX`` test is a Python predicate evaluated for each token
and pattern state: with a few dozen rules that alone costs several ms per
article.  A test on a lexical attribute (LOWER, ORTH, SHAPE) depends only on
the word, so it can be computed once per vocabulary entry as a boolean flag
(`Vocab.add_flag`, the FLAG19..FLAG63 attribute ids spaCy leaves free) and then
checked in C like any attribute.

The rule files keep ordinary spaCy patterns, which spaCy's validator checks;
only the Matcher built by `DateTagger` sees the compiled form.  Flags are
reused across taggers sharing a vocab, so building many taggers does not use up
the free ids; at most `FLAG_BUDGET` are taken, and past that a test simply stays
a predicate.
"""

from __future__ import annotations

import re

from spacy.lang.lex_attrs import word_shape
from spacy.vocab import Vocab

FREE_FLAG_IDS = range(19, 64)  # spacy.attrs.FLAG19 .. FLAG63
# Leave some of those ids to other components sharing the vocab: past the first
# tokens of each pattern, flags save little (the gate already limits where rules run).
FLAG_BUDGET = 36
LEXICAL_ATTRS = {"LOWER": str.lower, "ORTH": str, "TEXT": str, "SHAPE": word_shape}


class WordTest:
    """A lexeme flag getter: does a word's attribute pass an IN, NOT_IN or REGEX test?"""

    def __init__(self, attr: str, op: str, argument):
        self.attr, self.op = attr, op
        self.argument = argument if op == "REGEX" else frozenset(argument)
        self._value = LEXICAL_ATTRS[attr]
        self._regex = re.compile(argument) if op == "REGEX" else None

    @property
    def key(self) -> tuple:
        return (self.attr, self.op, self.argument)

    def __eq__(self, other) -> bool:
        return isinstance(other, WordTest) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __call__(self, string: str) -> bool:
        value = self._value(string)
        if self.op == "IN":
            return value in self.argument
        if self.op == "NOT_IN":
            return value not in self.argument
        return bool(self._regex.search(value))


def flag_for(vocab: Vocab, test: WordTest) -> int | None:
    """The flag id computing `test` in `vocab` (added if needed; None if no id is free)."""
    getters = vocab.lex_attr_getters
    for flag_id in FREE_FLAG_IDS:
        if getters.get(flag_id) == test:
            return flag_id
    ours = sum(isinstance(getters.get(flag_id), WordTest) for flag_id in FREE_FLAG_IDS)
    free = next((flag_id for flag_id in FREE_FLAG_IDS if flag_id not in getters), None)
    if free is not None and ours < FLAG_BUDGET:
        vocab.add_flag(test, flag_id=free)
        return free
    return None


def compile_patterns(patterns: list[list], vocab: Vocab) -> list[list]:
    """Copies of `patterns` whose lexical set/regex tests are flag checks (Matcher needs validate=False).

    Flags are handed out by token position, first tokens first: a pattern's
    first tokens are tested at every position of every doc, later ones only
    where a match has begun, so if the free ids run out the cheap tests stay
    predicates.
    """
    flags: dict[tuple[int, int, str], int | None] = {}
    longest = max((len(p) for p in patterns), default=0)
    for position in range(longest):
        for index, pattern in enumerate(patterns):
            if position < len(pattern):
                for attr, spec in pattern[position].items():
                    flags[index, position, attr] = _flag_of(attr, spec, vocab)
    return [
        [{(flag if (flag := flags[index, position, attr]) is not None else attr):
          (True if flag is not None else spec)
          for attr, spec in token.items()}
         for position, token in enumerate(pattern)]
        for index, pattern in enumerate(patterns)
    ]


def _flag_of(attr: str, spec, vocab: Vocab) -> int | None:
    """The flag replacing ``{attr: spec}``, or None when it must stay as written."""
    if attr not in LEXICAL_ATTRS or not isinstance(spec, dict) or len(spec) != 1:
        return None
    (op, argument), = spec.items()
    if op not in ("IN", "NOT_IN", "REGEX"):
        return None
    return flag_for(vocab, WordTest(attr, op, argument))
