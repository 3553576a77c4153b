"""Score a run's Parquet tables against the hand-made gold in `tests/gold/`.

Only articles that have gold (their `source_id` appears in a gold file) are scored.
All scoring is done by small pure functions over lists of dicts: `prf` turns counts into
precision/recall/F1 and `match_spans` makes a one-to-one matching between gold and
predicted records, so one prediction can never be credited to two gold records.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from pipeline.store import read_rows

GOLD_FILES = ("entities", "dates", "claims", "events")
SPAN = (("start_char", "end_char"),)
CLAIM_SPANS = (("speaker_start_char", "speaker_end_char"), ("content_start_char", "content_end_char"))


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 from counts; an empty denominator gives 0.0 (never NaN, so JSON stays valid)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters shared by two half-open [start, end) spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: list[dict], pred: list[dict], *, mode: str = "relaxed",
                same: tuple[str, ...] = ("source_id", "label"), spans: tuple = SPAN, prefer=None):
    """One-to-one matching of gold and predicted records.

    A pair is a candidate when every field in `same` is equal and, for every (start, end)
    field pair in `spans`, the spans are identical (`mode="strict"`) or overlap
    (`mode="relaxed"`).  With `spans=()` only `same` counts.  Candidates are taken greedily,
    best first (more identical spans, then more shared characters, then closer starts, then
    lower `prefer(gold, pred)` keys, then list order): exact matches win over partial ones
    and the result is deterministic.
    Returns (pairs [(gold_index, pred_index)], unmatched gold indices, unmatched pred indices).
    """
    if mode not in ("strict", "relaxed"):
        raise ValueError(f"mode must be 'strict' or 'relaxed', not {mode!r}")
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for pi, p in enumerate(pred):
        by_key[tuple(p.get(k) for k in same)].append(pi)
    candidates = []
    for gi, g in enumerate(gold):
        for pi in by_key.get(tuple(g.get(k) for k in same), ()):
            p = pred[pi]
            exact = shared = distance = 0
            for start, end in spans:
                gs, ps = (g[start], g[end]), (p[start], p[end])
                common = overlap(gs, ps)
                if (mode == "strict" and gs != ps) or common == 0:
                    break
                exact += gs == ps
                shared += common
                distance += abs(gs[0] - ps[0])
            else:
                candidates.append((-exact, -shared, distance, prefer(g, p) if prefer else 0, gi, pi))
    candidates.sort()
    used_gold, used_pred, pairs = set(), set(), []
    for *_, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    pairs.sort()
    return (pairs, [i for i in range(len(gold)) if i not in used_gold],
            [i for i in range(len(pred)) if i not in used_pred])


def accuracy(pairs: list[tuple[dict, dict]], test) -> dict:
    """Share of (gold, pred) pairs for which `test(gold, pred)` holds."""
    correct = sum(1 for g, p in pairs if test(g, p))
    return {"accuracy": round(correct / len(pairs), 4) if pairs else 0.0, "correct": correct, "n": len(pairs)}


def per_label(gold: list[dict], pred: list[dict], pairs, fn, fp, field: str) -> dict:
    """P/R/F1 per value of `field` (matching requires equal values) plus a micro `overall` row."""
    labels = sorted({r[field] for r in gold} | {r[field] for r in pred}, key=str)
    rows = {label: prf(sum(gold[g][field] == label for g, _ in pairs), sum(pred[i][field] == label for i in fp),
                       sum(gold[i][field] == label for i in fn)) for label in labels}
    rows["overall"] = prf(len(pairs), len(fp), len(fn))
    return rows


def _months(year: int, first: int, count: int) -> tuple[date, date]:
    after = first + count - 1  # 0-based index of the month after the period
    return date(year, first, 1), date(year + after // 12, after % 12 + 1, 1) - timedelta(days=1)


def timex_period(value: str | None) -> tuple[date, date] | None:
    """The calendar days a TIMEX3 value covers (day, week, month, quarter, year, decade), else None."""
    if not value:
        return None
    try:
        if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", value):  # day, or a time of that day
            day = date(*map(int, m.groups()))
            return day, day
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return _months(int(m[1]), int(m[2]), 1)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            return _months(int(m[1]), int(m[2]) * 3 - 2, 3)
        if m := re.fullmatch(r"(\d{4})", value):
            return _months(int(m[1]), 1, 12)
        if m := re.fullmatch(r"(\d{3})", value):
            return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def date_matches(gold_value: str | None, start: date | None, end: date | None) -> bool:
    """Gold day inside [start, end], or gold period equal to it; a null gold date wants no date."""
    if gold_value is None:
        return start is None
    period = timex_period(gold_value)
    if period is None or start is None:
        return False
    end = end or start
    if period[0] == period[1]:
        return start <= period[0] <= end
    return (start, end) == period


def _error(row: dict, label: str, text: str, with_rule: bool, **extra) -> dict:
    start = row.get("start_char", row.get("speaker_start_char"))
    return {"source_id": row["source_id"], "start": start, "text": text, "label": label, **extra,
            **({"rule_id": row.get("rule_id")} if with_rule else {})}


def _sorted(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda e: (e["source_id"], e["start"] if e["start"] is not None else -1,
                                        str(e["label"]), e["text"]))


def _misses(gold: list[dict], pred: list[dict], fn: list[int], fp: list[int], label: str, text) -> dict:
    """Sorted false positives (with the rule that produced them) and false negatives."""
    return {"fp": _sorted([_error(pred[i], pred[i][label], text(pred[i]), True) for i in fp]),
            "fn": _sorted([_error(gold[i], gold[i][label], text(gold[i]), False) for i in fn])}


def score_entities(gold: list[dict], pred: list[dict]) -> tuple[dict, dict]:
    """Entity metrics (strict and relaxed per label, country accuracy) and error lists."""
    strict = match_spans(gold, pred, mode="strict")
    relaxed = match_spans(gold, pred, mode="relaxed")
    with_country = [(gold[g], pred[p]) for g, p in strict[0] if gold[g]["country"] is not None]
    metrics = {"strict": per_label(gold, pred, *strict, "label"), "relaxed": per_label(gold, pred, *relaxed, "label"),
               "country_accuracy": accuracy(with_country, lambda g, p: g["country"] == p["country"])}
    errors = {
        **_misses(gold, pred, relaxed[1], relaxed[2], "label", lambda r: r["text"]),
        # Overlapping but not identical: usually a rule that takes too much or too little.
        "boundary": _sorted([_error(pred[p], pred[p]["label"], pred[p]["text"], True, gold=gold[g]["text"])
                             for g, p in relaxed[0] if (gold[g]["start_char"], gold[g]["end_char"])
                             != (pred[p]["start_char"], pred[p]["end_char"])]),
        "mismatch": _sorted([_error(p, p["label"], p["text"], True, gold=g["country"], predicted=p["country"])
                             for g, p in with_country if g["country"] != p["country"]]),
    }
    return metrics, errors


def score_dates(gold: list[dict], pred: list[dict]) -> tuple[dict, dict]:
    """TempEval-3 style: extent P/R/F1 (strict, relaxed), value and type accuracy, value F1."""
    strict = match_spans(gold, pred, mode="strict", same=("source_id",))
    relaxed = match_spans(gold, pred, mode="relaxed", same=("source_id",))
    matched = [(gold[g], pred[p]) for g, p in relaxed[0]]
    value_tp = sum(g["value"] == p["value"] for g, p in matched)
    typed = match_spans(gold, pred, mode="relaxed", same=("source_id", "timex_type"))
    metrics = {"strict": prf(len(strict[0]), len(strict[2]), len(strict[1])),
               "relaxed": prf(len(relaxed[0]), len(relaxed[2]), len(relaxed[1])),
               "value_accuracy": accuracy(matched, lambda g, p: g["value"] == p["value"]),
               "value_f1": prf(value_tp, len(pred) - value_tp, len(gold) - value_tp),
               "type_accuracy": accuracy(matched, lambda g, p: g["timex_type"] == p["timex_type"]),
               "by_type": per_label(gold, pred, *typed, "timex_type")}
    errors = {
        **_misses(gold, pred, relaxed[1], relaxed[2], "timex_type", lambda r: r["text"]),
        "boundary": _sorted([_error(p, p["timex_type"], p["text"], True, gold=g["text"]) for g, p in matched
                             if (g["start_char"], g["end_char"]) != (p["start_char"], p["end_char"])]),
        "mismatch": _sorted([_error(p, p["timex_type"], p["text"], True, gold=g["value"], predicted=p["value"])
                             for g, p in matched if g["value"] != p["value"]]),
    }
    return metrics, errors


def score_claims(gold: list[dict], pred: list[dict]) -> tuple[dict, dict]:
    """A claim matches when both speaker and content spans overlap; exact = both identical.

    Speaker entity accuracy counts the matched claims whose gold names the speaker's entity
    (`speaker_entity_id`, null for an unnamed source such as "analysts"); gold written before that
    field existed is left out rather than counted wrong.  `entity_overlap` is the claim F1 when a
    match also needs the right speaker entity (the issue's two bars in one number).
    """
    relaxed = match_spans(gold, pred, same=("source_id",), spans=CLAIM_SPANS)
    exact = match_spans(gold, pred, mode="strict", same=("source_id",), spans=CLAIM_SPANS)
    matched = [(gold[g], pred[p]) for g, p in relaxed[0]]
    with_entity = [(g, p) for g, p in matched if "speaker_entity_id" in g]
    entity_tp = sum(same_speaker_entity(g, p) for g, p in with_entity)
    annotated = sum("speaker_entity_id" in g for g in gold)
    metrics = {"overlap": prf(len(relaxed[0]), len(relaxed[2]), len(relaxed[1])),
               "exact": prf(len(exact[0]), len(exact[2]), len(exact[1])),
               "speaker_text_exact": accuracy(matched, lambda g, p: g["speaker"] == p["speaker"]),
               "speaker_entity_accuracy": accuracy(with_entity, same_speaker_entity),
               "speaker_entity_annotated": {"gold": annotated, "of": len(gold)},
               # only meaningful when every gold claim is annotated (annotated == len(gold))
               "entity_overlap": prf(entity_tp, len(pred) - entity_tp, annotated - entity_tp),
               "stance_accuracy": accuracy(matched, lambda g, p: g["stance"] == p["stance"])}

    def claim_text(row: dict) -> str:
        return f"{row['speaker']} | {row['cue']} | {row['content']}"

    errors = {
        **_misses(gold, pred, relaxed[1], relaxed[2], "stance", claim_text),
        "mismatch": _sorted([_error(p, p["stance"], claim_text(p), True, gold=f"{g['speaker']} / {g['stance']}",
                                    predicted=f"{p['speaker']} / {p['stance']}")
                             for g, p in matched if (g["speaker"], g["stance"]) != (p["speaker"], p["stance"])]),
        "speaker_entity": _sorted([_error(p, p.get("speaker_label"), claim_text(p), True, gold=g["speaker_entity_id"],
                                          predicted=p.get("speaker_entity_id"))
                                   for g, p in with_entity if not same_speaker_entity(g, p)]),
    }
    return metrics, errors


def same_speaker_entity(gold: dict, pred: dict) -> bool:
    """The predicted speaker is linked to the gold entity (both null for an unnamed source)."""
    return gold["speaker_entity_id"] == pred.get("speaker_entity_id")


def _event_counts(gold, pred, pairs) -> tuple[dict, list[int], list[int]]:
    """P/R/F1 per event type; unmatched mentions of an already matched predicted event are repeats, not FPs."""
    matched_events = {(pred[p]["source_id"], pred[p]["event_id"]) for _, p in pairs}
    used_gold, used_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    fn = [i for i in range(len(gold)) if i not in used_gold]
    # Gold has one record per event (first trigger), the run one row per mention: later
    # mentions of a matched event are coreference, not spurious events.
    rest = [i for i in range(len(pred)) if i not in used_pred]
    fp = [i for i in rest if (pred[i]["source_id"], pred[i]["event_id"]) not in matched_events]
    rows = per_label(gold, pred, pairs, fn, fp, "event_type")
    rows["overall"]["repeat_mentions"] = len(rest) - len(fp)
    return rows, fn, fp


def score_events(gold: list[dict], pred: list[dict], events: dict[str, dict] | None = None) -> tuple[dict, dict]:
    """Strict (trigger overlap) and loose (+ same type/actor/realis) event scores and LAUNCH attributes.

    `events` maps event_id to the reconciled events row: a mention without its own outcome
    takes the event's outcome, since that is what the pipeline reports for the event.
    """
    events = events or {}
    # Loose pairs prefer a mention with the gold date, then the nearest one, so that two
    # launches in one article are not paired crosswise.
    def prefer(g: dict, p: dict) -> tuple:
        return not date_matches(g["date_value"], p["date_start"], p["date_end"]), abs(g["start_char"] - p["start_char"])

    strict_pairs, gold_rest, pred_rest = match_spans(gold, pred, same=("source_id", "event_type"))
    loose_pairs, _, _ = match_spans([gold[i] for i in gold_rest], [pred[i] for i in pred_rest], spans=(),
                                    same=("source_id", "event_type", "actor_country", "realis"), prefer=prefer)
    loose_pairs = [(gold_rest[g], pred_rest[p]) for g, p in loose_pairs]
    strict_rows, _, _ = _event_counts(gold, pred, strict_pairs)
    all_pairs = sorted(strict_pairs + loose_pairs)
    loose_rows, fn, fp = _event_counts(gold, pred, all_pairs)

    def outcome(p: dict):
        return p["outcome"] if p["outcome"] is not None else events.get(p["event_id"], {}).get("outcome")

    launches = [(gold[g], pred[p]) for g, p in all_pairs if gold[g]["event_type"] == "LAUNCH"]
    checks = {"outcome": lambda g, p: g["outcome"] == outcome(p), "realis": lambda g, p: g["realis"] == p["realis"],
              "actor": lambda g, p: g["actor_country"] == p["actor_country"],
              "date": lambda g, p: date_matches(g["date_value"], p["date_start"], p["date_end"])}
    metrics = {"strict": strict_rows, "loose": loose_rows, "n_loose_matches": len(loose_pairs),
               "launch": {f"{name}_accuracy": accuracy(launches, test) for name, test in checks.items()}}

    def describe(row: dict) -> str:
        predicted = "date_value" not in row
        date_text = f"{row['date_start']}..{row['date_end']}" if predicted else row["date_value"]
        return (f"{row['trigger']} [actor={row['actor_country']} realis={row['realis']} "
                f"outcome={outcome(row) if predicted else row['outcome']} date={date_text}]")

    errors = {
        **_misses(gold, pred, fn, fp, "event_type", describe),
        "mismatch": _sorted([_error(p, "LAUNCH", describe(p), True, gold=describe(g))
                             for g, p in launches if not all(test(g, p) for test in checks.values())]),
    }
    return metrics, errors


def load_gold(gold_dir: Path) -> dict[str, list[dict]]:
    """Gold records per table; a missing file means no gold for that table."""
    gold = {}
    for name in GOLD_FILES:
        path = Path(gold_dir) / f"{name}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        gold[name] = [json.loads(line) for line in lines if line.strip()]
    for row in gold["events"]:
        # Events are matched on their trigger span, under the same names as the run's columns.
        row["start_char"], row["end_char"] = row["trigger_start_char"], row["trigger_end_char"]
    return gold


def evaluate(gold_dir: Path, run_dir: Path) -> dict:
    """Score the run in `run_dir` against the gold in `gold_dir` (see the module docstring)."""
    gold = load_gold(gold_dir)
    articles = read_rows(run_dir, "articles")
    if not articles:
        raise FileNotFoundError(f"no articles table in {run_dir}: run `python -m pipeline run` first")
    scored = sorted({row["source_id"] for rows in gold.values() for row in rows})
    source_of = {a["article_id"]: a["source_id"] for a in articles if a["source_id"] in scored}
    pred = {name: [{**row, "source_id": source_of[row["article_id"]]} for row in read_rows(run_dir, table)
                   if row["article_id"] in source_of]
            for name, table in zip(GOLD_FILES, ("entities", "dates", "claims", "event_mentions"))}
    events = {row["event_id"]: row for row in read_rows(run_dir, "events")}
    metrics = {"articles": scored, "missing_articles": sorted(set(scored) - set(source_of.values())), "errors": {},
               # a gold folder may cover some tables only (tests/gold_claims_dev: claims); the report shows those
               "gold_tables": [name for name in GOLD_FILES if gold[name]]}
    for name, scorer in (("entities", score_entities), ("dates", score_dates), ("claims", score_claims)):
        metrics[name], metrics["errors"][name] = scorer(gold[name], pred[name])
    metrics["events"], metrics["errors"]["events"] = score_events(gold["events"], pred["events"], events)
    return metrics
