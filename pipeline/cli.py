"""Command line: a thin layer over library functions (`python -m pipeline --help`)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pipeline.rules.loader import InvalidRules
from pipeline.settings import PROJECT_ROOT, load_settings

log = logging.getLogger("pipeline")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="ingest articles and write the Parquet tables")
    run.add_argument("--input", help="file or folder of articles, or an fsspec URL (default data/raw)")
    run.add_argument("--output", help="output folder, or an fsspec URL such as s3://bucket/prefix (default data/processed)")
    run.add_argument("--models", type=Path, help="rules folder (default models)")
    run.add_argument("--config", type=Path, help="TOML settings file ([pipeline] table)")
    run.add_argument("--workers", help="worker processes for per-article stages: a number, or 'auto' for one per "
                                       "CPU (default 1)")
    run.add_argument("--engine", choices=("local", "dask"), help="where per-article stages run (default local)")
    run.add_argument("--scheduler", help="Dask scheduler address; without it --engine dask starts a local cluster")
    run.add_argument("--layout", choices=("file", "dataset"),
                     help="each table one Parquet file (default) or a folder of part files written by the workers")
    run.add_argument("--batch-size", type=int, help="input records per batch (and per part of the dataset layout)")
    run.add_argument("--force", action="store_true", help="recompute every article (no reuse of earlier rows)")
    run.add_argument("--full", action="store_true", help=argparse.SUPPRESS)  # deprecated alias of --force
    run.add_argument("--allow-empty", action="store_true",
                     help="replace a non-empty previous output even if no article could be read")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar, warnings only")

    validate = commands.add_parser("validate-rules", help="check every rule file in models/")
    validate.add_argument("--models", type=Path, help="rules folder (default models)")

    evaluate = commands.add_parser("evaluate", help="score a run against gold annotations")
    evaluate.add_argument("--gold", type=Path, default=PROJECT_ROOT / "tests" / "gold", help="gold folder")
    evaluate.add_argument("--run", type=Path, default=PROJECT_ROOT / "data" / "processed", help="output of a run")
    evaluate.add_argument("--output", type=Path, help="write metrics JSON here")
    evaluate.add_argument("--errors", type=int, default=15, help="false positives/negatives shown per table")
    evaluate.add_argument("--launches", type=Path, action="append",
                          help="score PRK launch events against this launch database CSV instead of the gold "
                               "(repeat it to score a run of several replicas' articles against their merged tables)")
    evaluate.add_argument("--negatives", type=Path,
                          help="hard-negative source ids (default: the negatives.txt next to each --launches CSV)")
    evaluate.add_argument("--baseline", type=Path,
                          help="compare with this metrics JSON (from --output) instead of the run folder's "
                               "previous evaluation against the same gold")

    show = commands.add_parser("show", help="an HTML page of one article's spans (or an index of all)")
    show.add_argument("article_id", nargs="?", help="article_id or source_id; none = index page")
    show.add_argument("--run", type=Path, default=PROJECT_ROOT / "data" / "processed", help="output of a run")
    show.add_argument("--output", type=Path, help="HTML file to write (default: print to stdout)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run one command, return its exit code."""
    args = _parser().parse_args(argv)
    quiet = getattr(args, "quiet", False)
    level = logging.DEBUG if args.verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except InvalidRules as exc:
        print(f"invalid rules ({len(exc.errors)} problem(s)):", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1


def _run(args) -> int:
    from pipeline.progress import summary_lines
    from pipeline.runner import EmptyInputError, run
    from pipeline.staging import OutputBusyError
    if args.full:
        log.warning("--full is deprecated: use --force")
    try:
        settings = load_settings(args.config, input_path=args.input, output_dir=args.output, models_dir=args.models,
                                 workers=args.workers, engine=args.engine, scheduler=args.scheduler,
                                 layout=args.layout, batch_size=args.batch_size)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        result = run(settings, force=args.force or args.full, allow_empty=args.allow_empty,
                     progress=False if args.quiet else None)
    except (EmptyInputError, FileNotFoundError, OutputBusyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {settings.output_dir}")
    for line in summary_lines(result.manifest):
        print(f"  {line}")
    return 0


def _validate(args) -> int:
    from pipeline.validate import collect_rule_errors
    settings = load_settings(models_dir=args.models)
    errors = collect_rule_errors(settings.models_dir)
    for error in errors:
        print(error)
    print(f"{len(errors)} problem(s) in {settings.models_dir}", file=sys.stderr)
    return 1 if errors else 0


def _evaluate(args) -> int:
    try:
        return _score(args)
    except FileNotFoundError as exc:
        print(f"error: {exc.args[-1] if exc.args else exc}" if not getattr(exc, "filename", None)
              else f"error: no such file: {exc.filename}", file=sys.stderr)
        return 1


def _score(args) -> int:
    if args.launches:
        from pipeline.evaluate_launches import format_launch_report, score_launches
        metrics = score_launches(args.run, args.launches, _negatives(args))
        report, reference = format_launch_report(metrics), args.launches
    else:
        from pipeline.evaluate import evaluate
        from pipeline.evaluate_report import format_report
        metrics = evaluate(args.gold, args.run)
        report, reference = format_report(metrics, args.errors), args.gold
    print(report)
    print("\n" + _changes_report(args, metrics, reference))
    if args.output:
        args.output.write_text(json.dumps(metrics, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


def _negatives(args) -> Path | list[str] | None:
    """`--negatives`, else the negatives.txt beside each launch table (all of them, merged)."""
    if args.negatives:
        return args.negatives
    from pipeline.evaluate_launches import load_negatives
    found = [path.parent / "negatives.txt" for path in args.launches if (path.parent / "negatives.txt").exists()]
    return sorted({s for path in found for s in load_negatives(path)}) if found else None


def _changes_report(args, metrics: dict, reference: Path | list[Path]) -> str:
    """What changed since the baseline (`--baseline`, else the previous evaluation of this run
    folder against the same reference), which this evaluation then replaces."""
    from pipeline.evaluate_changes import baseline_path, compare, format_changes, load_baseline, save_baseline
    kept = baseline_path(args.run, reference)
    source = args.baseline or kept
    before = load_baseline(source)
    save_baseline(kept, metrics)
    if before is None:
        if args.baseline:
            return f"CHANGES: no readable baseline at {args.baseline}"
        return "CHANGES: first evaluation of this run folder against this gold (or launch table); the next one will show what changed"
    label = str(args.baseline) if args.baseline else "the previous evaluation of this run folder"
    return format_changes(compare(before, metrics, label), args.errors)


def _show(args) -> int:
    from pipeline.show import render_article, render_index
    try:
        html = render_article(args.run, args.article_id) if args.article_id else render_index(args.run)
    except (KeyError, FileNotFoundError) as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    if args.output:
        args.output.write_text(html, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(html)
    return 0


COMMANDS = {"run": _run, "validate-rules": _validate, "evaluate": _evaluate, "show": _show}
