"""Local work around one cue of the claims stage: find and link the speaker.

`DocContext` indexes one document (mentions by token, sentence bounds, cue positions); its
speaker methods are token arithmetic in a window around a cue, so the cost per cue is a few
dozen token look-ups (content methods: `pipeline.claims_content`).  Word lists come from
`ClaimRules` (``models/claims``); only quote marks, typography rather than words, live here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from pipeline.claims_content import ContentFinder
from pipeline.claims_rules import ClaimRules, HeadRule
from pipeline.entities import Mention

OPEN_QUOTES = frozenset({"“", "«", "„"})
CLOSE_QUOTES = frozenset({"”", "»"})
STRAIGHT_QUOTE = '"'
SPEAKER_LABELS = frozenset({"OFFICIAL", "ORGANIZATION", "COUNTRY"})
INNER_PRIORITY = {"OFFICIAL": 4, "ORGANIZATION": 3, "COUNTRY": 2, "LOCATION": 1}
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "-"})
MAX_SPEAKER_TOKENS = 10
MAX_APPOSITIVE_TOKENS = 25
MAX_NAME_TOKENS = 7
COORDINATORS = frozenset({"and", "or"})   # joining speakers; grammar, not vocabulary


@dataclass(frozen=True)
class Speaker:
    """A speaker span (token offsets) and the entity it is linked to."""

    start: int
    end: int
    entity_id: str | None
    label: str
    country: str | None
    rule: str
    head: int | None = None   # token of the head word ("spokesman"), for later "the spokesman"


class DocContext(ContentFinder):
    """One document, its mentions and sentences, indexed for the look-ups around cues."""

    def __init__(self, doc: Doc, mentions: list[Mention], rules: ClaimRules, cue_starts: dict | None = None,
                 tokens: list | None = None):
        self.doc, self.rules, self.cue_starts = doc, rules, cue_starts or {}   # token -> Cue
        # One Token object per position: doc[i] builds a new one on every access.
        self.tokens = tokens if tokens is not None else list(doc)
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.by_token = {t: m for m in self.mentions for t in range(m.start, m.end)}
        self.sent_starts = [s.start for s in doc.sents]
        self.sent_ends = self.sent_starts[1:] + [len(doc)]
        self.participles = rules.participles
        self.speakers_by_head: dict[str, Speaker] = {}   # head word -> latest speaker phrase with it
        self.last_person: Speaker | None = None           # latest official or name speaker, for "he"

    def remember(self, speaker: Speaker) -> None:
        """Record a claim's speaker for later "the official", "the spokesperson", "he"."""
        if speaker.rule == "speaker.name" or (speaker.label == "OFFICIAL" and speaker.head is None):
            self.last_person = speaker
        bare = speaker.end - speaker.start == 2 and self.tokens[speaker.start].lower_ == "the"   # "the agency"
        if speaker.head is not None and self.head(speaker.head).kind != "pronoun" and not bare:
            self.speakers_by_head[self.tokens[speaker.head].lower_] = speaker

    # ---- small predicates -------------------------------------------------------------
    def text_of(self, start: int, end: int) -> tuple[int, int, str]:
        """Start char, end char and text of tokens [start, end) (no Span, no doc.text join)."""
        tokens = self.tokens
        last = tokens[end - 1]
        text = "".join([tokens[i].text_with_ws for i in range(start, end - 1)]) + last.text
        return tokens[start].idx, last.idx + len(last.text), text

    def sentence(self, i: int) -> tuple[int, int, int]:
        """(index, start, end) of the sentence holding token i."""
        index = max(0, bisect.bisect_right(self.sent_starts, i) - 1)
        return index, self.sent_starts[index], self.sent_ends[index]

    def is_open_quote(self, i: int) -> bool:
        text = self.tokens[i].text
        if text == STRAIGHT_QUOTE:
            return i == 0 or bool(self.tokens[i - 1].whitespace_) or self.tokens[i - 1].is_space
        return text in OPEN_QUOTES

    def is_close_quote(self, i: int) -> bool:
        text = self.tokens[i].text
        return text in CLOSE_QUOTES or (text == STRAIGHT_QUOTE and not self.is_open_quote(i))

    def previous_word(self, i: int) -> int:
        """The index of the last non-space token before i (-1 if none)."""
        i -= 1
        while i >= 0 and self.tokens[i].is_space:
            i -= 1
        return i

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
        opens = i == sent_start or i == 0 or token.is_sent_start
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
        if first is None or any(p in self.cue_starts or self.is_open_quote(p) or self.is_close_quote(p)
                                for p in range(first, comma)):
            return None   # a quote or another attribution between the commas is no appositive
        outer = self.speaker_ending(first, lo)
        if outer is None or outer.rule.startswith("head."):
            inner = self.speaker_ending(comma, first + 1)
            if inner is not None and inner.start == first + 1 and not inner.rule.startswith("head."):
                return inner
        return outer

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
        return Speaker(first.start, speaker.end, link.entity_id, link.label, link.country, link.rule, link.head)

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
            return self.classify(start, end, None) if start <= j else None
        else:
            return None
        # "a spokesman for [the Ministry of National Defense]": the outer head speaks.
        k = start - 1 if start - 1 >= lo and self.rules.has("determiner", self.tokens[start - 1].lower_) else start
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
            end = last_head + 1
            end = self._linked_right(end, hi)
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
            return mention.end
        for p in range(k, min(hi, k + 4)):
            if self.head(p) is not None:
                return p + 1
            if not (self.tokens[p].text in POSSESSIVES or self._modifier(p, -1)):
                break
        return end

    def classify(self, start: int, end: int, head_index: int | None) -> Speaker | None:
        """Link a speaker phrase: a mention, a role/anaphor phrase around a head word, or a name."""
        if head_index is None:
            mention = self.mention_ending(end)
            if mention is not None:
                if mention.label not in SPEAKER_LABELS:
                    return None
                return Speaker(mention.start, end, mention.entity_id, mention.label, mention.country, "speaker.mention")
            return self.name_speaker(start, end)
        head, word = self.head(head_index), self.tokens[head_index].lower_
        inner = [m for m in self.mentions_in(start, end) if m.start != head_index]
        best = max(inner, key=lambda m: INNER_PRIORITY.get(m.label, 0), default=None)
        if best is not None and head.kind == "role":
            # "officials in Seoul": a capital after a preposition is a LOCATION mention of the country entry
            capital = best.label == "LOCATION" and best.rule_id.endswith("#capital")
            linkable = head.link_inner and (best.label in SPEAKER_LABELS or capital)
            entity = best.entity_id if linkable else None   # "Kim Jong Un's sister" is not Kim Jong Un
            if capital and linkable and best.country:
                entity = f"country.{best.country.lower()}"   # the government the capital stands for
            return Speaker(start, end, entity, "ROLE", best.country, head.rule_id, head_index)
        modifiers = [self.tokens[i].lower_ for i in range(start, head_index) if self.tokens[i].is_lower
                     and self.tokens[i].is_alpha and not self.rules.has("determiner", self.tokens[i].lower_)]
        if best is not None and head.kind != "pronoun":
            if best.label == "COUNTRY" and head.resolve and head.kind == "anaphor":   # "Japan's defense ministry"
                by_name = replace(head, org_kinds=())   # a name match only: "South Korean navy" is not the JCS
                best = self.resolve(head_index, by_name, word, best.country, True, modifiers) or best
            return Speaker(start, end, best.entity_id, best.label, best.country, head.rule_id, head_index)
        # Only a pronoun or "the ... head" is anaphoric: "a spokesman" is a new, unnamed person, and
        # "the National Aerospace Development Administration" is a name, not an anaphor.
        named = any(self.tokens[i].text[:1].isupper() for i in range(start + 1, head_index))
        definite = head.kind == "pronoun" or (self.tokens[start].lower_ == "the" and not named)
        found = self.resolve(start, head, word, modifiers=modifiers) if definite and head.resolve else None
        person = self.last_person if head.kind == "pronoun" and "OFFICIAL" in head.resolve else None
        if person is not None and person.start < start \
                and self.sentence(person.start)[0] >= self.sentence(start)[0] - 1:
            # "Kim Yo Jong, sister of Kim Jong Un, said ... She dismissed ...": the speaker of a claim in
            # this or the previous sentence beats a later mention (speakers are the salient persons)
            return Speaker(start, end, person.entity_id, person.label, person.country, head.rule_id, head_index)
        earlier = self.speakers_by_head.get(word) if definite and head.kind != "pronoun" else None
        if earlier is not None and (found is None or found.start < earlier.start):
            # "a defense ministry official said ... the official said": the earlier speaker phrase
            return Speaker(start, end, earlier.entity_id, earlier.label, earlier.country, head.rule_id, head_index)
        if found is None and head.kind in {"role", "source"}:
            found = self.inner_anaphor(head_index + 1, end)
            if found is not None and head.kind == "role":
                return Speaker(start, end, found.entity_id, "ROLE", found.country, head.rule_id, head_index)
        if found is not None:
            return Speaker(start, end, found.entity_id, found.label, found.country, head.rule_id, head_index)
        if head.kind == "pronoun" and not head.resolve:
            return Speaker(start, end, None, "UNKNOWN", None, head.rule_id, head_index)
        return Speaker(start, end, None, "ROLE" if head.kind == "role" else "UNKNOWN", None, head.rule_id, head_index)

    def inner_anaphor(self, start: int, end: int) -> Mention | None:
        """The mention "the ministry" in "a spokesman for the ministry" resolves to."""
        for i in range(start, end):
            head = self.head(i)
            if head is not None and head.kind == "anaphor" and self.tokens[i - 1].lower_ == "the":
                return self.resolve(i, head, self.tokens[i].lower_)
        return None

    def name_speaker(self, start: int, end: int) -> Speaker | None:
        """A capitalised name not in the gazetteer: "Kim" is linked to an earlier official with that
        name word, a longer name only to one with exactly that name; "a J-Alert" is no name."""
        before = self.tokens[start - 1].lower_ if start > 0 else ""
        if before != "the" and self.rules.has("determiner", before):
            return None   # "a J-Alert warning"; but "the North claimed" is a name
        words = self.doc[start:end].text
        for m in reversed(self.mentions[:bisect.bisect_left(self.mention_starts, start)]):
            if m.label == "OFFICIAL" and (words in (m.name, m.text) or (end - start == 1 and words in m.name.split())):
                return Speaker(start, end, m.entity_id, m.label, m.country, "speaker.name")
        first = self.tokens[start]
        opens_sentence = first.is_sent_start or self.tokens[start - 1].is_space or self.is_open_quote(start - 1)
        if end - start == 1 and opens_sentence and not first.is_upper:
            return None   # "Growing calls for ...": any sentence-initial word is capitalised
        return Speaker(start, end, None, "UNKNOWN", None, "speaker.name")

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def resolve(self, before: int, head: HeadRule, word: str, country: str | None = None,
                anywhere: bool = False, modifiers: list[str] = ()) -> Mention | None:
        """The nearest earlier mention compatible with an anaphor ("the ministry" -> latest
        organization whose name contains "ministry"; "the prime minister" -> latest official whose
        role contains "prime" and "minister"); `anywhere` also searches later mentions."""
        cut = bisect.bisect_left(self.mention_starts, before)
        pool = self.mentions[:cut][::-1] + (self.mentions[cut:] if anywhere else [])
        for m in pool:
            if m.label not in head.resolve or (country and m.country != country):
                continue
            if m.label == "OFFICIAL" and head.kind == "anaphor" and m.role \
                    and not all(w in m.role.lower() for w in (word, *modifiers)):
                continue
            if head.name_contains or head.org_kinds:
                named = head.name_contains and word in f"{m.name} {m.text}".lower()
                kinded = m.label == "ORGANIZATION" and m.kind in head.org_kinds
                if not (named or kinded):
                    continue
            return m
        return None
