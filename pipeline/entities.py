"""Entity stage: choose among the rule candidates and resolve each mention to an entity.

Candidates come from `doc.spans["entity_candidates"]` (see `pipeline.nlp`).  The stage
1. drops guarded forms in a name-like context (`guard_v1`),
2. keeps an official's short name ("Putin") only after the full name appeared,
3. builds officials from a title word followed by a name shape ("Foreign Minister Penny Wong"),
4. resolves overlaps with the named policy `longest_then_priority_v1`,
5. fills context: an organization's or pattern official's country from a neighbouring
   country mention, an official's title from the role held on the publication date, and
   capitals after a locative preposition ("met in Seoul") as places (metonym false).
Dated weapon aliases ("new-type tactical guided weapon") name the weapon valid on the
publication date, like officials' titles; outside their windows only a class or nothing
(`dated_alias_v1`, see `pipeline.rules.weapon_aliases`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter

from spacy.tokens import Doc, Span

from pipeline.ids import slug
from pipeline.nlp import CANDIDATES, NAME_LABEL, TITLE_LABEL, EntityCandidateMatcher
from pipeline.rules.gazetteers import Entry, Form
from pipeline.rules.weapon_aliases import alias_on, nearest_row

OVERLAP_POLICY = "longest_then_priority_v1"
GUARD_POLICY = "guard_v1"
# Higher wins among equally long overlapping candidates.
LABEL_PRIORITY = {"OFFICIAL": 6, "ORGANIZATION": 5, "ROCKET": 4, "SATELLITE": 4, "LOCATION": 3, "COUNTRY": 2}
# Labels whose country may come from context when the gazetteer leaves it open.
CONTEXT_COUNTRY_LABELS = {"ORGANIZATION", "OFFICIAL", "ROCKET", "SATELLITE"}
LOCATIVE_PREPOSITIONS = {"in", "at", "to", "from", "near", "outside", "visited", "visit", "inside"}
# Generic weapon phrases too vague to be an entity row ("missiles", "rocket"); events still
# use them as a weapon class.
WEAK_CLASSES = {"MISSILE", "ROCKET"}
# A mention's own columns of the entities table, in order, and one C call reading them all.
ROW_FIELDS = ("sentence_index", "start_char", "end_char", "text", "label", "entity_id", "name", "country",
              "role", "rule_id", "kind", "family", "metonym")
_row_values = attrgetter(*ROW_FIELDS)


@dataclass(frozen=True)
class Mention:
    """One resolved entity mention: offsets index the article text."""

    start: int          # token offsets
    end: int
    start_char: int
    end_char: int
    text: str
    sentence_index: int
    label: str
    entity_id: str
    name: str
    country: str | None
    role: str | None
    rule_id: str
    kind: str | None = None
    family: str | None = None
    metonym: bool = False
    weak: bool = False

    def row(self, article_id: str, mention_id: str) -> dict:
        """The entities table's row: ids, then `ROW_FIELDS`."""
        row = {"article_id": article_id, "mention_id": mention_id}
        row.update(zip(ROW_FIELDS, _row_values(self)))
        return row


def sentence_starts(doc: Doc) -> list[int]:
    """Token index where each sentence starts (sorted), for sentence_index lookups."""
    return [sent.start for sent in doc.sents]


def sentence_span(doc: Doc, starts: list[int], token_index: int) -> Span:
    """The sentence containing a token, from the sentence starts: `Token.sent` rescans the
    document for the boundaries on every call."""
    index = sentence_of(starts, token_index)
    end = starts[index + 1] if index + 1 < len(starts) else len(doc)
    return Span(doc, starts[index], end)   # doc[a:b] would first run a Python bounds check, costing 3x the Span


def first_word(sentence: Span) -> int:
    """Index of a sentence's first token that is not whitespace (past a paragraph break)."""
    return next((t.i for t in sentence if not t.is_space), sentence.start)


def sentence_of(starts: list[int], token_index: int) -> int:
    """Index of the sentence containing a token (binary search over sentence starts)."""
    return max(0, bisect.bisect_right(starts, token_index) - 1)


def extract_entities(doc: Doc, published: date | None, matcher: EntityCandidateMatcher) -> list[Mention]:
    """Every entity mention of a document, non-overlapping, sorted by position."""
    starts = sentence_starts(doc)
    candidates = list(doc.spans[CANDIDATES])
    gazetteer_spans, titles, names = _split(candidates)
    forms = [(span, matcher.form_by_key[span.id_]) for span in gazetteer_spans]
    forms = [(span, form) for span, form in forms if not (form.guarded and _guard_rejects(doc, span))]
    forms = _drop_unintroduced_short_names(forms)
    mentions = [m for m in (_mention_from_form(doc, span, form, starts, published) for span, form in forms) if m]
    mentions += _title_name_officials(doc, titles, names, mentions, matcher, starts)
    chosen = resolve_overlaps(mentions + _dateline(doc, matcher, starts))
    chosen = resolve_overlaps(chosen + _later_surnames(doc, chosen, starts))
    return _fill_context(doc, chosen)


