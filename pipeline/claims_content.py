"""Content spans of the claims stage: what was said, after or before the cue.

A mixin of `pipeline.claims_spans.DocContext` (which provides ``doc``, ``tokens``, ``rules``,
``by_token``, ``cue_starts``, ``participles`` and the quote predicates): token arithmetic around
one cue, following quotations across sentences and stopping at the next attribution.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import islice

DASHES = frozenset({"—", "–", "--"})
MAX_ADJUNCT_TOKENS = 14   # "said in a statement carried by the Korean Central News Agency that"
MAX_ATTRIBUTION_TOKENS = 10   # ", state media reported.": comma to cue
MAX_QUOTE_TOKENS = 400
MAX_LISTENER_TOKENS = 6
MAX_TRAILING_ADJUNCT = 5
LISTENER_LABELS = frozenset({"OFFICIAL", "ORGANIZATION", "COUNTRY"})   # "told Putin", not "told ... the missile"


@dataclass(frozen=True)
class Content:
    """A content span (token offsets); `explicit` unless it is only an adjunct or a new clause."""

    start: int
    end: int
    explicit: bool = True


class ContentFinder:
    """Content look-ups; mixed into `DocContext`."""

    def right_content(self, begin: int, sent_end: int, takes_object: bool) -> Content | None:
        """Content after a cue: skips a listener ("told reporters"), an adjunct up to "that"
        ("said in a statement on Thursday that"), "that", a colon; follows a quote across sentences."""
        k = self._skip_object(begin, sent_end) if takes_object else begin
        k = self._skip_aside(k, sent_end)   # "reported, citing government sources, that ..."
        # Weak (not `explicit`) content is a bare adjunct ("said in a statement.") or a new clause
        # after a comma ("said, adding ..."): content before the speaker is preferred then.
        explicit = not (k < sent_end and self.tokens[k].text == ",")
        timed = self._time_end(k, sent_end)
        if timed is not None:
            k = timed   # "said (on) Wednesday (that) ..."
            # "..., state media reported on Monday, the latest in a string of tests": an aside after
            # the time phrase is no statement (a quote after the comma still is).
            explicit = explicit and not (k < sent_end and self.tokens[k].text == ","
                                         and not (k + 1 < sent_end and self.is_open_quote(k + 1)))
        elif k < sent_end and self.rules.has("adjunct", self.tokens[k].lower_) and not self._possessor(k + 1):
            stop = self._adjunct_end(k, sent_end)
            if stop is None:
                return self.trimmed(k, self.clause_end(k, sent_end), explicit=False)
            k = stop
        if k < sent_end and self.rules.has("clause_gap", self.tokens[k].lower_):
            return None   # "weapons he said could not be intercepted": a relative clause, no statement
        while k < sent_end and (self.tokens[k].text in {":", ","} or (
                self.rules.has("complementizer", self.tokens[k].lower_)
                and not (k + 1 < sent_end and self.rules.has("clause_gap", self.tokens[k + 1].lower_)))):
            k += 1   # "said that ..." but not "said that was why ..."
        if k < sent_end and self.is_open_quote(k):
            close = self.quote_close(k)
            rest = range(close + 1, sent_end)
            if close >= sent_end or not any(self.tokens[p].is_alpha for p in rest):
                return self.trimmed(k + 1, close, True)   # the quote is the statement (maybe multi-sentence)
            return self.trimmed(k, self.clause_end(k, sent_end), explicit)   # 'called for "X" in Y'
        return self.trimmed(k, self.clause_end(k, sent_end), explicit)

    def _skip_aside(self, k: int, sent_end: int) -> int:
        """A comma-delimited aside right after the cue and followed by "that": its "that"."""
        if k >= sent_end or self.tokens[k].text != ",":
            return k
        for p in range(k + 1, min(sent_end - 1, k + MAX_ADJUNCT_TOKENS)):
            if self.tokens[p].text == ",":
                return p + 1 if self.rules.has("complementizer", self.tokens[p + 1].lower_) else k
        return k

    def _skip_object(self, k: int, sent_end: int) -> int:
        """After "told": the listener, up to a "that" closing a longer one ("told Japan's coast
        guard that")."""
        k = self._skip_listener(k, sent_end)
        that = next((p for p in range(k, min(sent_end, k + MAX_LISTENER_TOKENS))
                     if self.rules.has("complementizer", self.tokens[p].lower_)), None)
        if that is not None and not any(self.tokens[q].is_punct and self.tokens[q].text not in {"'s", "’s"}
                                        for q in range(k, that)):
            return that
        return k

    def _adjunct_end(self, k: int, sent_end: int) -> int | None:
        """Where an adjunct after the cue ends: at "that", a colon or an opening quote; past a comma
        only when "that" or a quote follows ("said in a joint statement, the “X,” that ...")."""
        for p in range(k, min(sent_end, k + MAX_ADJUNCT_TOKENS)):
            token = self.tokens[p]
            if self.rules.has("complementizer", token.lower_) or token.text == ":" \
                    or (self.is_open_quote(p) and p + 1 < sent_end):
                return p
            if token.text == ",":
                following = self.tokens[p + 1].lower_ if p + 1 < sent_end else ""
                if following in self.participles or p + 1 in self.cue_starts:
                    return None   # "said in a statement, adding that ...": the next claim's business
                window = range(p + 1, min(sent_end, p + MAX_ADJUNCT_TOKENS))
                that = next((q for q in window if self.rules.has("complementizer", self.tokens[q].lower_)), None)
                return that if that is not None else next(
                    (q for q in window if self.is_open_quote(q) and q + 1 < sent_end), None)
        return None

    def _time_end(self, k: int, sent_end: int) -> int | None:
        """The end of a time phrase right after the cue ("Tuesday", "on Friday", "earlier", "last
        month"), if any."""
        for length in (1, 2):
            end = k + length
            if end < sent_end and self.rules.has("time_word", self.tokens[end - 1].lower_) \
                    and all(self.rules.has("adjunct", self.tokens[p].lower_)
                            or self.rules.has("time_modifier", self.tokens[p].lower_) for p in range(k, end - 1)) \
                    and not self._possessor(end):   # "condemned Sunday's launch": the object
                return end
        return None

    def _possessor(self, k: int) -> bool:
        """Is the token at `k` a possessive ending ("Sunday's launch")?"""
        return k < len(self.tokens) and self.tokens[k].lower_ in {"'s", "’s"}

    def _skip_listener(self, k: int, sent_end: int) -> int:
        """After "told": skip "reporters", "a news conference", "Reuters", a speaker-like mention
        ("told Putin"); not a trailing "the", nor "the missile"."""
        end = k
        while k < sent_end and self._listener_token(k):
            k += 1
            if not self.rules.has("determiner", self.tokens[k - 1].lower_):
                end = k
        return end

    def _listener_token(self, k: int) -> bool:
        mention = self.by_token.get(k)
        if mention is not None:
            return mention.label in LISTENER_LABELS
        return self.rules.has("listener", self.tokens[k].lower_) or self.is_name_token(k, -1)

    def left_content(self, block_start: int, sent_start: int) -> Content | None:
        """Content before the speaker and cue: "..., X said." or a quote, possibly opened
        sentences earlier ("“A. B,” said Kim") or in the previous sentence ("“Stop!” the ministry said.")."""
        k = block_start - 1
        while k >= 0 and self.tokens[k].is_space and k >= sent_start:
            k -= 1
        if k < 0:
            return None
        if k >= sent_start and self.tokens[k].text == "," and k - 1 >= 0 and self.is_close_quote(k - 1):
            k -= 1
        if self.is_close_quote(k) and k >= sent_start - 1:
            opening = self.quote_open(k)
            if opening is None:
                return None
            return self.trimmed(opening + 1, k)
        if k < sent_start or self.tokens[k].text != ",":
            return None
        return self.trimmed(self.after_dateline(sent_start, k), k)

    def after_dateline(self, start: int, end: int) -> int:
        """Skip a dateline opening the article ("SEOUL, South Korea (AP) — ...")."""
        while start < end and self.tokens[start].is_space:
            start += 1
        if start < end and self.tokens[start].is_upper and len(self.tokens[start].text) > 1:
            dash = next((p for p in range(start + 1, min(end, start + 12)) if self.tokens[p].text in DASHES
                         or (self.tokens[p].text == "-" and self.tokens[p - 1].whitespace_)), None)
            return dash + 1 if dash is not None else start
        return start

    def quote_close(self, opening: int) -> int:
        """The closing quote, or where an unclosed quote paragraph ends (news style re-opens the
        quote in the next paragraph)."""
        limit = min(len(self.doc), opening + MAX_QUOTE_TOKENS)
        bounds = self.quote_bounds()   # any other token fails all three tests: skip it
        for p in islice(bounds, bisect.bisect_right(bounds, opening), None):
            if p >= limit:
                break
            if self.is_close_quote(p) or self.is_break(p) or self.is_open_quote(p):
                return p
        return limit

    def quote_open(self, closing: int) -> int | None:
        """The opening quote matching a closing one; crosses one paragraph break at most."""
        breaks, lowest = 0, max(-1, closing - MAX_QUOTE_TOKENS)
        bounds = self.quote_bounds()   # any other token fails all three tests: skip it
        for j in range(bisect.bisect_left(bounds, closing) - 1, -1, -1):
            p = bounds[j]
            if p <= lowest:
                break
            if self.is_open_quote(p):
                return p
            breaks += self.is_break(p)
            if breaks > 1 or self.is_close_quote(p):
                return None
        return None

    def clause_end(self, start: int, sent_end: int) -> int:
        """Stop content at ", adding that ..." (a participle cue starts a new claim) and at a
        trailing attribution (", state media reported.")."""
        for p in range(start, sent_end - 1):
            if self.tokens[p].text != ",":
                continue
            if self.tokens[p + 1].lower_ in self.participles:
                return p
            if p + 1 in self.cue_starts and self.tokens[p + 1].is_lower:
                return p   # "Baerbock, who said that ..., urged ...": the main verb resumes
            if self._trailing_attribution(p + 1, sent_end) or self._appositive_attribution(p + 1, sent_end) \
                    or self._contrasted_attribution(p + 1, sent_end):
                return p
        return sent_end

    def _contrasted_attribution(self, start: int, sent_end: int) -> bool:
        """", while Moscow dismissed the accusations": a clause joined by `lex.contrast` with its own speaker
        and cue is the next claim, not part of this content."""
        if not self.rules.has("contrast", self.tokens[start].lower_):
            return False
        for c in range(start + 2, min(sent_end - 1, start + MAX_ATTRIBUTION_TOKENS)):
            if self.tokens[c].text == ",":
                return False
            if c in self.cue_starts:
                return self.left_speaker(c, start + 1) is not None
        return False

    def _appositive_attribution(self, start: int, sent_end: int) -> bool:
        """", a move Western governments warned could ...": an appositive noun phrase holding its own
        attribution (`pipeline.claims_frames.reduced_relative`) is not part of the content before it."""
        if self.tokens[start].lower_ not in {"a", "an"}:
            return False
        for c in range(start + 2, min(sent_end - 1, start + MAX_ATTRIBUTION_TOKENS)):
            if self.tokens[c].text == ",":
                return False
            if c in self.cue_starts:
                return self.rules.has("clause_gap", self.tokens[self.cue_starts[c].end].lower_) \
                    if self.cue_starts[c].end < sent_end else False
        return False

    def _trailing_attribution(self, start: int, sent_end: int) -> bool:
        """", the ministry said (in a statement)." closes the sentence: a cue within a few tokens,
        no comma before it, and at most a short adjunct without "that" after it."""
        window = range(start, min(sent_end, start + MAX_ATTRIBUTION_TOKENS))
        cue = next((c for c in window if c in self.cue_starts), None)
        if cue is None or any(self.tokens[q].text == "," for q in range(start, cue)):
            return False
        rest = [self.tokens[q] for q in range(cue + 1, sent_end)
                if not (self.tokens[q].is_punct or self.tokens[q].is_space)]
        return len(rest) <= MAX_TRAILING_ADJUNCT and not any(self.rules.has("complementizer", t.lower_) for t in rest)

    def _trim_end(self, start: int, end: int) -> int:
        """Drop trailing spaces, separators, opening quotes and closing quotes opened before `start`."""
        while end > start and (self.tokens[end - 1].is_space or self.tokens[end - 1].text in {",", ".", ";", ":"}
                               or self.is_open_quote(end - 1) or self._unmatched_close(end - 1, start)):
            end -= 1
        return end

    def _unmatched_close(self, i: int, start: int) -> bool:
        if not self.is_close_quote(i):
            return False
        opening = self.quote_open(i)
        return opening is None or opening < start

    def trimmed(self, start: int, end: int, explicit: bool = True) -> Content | None:
        """Content without surrounding quotes, spaces and punctuation; None without a word."""
        while start < end and (self.tokens[start].is_space or self.tokens[start].is_punct) \
                and not (self.is_open_quote(start) and self.quote_close(start) < end):
            start += 1
        end = self._trim_end(start, end)
        if not any(self.tokens[i].is_alpha or self.tokens[i].is_digit for i in range(start, end)):
            return None
        return Content(start, end, explicit)
