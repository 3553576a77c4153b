"""Linking a speaker phrase to an entity: mentions, role phrases and anaphora.

`SpeakerLinker` is mixed into `DocContext` (`pipeline.claims_spans`), which finds the phrase;
this module decides what it refers to.  A role phrase links the organization or country inside
it ("a spokesman for the ministry"); a definite description or a pronoun ("the ministry", "he")
resolves to the nearest compatible earlier mention, or, failing that, to the latest speaker of a
compatible kind (`HeadRule.fallback`).  A pronoun that nothing resolves gets no entity rather
than a wrong one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from pipeline.claims_rules import HeadRule
from pipeline.entities import Mention
from pipeline.ids import slug

SPEAKER_LABELS = frozenset({"OFFICIAL", "ORGANIZATION", "COUNTRY"})
NAME_RULES = frozenset({"speaker.name", "speaker.appositive"})
MAX_PERSON_WORDS = 4
INNER_PRIORITY = {"OFFICIAL": 4, "ORGANIZATION": 3, "COUNTRY": 2, "LOCATION": 1}

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


class SpeakerLinker:
    """Speaker linking; mixed into `DocContext` (uses its tokens, mentions and rules)."""

    def init_memory(self) -> None:
        self.speakers_by_head: dict[str, Speaker] = {}   # head word -> latest speaker phrase with it
        self.last_person: Speaker | None = None           # latest official or name speaker, for "he"
        self.named: list[Speaker] = []                     # claim speakers linked to an entity, in order
        self.person_words: dict[str, Speaker] = {}         # name word -> person speaker minted from it ("Hong")

    def remember(self, speaker: Speaker) -> None:
        """Record a claim's speaker for later "the official", "the spokesperson", "he"."""
        head = self.head(speaker.head) if speaker.head is not None else None
        if speaker.rule == "speaker.name" or (speaker.label == "OFFICIAL" and head is None) or (
                head is not None and head.kind != "pronoun" and "OFFICIAL" in head.resolve):
            self.last_person = speaker   # "Japan's chief cabinet secretary said ... he told reporters"
        if speaker.entity_id is not None and speaker.label in SPEAKER_LABELS:
            self.named.append(speaker)
        if speaker.rule in NAME_RULES and speaker.entity_id is not None:
            for i in range(speaker.start, speaker.end):   # "Hong Min ... Hong said"
                self.person_words.setdefault(self.tokens[i].text, speaker)
        bare = speaker.end - speaker.start == 2 and self.tokens[speaker.start].lower_ == "the"   # "the agency"
        if speaker.head is not None and self.head(speaker.head).kind != "pronoun" and not bare:
            self.speakers_by_head[self.tokens[speaker.head].lower_] = speaker

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
        return self._anaphoric(start, end, head_index, modifiers)

    def _anaphoric(self, start: int, end: int, head_index: int, modifiers: list[str]) -> Speaker:
        """A head word with no mention in its phrase: "he", "the ministry", "a spokesman"."""
        head, word = self.head(head_index), self.tokens[head_index].lower_
        # Only a pronoun or "the ... head" is anaphoric: "a spokesman" is a new, unnamed person, and
        # "the National Aerospace Development Administration" is a name, not an anaphor.
        named = any(self.tokens[i].text[:1].isupper() for i in range(start + 1, head_index))
        definite = head.kind == "pronoun" or (self.tokens[start].lower_ == "the" and not named)
        owner = self.rules.possessives.get(self.tokens[start].lower_) if head.kind != "pronoun" else None
        if owner is not None:   # "his office", "its spokesman": whose it is
            found = self._antecedent(start, owner, self.tokens[start].lower_, [])
            if found is not None:
                entity = found.entity_id if found.label in {"ORGANIZATION", "COUNTRY"} else None
                return Speaker(start, end, entity, "ROLE", found.country, head.rule_id, head_index)
        target = self._antecedent(start, head, word, modifiers) if definite else None
        if target is None and head.kind == "role":
            organization = self.modifier_anaphor(start, head_index)   # "a department spokesperson"
            if organization is not None:
                return Speaker(start, end, organization.entity_id, "ROLE", organization.country, head.rule_id,
                               head_index)
        if target is None and head.kind in {"role", "source"}:
            inner = self.inner_anaphor(head_index + 1, end)   # "a spokesman for the ministry"
            if inner is not None:
                label = "ROLE" if head.kind == "role" else inner.label
                return Speaker(start, end, inner.entity_id, label, inner.country, head.rule_id, head_index)
        if target is None and definite and head.fallback:
            target = self.latest_named(head.fallback, start)   # "The Pentagon said ... The agency added"
        if target is not None:
            return Speaker(start, end, target.entity_id, target.label, target.country, head.rule_id, head_index)
        return Speaker(start, end, None, "ROLE" if head.kind == "role" else "UNKNOWN", None, head.rule_id, head_index)

    def _antecedent(self, start: int, head: HeadRule, word: str, modifiers: list[str]) -> Speaker | Mention | None:
        """What a pronoun or definite description refers to, or None."""
        if head.kind == "pronoun":
            if not head.resolve:
                return None   # "they", "we": no single entity
            # The speaker of a claim in this or the previous sentence beats a later mention (speakers
            # are the salient entities: "Kim Yo Jong, sister of Kim Jong Un, said ... She dismissed").
            recent = self.last_person if "OFFICIAL" in head.resolve else self.latest_named(head.resolve, start)
            # ... also across a continued quote of the same paragraph ("“...,” said X. “...” He noted ...")
            if recent is not None and recent.start < start and (
                    self.sentence(recent.start)[0] >= self.sentence(start)[0] - 1
                    or self.same_paragraph(recent.start, start)):
                return recent
            if "OFFICIAL" in head.resolve:
                return self.resolve(start, head, word, modifiers=modifiers)
            return self.subject_mention(start, head)
        found = self.resolve(start, head, word, modifiers=modifiers) if head.resolve else None
        earlier = self.speakers_by_head.get(word)
        if earlier is not None and (found is None or found.start < earlier.start):
            return earlier   # "a defense ministry official said ... the official said": that phrase
        return found

    def latest_named(self, labels: tuple[str, ...], before: int) -> Speaker | None:
        """The latest claim speaker before token `before` linked to an entity with one of `labels`."""
        return next((s for s in reversed(self.named) if s.start < before and s.label in labels), None)

    def subject_mention(self, start: int, head: HeadRule) -> Mention | None:
        """"North Korea launched a rocket. It said ...": "it" is the subject of its own sentence (before
        it) or of the previous one, i.e. the first mention there after any dateline; a first mention
        of another kind ("The Hwasong-18 flew toward Japan. It said") leaves the pronoun unresolved."""
        index = self.sentence(start)[0]
        for sentence in (index, index - 1):
            if sentence < 0:
                continue
            lo, hi = self.sent_starts[sentence], min(self.sent_ends[sentence], start)
            cut = bisect.bisect_left(self.mention_starts, self.after_dateline(lo, hi))
            first = self.mentions[cut] if cut < len(self.mentions) else None
            if first is not None and first.start < hi:
                return first if first.label in head.resolve else None
        return None

    def modifier_anaphor(self, start: int, head_index: int) -> Mention | None:
        """"A ministry spokesperson", "a defense ministry official": an organization word modifying a role
        head ("ministry", `head.ministry`) links the nearest earlier organization whose name holds every
        lower-case modifier up to it ("defense ministry" -> "Defense Ministry", not "Foreign Ministry")."""
        words = []
        for i in range(start, head_index):
            token = self.tokens[i]
            if not (token.is_lower and token.is_alpha) or self.rules.has("determiner", token.lower_):
                continue
            words.append(token.lower_)
            head = self.head(i)
            if head is not None and head.kind == "anaphor" and head.name_contains and "ORGANIZATION" in head.resolve:
                cut = bisect.bisect_left(self.mention_starts, start)
                return next((m for m in reversed(self.mentions[:cut]) if m.label == "ORGANIZATION"
                             and all(w in f"{m.name} {m.text}".lower() for w in words)), None)
        return None

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
        words = self.text_of(start, end)[2]
        for m in reversed(self.mentions[:bisect.bisect_left(self.mention_starts, start)]):
            if m.label == "OFFICIAL" and (words in (m.name, m.text) or (end - start == 1 and words in m.name.split())):
                return Speaker(start, end, m.entity_id, m.label, m.country, "speaker.name")
        if end - start == 1 and words in self.person_words:
            known = self.person_words[words]   # "Hong said" after "Hong Min, a researcher, said"
            return Speaker(start, end, known.entity_id, known.label, known.country, "speaker.name")
        first = self.tokens[start]
        opens_sentence = self.doc[start].is_sent_start or self.tokens[start - 1].is_space \
            or self.is_open_quote(start - 1)
        if end - start == 1 and opens_sentence and not first.is_upper:
            return None   # "Growing calls for ...": any sentence-initial word is capitalised
        person = self.person_id(start, end)
        return Speaker(start, end, person, "OFFICIAL" if person else "UNKNOWN", None, "speaker.name")

    def person_id(self, start: int, end: int) -> str | None:
        """"Ajai Shukla said": a person the gazetteer does not know gets the id the entity stage gives a
        titled name (official.<slug>); not a single word, an all-caps word or an organization name."""
        tokens = self.tokens
        if not 2 <= end - start <= MAX_PERSON_WORDS or any(
                tokens[i].is_upper and len(tokens[i].text) > 1 or self.rules.has("org_word", tokens[i].lower_)
                or tokens[i].is_lower and not (i > start and tokens[i - 1].text == "-")   # "Ha-eun"
                for i in range(start, end)):
            return None
        return f"official.{slug(self.text_of(start, end)[2])}"

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
