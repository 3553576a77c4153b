"""Lexical tense of the clause around an expression (the doc has no POS tags).

The nearest cue wins, looking first inside the clause (bounded by commas,
conjunctions...), then in the whole sentence; no cue means "present".  Words
are compared as spaCy LOWER hashes, read once per doc with ``Doc.to_array``,
because creating Token objects costs more than the whole look-up.
"""

from __future__ import annotations

from spacy.strings import StringStore

from pipeline.dates.lexicon import Lexicon


class TenseCues:
    """The lexicon's tense cue words, as hashes of one StringStore."""

    def __init__(self, lex: Lexicon, strings: StringStore):
        def hashes(name: str) -> frozenset[int]:
            return frozenset(strings.add(word) for word in lex.tense[name])

        def pairs(name: str) -> frozenset[tuple[int, int]]:
            return frozenset(tuple(strings.add(w) for w in bigram.split()) for bigram in lex.tense[name])

        self.strings = strings
        self.future, self.future_pairs = hashes("future_words"), pairs("future_bigrams")
        self.past, self.present = hashes("past_words"), hashes("present_words")
        self.breaks, self.ed_exceptions = hashes("clause_breaks"), lex.tense["ed_exceptions"]
        self.passive, self.perfect = hashes("passive_auxiliaries"), hashes("perfect_markers")
        self.hyphen = strings.add("-")
        self._past_form: dict[int, bool] = {}  # memo of _looks_past: one string look-up per word

    def clause_tense(self, lowers: list[int], start: int, end: int, lo: int, hi: int) -> str:
        """Tense for tokens ``lowers[start:end]`` in the sentence ``lowers[lo:hi]`` (LOWER hashes)."""
        left = start
        while left > lo and lowers[left - 1] not in self.breaks:
            left -= 1
        right = end
        while right < hi and lowers[right] not in self.breaks:
            right += 1
        return (self._nearest_cue(lowers, start, end, left, right)
                or self._nearest_cue(lowers, start, end, lo, hi)
                or "present")

    def _nearest_cue(self, lowers, start, end, lo, hi) -> str | None:
        """Scan outwards from the expression, left before right at equal distance."""
        for distance in range(1, max(start - lo, hi - end) + 1):
            for i in (start - distance, end - 1 + distance):
                if lo <= i < hi:
                    tense = self._cue(lowers, i)
                    if tense:
                        return tense
        return None

    def _cue(self, lowers, i) -> str | None:
        word = lowers[i]
        if i + 1 < len(lowers) and lowers[i + 1] == self.hyphen:
            return None  # the first half of a compound modifier ("its next-generation rocket", "a last-ditch bid")
        before = lowers[i - 1] if i > 0 else 0
        first = i - 1 if (before, word) in self.future_pairs else i  # where the future cue starts
        if first < i or word in self.future or (i + 1 < len(lowers) and (word, lowers[i + 1]) in self.future_pairs):
            # "had been scheduled for Wednesday", "had been planned for Thursday": a plan of the past
            perfect = any(j >= 0 and lowers[j] in self.perfect for j in (first - 1, first - 2))
            return "past" if perfect else "future"
        if word in self.past or self._looks_past(word):
            # a participle after "be" ("will be launched", "is to be held") says nothing; the auxiliary's head does
            return None if before in self.passive else "past"
        if word in self.present:
            return "present"
        return None

    def _looks_past(self, word: int) -> bool:
        """A regular past form ("launched"), not "need" or "united"."""
        known = self._past_form.get(word)
        if known is None:
            text = self.strings[word]
            known = len(text) > 4 and text.endswith("ed") and not text.endswith("eed") and text not in self.ed_exceptions
            self._past_form[word] = known
        return known
