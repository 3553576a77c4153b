"""Local work around one cue of the claims stage: find and link the speaker.

`DocContext` indexes one document (mentions by token, sentence bounds, cue positions); its
speaker methods are token arithmetic in a window around a cue, so the cost per cue is a few
dozen token look-ups (content methods: `pipeline.claims_content`).  Word lists come from
`ClaimRules` (``models/claims``); only quote marks, typography rather than words, live here.
"""

from __future__ import annotations

import bisect

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.tokens import Doc

from pipeline.claims_anaphora import Speaker, SpeakerLinker
from pipeline.claims_content import ContentFinder
from pipeline.claims_rules import ClaimRules, HeadRule
from pipeline.claims_titles import TitleSpans
from pipeline.claims_tokens import TokenView, TokenViews
from pipeline.entities import Mention

OPEN_QUOTES = frozenset({"“", "«", "„"})
CLOSE_QUOTES = frozenset({"”", "»"})
STRAIGHT_QUOTE = '"'
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "-"})
MAX_SPEAKER_TOKENS = 10
MAX_APPOSITIVE_TOKENS = 25
MAX_NAME_TOKENS = 7
COORDINATORS = frozenset({"and", "or"})   # joining speakers; grammar, not vocabulary


def sentence_starts(doc: Doc) -> list[int]:
    """`[s.start for s in doc.sents]`, read from the SENT_START column: `doc.sents` builds a Span
    (and two Tokens) per sentence.  Like `Doc.sents`, token 0 and every later token whose
    sent_start is 1 open a sentence; custom hooks and unsentenced docs go through `doc.sents`."""
    if not len(doc) or "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return [s.start for s in doc.sents]
    return [0, *(numpy.flatnonzero(doc.to_array(SENT_START)[1:] == 1) + 1).tolist()]


