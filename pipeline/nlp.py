"""Build the one spaCy `Language` a process uses: blank English, sentencizer, rule matchers.

Nothing is downloaded: the tokenizer is spaCy's rule-based English tokenizer with two
extra infix rules, and every entity candidate comes from the rule files in `models/`.
Candidates are stored on `doc.spans["entity_candidates"]` (overlaps kept); choosing
among them is the entity stage's job (`pipeline.entities`).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from pipeline.rules.fingerprint import rules_hash
from pipeline.rules.gated import max_length
from pipeline.rules.gazetteers import Form, Gazetteer, load_gazetteer
from pipeline.rules.loader import InvalidRules, RuleError, read_jsonl_rules, token_pattern_problems

CANDIDATES = "entity_candidates"
SHARED_KEEP = 2   # Languages kept by `shared_nlp` (tests build many rule folders in one process)
NAME_LABEL = "PERSON_NAME"
TITLE_LABEL = "TITLE"

# Split "U.S.-led" -> "U.S." "-" "led" and "Korea-Japan" -> "Korea" "-" "Japan", so that
# countries inside compounds are separate tokens that the phrase matchers can see.
EXTRA_INFIXES = (r"(?<=[A-Z]\.)-(?=[A-Za-z])", r"(?<=[a-z])-(?=[A-Z])")


def blank_english() -> Language:
    """`spacy.blank("en")` with the project's tokenizer adjustments, a sentencizer, and
    paragraph breaks as sentence boundaries."""
    nlp = spacy.blank("en")
    infixes = list(nlp.Defaults.infixes) + list(EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paragraph_breaks")
    return nlp


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence.  The sentencizer misses it when the paragraph ends in
    an abbreviation whose period is part of its token ("at 3 p.m.", "an H-2A.") or in no
    punctuation at all (a headline), and then claims and events run across two paragraphs.  The
    break's whitespace token opens the next sentence, as it does after an ordinary full stop."""
    if len(doc) < 3:
        return doc
    for i in np.flatnonzero(doc.to_array(IS_SPACE)[1:-1]).tolist():
        token = doc[i + 1]
        if token.text.count("\n") >= 2 and not token.is_sent_start:
            token.is_sent_start = True
    return doc


def load_name_patterns(models_dir: Path) -> tuple[list, list[RuleError]]:
    """Token patterns describing the shape of a person's name after a title."""
    path = models_dir / "patterns" / "person_names.jsonl"
    rule_file = read_jsonl_rules(path, {"id", "pattern"}, {"label", "example", "note"}, "models/patterns/person_names.jsonl")
    errors = list(rule_file.errors)
    good = []
    for record in rule_file.records:
        problems = token_pattern_problems(record.get("pattern"))
        errors.extend(record.error(p) for p in problems)
        if not problems:
            good.append(record)
    return good, errors


TITLE_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.")


def keep_title_abbreviations(nlp: Language, titles: list[Form]) -> None:
    """Every abbreviated title word of `models/titles.csv` ("Col.", "Lt.", "Amb.") stays one
    token: split into "Col" and ".", its period ended the sentence before the name
    ("JCS spokesperson Col. Lee Sung-jun said ...") and the name lost its title."""
    words = {word for form in titles for word in form.text.split() if TITLE_ABBREVIATION.fullmatch(word)}
    for word in sorted(words):
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])


# Labels whose multi-word names KCNA and the copy quoting it put one word of in quotes
# ('a "super-large" multiple rocket launcher', 'the “Hwasal-1” strategic cruise missile').
QUOTABLE_LABELS = {"ROCKET", "SATELLITE"}
QUOTE_PAIRS = (('"', '"'), ("\u201c", "\u201d"))


def quoted_word_variants(text: str) -> list[str]:
    """`text` with one of its words in quotes, for each word and quote style: a phrase
    matcher cannot skip the quote tokens, so each quoted form is a pattern of its own."""
    words = text.split()
    if len(words) < 2:
        return []
    return [" ".join([*words[:i], f"{left}{word}{right}", *words[i + 1:]])
            for i, word in enumerate(words) for left, right in QUOTE_PAIRS]


