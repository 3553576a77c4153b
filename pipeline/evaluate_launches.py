"""Score a run's North Korean launch events against a launch database (the issue-5 held-out metric, replicated).

The held-out bars are measured on real reporting of North Korean launches against a public launch
database; `tests/launch_db/` is our own replica. The definitions below are the contract; the tests pin them.

Inputs
    * the run's `events`, `event_mentions` and `articles` tables;
    * a launches CSV, one row per launch event: `launch_id, date, missile, family, class, outcome,
      reported_in, notes`. `family` uses the `family` column of `models/weapons.csv` (empty when the
      database names only a class); `outcome` is success/failure/unknown; `reported_in` lists, `;`-separated,
      the source_ids of the articles that report this launch as news (empty: the corpus does not report it);
    * the hard negatives: source_ids of articles that report no new North Korean launch.

Definitions
    * Predicted launch: an `events` row with event_type LAUNCH, realis actual, actor_country PRK.
    * Day-level: granularity `day` or `time` (a single day). Month, week or year events never match a launch.
    * DB period: 1 January of the first database year to 31 December of the last; events outside it
      (e.g. "its 2017 test") are ignored, since the database says nothing about them.
    * Assignment: each day-level predicted launch goes to the nearest database launch within +-1 day
      (ties: same family, then the earlier launch). So an event dated to an old launch the database holds
      (a background mention) is a true positive for that launch, never a false one.
    * Launch recall: reported launches (non-empty `reported_in`) with at least one assigned event, over all
      reported launches. The matched event of a launch is its assigned event with the most mentions.
    * Outcome accuracy: over matched reported launches whose database outcome is not `unknown`; the matched
      event's outcome must equal it (a predicted `unknown` or null is wrong).
    * Family accuracy: over matched reported launches whose database family is set; the matched event's
      `weapon_family` must equal it (null is wrong).
    * Split: a reported launch with more than one assigned event.
    * False launch on a hard negative: an `event_mentions` row of a negative article with event_type LAUNCH,
      realis actual, actor PRK, `historical` false, whose date does not explain it: a day-level date within
      +-1 day of any database launch, or a coarser period containing one, explains it. A mention without a
      date is false. The rate is the share of negative articles (present in the run) with at least one.
    * Event ratio: the window is [first publication - 1 day, last publication] of the run's articles.
      Numerator: predicted launches whose date_start lies in the window (any granularity: a month-level
      duplicate of a launch is one more distinct event). Denominator: distinct days of database launches in
      the window that are reported or have an assigned event (our corpus is not complete wire copy, so
      launches it never mentions are left out).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from pipeline.store import read_rows

DAY_LEVEL = {"day", "time"}
TOLERANCE = timedelta(days=1)
MENTION_FIELDS = ("source_id", "trigger", "rule_id", "realis", "historical", "outcome", "weapon_family",
                  "date_text", "date_start", "date_end", "date_source", "sentence")


def load_launches(path: Path) -> list[dict]:
    """Database rows with `date` parsed, `family`/`outcome` normalised and `reported_in` as a tuple."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["date"] = date.fromisoformat(row["date"])
        row["family"] = row.get("family") or None
        row["outcome"] = row.get("outcome") or "unknown"
        row["reported_in"] = tuple(s for s in (row.get("reported_in") or "").split(";") if s)
    return sorted(rows, key=lambda r: (r["date"], r["launch_id"]))


def merge_launches(databases: list[list[dict]]) -> list[dict]:
    """Several launch databases of one actor as one: a row per launch day, the first database's
    row for that day, reporting articles of every database that lists the day.  Replicas written
    apart about the same months make, together, the dense wire copy of the held-out bar (many
    reports per launch), where a per-article slip adds events while the launch days stay few."""
    by_day: dict[date, dict] = {}
    for rows in databases:
        for row in rows:
            kept = by_day.setdefault(row["date"], dict(row))
            kept["reported_in"] = tuple(dict.fromkeys(kept["reported_in"] + row["reported_in"]))
    return sorted(by_day.values(), key=lambda r: (r["date"], r["launch_id"]))


def load_negatives(path: Path) -> list[str]:
    """Source ids, one per line; `#` starts a comment."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return sorted({line.split("#", 1)[0].strip() for line in lines} - {""})


def is_actual_prk_launch(row: dict) -> bool:
    """The held-out metric's notion of a predicted launch (events and mentions share these columns)."""
    return row.get("event_type") == "LAUNCH" and row.get("realis") == "actual" and row.get("actor_country") == "PRK"


