"""Ingest: read a file or a folder of articles into `articles` and `rejects` rows, lazily.

Formats: `.txt` in the seeds' format (optional leading spaces, `date YYYY-MM-DD`, then the
body; without that header the whole file is the body and the date is null), `.jsonl`,
`.csv` and `.parquet` with columns `id, date, title, text` (title and date optional).
The input is a local path, or an fsspec URL (`memory://...`, `s3://...`) when fsspec is
installed (it comes with the `dask` extra).  Every input record becomes exactly one
article row or one reject row; one bad record never takes its neighbours with it.  Files
are read in sorted order, records in file order, and only the ids and content hashes seen
so far stay in memory.

`articles.text` is what every character offset in every other table indexes, so it is
the text after normalisation: CRLF and lone CR become LF, other control characters
(C0 but tab and LF, DEL, C1) and U+FEFF are removed.  Files are UTF-8 unless they
start with a UTF-16 or UTF-32 byte-order mark.  A `.txt` header is `date` then a token
that starts with a digit, so prose such as "Date palms..." stays body text.

Reject reasons (stable codes; `message` says what and where, `line` is the line of a
`.jsonl`/`.csv` record or the row of a `.parquet` one):

- `unsupported_format`: not a `.txt`, `.jsonl`, `.csv` or `.parquet` file.
- `unreadable_file`: the file cannot be read (for Parquet: one per row of a damaged row group).
- `binary_file`: a text-format file that holds binary data (an image, archive, executable...).
- `empty_file`: a `.jsonl`, `.csv` or `.parquet` file without a single record.
- `undecodable`: invalid bytes for the file's encoding (or a lone surrogate) in a record.
- `malformed_record`: a JSONL line that is not a JSON object; a CSV row with the wrong number of cells.
- `missing_field`: no id, or no text (absent or null), or a CSV/Parquet file without those columns.
- `wrong_type`: id not a string or integer, text not a string, title not a string, date not a
  string or date.
- `empty_text`: the text is blank after normalisation.
- `too_long`: the text is over `max_chars` characters (spaCy refuses texts over its `max_length`);
  a `.txt` file or a JSONL line too big to hold such a text is rejected without being parsed.
- `bad_date`: a date that is not `YYYY-MM-DD` (an optional time may follow) or does not exist.
- `duplicate_id`: an id already read (the first one in file order wins).
- `duplicate_content`: the same date, title and text as an article already read.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path, PurePosixPath

from pipeline.ingest_formats import read_records
from pipeline.ingest_records import DUPLICATE_CONTENT, DUPLICATE_ID, InputFile, Reject
from pipeline.ingest_text import excerpt, printable
from pipeline.ingest_validate import validate
from pipeline.settings import is_url

log = logging.getLogger(__name__)

# spaCy's default `Language.max_length`: longer texts make `nlp` raise.
MAX_CHARS = 1_000_000


def discover(input_path: Path) -> list[Path]:
    """The input files: the file itself, or every non-hidden file below a folder, sorted."""
    if input_path.is_file():
        return [input_path]
    if not input_path.is_dir():
        raise FileNotFoundError(f"input not found: {input_path}")
    files = [p for p in input_path.rglob("*") if p.is_file()]
    visible = [p for p in files if not _hidden(p.relative_to(input_path))]
    return sorted(visible)


def source_name(path: Path, root: Path) -> str:
    """How a file is named in `source`: relative to the input folder, with forward slashes."""
    base = root if root.is_dir() else root.parent
    try:
        name = path.relative_to(base).as_posix()
    except ValueError:
        name = path.name
    return printable(name)


def input_files(input_path: Path | str) -> list[InputFile]:
    """The input files of a local path or an fsspec URL, sorted, each with its `source` name."""
    if is_url(input_path):
        return _url_files(input_path)
    root = Path(input_path)
    return [InputFile(source_name(path, root), partial(path.open, "rb")) for path in discover(root)]


def _url_files(url: str) -> list[InputFile]:
    """Like `discover`, through fsspec: the file itself, or every non-hidden file below a folder."""
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:
        raise ImportError(f"reading {url} needs fsspec: pip install 'news-events[dask]'") from exc
    fs, root = url_to_fs(url)
    if fs.isfile(root):
        return [InputFile(printable(PurePosixPath(root).name), partial(fs.open, root, "rb"))]
    if not fs.isdir(root):
        raise FileNotFoundError(f"input not found: {url}")
    found = {PurePosixPath(path).relative_to(PurePosixPath(root)): path for path in fs.find(root)}
    return [InputFile(printable(name.as_posix()), partial(fs.open, found[name], "rb"))
            for name in sorted(found) if not _hidden(name)]


def _hidden(relative: PurePosixPath | Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def iter_ingest(input_path: Path | str, *, max_chars: int = MAX_CHARS) -> Iterator[tuple[str, dict]]:
    """Yield ("article", row) or ("reject", row) for every record below `input_path`, lazily.

    Files are listed (and a missing input raises FileNotFoundError) at the call; records
    are read as the iterator is consumed.  The first record with a given id (in sorted file
    order, then line order) wins; later ones are rejected as duplicates, and so are exact
    duplicate contents.  Texts over `max_chars` characters are rejected as `too_long`.
    """
    return _stream(input_files(input_path), max_chars)


def ingest(input_path: Path | str, *, max_chars: int = MAX_CHARS) -> tuple[list[dict], list[dict]]:
    """Read every input file below `input_path`: (article rows, reject rows); see `iter_ingest`."""
    rows: dict[str, list[dict]] = {"article": [], "reject": []}
    for kind, row in iter_ingest(input_path, max_chars=max_chars):
        rows[kind].append(row)
    return rows["article"], rows["reject"]


def _stream(files: list[InputFile], max_chars: int) -> Iterator[tuple[str, dict]]:
    seen = _Seen()
    counts: Counter[str] = Counter()
    for file in files:
        for item in read_records(file, max_chars=max_chars):
            outcome = item if isinstance(item, Reject) else validate(item, max_chars)
            if not isinstance(outcome, Reject):
                outcome = seen.duplicate(outcome, item.line) or outcome
            if isinstance(outcome, Reject):
                counts[outcome.reason] += 1
                yield "reject", outcome.row()
            else:
                counts["article"] += 1
                yield "article", outcome
    rejected = sum(counts.values()) - counts["article"]
    log.info("ingested %d articles, %d rejects %s", counts["article"], rejected,
             dict(sorted((k, v) for k, v in counts.items() if k != "article")))


class _Seen:
    """The ids and content hashes read so far, with where each was first read (for messages)."""

    def __init__(self) -> None:
        self.ids: dict[str, tuple[str, int | None]] = {}
        self.contents: dict[str, tuple[str, int | None]] = {}

    def duplicate(self, article: dict, line: int | None) -> Reject | None:
        """A reject when `article` repeats an id or a content already read; else remember it and return None."""
        source, source_id, article_id = article["source"], article["source_id"], article["article_id"]
        where = f"line {line}: " if line is not None else ""
        if source_id in self.ids:
            return Reject(source, source_id, DUPLICATE_ID,
                          f"{where}id {excerpt(source_id)} already read from {_place(self.ids[source_id])}", line)
        if article_id in self.contents:
            return Reject(source, source_id, DUPLICATE_CONTENT,
                          f"{where}same date, title and text as {_place(self.contents[article_id])}", line)
        self.ids[source_id] = self.contents[article_id] = (source, line)
        return None


def _place(first: tuple[str, int | None]) -> str:
    source, line = first
    return source if line is None else f"{source} line {line}"