class DocContext(ContentFinder, SpeakerLinker, TitleSpans):
    """One document, its mentions and sentences, indexed for the look-ups around cues."""

    def __init__(self, doc: Doc, mentions: list[Mention], rules: ClaimRules, cue_starts: dict | None = None,
                 tokens: list[TokenView] | None = None, offsets: list[int] | None = None, text: str | None = None):
        self.doc, self.rules, self.cue_starts = doc, rules, cue_starts or {}   # token -> Cue
        # No spaCy Token objects: doc[i] builds a new one on every access (`pipeline.claims_tokens`).
        if tokens is None or offsets is None:
            tokens, offsets = TokenViews(doc.vocab).read(doc)
        self.tokens, self.offsets = tokens, offsets   # token views; character offset of each token
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.by_token = {t: m for m in self.mentions for t in range(m.start, m.end)}
        self.doc_sent_starts = sentence_starts(doc)   # the sentences table's, for sentence_index
        # Claims never cross a line break: the sentencizer keeps "3 p.m.\n\nPrime Minister ..." together.
        starts = set(self.doc_sent_starts)
        # Whitespace tokens found in C: a pass over every Token object costs far more.
        spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
        self.paragraph_breaks = [i for i in spaces if "\n" in self.tokens[i].text]
        breaks = [i + 1 for i in self.paragraph_breaks if i + 1 < len(doc) and i not in starts]
        # ... and a title's period does not end one ("spokesperson Col. Lee Sung-jun told"; `lex.name-title`).
        self.sent_starts = sorted((set(self.doc_sent_starts) - self._title_periods()) | set(breaks))
        self.sent_ends = self.sent_starts[1:] + [len(doc)]
        self.participles = rules.participles
        self.init_memory()
        self._openings: list[int] | None = None   # see `quote_openings`
        self._marks: list[int] | None = None      # see `quote_marks`
        self._bounds: list[int] | None = None     # see `quote_bounds`
        self._text: str | None = text             # the document's text, see `text_of`
        self._quoted: set[int] | None = None      # tokens inside quotation marks, see `inside_quote`

    def text_of(self, start: int, end: int) -> tuple[int, int, str]:
        """Start char, end char and text of tokens [start, end) (no Span).  The text is a slice of
        the document's text: the caller's, else joined from the token views once, on first use
        (`doc.text` joins it again, from Token objects, on every access)."""
        if self._text is None:
            self._text = "".join([token.text_with_ws for token in self.tokens])
        start_char, end_char = self.offsets[start], self.offsets[end - 1] + len(self.tokens[end - 1].text)
        return start_char, end_char, self._text[start_char:end_char]

    def sentence(self, i: int) -> tuple[int, int, int]:
        """(index, start, end) of the sentence holding token i."""
        index = max(0, bisect.bisect_right(self.sent_starts, i) - 1)
        return index, self.sent_starts[index], self.sent_ends[index]

    def sentence_index(self, i: int) -> int:
        """Index of token i's sentence in the document's sentences (the `sentences` table)."""
        return max(0, bisect.bisect_right(self.doc_sent_starts, i) - 1)

    def is_open_quote(self, i: int) -> bool:
        text = self.tokens[i].text
        if text == STRAIGHT_QUOTE:
            return i == 0 or bool(self.tokens[i - 1].whitespace_) or self.tokens[i - 1].is_space
        return text in OPEN_QUOTES

    def is_close_quote(self, i: int) -> bool:
        text = self.tokens[i].text
        return text in CLOSE_QUOTES or (text == STRAIGHT_QUOTE and not self.is_open_quote(i))

    def quote_openings(self) -> list[int]:
        """Tokens opening a quotation, in text order (computed once per document, on first use)."""
        if self._openings is None:
            self._openings = [p for p in self.quote_marks() if self.is_open_quote(p)]
        return self._openings

    def quote_marks(self) -> list[int]:
        """Every quotation mark token, in text order (computed once per document, on first use).
        Found by hash in C: a pass over the tokens (or doc.text) is ~10x slower."""
        if self._marks is None:
            marks = [self.doc.vocab.strings.add(mark) for mark in (*OPEN_QUOTES, *CLOSE_QUOTES, STRAIGHT_QUOTE)]
            self._marks = numpy.isin(self.doc.to_array(ORTH), marks).nonzero()[0].tolist()
        return self._marks

    def quote_bounds(self) -> list[int]:
        """Quotation marks and paragraph breaks, in text order: the only tokens that can end a quote
        scan (`quote_close`, `quote_open`), which then hop between them instead of testing every token."""
        if self._bounds is None:
            self._bounds = sorted({*self.quote_marks(), *self.paragraph_breaks})
        return self._bounds

    def inside_quote(self, i: int) -> bool:
        """Token i lies between quotation marks (an unclosed quote ends at its paragraph)."""
        if self._quoted is None:
            self._quoted = set()
            for p in self.quote_openings():
                self._quoted.update(range(p + 1, self.quote_close(p)))
        return i in self._quoted

    def quote_before(self, i: int) -> bool:
        """A quotation closes right before token i on a comma, "?" or "!" ("“...,” Hayashi told ...",
        '"...", X said'); not across a paragraph break, nor after a sentence ('tensions.” South Korea')."""
        k = i - 1
        if k >= 1 and self.tokens[k].text == ",":
            return self.is_close_quote(k - 1)
        return k >= 1 and self.is_close_quote(k) and self.tokens[k - 1].text in {",", "?", "!"}

    def introduced(self, start: int) -> bool:
        """Content opened by "that", a colon or a quotation mark: a statement, not a listener."""
        k = self.previous_word(start)
        return k >= 0 and (self.rules.has("complementizer", self.tokens[k].lower_) or self.tokens[k].text == ":"
                           or self.is_open_quote(k))

    def previous_word(self, i: int) -> int:
        """The index of the last non-space token before i (-1 if none)."""
        i -= 1
        while i >= 0 and self.tokens[i].is_space:
            i -= 1
        return i

    def same_paragraph(self, a: int, b: int) -> bool:
        """No paragraph break between tokens a < b."""
        k = bisect.bisect_left(self.paragraph_breaks, a)
        return k == len(self.paragraph_breaks) or self.paragraph_breaks[k] >= b

    def is_break(self, i: int) -> bool:
        return self.tokens[i].is_space and "\n" in self.tokens[i].text

    def head(self, i: int) -> HeadRule | None:
        return self.rules.heads.get(self.tokens[i].lower_)

    def mention_ending(self, end: int) -> Mention | None:
        m = self.by_token.get(end - 1)
        return m if m is not None and m.end == end else None

    def mention_starting(self, start: int) -> Mention | None:
        m = self.by_token.get(start)
        return m if m is not None and m.start == start else None

    def is_name_token(self, i: int, sent_start: int) -> bool:
        """A capitalised word that may belong to a name: not "But" or "The" opening a sentence,
        a paragraph or a quotation."""
        token = self.tokens[i]
        if not token.text[:1].isupper() or token.is_punct:
            return False
        if not self.rules.has("not_name", token.lower_):
            return True
        opens = i == sent_start or i == 0 or self.doc[i].is_sent_start   # rare: a Token only here
        return not (opens or self.tokens[i - 1].is_space or self.is_open_quote(i - 1))

    # ---- speakers -------------------------------------------------------------------------
    def left_speaker(self, cue_start: int, lo: int) -> Speaker | None:
        """The speaker ending just before the cue, skipping adverbs ("has also") and a
        parenthesis ("(KCNA)"); then an appositive ("Kim, the minister, said")."""
        k = cue_start - 1
        while k >= lo and self.rules.has("gap", self.tokens[k].lower_):
            k -= 1
        if k >= lo and self.tokens[k].text == ")":
            k = next((p - 1 for p in range(k - 1, max(lo, k - 8) - 1, -1) if self.tokens[p].text == "("), k)
        if k < lo:
            return None
        if self.tokens[k].text == ",":
            return self.appositive_speaker(k, lo)
        return self.speaker_ending(k + 1, lo)

    def appositive_speaker(self, comma: int, lo: int) -> Speaker | None:
        """"Kim Yo Jong, the leader's sister, said": the phrase before the appositive speaks, unless
        it is a role and the appositive is a name ("The ministry's spokesman, Lee Choon-geun, said")."""
        first = next((p for p in range(comma - 1, max(lo, comma - MAX_APPOSITIVE_TOKENS) - 1, -1)
                      if self.tokens[p].text == ","), None)
        if first is not None and self.tokens[first + 1].lower_ in {"who", "which"}:
            return self.speaker_ending(first, lo)   # "Baerbock, who said ..., urged": a relative clause
        if first is None or any(p in self.cue_starts or self.is_open_quote(p) or self.is_close_quote(p)
                                for p in range(first, comma)):
            return None   # a quote or another attribution between the commas is no appositive
        outer = self.speaker_ending(first, lo)
        inner = self.speaker_ending(comma, first + 1)
        if first < self.after_dateline(lo, comma):
            return None   # "BEIJING/TAIPEI, May 24 (Reuters) - X staged drills, saying": no appositive
        if outer is None or outer.rule.startswith("head."):
            if inner is not None and inner.start == first + 1 and not inner.rule.startswith("head."):
                return inner
        return self.with_role(outer, inner) if outer is not None else None

    def with_role(self, name: Speaker, role: Speaker | None) -> Speaker:
        """"Lee Sung-jun, a spokesman for the JCS": a person the gazetteer does not know takes the
        country of the role phrase in apposition (a named person is an OFFICIAL, as in the gold)."""
        if name.rule != "speaker.name" or name.country is not None or role is None or role.label != "ROLE" \
                or role.country is None:
            return name
        # The country must name the person's side: an organization of it, or a country before the head
        # ("a former U.S. official"); "a professor of North Korean studies" is no North Korean.
        if not any(m.country == role.country and (m.label == "ORGANIZATION" or m.start < role.head)
                   for m in self.mentions_in(role.start, role.end)):
            return name
        return Speaker(name.start, name.end, name.entity_id, "OFFICIAL", role.country, "speaker.appositive")

    def right_appositive(self, speaker: Speaker, hi: int) -> Speaker:
        """"said Yang Moo-jin, a professor at Korea University": the role after a name."""
        if speaker.end + 1 >= hi or self.tokens[speaker.end].text != ",":
            return speaker
        if speaker.head is not None and self.head(speaker.head).kind != "pronoun":
            # "said Britain's ambassador, [Barbara Woodward]": the name in apposition to a role speaks
            name = self.right_speaker(speaker.end + 1, hi)
            named = name is not None and name.start == speaker.end + 1 and name.label == "OFFICIAL" \
                and name.head is None and (name.end >= hi or self.tokens[name.end].is_punct)
            return self.with_role(name, speaker) if named else speaker
        if speaker.rule != "speaker.name":
            return speaker
        return self.with_role(speaker, self.right_speaker(speaker.end + 1, hi))

    def coordinated_speaker(self, speaker: Speaker, lo: int) -> Speaker:
        """"officials in Seoul and Pyongyang said", "Britain, France and Germany said": the span
        grows over the coordinated speakers; the link is the role phrase's when there is one
        ("U.S. and South Korean officials": ROLE), else the first speaker's."""
        start = self.modifiers_left(speaker.start, lo)
        if start - 2 < lo or self.tokens[start - 1].lower_ not in COORDINATORS:
            return speaker
        first = self.speaker_ending(start - 1, lo)
        while first is not None:
            start = self.modifiers_left(first.start, lo)
            if start - 2 < lo or self.tokens[start - 1].text != ",":
                break
            earlier = self.speaker_ending(start - 1, lo)
            if earlier is None:
                break
            first = earlier
        if first is None:
            return speaker
        link = speaker if speaker.label == "ROLE" else first
        # several parties are no single entity ("France, Britain and Germany"); the country stays the first's
        entity = link.entity_id if first.entity_id == speaker.entity_id else None
        return Speaker(first.start, speaker.end, entity, link.label, link.country, link.rule, link.head)

    def speaker_ending(self, end: int, lo: int) -> Speaker | None:
        """Classify the longest plausible speaker phrase ending at token `end` (exclusive)."""
        j = end - 1
        if j < lo:
            return None
        mention, head = self.mention_ending(end), self.head(j)
        if mention is not None:
            start, head_index = mention.start, None
        elif head is not None:
            start, head_index = (j if head.kind == "pronoun" else self.modifiers_left(j, lo)), j
        elif self.name_part(j, lo) and self.tokens[j].text != "-":
            start = j
            while start - 1 >= lo and (self.name_part(start - 1, lo) or self._joiner(start - 1, lo)) \
                    and j - start < MAX_NAME_TOKENS:
                start -= 1
            while start <= j and not self.tokens[start].text[:1].isupper():
                start += 1
            start = self._after_title(start, j)   # "Investigator [Risto Lohi]"
            return self.classify(start, end, None) if start <= j else None
        else:
            return None
        # "a spokesman for [the Ministry of National Defense]", "... for [South Korea's] JCS": the outer head speaks.
        owner = self.mention_ending(start - 1) if start - 2 >= lo and self.tokens[start - 1].text in {"'s", "’s"} \
            else None
        k = owner.start if owner is not None else start
        k = k - 1 if k - 1 >= lo and self.rules.has("determiner", self.tokens[k - 1].lower_) else k
        if k - 2 >= lo and self.rules.has("linker", self.tokens[k - 1].lower_) and self.head(k - 2) \
                and self.head(k - 2).kind in {"role", "source"}:
            head_index = k - 2
            start = self.modifiers_left(head_index, lo)
        return self.classify(start, end, head_index)

    def name_part(self, i: int, lo: int) -> bool:
        """A token of a capitalised name, including "Ha-eun" (hyphen, lower-case syllable)."""
        token = self.tokens[i]
        if token.text == "-":
            return not token.whitespace_
        if token.is_lower and i - 2 >= lo and self.tokens[i - 1].text == "-" and not self.tokens[i - 1].whitespace_:
            return self.is_name_token(i - 2, lo)
        return self.is_name_token(i, lo)

    def modifiers_left(self, head: int, lo: int) -> int:
        """Extend a head noun leftwards over its modifiers: "South Korea's state-run news agency"."""
        start, k = head, head - 1
        while k >= lo and head - k <= MAX_SPEAKER_TOKENS:
            token = self.tokens[k]
            mention = self.by_token.get(k)
            if mention is not None:
                start = k = mention.start
            elif self.rules.has("determiner", token.lower_):
                return k
            elif self._joiner(k, lo) or self._modifier(k, lo):
                start = k
            else:
                break
            k -= 1
        return start

    def _joiner(self, k: int, lo: int) -> bool:
        """"'s", a hyphen inside a word ("state-run"), or a linker inside a title ("Secretary of State")."""
        token = self.tokens[k]
        if token.text == "-":
            return not token.whitespace_ and k > lo and not self.tokens[k - 1].whitespace_
        if token.text in POSSESSIVES:
            return True
        return (self.rules.has("linker", token.lower_) and k - 1 >= lo and k + 1 < len(self.doc)
                and self.tokens[k - 1].text[:1].isupper() and self.tokens[k + 1].text[:1].isupper())

    def _modifier(self, k: int, lo: int) -> bool:
        """A word that may modify a speaker head: not a boundary word, not "But" opening a sentence."""
        token = self.tokens[k]
        if not (token.is_alpha or ("." in token.text and token.text[:1].isupper())) \
                or self.rules.has("boundary", token.lower_):
            return False   # "U.S." is a modifier too
        return token.is_lower or self.is_name_token(k, lo)

    def right_speaker(self, begin: int, hi: int) -> Speaker | None:
        """The speaker starting at `begin` ("said Kim", "said a spokesman for the ministry")."""
        if begin >= hi:
            return None
        k, last_head = begin, None
        if self.rules.has("determiner", self.tokens[k].lower_):
            k += 1
        while k < hi and k - begin < MAX_SPEAKER_TOKENS:
            token, mention = self.tokens[k], self.mention_starting(k)
            if mention is not None:
                if last_head == k - 1 and mention.label == "OFFICIAL":
                    last_head = None   # "from Foreign Minister Cho": the name, not the title, speaks
                k = mention.end
                continue
            if self.head(k) is not None:
                last_head = k
                k += 1
                if self.head(k - 1).kind == "pronoun":
                    break
                continue
            if token.text in POSSESSIVES or (token.is_alpha and not self.rules.has("boundary", token.lower_)
                                              and not self.rules.has("adjunct", token.lower_)):
                if token.is_lower:
                    last_head = None   # "media reports": the head word was only a modifier
                k += 1
                continue
            break
        end = k
        if last_head is not None:
            end = self._linked_right(last_head + 1, hi)
            named = self.mention_starting(end) if end < hi else None
            if named is not None and named.label == "OFFICIAL":
                return self.classify(named.start, named.end, None)   # "from Secretary of State [Lena Ortiz]"
        while end > begin and not (self.mention_ending(end) or self.head(end - 1)
                                   or (self.name_part(end - 1, begin) and self.tokens[end - 1].text != "-")):
            if self.tokens[end - 1].is_lower and last_head is None:
                return None   # "according to media reports": the phrase's head is not a speaker word
            end -= 1
        return self.speaker_ending(end, begin) if end > begin else None

    def _linked_right(self, end: int, hi: int) -> int:
        """Extend "a spokesman" over "for the Ministry of ..." / "from the ministry"."""
        if end >= hi or not self.rules.has("linker", self.tokens[end].lower_):
            return end
        k = end + 1
        if k < hi and self.rules.has("determiner", self.tokens[k].lower_):
            k += 1
        mention = self.mention_starting(k) if k < hi else None
        if mention is not None:
            owned = self.mention_starting(mention.end + 1) if mention.end + 1 < hi \
                and self.tokens[mention.end].text in {"'s", "’s"} else None
            return owned.end if owned is not None else mention.end   # "at [Japan's] Defense Ministry"
        for p in range(k, min(hi, k + 4)):
            if self.head(p) is not None:
                return p + 1
            if not (self.tokens[p].text in POSSESSIVES or self._modifier(p, -1)):
                break
        return end
