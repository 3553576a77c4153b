"""Rule files of the claims stage, read from ``models/claims/*.jsonl`` into one `ClaimRules`.

Six files, one family each (every record has a stable ``id``, an optional ``example``
sentence and ``note``):

- ``cues.jsonl``: reporting cues ("said", "called on", "according to") and their stance;
- ``speakers.jsonl``: speaker head nouns and pronouns ("spokesman", "ministry", "he") and
  how they resolve to an earlier mention;
- ``lexicon.jsonl``: small function-word lists the local rules consult (words allowed between
  speaker and cue, adjuncts before "that", listeners after "told", content stance words...);
- ``guards.jsonl``: token patterns that veto a cue ("so-called", "is said to be");
- ``stance.jsonl``: content words that give a neutral report its stance ("said it would ...");
- ``continuations.jsonl``: unattributed quotes that still have a speaker (the previous
  claim's, or one named in the next sentence: "That was the message from X").

Loading never stops at the first problem: every error is collected with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.claims_match import Step, compile_pattern, first_words
from pipeline.rules.loader import RuleError, RuleRecord, duplicate_id_errors, read_jsonl_rules, token_pattern_problems

RULES_DIR = "claims"
STANCES = frozenset({"condemn", "warn", "urge", "pledge", "acknowledge", "deny", "claim", "emphasize", "neutral"})
CUE_FRAMES = frozenset({"verb", "according_to"})
SPEAKER_KINDS = frozenset({"role", "source", "anaphor", "pronoun"})
LEXICON_KINDS = frozenset({"gap", "adjunct", "complementizer", "listener", "linker", "determiner", "boundary",
                           "relative", "coordinator", "not_name", "content_stance", "time_word", "time_modifier", "clause_gap",
                           "self_word", "first_person", "negation", "org_word", "prompt", "name_title",
                           "contrast"})
RESOLVABLE_LABELS = frozenset({"OFFICIAL", "ORGANIZATION", "COUNTRY"})
CONTINUATION_KINDS = frozenset({"previous_speaker", "next_sentence"})
BOOLEAN_KEYS = ("invert", "left_content", "content_stance", "object", "name_contains", "link_inner", "self", "subject",
                "negated")

# file name -> (required keys, optional keys)
FILES = {
    "cues.jsonl": ({"id", "stance"}, {"forms", "participles", "pattern", "cue_tokens", "frame", "invert",
                                      "left_content", "content_stance", "object", "example", "note"}),
    "speakers.jsonl": ({"id", "kind", "words"}, {"resolve", "name_contains", "org_kinds", "link_inner", "fallback",
                                                "possessives", "example", "note"}),
    "lexicon.jsonl": ({"id", "kind", "words"}, {"stance", "example", "note"}),
    "guards.jsonl": ({"id", "pattern"}, {"example", "note"}),
    "stance.jsonl": ({"id", "stance"}, {"words", "speakers", "self", "subject", "negated", "example",
                                          "note"}),
    "continuations.jsonl": ({"id", "kind"}, {"pattern", "sentences", "example", "note"}),
}


@dataclass(frozen=True)
class CueRule:
    """A reporting cue: its surface forms or pattern, stance, and which frames it allows."""

    rule_id: str
    stance: str
    frame: str = "verb"
    forms: tuple[str, ...] = ()
    participles: tuple[str, ...] = ()
    pattern: tuple[Step, ...] | None = None   # compiled (see `pipeline.claims_match`)
    cue_tokens: int | None = None     # with a pattern: the first N matched tokens are the cue, the rest content
    invert: bool = True               # allows "..., said X"
    left_content: bool = True         # allows "..., X said."
    content_stance: bool = False      # stance read from the content ("described them as a threat")
    takes_object: bool = False        # skip a listener after the cue ("told reporters")


@dataclass(frozen=True)
class HeadRule:
    """A speaker head word: a role noun, a source noun, an anaphor or a pronoun."""

    rule_id: str
    kind: str
    resolve: tuple[str, ...] = ()     # labels an anaphoric use resolves to, nearest earlier mention first
    name_contains: bool = False       # the resolved mention's name must contain the head word
    org_kinds: tuple[str, ...] = ()   # ... or its organization kind be one of these
    link_inner: bool = True           # a role links the entity inside its phrase ("a spokesman for X")
    fallback: tuple[str, ...] = ()    # labels of the latest speaker a definite use falls back to


@dataclass(frozen=True)
class StanceRule:
    """Content words giving a neutral report a stance, with the condition under which they count."""

    rule_id: str
    stance: str
    words: frozenset[str]       # content words, or
    speakers: frozenset[str]    # head words of the speaker phrase ("analysts")
    self_report: bool = False   # only when the speaker reports on itself (see `pipeline.claims_stance`)
    subject: bool = False       # the word must follow the speaker as subject ("it would ...")
    negated: bool = False       # the word counts only negated ("does not violate": a denial)


@dataclass(frozen=True)
class ContinuationRule:
    """A quote without its own attribution: whose it is and how far back that speaker may be."""

    rule_id: str
    kind: str
    pattern: tuple[Step, ...] | None = None   # next_sentence: the phrase before the speaker
    sentences: int = 1                        # previous_speaker: sentences back to the attributed claim


@dataclass
class ClaimRules:
    """Every claim rule, indexed for the extractor, plus the errors found while reading."""

    cues: dict[str, CueRule] = field(default_factory=dict)
    heads: dict[str, HeadRule] = field(default_factory=dict)              # word -> rule
    possessives: dict[str, HeadRule] = field(default_factory=dict)        # "his" -> the rule of "he"
    words: dict[str, frozenset[str]] = field(default_factory=dict)        # lexicon kind -> words
    content_stance: dict[str, str] = field(default_factory=dict)          # word -> stance
    guards: dict[str, tuple[Step, ...]] = field(default_factory=dict)     # id -> compiled token pattern
    continuations: list[ContinuationRule] = field(default_factory=list)
    stances: list[StanceRule] = field(default_factory=list)                # in file order: first match wins
    records: list[tuple[str, RuleRecord]] = field(default_factory=list)   # (file, record) with examples
    errors: list[RuleError] = field(default_factory=list)

    def has(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, ())

    @property
    def participles(self) -> frozenset[str]:
        return frozenset(p for cue in self.cues.values() for p in cue.participles)


def _string_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _common_problems(data: dict) -> list[str]:
    problems = [f"{key!r} must be true or false" for key in BOOLEAN_KEYS
                if key in data and not isinstance(data[key], bool)]
    if "example" in data and not (isinstance(data["example"], str) and data["example"].strip()):
        problems.append("'example' must be a non-empty sentence")
    return problems


def _cue_problems(data: dict, seen_forms: dict[str, str]) -> list[str]:
    problems = []
    if data.get("stance") not in STANCES:
        problems.append(f"stance {data.get('stance')!r} not one of {sorted(STANCES)}")
    if data.get("frame", "verb") not in CUE_FRAMES:
        problems.append(f"frame {data.get('frame')!r} not one of {sorted(CUE_FRAMES)}")
    if "forms" not in data and "pattern" not in data:
        problems.append("a cue needs 'forms' or 'pattern'")
    for key in ("forms", "participles"):
        if key in data and not _string_list(data[key]):
            problems.append(f"{key!r} must be a non-empty list of strings")
    if "pattern" in data:
        problems += _pattern_problems(data["pattern"])
        if not problems and not first_words(compile_pattern(data["pattern"])[0]):
            problems.append("a cue pattern must start with a required token listing its words (LOWER/ORTH)")
    tokens = data.get("cue_tokens")
    if tokens is not None and not (isinstance(tokens, int) and not isinstance(tokens, bool) and tokens >= 1
                                   and "pattern" in data and tokens < len(data["pattern"])):
        problems.append("'cue_tokens' must be a positive integer shorter than the pattern")
    if not problems:
        for form in [*data.get("forms", []), *data.get("participles", [])]:
            key = " ".join(form.lower().split())
            if key in seen_forms:
                problems.append(f"form {form!r} already belongs to {seen_forms[key]!r}")
            seen_forms.setdefault(key, data["id"])
    return problems


def _pattern_problems(pattern) -> list[str]:
    """spaCy's own checks, then the subset `pipeline.claims_match` evaluates."""
    problems = token_pattern_problems(pattern)
    return problems or compile_pattern(pattern)[1]


