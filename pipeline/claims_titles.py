"""Titles around names in the claims stage: "Investigator Risto Lohi", "JCS spokesperson Col. Lee Sung-jun".

A mixin of `pipeline.claims_spans.DocContext` (tokens, rules, sentence starts, name predicates): a title
opening a name stays outside the speaker, its period does not end a sentence, and a title between a quote
and a name is skipped when looking for the quote ("“...,” [U.S. Ambassador to the U.N.] Dorothy Shea said").
"""

from __future__ import annotations

MAX_TITLE_TOKENS = 10
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "-"})


class TitleSpans:
    """Title look-ups; mixed into `DocContext`."""

    def _title_periods(self) -> set[int]:
        """Sentence starts the sentencizer put right after an abbreviated title ("Col. Lee")."""
        tokens = self.tokens
        return {i for i in self.doc_sent_starts if i >= 2 and tokens[i - 1].text == "."
                and not tokens[i - 2].whitespace_ and self.rules.has("name_title", tokens[i - 2].lower_ + ".")}

    # ---- small predicates -------------------------------------------------------------

    def _after_title(self, start: int, last: int) -> int:
        """Skip capitalised titles opening a name ("Investigator", "Col.": `lex.name-title`), keeping two words."""
        tokens = self.tokens
        while last - start >= 2:
            word = tokens[start].lower_
            period = start + 1 <= last and tokens[start + 1].text == "." and not tokens[start].whitespace_
            if period and self.rules.has("name_title", word + "."):
                start += 2
            elif self.rules.has("name_title", word):
                start += 1
            else:
                break
        return start


    def title_left(self, start: int, lo: int) -> int:
        """Where a title before a speaker begins, if a comma or quote closes right before it
        ("“...,” [U.S. Ambassador to the U.N.] Dorothy Shea said"); else `start` unchanged."""
        k = start - 1
        while k >= lo and start - k <= MAX_TITLE_TOKENS and (
                self.is_name_token(k, lo) or self.tokens[k].text in POSSESSIVES or self.tokens[k].lower_ == "to"
                or self.rules.has("linker", self.tokens[k].lower_)
                or self.rules.has("determiner", self.tokens[k].lower_) or self._title_piece(k, lo)):
            k -= 1
        if k < lo or k == start - 1 or not (self.tokens[k].text == "," or self.is_close_quote(k)):
            return start
        return k + 1


    def _title_piece(self, k: int, lo: int) -> bool:
        """Inside a title before a name: the period of "Col." or a role word ("JCS spokesperson Col.")."""
        token = self.tokens[k]
        if token.text == ".":
            return k - 1 >= lo and not self.tokens[k - 1].whitespace_ and self.is_name_token(k - 1, lo)
        head = self.head(k)
        return head is not None and head.kind == "role"