def day_of(row: dict) -> date | None:
    """The single day of a day-level row, else None (coarser periods never match a launch)."""
    if row.get("granularity") in DAY_LEVEL and row.get("date_start") is not None:
        if row.get("date_end") in (None, row["date_start"]):
            return row["date_start"]
    return None


def db_period(launches: list[dict]) -> tuple[date, date]:
    """Whole calendar years spanned by the database."""
    years = [launch["date"].year for launch in launches]
    return date(min(years), 1, 1), date(max(years), 12, 31)


def nearest_launch(event: dict, launches: list[dict]) -> dict | None:
    """The database launch a day-level event is assigned to (see the module docstring), or None."""
    day = day_of(event)
    if day is None:
        return None
    near = [launch for launch in launches if abs(launch["date"] - day) <= TOLERANCE]
    if not near:
        return None
    return min(near, key=lambda launch: (abs(launch["date"] - day), launch["family"] != event.get("weapon_family"),
                                         launch["date"]))


def assign(events: list[dict], launches: list[dict]) -> dict[str, list[dict]]:
    """launch_id -> assigned events, best first (most mentions, closest date, event_id)."""
    assigned: dict[str, list[dict]] = defaultdict(list)
    for event in events:
        launch = nearest_launch(event, launches)
        if launch is not None:
            assigned[launch["launch_id"]].append(event)
    by_id = {launch["launch_id"]: launch for launch in launches}
    for launch_id, rows in assigned.items():
        rows.sort(key=lambda e: (-(e.get("n_mentions") or 0), abs(day_of(e) - by_id[launch_id]["date"]),
                                 e["event_id"]))
    return dict(assigned)


def explained(mention: dict, launches: list[dict]) -> bool:
    """True when the mention's date points at a real launch: +-1 day, or a coarser period containing one."""
    day = day_of(mention)
    if day is not None:
        return any(abs(launch["date"] - day) <= TOLERANCE for launch in launches)
    start, end = mention.get("date_start"), mention.get("date_end") or mention.get("date_start")
    return start is not None and any(start <= launch["date"] <= end for launch in launches)


def is_false_launch(mention: dict, launches: list[dict]) -> bool:
    """A hard-negative article's mention that asserts a launch no database row explains."""
    return is_actual_prk_launch(mention) and not mention.get("historical") and not explained(mention, launches)


def _ratio(correct: int, total: int) -> dict:
    return {"value": round(correct / total, 4) if total else 0.0, "correct": correct, "n": total}


def _mention_view(mention: dict) -> dict:
    return {field: mention.get(field) for field in MENTION_FIELDS}


def _event_view(event: dict, mentions_of: dict[str, list[dict]]) -> dict:
    """An event's key fields plus its mentions (article, sentence, rule), for the error lists."""
    return {"event_id": event["event_id"], "date_start": event.get("date_start"), "date_end": event.get("date_end"),
            "granularity": event.get("granularity"), "outcome": event.get("outcome"),
            "weapon_family": event.get("weapon_family"), "weapon_class": event.get("weapon_class"),
            "n_mentions": event.get("n_mentions"),
            "mentions": [_mention_view(m) for m in mentions_of.get(event["event_id"], [])]}


def _launch_view(launch: dict) -> dict:
    return {key: launch[key] for key in ("launch_id", "date", "missile", "family", "outcome", "reported_in")}


def _missed_view(launch: dict, mentions: list[dict]) -> dict:
    """A missed launch with the LAUNCH mentions of its reporting articles, whatever their actor or realis."""
    reporting = [m for m in mentions if m["source_id"] in launch["reported_in"] and m.get("event_type") == "LAUNCH"]
    return {**_launch_view(launch), "actor_mentions": [
        {**_mention_view(m), "actor_country": m.get("actor_country"), "event_id": m.get("event_id")}
        for m in reporting]}


