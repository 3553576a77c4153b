"""One hash of a rules folder: what caches of compiled rules and of output rows are keyed by."""

from __future__ import annotations

import hashlib
from pathlib import Path


def rules_hash(models_dir: Path) -> str:
    """Hash of every rule file's path and bytes: any edit to `models/` changes it (READMEs aside)."""
    models_dir = Path(models_dir)
    hasher = hashlib.sha1()
    for path in sorted(p for p in models_dir.rglob("*") if p.is_file() and p.suffix != ".md"):
        hasher.update(path.relative_to(models_dir).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]
