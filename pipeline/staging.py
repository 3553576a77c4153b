"""Crash-safe commits of a run's output: stage, mark, move into place, recover.

A run writes every new file (tables, manifest) into a hidden staging folder of the
output folder, `.staging-<token>/`, and touches nothing else.  To commit it:

1. flush every staged file to disk (`fsync`);
2. write the commit marker `COMMIT` (the list of staged files, manifest last) with a
   temporary file and an atomic rename, then `fsync` the folder: from here on the new
   output *is* the output, even if the process dies;
3. move each staged file into the output folder (`os.replace`, atomic per file; a
   `dataset` table's folder replaces the old one in two renames, see `_move_into_place`)
   and remove the staging folder.

A kill before step 2 leaves the previous output untouched (an uncommitted staging
folder is garbage); a kill during step 3 leaves a marker that lets anyone finish the
moves.  `recover` does exactly that: it rolls committed staging folders forward and,
when the caller owns the output folder (the next run, under `output_lock`), deletes
uncommitted ones.  Readers (`pipeline.store`) call it before reading, without deleting,
because an uncommitted folder may belong to a run that is still going.

Each run stages into its own uniquely named folder, so a slow reader rolling forward an
old marker can never move the files of a later run.

`crash_point(name)` is a test hook: when the environment variable named by `PAUSE_ENV`
equals `name`, the process writes `name` to the file named by `PAUSE_FILE_ENV` and
sleeps, so a test can SIGKILL it at exactly that point.  Points: `extract` (first batch
written), `staged` (all files staged, no marker yet), `renaming` (marker written, first
file moved).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

STAGING_PREFIX = ".staging-"
COMMIT_MARKER = "COMMIT"
REPLACED = "replaced"   # in a staging folder: what a committed folder table replaced, deleted with it
LOCK_FILE = ".lock"
PAUSE_ENV = "NEWS_EVENTS_PAUSE_AT"
PAUSE_FILE_ENV = "NEWS_EVENTS_PAUSE_FILE"


class OutputBusyError(RuntimeError):
    """Another run is writing to the same output folder."""


def crash_point(name: str) -> None:
    """Pause forever at `name` when the test hook asks for it (see the module docstring)."""
    if os.environ.get(PAUSE_ENV) != name:
        return
    Path(os.environ[PAUSE_FILE_ENV]).write_text(name, encoding="utf-8")
    while True:
        time.sleep(60)


@contextmanager
def output_lock(output_dir: Path):
    """Hold an exclusive lock on the output folder for the duration of a run."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(output_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusyError(f"another run is writing to {output_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Staging:
    """A fresh staging folder in `output_dir` for one run's new files."""

    def __init__(self, output_dir: Path):
        self.output_dir = Path(output_dir)
        self.folder = self.output_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
        self.folder.mkdir(parents=True)
        self.committed = False

    def path(self, filename: str) -> Path:
        """Where to write the new version of `filename` (e.g. `entities.parquet`)."""
        return self.folder / filename

    def commit(self, filenames: list[str]) -> None:
        """Make the staged files the output: durable marker first, then the moves."""
        for name in filenames:
            _fsync_tree(self.folder / name)
        temp = self.folder / f".{COMMIT_MARKER}.tmp"
        temp.write_text(json.dumps({"files": filenames}), encoding="utf-8")
        fsync_file(temp)
        os.replace(temp, self.folder / COMMIT_MARKER)
        _fsync_dir(self.folder)
        self.committed = True
        _roll_forward(self.folder, self.output_dir)

    def discard(self) -> None:
        """Delete the staging folder, unless it was committed: then `recover` must finish it."""
        if not self.committed:
            shutil.rmtree(self.folder, ignore_errors=True)


def recover(output_dir: Path, discard_uncommitted: bool = False) -> int:
    """Finish committed staging folders; with `discard_uncommitted`, delete the others.

    Returns how many staging folders were rolled forward or discarded.
    """
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        return 0
    handled = 0
    for folder in sorted(output_dir.glob(f"{STAGING_PREFIX}*")):
        if (folder / COMMIT_MARKER).exists():
            log.warning("finishing the interrupted commit in %s", folder)
            _roll_forward(folder, output_dir)
            handled += 1
        elif discard_uncommitted:
            log.warning("discarding %s, left by an interrupted run", folder)
            shutil.rmtree(folder, ignore_errors=True)
            handled += 1
    return handled


def _roll_forward(folder: Path, output_dir: Path) -> None:
    """Move the marker's files into place; files already moved (by us or a reader) are skipped."""
    try:
        files = json.loads((folder / COMMIT_MARKER).read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return  # another process finished this commit meanwhile
    for index, name in enumerate(files):
        try:
            _move_into_place(folder / name, output_dir / name, folder / REPLACED)
        except FileNotFoundError:
            continue
        if index == 0:
            crash_point("renaming")
    _fsync_dir(output_dir)
    shutil.rmtree(folder, ignore_errors=True)


def _move_into_place(source: Path, target: Path, replaced: Path) -> None:
    """Move a staged file or folder (a `dataset` table) to `target`, replacing what is there.

    A file replaces a file atomically.  A folder cannot replace a non-empty folder (or a
    file, or be replaced by one) in one rename, so the old one is first moved aside into
    the staging folder's `replaced/` (deleted with it); a kill between the two renames
    leaves `source` in place, and rolling forward again just finishes the second one.
    """
    if not source.is_dir() and not target.is_dir():
        os.replace(source, target)
        return
    if not source.exists():
        raise FileNotFoundError(source)
    if target.exists():
        aside = replaced / target.name
        replaced.mkdir(exist_ok=True)
        if aside.is_dir():
            shutil.rmtree(aside)
        os.replace(target, aside)
    os.replace(source, target)


def _fsync_tree(path: Path) -> None:
    """Flush a file, or every file of a folder and the folder itself."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file():
                fsync_file(child)
        _fsync_dir(path)
    else:
        fsync_file(path)


def fsync_file(path: Path) -> None:
    """Flush a file's data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    # A rename is durable only once its directory entry is flushed.
    try:
        fsync_file(path)
    except OSError:  # some file systems do not support fsync on directories
        pass
