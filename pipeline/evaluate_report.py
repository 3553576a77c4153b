"""The plain-text report of `pipeline.evaluate.evaluate`'s metrics: one table per stage with gold,
then the errors, each with its article, offset, text and the rule that produced it."""

from __future__ import annotations


def _table(title: str, rows: dict[str, dict], columns: list[tuple[str, dict]] | None = None) -> list[str]:
    """Aligned text table: one row per label, P R F1 per block of `columns` (name, rows), then support."""
    columns = columns or [("", rows)]
    labels = [k for k in rows if k != "overall"] + (["overall"] if "overall" in rows else [])
    width = max([len(label) for label in labels] + [7])
    head = f"{'':<{width}}" + "".join(f" | {name:^20}" if name else "" for name, _ in columns)
    sub = f"{'label':<{width}}" + "".join(f" | {'P':>6} {'R':>6} {'F1':>6}" for _ in columns) + f" | {'support':>7}"
    lines = [title, head if any(name for name, _ in columns) else "", sub, "-" * len(sub)]
    for label in labels:
        cells = "".join(f" | {block[label]['precision']:>6.3f} {block[label]['recall']:>6.3f} "
                        f"{block[label]['f1']:>6.3f}" for _, block in columns)
        lines.append(f"{label:<{width}}{cells} | {rows[label]['support']:>7}")
    return [line for line in lines if line] + [""]


def _acc(name: str, value: dict) -> str:
    return f"  {name}: {value['accuracy']:.3f} ({value['correct']}/{value['n']})"


def _entity_lines(ents: dict) -> list[str]:
    lines = _table("ENTITIES", ents["strict"], [("strict", ents["strict"]), ("relaxed", ents["relaxed"])])
    return lines + [_acc("country accuracy (strict matches, gold country set)", ents["country_accuracy"]), ""]


def _date_lines(dates: dict) -> list[str]:
    extent = {"strict": dates["strict"], "relaxed": dates["relaxed"], "value (TempEval-3)": dates["value_f1"]}
    lines = _table("DATES (extent)", extent) + _table("DATES by type (relaxed extent + same type)", dates["by_type"])
    return lines + [_acc("value accuracy (relaxed matches)", dates["value_accuracy"]),
                    _acc("type accuracy (relaxed matches)", dates["type_accuracy"]), ""]


def _claim_lines(claims: dict) -> list[str]:
    lines = _table("CLAIMS (speaker and content spans)", {"overlap": claims["overlap"], "exact": claims["exact"]})
    lines += [_acc("speaker text exact", claims["speaker_text_exact"])]
    annotated = claims.get("speaker_entity_annotated", {"gold": 0, "of": 0})
    if annotated["gold"]:
        lines.append(_acc("speaker entity accuracy (matches whose gold names the entity)",
                          claims["speaker_entity_accuracy"]))
    if annotated["gold"] and annotated["gold"] == annotated["of"]:
        entity = claims["entity_overlap"]
        lines.append(f"  claim F1 when the speaker entity must be right too: {entity['f1']:.3f} "
                     f"(P {entity['precision']:.3f} R {entity['recall']:.3f})")
    elif annotated["of"]:
        lines.append(f"  speaker entity annotated for {annotated['gold']}/{annotated['of']} gold claims")
    return lines + [_acc("stance accuracy", claims["stance_accuracy"]), ""]


def _event_lines(events: dict) -> list[str]:
    lines = _table("EVENTS (per gold event; repeat mentions of a matched event are not FPs)", events["strict"],
                   [("strict (trigger)", events["strict"]), ("loose", events["loose"])])
    lines += [f"  loose-only matches: {events['n_loose_matches']}; repeat mentions ignored: "
              f"{events['loose']['overall']['repeat_mentions']}"]
    return lines + [_acc(f"LAUNCH {name.replace('_', ' ')}", value) for name, value in events["launch"].items()] + [""]


SECTIONS = {"entities": _entity_lines, "dates": _date_lines, "claims": _claim_lines, "events": _event_lines}


def format_report(metrics: dict, n_errors: int = 15) -> str:
    """A plain-text report: one table per stage with gold, then up to `n_errors` errors per list and table."""
    shown = metrics.get("gold_tables", list(SECTIONS))   # older metrics files: every table
    lines = [f"Scored {len(metrics['articles'])} article(s): {', '.join(metrics['articles'])}"]
    if metrics.get("missing_articles"):
        lines.append(f"MISSING from the run (all gold counted as misses): {', '.join(metrics['missing_articles'])}")
    lines.append("")
    for name, section in SECTIONS.items():
        if name in shown:
            lines += section(metrics[name])
    if n_errors > 0:
        for table, lists in metrics["errors"].items():
            for kind, items in lists.items():
                if not items or table not in shown:
                    continue
                lines.append(f"{table.upper()} {kind} ({len(items)}, showing {min(n_errors, len(items))})")
                for e in items[:n_errors]:
                    extra = "".join(f" {k}={e[k]!s}" for k in ("gold", "predicted") if k in e)
                    rule = f"  <- {e['rule_id']}" if "rule_id" in e else ""
                    lines.append(f"  {e['source_id']}@{e['start']} {e['label']}: {e['text']!r}{extra}{rule}")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"