class EntityCandidateMatcher:
    """Finds every gazetteer form, title word and name shape; keeps overlaps for later."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, name_patterns: list):
        self.gazetteer = gazetteer
        self.form_by_key: dict[str, Form] = {}
        keep_title_abbreviations(nlp, gazetteer.titles)   # before any form is tokenized
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.names = Matcher(nlp.vocab)
        self._add_forms(nlp, gazetteer.forms + gazetteer.titles)
        # Capitals and places by their upper-case text, for all-caps datelines ("SEOUL, ...").
        self.place_by_upper: dict[str, Form] = {}
        for form in gazetteer.forms:
            if form.form_kind == "capital" or form.entry.label == "LOCATION":
                self.place_by_upper.setdefault(form.text.upper(), form)
        name_keys = [f"{NAME_LABEL}::{record.get('id')}" for record in name_patterns]
        for key, record in zip(name_keys, name_patterns):
            self.names.add(key, [record.get("pattern")])
        self.name_window = max((max_length(r.get("pattern")) for r in name_patterns), default=0)
        # Per match id, the candidate's key and its label's hash, and the ids of title words:
        # found once here rather than through the string store for every match of every document.
        strings = nlp.vocab.strings
        self.span_keys = {strings.add(key): (key, strings.add(key.split("::", 1)[0]))
                          for key in [*self.form_by_key, *name_keys]}
        self.title_ids = frozenset(match_id for match_id, (key, _) in self.span_keys.items()
                                   if key.startswith(f"{TITLE_LABEL}::"))

    def _add_forms(self, nlp: Language, forms: list[Form]) -> None:
        grouped: dict[tuple[bool, str], list[Doc]] = {}
        for form in forms:
            text = form.text if form.case_sensitive else form.text.lower()
            key = f"{form.entry.label}::{form.rule_id}::{text}"
            self.form_by_key.setdefault(key, form)
            variants = quoted_word_variants(form.text) if form.entry.label in QUOTABLE_LABELS else []
            grouped.setdefault((form.case_sensitive, key), []).extend(
                nlp.make_doc(variant) for variant in [form.text, *variants])
        for (case_sensitive, key), docs in grouped.items():
            (self.exact if case_sensitive else self.folded).add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.exact(doc) + self.folded(doc)
        matches += self._names_after_titles(doc, matches)
        # Sorted by start, longest first, then key (ties are the same candidate twice).
        keyed = sorted((start, -end, self.span_keys[match_id], match_id) for match_id, start, end in matches)
        doc.spans[CANDIDATES] = [Span(doc, start, -negative_end, label=label, span_id=match_id)
                                 for start, negative_end, (_, label), match_id in keyed]
        return doc

    def _names_after_titles(self, doc: Doc, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Name shapes starting right after a title word, the only place the entity stage uses
        them; matching them over the whole document would cost more than all the gazetteers."""
        if not self.name_window:
            return []
        title_ends = sorted({end for match_id, _, end in matches if match_id in self.title_ids and end < len(doc)})
        found = []
        for end in title_ends:
            window = Span(doc, end, min(len(doc), end + self.name_window))   # doc[a:b] without its bounds check
            found.extend((m, end + start, end + stop) for m, start, stop in self.names(window) if start == 0)
        return found


@Language.factory("entity_candidates", default_config={"models_dir": ""})
def make_entity_candidates(nlp: Language, name: str, models_dir: str) -> EntityCandidateMatcher:
    """spaCy factory: the candidate matcher compiled from `models_dir`'s rule files."""
    gazetteer = load_gazetteer(Path(models_dir))
    name_patterns, name_errors = load_name_patterns(Path(models_dir))
    errors = gazetteer.errors + name_errors
    if errors:
        raise InvalidRules(errors)
    return EntityCandidateMatcher(nlp, gazetteer, name_patterns)


def build_nlp(models_dir: Path) -> Language:
    """The project's Language: tokenizer, sentencizer, entity candidate matcher."""
    nlp = blank_english()
    nlp.add_pipe("entity_candidates", config={"models_dir": str(models_dir)})
    return nlp


_SHARED: dict[tuple[str, str], Language] = {}


def shared_nlp(models_dir: Path) -> Language:
    """`build_nlp(models_dir)`, built once per process for the same rule files.

    A run validates the rules (which needs the full Language to try every example) and then
    extracts with the same Language: building it twice was a second or more of every run.
    Forked worker processes inherit it.  The key is the folder and the hash of its files, so
    an edited rule file gets a new Language; callers must not change the returned object
    beyond what processing documents does (new lexemes, flags).
    """
    key = (str(Path(models_dir).resolve()), rules_hash(models_dir))
    nlp = _SHARED.get(key)
    if nlp is None:
        nlp = build_nlp(models_dir)
        while len(_SHARED) >= SHARED_KEEP:
            del _SHARED[next(iter(_SHARED))]
        _SHARED[key] = nlp
    return nlp
