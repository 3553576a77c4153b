"""Per-article extraction: text in, rows of every per-article table out.

`ArticleProcessor` owns one spaCy Language and the compiled rule stages of a process.
It is what a worker process runs: it receives article rows (plain dicts) and returns
plain row dicts, so nothing heavier than text and rows ever crosses a process boundary.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path

from spacy.attrs import SENT_START

from pipeline.claims import ClaimExtractor
from pipeline.dates import DateTagger
from pipeline.entities import extract_entities
from pipeline.events import EventExtractor
from pipeline.ids import content_id
from pipeline.nlp import shared_nlp

PerArticleRows = dict[str, list[dict]]

# The columns of the dates and claims tables read from a Timex and a Claim, in table order; an
# attrgetter reads them in one C call (a row is built for every timex and claim).
TIMEX_FIELDS = ("sentence_index", "start_char", "end_char", "text", "timex_type", "value", "start", "end",
                "granularity", "anchor", "rule_id", "resolver", "tense")
CLAIM_FIELDS = ("sentence_index", "start_char", "end_char", "speaker", "speaker_entity_id", "speaker_label",
                "speaker_country", "speaker_start_char", "speaker_end_char", "cue", "cue_start_char", "cue_end_char",
                "content", "content_start_char", "content_end_char", "stance", "rule_id")
_timex_values = attrgetter(*TIMEX_FIELDS)
_claim_values = attrgetter(*CLAIM_FIELDS)


class ArticleProcessor:
    """Everything needed to turn an article into rows, built once per process."""

    def __init__(self, models_dir: Path, batch_size: int = 32):
        self.nlp = shared_nlp(models_dir)
        self.matcher = self.nlp.get_pipe("entity_candidates")
        self.dates = DateTagger(self.nlp.vocab, models_dir / "timex")
        self.claims = ClaimExtractor(self.nlp.vocab, models_dir)
        self.events = EventExtractor(self.nlp.vocab, models_dir)
        self.batch_size = batch_size
        self.seconds: dict[str, float] = defaultdict(float)

    def process(self, articles: Iterable[dict]) -> Iterator[tuple[dict, PerArticleRows]]:
        """Yield (article row with counts, rows per table) for each article, in order."""
        articles = list(articles)
        docs = self.nlp.pipe((a["text"] for a in articles), batch_size=self.batch_size)
        for article in articles:
            started = time.perf_counter()
            doc = next(docs)
            self.seconds["tokenize_and_match"] += time.perf_counter() - started
            yield self.article_row(article, doc), self.rows(article, doc)

    def _timed(self, stage: str, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.seconds[stage] += time.perf_counter() - started
        return result

    @staticmethod
    def article_row(article: dict, doc) -> dict:
        # As `doc.sents` counts: token 0 opens the first sentence, every later sent_start == 1 another.
        sentences = 1 + int((doc.to_array([SENT_START])[1:] == 1).sum()) if len(doc) else 0
        return {**article, "n_sentences": sentences, "n_tokens": len(doc)}

    def rows(self, article: dict, doc) -> PerArticleRows:
        """The per-article tables for one parsed document."""
        article_id, published = article["article_id"], article["published"]
        mentions = self._timed("entities", extract_entities, doc, published, self.matcher)
        timexes = self._timed("dates", self.dates, doc, published)
        claims = self._timed("claims", self.claims, doc, mentions, article["text"])
        events = self._timed("events", self.events, doc, published, mentions, timexes, claims, article["text"])
        date_ids = {(t.start_char, t.end_char): date_id(article_id, t) for t in timexes}
        return {
            "sentences": sentence_rows(article_id, doc, article["text"]),
            "entities": [m.row(article_id, content_id(article_id, "entity", m.start_char, m.end_char, m.label))
                         for m in mentions if not m.weak],
            "dates": [timex_row(article_id, t, date_ids[(t.start_char, t.end_char)]) for t in timexes],
            "claims": [claim_row(article_id, c) for c in claims],
            "event_mentions": [e.row(article_id, published, date_ids) for e in events],
        }


def sentence_rows(article_id: str, doc, text: str) -> list[dict]:
    """One row per sentence; offsets skip the paragraph breaks spaCy keeps at a sentence's start.

    `text` is the article's text (== `doc.text`, which spaCy rebuilds from the tokens on
    every access: a cost as large as tokenizing)."""
    rows = []
    for index, sentence in enumerate(doc.sents):
        body = text[sentence.start_char:sentence.end_char]
        start = sentence.start_char + (len(body) - len(body.lstrip()))
        end = sentence.start_char + len(body.rstrip())
        rows.append({"article_id": article_id, "sentence_index": index, "start_char": start, "end_char": end,
                     "text": text[start:end]})
    return rows


def date_id(article_id: str, timex) -> str:
    return content_id(article_id, "date", timex.start_char, timex.end_char)


def timex_row(article_id: str, timex, identifier: str) -> dict:
    """The dates table's row of a timex."""
    row = {"article_id": article_id, "date_id": identifier}
    row.update(zip(TIMEX_FIELDS, _timex_values(timex)))
    return row


def claim_row(article_id: str, claim) -> dict:
    """The claims table's row of a claim, with its content-hash id."""
    identifier = content_id(article_id, "claim", claim.speaker_start_char, claim.cue_start_char,
                            claim.content_start_char, claim.content_end_char)
    row = {"article_id": article_id, "claim_id": identifier}
    row.update(zip(CLAIM_FIELDS, _claim_values(claim)))
    return row
