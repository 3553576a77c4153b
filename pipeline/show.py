"""HTML pages for reading a run: one article's entities, dates, claims and events, or an index.

Everything comes from the run's Parquet tables (no pipeline re-run), so the page shows
exactly what was written.  Spans are highlighted with spaCy's displaCy in manual "ent"
mode, one section per layer; every field that displaCy does not escape itself (labels,
tooltips) and every table cell goes through `html.escape`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from spacy import displacy

from pipeline.store import read_rows

CSS = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
.meta { color: #555; margin-bottom: 1rem; } .note { color: #777; font-size: .85rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .8rem 0; width: 100%; }
th, td { border: 1px solid #ddd; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } tr:nth-child(even) td { background: #fafafa; }
code { font-size: .8rem; color: #444; }
.entities { line-height: 2.4; border: 1px solid #eee; padding: .8rem 1rem; border-radius: .4rem; }
mark.entity { padding: .1em .35em; margin: 0 .15em; border-radius: .3em; line-height: 1; }
mark.entity span { font-size: .65em; font-weight: bold; margin-left: .4rem; vertical-align: middle; }
"""

# displaCy fills {text} (escaped by displaCy), {label} and {bg}; {tip} comes from each span's params.
TEMPLATE = '<mark class="entity" style="background: {bg}" title="{tip}">{text}<span>{label}</span></mark>'

COLORS = {
    "COUNTRY": "#feca74", "LOCATION": "#ff9561", "ORGANIZATION": "#7aecec", "OFFICIAL": "#aa9cfc",
    "ROCKET": "#bfe1d9", "SATELLITE": "#e4e7d2", "DATE": "#bfeeb7", "TIME": "#c7f0ff", "DURATION": "#ffeb80",
    "SET": "#f0d0ff", "SPEAKER": "#aa9cfc", "CUE": "#ff8197", "CONTENT": "#ddd",
}
DEFAULT_COLOR = "#e0e0e0"


def _rows(run_dir: Path, name: str, article_id: str | None = None) -> list[dict]:
    """Rows of one table (all, or one article's), [] when the run has no such table."""
    rows = read_rows(Path(run_dir), name)
    return rows if article_id is None else [row for row in rows if row["article_id"] == article_id]


def _text(value) -> str:
    return "" if value is None else escape(str(value))


def _tip(*parts) -> str:
    return " ".join(str(part) for part in parts if part is not None)


def _table(headers: list[str], rows: list[list]) -> str:
    """An HTML table with a header row; every cell escaped."""
    if not rows:
        return '<p class="note">none</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _highlight(text: str, spans: list[dict]) -> str:
    """The text with non-overlapping spans marked (displaCy "ent" mode cannot nest spans).

    Each span dict has start, end, label, kind (colour key) and tip.  Longer spans win an
    overlap; the ones left out are counted in a note, and every section's table lists all.
    """
    kept, last_end = [], -1
    for span in sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"]))):
        if span["start"] >= last_end and span["end"] > span["start"]:
            kept.append({"start": span["start"], "end": span["end"], "label": escape(span["label"]),
                         "params": {"bg": COLORS.get(span["kind"], DEFAULT_COLOR), "tip": escape(span["tip"])}})
            last_end = span["end"]
    markup = displacy.render({"text": text, "ents": kept}, style="ent", manual=True, jupyter=False,
                             options={"template": TEMPLATE})
    dropped = len(spans) - len(kept)
    note = f'<p class="note">{dropped} overlapping span(s) not highlighted; see the table.</p>' if dropped else ""
    return markup + note


def _entities_section(text: str, rows: list[dict]) -> str:
    spans = [{"start": r["start_char"], "end": r["end_char"], "label": r["label"], "kind": r["label"],
              "tip": _tip(r["name"], r["country"], r["entity_id"], f"rule={r['rule_id']}")} for r in rows]
    table = _table(["start", "text", "label", "name", "country", "entity_id", "rule_id"],
                   [[r["start_char"], r["text"], r["label"], r["name"], r["country"], r["entity_id"], r["rule_id"]]
                    for r in rows])
    return f"<h2>Entities ({len(rows)})</h2>{_highlight(text, spans)}{table}"


def _dates_section(text: str, rows: list[dict]) -> str:
    # The label is the TIMEX3 value: that is what a reader checks against the phrase.
    spans = [{"start": r["start_char"], "end": r["end_char"], "label": r["value"] or r["timex_type"],
              "kind": r["timex_type"], "tip": f"{r['timex_type']} {r['value']} rule={r['rule_id']}"} for r in rows]
    table = _table(["start", "text", "type", "value", "granularity", "anchor", "resolver", "rule_id"],
                   [[r["start_char"], r["text"], r["timex_type"], r["value"], r["granularity"], r["anchor"],
                     r["resolver"], r["rule_id"]] for r in rows])
    return f"<h2>Dates ({len(rows)})</h2>{_highlight(text, spans)}{table}"