def score_matches(launches: list[dict], assigned: dict[str, list[dict]], mentions_of: dict) -> tuple[dict, dict]:
    """Recall, outcome and family accuracy over reported launches, and their error lists."""
    reported = [launch for launch in launches if launch["reported_in"]]
    matched = [(launch, assigned[launch["launch_id"]][0]) for launch in reported if launch["launch_id"] in assigned]
    with_outcome = [(db, e) for db, e in matched if db["outcome"] != "unknown"]
    with_family = [(db, e) for db, e in matched if db["family"]]
    metrics = {"recall": _ratio(len(matched), len(reported)),
               "outcome_accuracy": _ratio(sum(db["outcome"] == e.get("outcome") for db, e in with_outcome),
                                          len(with_outcome)),
               "family_accuracy": _ratio(sum(db["family"] == e.get("weapon_family") for db, e in with_family),
                                         len(with_family))}

    def wrong(pairs, field, db_field):
        return [{**_launch_view(db), "predicted": e.get(field), "event": _event_view(e, mentions_of)}
                for db, e in pairs if db[db_field] != e.get(field)]

    errors = {"wrong_outcome": wrong(with_outcome, "outcome", "outcome"),
              "wrong_family": wrong(with_family, "weapon_family", "family"),
              "split": [{**_launch_view(db), "events": [_event_view(e, mentions_of)
                                                         for e in assigned[db["launch_id"]]]}
                        for db in reported if len(assigned.get(db["launch_id"], ())) > 1]}
    return metrics, errors


def score_event_ratio(events: list[dict], launches: list[dict], assigned: dict, window: tuple[date, date],
                      mentions_of: dict) -> tuple[dict, list[dict]]:
    """Distinct predicted launches in the window over true launch days; the unassigned ones listed."""
    start, end = window
    in_window = [e for e in events if e.get("date_start") is not None and start <= e["date_start"] <= end]
    days = {db["date"] for db in launches
            if start <= db["date"] <= end and (db["reported_in"] or db["launch_id"] in assigned)}
    assigned_ids = {e["event_id"] for rows in assigned.values() for e in rows}
    # A coarse event whose period holds a launch is a duplicate of it; name the launch to group the errors.
    extra = [{**_event_view(e, mentions_of),
              "covers": [db["launch_id"] for db in launches if explained(e, [db])]}
             for e in in_window if e["event_id"] not in assigned_ids]
    value = round(len(in_window) / len(days), 4) if days else 0.0
    return {"value": value, "events": len(in_window), "launch_days": len(days),
            "window": [start.isoformat(), end.isoformat()]}, extra


def score_negatives(mentions: list[dict], negatives: list[str], launches: list[dict],
                    present: set[str]) -> tuple[dict, list[dict]]:
    """Share of hard-negative articles with at least one false actual PRK launch mention."""
    scored = [source for source in negatives if source in present]
    false = [{**_mention_view(m), "event_id": m.get("event_id")} for m in mentions
             if m["source_id"] in scored and is_false_launch(m, launches)]
    hit = {m["source_id"] for m in false}
    return {"rate": round(len(hit) / len(scored), 4) if scored else 0.0, "articles_with_false": len(hit),
            "negatives": len(scored), "missing": sorted(set(negatives) - present)}, false


