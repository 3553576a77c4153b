"""Output to object storage: a run into a local mirror, then its tables uploaded through fsspec.

`python -m pipeline run --output s3://bucket/prefix` (any fsspec URL: `gs://`, `az://`, `memory://`...)
runs exactly like a run into a local folder, into that URL's *mirror*: a folder under the user's cache
(`$NEWS_EVENTS_MIRRORS`, else `$XDG_CACHE_HOME/news-events/mirrors`, else `~/.cache/...`), named by a
hash of the URL. The mirror keeps what makes runs incremental and crash-safe (the row cache, the lock,
the staging folder); `publish` then uploads the committed tables and the manifest.

Why a mirror rather than writing to the bucket directly: object stores have no atomic rename and no
append, so the staging-then-commit protocol and the SQLite row cache need a real filesystem. Each upload
goes to a temporary name first and is then moved into place, so a reader never sees a half-written file
(on stores where a move is a copy, each object still appears whole); the manifest goes last and names the
run, so a reader that finds a manifest finds the tables it describes or newer ones. A re-run on another
machine has no mirror there: it recomputes every article and publishes the same tables.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MIRRORS_ENV = "NEWS_EVENTS_MIRRORS"


def mirrors_root() -> Path:
    """Where the mirrors of output URLs live."""
    if os.environ.get(MIRRORS_ENV):
        return Path(os.environ[MIRRORS_ENV])
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "news-events" / "mirrors"


def mirror_dir(url: str) -> Path:
    """The local folder a run into `url` works in (the same for every run into that URL)."""
    return mirrors_root() / hashlib.sha256(url.rstrip("/").encode("utf-8")).hexdigest()[:16]


def publish(local_dir: Path, url: str, filenames: list[str], manifest: str) -> None:
    """Upload `filenames` (then `manifest`, with `output_url` added) from `local_dir` to the folder `url`.

    Each file is written under a temporary name and moved into place, tables before the manifest.
    """
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:
        raise ImportError(f"writing to {url} needs fsspec: pip install 'news-events[dask]'") from exc
    fs, root = url_to_fs(url)
    root = root.rstrip("/")
    fs.makedirs(root, exist_ok=True)
    for name in filenames:
        local = Path(local_dir) / name
        if local.is_dir():
            _upload_folder(fs, f"{root}/{name}", local)
        else:
            if fs.isdir(f"{root}/{name}"):   # the dataset layout before: a folder there
                fs.rm(f"{root}/{name}", recursive=True)
            _upload(fs, f"{root}/{name}", local.read_bytes())
    document = json.loads((Path(local_dir) / manifest).read_text(encoding="utf-8"))
    document["output_url"] = url
    _upload(fs, f"{root}/{manifest}", json.dumps(document, indent=2, sort_keys=True).encode("utf-8") + b"\n")


def _upload_folder(fs, path: str, local: Path) -> None:
    """Upload a `dataset` table's parts, then delete the remote parts it no longer has.

    A reader listing the folder during the upload may see old and new parts together (object
    stores cannot swap a folder at once); the manifest, uploaded last, dates the new ones.
    """
    if fs.exists(path) and not fs.isdir(path):   # the file layout before: a file of that name
        fs.rm(path)
    fs.makedirs(path, exist_ok=True)
    parts = sorted(p.name for p in local.iterdir() if p.is_file() and not p.name.startswith((".", "_")))
    for name in parts:
        # A hidden temporary name: dataset readers skip it, whatever its suffix.
        _upload(fs, f"{path}/{name}", (local / name).read_bytes(), temporary=f"{path}/.{name}.uploading")
    for remote in fs.ls(path, detail=False):
        if remote.rstrip("/").rsplit("/", 1)[-1] not in parts:
            fs.rm(remote, recursive=True)


def _upload(fs, path: str, data: bytes, temporary: str | None = None) -> None:
    temporary = temporary or f"{path}.uploading"
    with fs.open(temporary, "wb") as handle:
        handle.write(data)
    fs.mv(temporary, path)
