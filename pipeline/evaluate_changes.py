"""What changed between two evaluations: the scores that moved, the errors fixed and the new ones.

A user edits a rule file, re-runs the pipeline and runs `python -m pipeline evaluate`: the report
then ends with the differences from the previous evaluation of the same run folder against the
same gold (or launch table), or from a metrics file saved earlier with `--output` (`--baseline`).

Metrics are the nested dicts of `pipeline.evaluate.evaluate` and
`pipeline.evaluate_launches.score_launches`; this module only relies on their shape:
- scores are the float leaves outside the `errors` subtree (P/R/F1, accuracies, rates);
- errors are the lists of dicts inside `errors`, one dict per error; an error is the same error in
  both evaluations when the dicts are equal, so an error whose predicted attributes changed shows
  up once as fixed and once as new.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.store import write_json

log = logging.getLogger(__name__)

EVALUATIONS_DIR = Path(".cache") / "evaluations"
# Differences below this are rounding noise of the 4-digit scores.
MIN_DELTA = 5e-5


@dataclass
class Changes:
    """Differences between a baseline evaluation and the current one."""

    baseline: str                                                   # where the baseline came from
    scores: list[tuple[str, float | None, float | None]] = field(default_factory=list)   # (path, before, after)
    fixed: dict[str, list[dict]] = field(default_factory=dict)      # error list path -> errors gone
    new: dict[str, list[dict]] = field(default_factory=dict)        # error list path -> errors that appeared

    @property
    def empty(self) -> bool:
        return not (self.scores or self.fixed or self.new)


def score_leaves(metrics: dict) -> dict[str, float]:
    """Every float leaf outside `errors`, by dotted path ("claims.overlap.f1")."""
    leaves: dict[str, float] = {}

    def walk(node, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not (path == "" and key == "errors"):
                    walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, float):
            leaves[path] = node
    walk(metrics, "")
    return leaves


def error_lists(metrics: dict) -> dict[str, list[dict]]:
    """Every list of error dicts under `errors`, by dotted path ("claims.fp", "missed")."""
    lists: dict[str, list[dict]] = {}

    def walk(node, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list) and all(isinstance(item, dict) for item in node):
            lists[path] = node
    walk(metrics.get("errors", {}), "")
    return lists


def compare(before: dict, after: dict, baseline: str) -> Changes:
    """The scores that moved by more than rounding, and the errors that disappeared or appeared."""
    changes = Changes(baseline)
    old, new = score_leaves(before), score_leaves(after)
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a is None or b is None or abs(a - b) >= MIN_DELTA:
            changes.scores.append((path, a, b))
    old_errors, new_errors = error_lists(before), error_lists(after)
    for path in sorted(set(old_errors) | set(new_errors)):
        was = {_identity(e): e for e in old_errors.get(path, [])}
        now = {_identity(e): e for e in new_errors.get(path, [])}
        if gone := [was[key] for key in was if key not in now]:
            changes.fixed[path] = gone
        if came := [now[key] for key in now if key not in was]:
            changes.new[path] = came
    return changes


def format_changes(changes: Changes, n_errors: int = 15) -> str:
    """Plain-text section for the end of the evaluation report."""
    lines = [f"CHANGES since {changes.baseline}"]
    if changes.empty:
        return "\n".join(lines + ["  no score moved and no error was fixed or added"])
    for path, before, after in changes.scores:
        delta = "" if before is None or after is None else f"  ({after - before:+.4f})"
        lines.append(f"  {path:<48} {_number(before):>7} -> {_number(after):<7}{delta}")
    for title, lists in (("fixed", changes.fixed), ("new", changes.new)):
        for path, errors in lists.items():
            lines.append(f"  {title} {path} ({len(errors)}, showing {min(n_errors, len(errors))})")
            lines.extend(f"    {_describe(error)}" for error in errors[:n_errors])
    return "\n".join(lines)


def baseline_path(run_dir: Path, reference: Path | list[Path]) -> Path:
    """Where the last evaluation of `run_dir` against `reference` (gold folder, launch table or
    launch tables scored together) is kept."""
    references = reference if isinstance(reference, (list, tuple)) else [reference]
    key = hashlib.sha1("\n".join(sorted(str(Path(r).resolve()) for r in references)).encode()).hexdigest()[:12]
    return Path(run_dir) / EVALUATIONS_DIR / f"{key}.json"


def load_baseline(path: Path) -> dict | None:
    """A saved metrics document, or None when there is none (or it is unreadable: then we say so)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring the unreadable previous evaluation %s: %s", path, exc)
        return None


def save_baseline(path: Path, metrics: dict) -> None:
    """Keep these metrics as the next evaluation's baseline (a read-only run folder only warns)."""
    try:
        write_json(path, metrics)
    except OSError as exc:
        log.warning("could not keep this evaluation for the next comparison (%s): %s", path, exc)


def _identity(error: dict) -> str:
    return json.dumps(error, sort_keys=True, default=str)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _describe(error: dict) -> str:
    """One line per error: its location first, then the other fields."""
    head = [str(error[key]) for key in ("source_id", "launch_id", "event_id", "start") if key in error]
    rest = [f"{key}={value}" for key, value in error.items()
            if key not in {"source_id", "launch_id", "event_id", "start"} and not isinstance(value, (list, dict))]
    return " ".join(head + rest)[:200]