def _word_problems(data: dict, kinds: frozenset[str]) -> list[str]:
    problems = []
    if data.get("kind") not in kinds:
        problems.append(f"kind {data.get('kind')!r} not one of {sorted(kinds)}")
    words = data.get("words")
    if not _string_list(words) or any(" " in w.strip() for w in words):
        problems.append("'words' must be a non-empty list of single tokens")
    return problems


def _speaker_problems(data: dict, seen_words: dict[str, str]) -> list[str]:
    problems = _word_problems(data, SPEAKER_KINDS)
    if not problems:   # one head word, one behaviour
        for word in data["words"]:
            owner = seen_words.setdefault(word.lower(), data["id"])
            if owner != data["id"]:
                problems.append(f"word {word!r} already belongs to {owner!r}")
    for key in ("resolve", "fallback"):
        labels = data.get(key, [])
        if not isinstance(labels, list) or any(label not in RESOLVABLE_LABELS for label in labels):
            problems.append(f"{key!r} must list labels among {sorted(RESOLVABLE_LABELS)}")
    for key in ("org_kinds", "possessives"):
        if key in data and not _string_list(data[key]):
            problems.append(f"{key!r} must be a non-empty list of strings")
    if "possessives" in data and data.get("kind") != "pronoun":
        problems.append("only a pronoun rule has 'possessives'")
    return problems