def _claims_section(text: str, rows: list[dict]) -> str:
    spans = []
    for n, r in enumerate(rows, 1):
        for role in ("speaker", "cue", "content"):
            start, end = r[f"{role}_start_char"], r[f"{role}_end_char"]
            if start is not None and end is not None:
                # The claim number ties a cue and its content back to their speaker.
                spans.append({"start": start, "end": end, "label": f"{role.upper()} {n}", "kind": role.upper(),
                              "tip": f"claim {n}: {r['stance']} rule={r['rule_id']}"})
    table = _table(["#", "speaker", "speaker entity", "cue", "stance", "content", "rule_id"],
                   [[n, r["speaker"], r["speaker_entity_id"], r["cue"], r["stance"], r["content"], r["rule_id"]]
                    for n, r in enumerate(rows, 1)])
    return f"<h2>Claims ({len(rows)})</h2>{_highlight(text, spans)}{table}"


def _events_section(rows: list[dict]) -> str:
    def when(r: dict) -> str:
        if r["date_start"] is None:
            return ""
        span = str(r["date_start"]) if r["date_end"] in (None, r["date_start"]) else f"{r['date_start']}..{r['date_end']}"
        return f"{span} ({r['date_text'] or r['date_source']})"

    table = _table(["start", "trigger", "type", "actor", "weapon", "date", "outcome", "realis", "event_id", "rule_id"],
                   [[r["start_char"], r["trigger"], r["event_type"], r["actor_country"],
                     r["weapon_entity_id"] or r["weapon_class"], when(r), r["outcome"], r["realis"], r["event_id"],
                     r["rule_id"]] for r in rows])
    return f"<h2>Event mentions ({len(rows)})</h2>{table}"


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>\n")


def find_article(articles: list[dict], article_id: str) -> dict:
    """The article with this article_id, else the single one with this source_id; KeyError otherwise."""
    for row in articles:
        if row["article_id"] == article_id:
            return row
    matches = [row for row in articles if row["source_id"] == article_id]
    if len(matches) == 1:
        return matches[0]
    if matches:
        ids = ", ".join(row["article_id"] for row in matches)
        raise KeyError(f"source_id {article_id!r} is used by several articles ({ids}); give the article_id")
    raise KeyError(f"no article with article_id or source_id {article_id!r} in this run "
                   f"({len(articles)} articles; `python -m pipeline show` lists them)")


def _by_start(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r.get("start_char") or 0, r.get("end_char") or 0))


def render_article(run_dir: Path, article_id: str) -> str:
    """An HTML page of one article (by article_id or source_id): its spans per layer and its event mentions."""
    article = find_article(_rows(run_dir, "articles"), article_id)
    aid, text = article["article_id"], article["text"] or ""
    title = article["title"] or article["source_id"]
    meta = (f"source <code>{_text(article['source'])}</code> &middot; source_id <code>{_text(article['source_id'])}"
            f"</code> &middot; article_id <code>{_text(aid)}</code> &middot; published "
            f"<b>{_text(article['published']) or 'unknown'}</b>")
    body = "".join([
        f"<h1>{escape(title)}</h1><div class=\"meta\">{meta}</div>",
        '<p class="note">Hover a highlighted span for its details (rule id, value, entity).</p>',
        _entities_section(text, _by_start(_rows(run_dir, "entities", aid))),
        _dates_section(text, _by_start(_rows(run_dir, "dates", aid))),
        _claims_section(text, _by_start(_rows(run_dir, "claims", aid))),
        _events_section(_by_start(_rows(run_dir, "event_mentions", aid))),
    ])
    return _page(title, body)


def render_index(run_dir: Path, link: str | None = "show-{article_id}.html") -> str:
    """An HTML page listing every article with its span counts.

    `link` is a pattern for the per-article page (formatted with article_id and source_id);
    None shows no links.  The command that renders each page is shown either way, since the
    linked files exist only once someone writes them.
    """
    articles = sorted(_rows(run_dir, "articles"), key=lambda a: (a["source"] or "", a["source_id"] or ""))
    counts = {}
    for name in ("entities", "dates", "claims", "event_mentions"):
        for row in _rows(run_dir, name):
            counts[(name, row["article_id"])] = counts.get((name, row["article_id"]), 0) + 1
    rows = []
    for a in articles:
        heading = a["title"] or " ".join((a["text"] or "")[:80].split())
        target = link.format(article_id=a["article_id"], source_id=a["source_id"]) if link else None
        cells = [_text(a["source"]), _text(a["source_id"]), _text(a["published"]),
                 f'<a href="{escape(target)}">{escape(heading)}</a>' if target else escape(heading),
                 *(str(counts.get((name, a["article_id"]), 0)) for name in ("entities", "dates", "claims",
                                                                          "event_mentions")),
                 f"<code>{escape(a['article_id'])}</code>"]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("source", "source_id", "published", "title / start of text", "entities",
                                             "dates", "claims", "events", "article_id"))
    body = (f"<h1>Articles ({len(articles)})</h1>"
            f'<p class="meta">run <code>{escape(str(run_dir))}</code>; render one article with '
            f"<code>python -m pipeline show ARTICLE_ID --run {escape(str(run_dir))} --output show-ARTICLE_ID.html"
            f"</code></p><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return _page("Articles", body)