def load_run(run_dir: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """(articles, events, mentions with source_id) of a run; no articles means no run."""
    articles = read_rows(run_dir, "articles")
    if not articles:
        raise FileNotFoundError(f"no articles table in {run_dir}: run `python -m pipeline run` first")
    source_of = {a["article_id"]: a["source_id"] for a in articles}
    mentions = [{**m, "source_id": source_of.get(m["article_id"])} for m in read_rows(run_dir, "event_mentions")]
    mentions.sort(key=lambda m: (m["source_id"] or "", m.get("start_char") or 0))
    return articles, read_rows(run_dir, "events"), mentions


def score_launches(run_dir: Path, launches_csv: Path | list[Path],
                   negatives: Path | list[str] | None = None) -> dict:
    """All launch metrics and error lists for one run (see the module docstring); several
    launch tables are scored as one (`merge_launches`)."""
    articles, events, mentions = load_run(Path(run_dir))
    tables = launches_csv if isinstance(launches_csv, (list, tuple)) else [launches_csv]
    launches = merge_launches([load_launches(path) for path in tables])
    negative_ids = load_negatives(negatives) if isinstance(negatives, (str, Path)) else sorted(negatives or [])
    period = db_period(launches)
    predicted = [e for e in events if is_actual_prk_launch(e)
                 and (e.get("date_start") is None or period[0] <= e["date_start"] <= period[1])]
    mentions_of: dict[str, list[dict]] = defaultdict(list)
    for mention in mentions:
        mentions_of[mention.get("event_id")].append(mention)
    assigned = assign(predicted, launches)
    published = [a["published"] for a in articles if a.get("published") is not None]
    window = (min(published) - TOLERANCE, max(published))
    metrics, errors = score_matches(launches, assigned, mentions_of)
    metrics["event_ratio"], errors["unassigned_events"] = score_event_ratio(predicted, launches, assigned, window,
                                                                            mentions_of)
    metrics["false_on_negatives"], errors["false_on_negatives"] = score_negatives(
        mentions, negative_ids, launches, {a["source_id"] for a in articles})
    errors["missed"] = [_missed_view(db, mentions) for db in launches
                        if db["reported_in"] and db["launch_id"] not in assigned]
    metrics["errors"] = errors
    return metrics


BARS = (("launch recall", "recall", ">=", 0.90), ("outcome accuracy", "outcome_accuracy", ">=", 0.85),
        ("family accuracy", "family_accuracy", ">=", 0.85))


def _bar_line(name: str, value: float, op: str, bar: float, detail: str) -> str:
    ok = value >= bar if op == ">=" else value <= bar
    return f"  {name:<28} {value:6.3f}  {detail:<14} bar {op} {bar:.2f}  {'ok' if ok else 'BELOW BAR'}"


def _mention_lines(mentions: list[dict], indent: str = "      ") -> list[str]:
    lines = []
    for m in mentions:
        actor = f" actor={m['actor_country']}" if "actor_country" in m else ""
        lines.append(f"{indent}{m['source_id']} [{m['rule_id']}] {m['trigger']!r}{actor} realis={m['realis']} "
                     f"hist={m['historical']} outcome={m['outcome']} family={m['weapon_family']} "
                     f"date={m['date_start']} ({m['date_text'] or m['date_source']})")
        lines.append(f"{indent}  | {' '.join((m['sentence'] or '').split())}")
    return lines


def _event_lines(event: dict, indent: str = "    ", suffix: str = "") -> list[str]:
    head = (f"{indent}event {event['event_id']} {event['date_start']}..{event['date_end']} ({event['granularity']}) "
            f"outcome={event['outcome']} family={event['weapon_family']} class={event['weapon_class']} "
            f"mentions={event['n_mentions']}{suffix}")
    return [head] + _mention_lines(event["mentions"], indent + "  ")


def _launch_head(item: dict) -> str:
    return f"  {item['launch_id']} {item['missile']} (db family={item['family']} outcome={item['outcome']})"


def format_launch_report(metrics: dict) -> str:
    """Plain-text report: the bars first, then every error with its events, articles, sentences and rules."""
    ratio, neg = metrics["event_ratio"], metrics["false_on_negatives"]
    lines = ["LAUNCHES vs launch database (issue 5 held-out bars)"]
    lines += [_bar_line(name, metrics[key]["value"], op, bar, f"({metrics[key]['correct']}/{metrics[key]['n']})")
              for name, key, op, bar in BARS]
    lines.append(_bar_line("false launches on negatives", neg["rate"], "<=", 0.10,
                           f"({neg['articles_with_false']}/{neg['negatives']})"))
    lines.append(_bar_line("events / true launch days", ratio["value"], "<=", 1.30,
                           f"({ratio['events']}/{ratio['launch_days']})") + f"  window {ratio['window']}")
    if neg["missing"]:
        lines.append(f"  negatives missing from the run: {', '.join(neg['missing'])}")
    errors = metrics["errors"]
    lines += ["", f"MISSED launches ({len(errors['missed'])}); LAUNCH mentions of their reporting articles:"]
    for item in errors["missed"]:
        lines += [_launch_head(item) + f" reported in {', '.join(item['reported_in'])}"]
        lines += _mention_lines(item["actor_mentions"]) or ["      (no LAUNCH mention)"]
    for kind in ("wrong_outcome", "wrong_family"):
        lines += ["", f"{kind.upper().replace('_', ' ')} ({len(errors[kind])})"]
        for item in errors[kind]:
            lines += [_launch_head(item) + f" predicted={item['predicted']}"] + _event_lines(item["event"])
    lines += ["", f"SPLIT launches ({len(errors['split'])})"]
    for item in errors["split"]:
        lines += [_launch_head(item)] + [line for event in item["events"] for line in _event_lines(event)]
    lines += ["", f"FALSE launches on hard negatives ({len(errors['false_on_negatives'])} mention(s))"]
    lines += _mention_lines(errors["false_on_negatives"], "  ")
    lines += ["", f"UNASSIGNED events in the window ({len(errors['unassigned_events'])}): extra distinct events"]
    for event in errors["unassigned_events"]:
        covers = f" (period holds {', '.join(event['covers'])})" if event["covers"] else " (no launch in period)"
        lines += _event_lines(event, "  ", covers)
    return "\n".join(lines).rstrip() + "\n"