def _later_surnames(doc: Doc, chosen: list[Mention], starts: list[int]) -> list[Mention]:
    """"Adam Hodge said ... Hodge added": the last name alone, after an official found by a
    title pattern, refers to that official (gazetteer officials use their `short_names`)."""
    surnames: dict[str, Mention] = {}
    for mention in chosen:
        if mention.label == "OFFICIAL" and mention.kind == "pattern" and mention.end - mention.start >= 2:
            surnames.setdefault(doc[mention.end - 1].text, mention)
    if not surnames:
        return []
    found = []
    for token in doc:
        first = surnames.get(token.text)
        if first is None or token.i < first.end or not token.is_title:
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.is_title:
            continue
        found.append(replace(first, start=token.i, end=token.i + 1, start_char=token.idx,
                             end_char=token.idx + len(token), text=token.text,
                             sentence_index=sentence_of(starts, token.i), rule_id=f"{first.rule_id}+surname"))
    return found


# Tokens that end a wire dateline's place, and how far to look for one ("VANDENBERG AIR FORCE BASE,").
DATELINE_ENDS = {",", "(", "--", "—", "–", "-"}
DATELINE_REACH = 6


def _dateline(doc: Doc, matcher: EntityCandidateMatcher, starts: list[int]) -> list[Mention]:
    """The all-caps places that open wire copy as LOCATIONs, with their countries when they are known
    capitals or places: "SEOUL, Nov. 21 (Reuters) -", and known places only before "(" or a dash
    ("SEOUL (Reuters) -", "TOKYO --") or around a slash ("SEOUL/TOKYO, Dec. 18")."""
    end = next((i for i in range(min(len(doc), DATELINE_REACH)) if doc[i].text in DATELINE_ENDS), None)
    if not end:
        return []
    cuts = [-1] + [i for i in range(end) if doc[i].text == "/"] + [end]
    spans = [doc[a + 1:b] for a, b in zip(cuts, cuts[1:])]
    if not all(len(span) and all(t.is_upper and t.is_alpha for t in span) for span in spans):
        return []
    known = [matcher.place_by_upper.get(span.text) for span in spans]
    if (doc[end].text != "," or len(spans) > 1) and not all(known):
        return []   # "NATO (the alliance) said ...": an acronym, not a dateline
    return [Mention(span.start, span.end, span.start_char, span.end_char, span.text, 0, "LOCATION",
                    f"place.{slug(span.text)}", span.text.title(), form.entry.country if form else None,
                    "dateline", "dateline", "dateline") for span, form in zip(spans, known)]


def _split(candidates: list[Span]) -> tuple[list[Span], list[Span], list[Span]]:
    gazetteer, titles, names = [], [], []
    for span in candidates:
        if span.label_ == TITLE_LABEL:
            titles.append(span)
        elif span.label_ == NAME_LABEL:
            names.append(span)
        else:
            gazetteer.append(span)
    return gazetteer, titles, names


def _guard_rejects(doc: Doc, span: Span) -> bool:
    """guard_v1: an ambiguous word ("Jordan", "Chad", "Georgia") next to another capitalised
    word ("Michael Jordan", "Jordan Peterson", "New Mexico"); an all-caps form ("US") only
    inside an all-caps sentence, so "US President" keeps its country."""
    if span.text.isupper():
        return _in_all_caps_sentence(span)
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.is_title and not before.is_stop:
        return True
    if after is not None and after.is_title and not after.is_sent_start and not after.is_stop:
        return True
    return False