def _lexicon_problems(data: dict) -> list[str]:
    problems = _word_problems(data, LEXICON_KINDS)
    if data.get("kind") == "content_stance" and data.get("stance") not in STANCES:
        problems.append(f"a content_stance list needs a stance among {sorted(STANCES)}")
    return problems


def _stance_problems(data: dict) -> list[str]:
    problems = [] if data.get("stance") in STANCES else [f"stance {data.get('stance')!r} not one of {sorted(STANCES)}"]
    if ("words" in data) == ("speakers" in data):
        return problems + ["a stance rule needs 'words' or 'speakers' (not both)"]
    key = "words" if "words" in data else "speakers"
    if not _string_list(data[key]) or any(" " in w.strip() or w != w.lower() for w in data[key]):
        problems.append(f"{key!r} must be a non-empty list of single lower-case tokens")
    return problems


def _continuation_problems(data: dict) -> list[str]:
    kind = data.get("kind")
    if kind not in CONTINUATION_KINDS:
        return [f"kind {kind!r} not one of {sorted(CONTINUATION_KINDS)}"]
    if (kind == "next_sentence") != ("pattern" in data):
        return ["a next_sentence rule needs a 'pattern' (the phrase before the speaker); other kinds take none"]
    sentences = data.get("sentences", 1)
    if isinstance(sentences, bool) or not isinstance(sentences, int) or not 1 <= sentences <= 3:
        return ["'sentences' must be an integer from 1 to 3"]
    if "pattern" not in data:
        return []
    problems = _pattern_problems(data["pattern"])
    if not problems and not first_words(compile_pattern(data["pattern"])[0]):
        problems.append("a continuation pattern must start with a required token listing its words (LOWER/ORTH)")
    return problems


def _add(rules: ClaimRules, name: str, data: dict) -> None:
    rule_id = data["id"]
    if name == "cues.jsonl":
        rules.cues[rule_id] = CueRule(
            rule_id, data["stance"], data.get("frame", "verb"), tuple(data.get("forms", ())),
            tuple(data.get("participles", ())), compile_pattern(data["pattern"])[0] if "pattern" in data else None,
            data.get("cue_tokens"), data.get("invert", True), data.get("left_content", True),
            data.get("content_stance", False), data.get("object", False))
    elif name == "speakers.jsonl":
        head = HeadRule(rule_id, data["kind"], tuple(data.get("resolve", ())), data.get("name_contains", False),
                        tuple(data.get("org_kinds", ())), data.get("link_inner", True),
                        tuple(data.get("fallback", ())))
        rules.heads.update({word.lower(): head for word in data["words"]})
        rules.possessives.update({word.lower(): head for word in data.get("possessives", ())})
    elif name == "lexicon.jsonl":
        words = frozenset(word.lower() for word in data["words"])
        rules.words[data["kind"]] = rules.words.get(data["kind"], frozenset()) | words
        if data["kind"] == "content_stance":
            rules.content_stance.update({word: data["stance"] for word in words})
    elif name == "stance.jsonl":
        rules.stances.append(StanceRule(rule_id, data["stance"], frozenset(data.get("words", ())),
                                        frozenset(data.get("speakers", ())), data.get("self", False),
                                        data.get("subject", False), data.get("negated", False)))
    elif name == "continuations.jsonl":
        pattern = compile_pattern(data["pattern"])[0] if "pattern" in data else None
        rules.continuations.append(ContinuationRule(rule_id, data["kind"], pattern, data.get("sentences", 1)))
    else:
        rules.guards[rule_id] = compile_pattern(data["pattern"])[0]


def load_claim_rules(models_dir: Path) -> ClaimRules:
    """Read and check every claim rule file of ``models_dir/claims`` (errors collected, not raised)."""
    rules = ClaimRules()
    seen_forms: dict[str, str] = {}
    seen_words: dict[str, str] = {}
    checks = {"cues.jsonl": lambda d: _cue_problems(d, seen_forms),
              "speakers.jsonl": lambda d: _speaker_problems(d, seen_words),
              "lexicon.jsonl": _lexicon_problems, "guards.jsonl": lambda d: _pattern_problems(d.get("pattern")),
              "stance.jsonl": _stance_problems, "continuations.jsonl": _continuation_problems}
    all_records = []
    for name, (required, optional) in FILES.items():
        rule_file = read_jsonl_rules(Path(models_dir) / RULES_DIR / name, required, optional,
                                     f"models/{RULES_DIR}/{name}")
        rules.errors.extend(rule_file.errors)
        for record in rule_file.records:
            all_records.append(record)
            problems = _common_problems(record.data) + checks[name](record.data)
            if problems:
                rules.errors.extend(record.error(p) for p in problems)
                continue
            _add(rules, name, record.data)
            rules.records.append((name, record))
    rules.errors.extend(duplicate_id_errors(all_records))
    return rules