def _in_all_caps_sentence(span: Span) -> bool:
    """An abbreviation like "US" is unreliable in an all-caps headline ("TELL US MORE")."""
    letters = [c for c in span.sent.text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _drop_unintroduced_short_names(forms: list[tuple[Span, Form]]) -> list[tuple[Span, Form]]:
    """A short name ("Putin", "Yoon") counts only after the official's full name appeared."""
    first_full: dict[str, int] = {}
    for span, form in forms:
        if form.form_kind != "short_name":
            first_full.setdefault(form.entry.entity_id, span.start)
            first_full[form.entry.entity_id] = min(first_full[form.entry.entity_id], span.start)
    return [(s, f) for s, f in forms if f.form_kind != "short_name" or first_full.get(f.entry.entity_id, 10**9) < s.start]


def role_on(entry: Entry, published: date | None) -> str | None:
    """The title an official held on the date; the latest title when no date; 'former X' after."""
    if not entry.roles:
        return None
    if published is None:
        return max(entry.roles, key=lambda r: r.start).title
    held = [r for r in entry.roles if r.held_on(published)]
    if held:
        return " / ".join(r.title for r in sorted(held, key=lambda r: r.start))
    past = [r for r in entry.roles if r.end is not None and r.end < published]
    if past:
        return "former " + max(past, key=lambda r: r.end).title
    return None


def _mention_from_form(doc: Doc, span: Span, form: Form, starts: list[int],
                       published: date | None) -> Mention | None:
    if form.dated:
        return _dated_mention(span, form, starts, published)
    entry = form.entry
    role = role_on(entry, published) if entry.label == "OFFICIAL" else entry.role
    weak = entry.kind == "class" and (entry.role in WEAK_CLASSES or (len(span) == 1 and span.text.islower()))
    return Mention(span.start, span.end, span.start_char, span.end_char, span.text, sentence_of(starts, span.start),
                   entry.label, entry.entity_id, entry.name, entry.country, role, form.rule_id, entry.kind,
                   entry.family, form.form_kind == "capital", weak)


def _dated_mention(span: Span, form: Form, starts: list[int], published: date | None) -> Mention | None:
    """A dated alias: the weapon of the row valid on the publication date; outside every window
    the class its weapons share (`outside=class`) or nothing."""
    row = alias_on(form, published)
    where = (span.start, span.end, span.start_char, span.end_char, span.text, sentence_of(starts, span.start))
    if row is not None:
        weapon = row.weapon
        return Mention(*where, weapon.label, weapon.entity_id, weapon.name, weapon.country, weapon.role,
                       f"{row.rule_id}#dated_alias", weapon.kind, weapon.family)
    row = nearest_row(form, published)
    if row.outside != "class":
        return None
    cls = row.weapon.role
    return Mention(*where, row.weapon.label, f"class.{cls.lower()}", cls, None, cls, f"{row.rule_id}#class_outside",
                   "class", weak=cls in WEAK_CLASSES)


def _title_name_officials(doc: Doc, titles: list[Span], names: list[Span], gazetteer: list[Mention],
                          matcher: EntityCandidateMatcher, starts: list[int]) -> list[Mention]:
    """Officials not in the gazetteer: a title word immediately followed by a name shape."""
    longest_name_at: dict[int, Span] = {}
    for span in names:
        if span.start not in longest_name_at or len(span) > len(longest_name_at[span.start]):
            longest_name_at[span.start] = span
    taken = {i for m in gazetteer if m.label != "OFFICIAL" for i in range(m.start, m.end)}
    found = []
    for title in titles:
        name = longest_name_at.get(title.end)
        if name is None:
            continue
        name_rule = name.id_.split("::", 1)[1]
        end = next((i for i in range(name.start, name.end) if i in taken), name.end)
        if end <= name.start:
            continue
        name = doc[name.start:end]
        title_form = matcher.form_by_key[title.id_]
        found.append(Mention(name.start, name.end, name.start_char, name.end_char, name.text,
                             sentence_of(starts, name.start), "OFFICIAL", f"official.{slug(name.text)}", name.text,
                             None, title_form.entry.name, f"{title_form.rule_id}+{name_rule}", "pattern"))
    return found


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """longest_then_priority_v1: longer spans win; ties go to the higher label priority,
    then the gazetteer over patterns, then the earlier rule id; chosen spans never overlap."""
    def rank(m: Mention):
        pattern = 1 if m.kind == "pattern" else 0
        return (-(m.end - m.start), -LABEL_PRIORITY.get(m.label, 0), pattern, m.start, m.rule_id)
    occupied: set[int] = set()
    chosen = []
    for mention in sorted(mentions, key=rank):
        tokens = set(range(mention.start, mention.end))
        if tokens & occupied:
            continue
        occupied |= tokens
        chosen.append(mention)
    return sorted(chosen, key=lambda m: (m.start, m.end))


def _fill_context(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Country from a neighbouring country mention; capitals after 'in/at/to' are places."""
    result = []
    known: dict[str, str] = {}  # entity_id -> country resolved earlier in the article
    for index, mention in enumerate(mentions):
        if mention.label == "COUNTRY" and mention.metonym and _after_locative(doc, mention):
            # "met in Seoul": still the country's entity, but the place, not the government.
            mention = replace(mention, metonym=False, role="capital")
        if mention.country is None and mention.label in CONTEXT_COUNTRY_LABELS:
            country = _preceding_country(doc, mentions[:index], mention)
            if country is None and mention.kind != "class":
                # "the JCS said" after "South Korea's Joint Chiefs of Staff"
                country = known.get(mention.entity_id)
            mention = replace(mention, country=country)
        if mention.country and mention.label != "COUNTRY":
            known.setdefault(mention.entity_id, mention.country)
        result.append(mention)
    return result


def _after_locative(doc: Doc, mention: Mention) -> bool:
    return mention.start > 0 and doc[mention.start - 1].lower_ in LOCATIVE_PREPOSITIONS


def _preceding_country(doc: Doc, earlier: list[Mention], mention: Mention) -> str | None:
    """The country of a COUNTRY (or national organization) mention ending within a few
    tokens before this one in the same sentence: "South Korea's National Security Council",
    "Japanese Chief Cabinet Secretary Hirokazu Matsuno", "North Korean official Ri Pyong Chol"."""
    window = 6 if mention.kind == "pattern" else 3
    for other in reversed(earlier):
        if other.sentence_index != mention.sentence_index or mention.start - other.end > window:
            break
        if other.country and other.label in {"COUNTRY", "ORGANIZATION"}:
            return other.country
    return None
