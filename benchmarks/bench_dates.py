"""Time the date stage against spaCy's own tokenization on the same ~450-word articles.

Reads ``data/raw/*.txt`` when there are any (a first line ``date YYYY-MM-DD``
is taken as the publication date), else builds synthetic newswire-like
articles.  Prints ms/article for ``nlp(text)`` (blank English + sentencizer)
and for `DateTagger`, and their ratio.

    .venv/bin/python benchmarks/bench_dates.py [--articles 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

import spacy  # noqa: E402

from pipeline.dates import DateTagger  # noqa: E402

DATE_LINE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s*")

# Invented sentences: some with temporal expressions, most without (as in real news).
SENTENCES = [
    "The military said the projectile was fired from a site near the coast on {weekday}.",
    "Officials in Seoul said the missile flew about 600 km before landing in the sea.",
    "The launch was the {ordinal} of its kind {rel_period}, according to a tally by analysts.",
    "The agency plans to attempt another launch in {month}, state media reported.",
    "Tensions have risen sharply in recent years as talks stalled.",
    "Negotiations have been frozen since {year}, when a summit ended without a deal.",
    "The council has adopted several resolutions that ban such tests.",
    "Japan's coast guard issued a warning to ships at 10:48 a.m. local time.",
    "Analysts said the rocket's third stage appeared to malfunction shortly after lift-off.",
    "The allies hold joint exercises every year, which the North calls rehearsals for war.",
    "A similar attempt failed on {month} {day}, when debris fell into the sea.",
    "The foreign ministers will meet next week to discuss further sanctions.",
    "The programme has cost billions of dollars over the past decade, experts estimate.",
    "Residents were told to take shelter, and the warning was lifted about an hour later.",
    "The leader inspected the launch pad {rel_day} morning, the news agency said.",
    "Satellite imagery showed new construction at the site earlier this year.",
    "We cannot accept these provocations, the minister told reporters in the capital.",
    "The United States urged a return to diplomacy and offered talks without preconditions.",
    "It was the country's third launch attempt in {year2} and the first since {month}.",
    "Experts believe the engine was developed with foreign help in the 1990s.",
    "The defence ministry said it would continue to monitor the situation closely.",
    "The rocket may have carried a reconnaissance satellite, officials said.",
    "Experts said the design resembled a liquid-fuel engine shown at a recent parade.",
    "The regional bloc called for restraint and urged all sides to avoid escalation.",
    "A spokesman declined to say whether any debris had been recovered from the water.",
    "Shares of regional defence contractors rose on the news, traders said.",
    "The government convened its national security council to assess the damage.",
    "Fishing boats in the area were told to stay in port until further notice.",
    "The launch drew sharp criticism from neighbouring capitals and from Washington.",
    "State television showed the leader smiling as he watched from an observation post.",
    "Independent analysts cautioned that the claims could not be verified.",
    "The envoy said sanctions alone would not change the country's behaviour.",
]
FILL = {
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "ordinal": ["first", "second", "fifth"],
    "rel_period": ["this year", "this month", "in two years"],
    "month": ["January", "March", "May", "August", "October", "December"],
    "year": ["2017", "2018", "2019"],
    "year2": ["2022", "2023"],
    "day": ["2", "14", "31st"],
    "rel_day": ["Tuesday", "yesterday", "Sunday"],
}


def synthetic_articles(count: int, words: int = 450, seed: int = 7) -> list[tuple[str, date]]:
    """`count` articles of about `words` words, each with a publication date."""
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        parts, size = [], 0
        while size < words:
            sentence = rng.choice(SENTENCES).format(**{k: rng.choice(v) for k, v in FILL.items()})
            parts.append(sentence)
            size += len(sentence.split())
        published = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
        articles.append((" ".join(parts), published))
    return articles


def raw_articles(folder: Path) -> list[tuple[str, date | None]]:
    """Articles from ``data/raw/*.txt``, with the date of a leading ``date YYYY-MM-DD``."""
    articles = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")  # a bad scan must not stop the run
        match = DATE_LINE.match(text)
        articles.append((text, date.fromisoformat(match.group(1)) if match else None))
    return articles


def main() -> None:
    """Run the benchmark and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", action="store_true", help="ignore data/raw")
    args = parser.parse_args()

    articles = raw_articles(ROOT / "data" / "raw")
    source = "data/raw"
    if not articles or args.synthetic:
        articles, source = synthetic_articles(args.articles), "synthetic"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    tagger = DateTagger(nlp.vocab, ROOT / "models" / "timex")
    for text, published in articles[:20]:  # warm-up: imports, first-call costs
        tagger(nlp(text), published)

    best_nlp = best_tag = float("inf")
    found = 0
    for _ in range(args.repeat):
        nlp_time = tag_time = 0.0
        found = 0
        for text, published in articles:
            t0 = time.perf_counter()
            doc = nlp(text)
            t1 = time.perf_counter()
            found += len(tagger(doc, published))
            t2 = time.perf_counter()
            nlp_time += t1 - t0
            tag_time += t2 - t1
        best_nlp, best_tag = min(best_nlp, nlp_time), min(best_tag, tag_time)

    count = len(articles)
    words = sum(len(text.split()) for text, _ in articles) / count
    print(f"articles: {count} ({source}), mean words: {words:.0f}, timexes/article: {found / count:.1f}")
    print(f"nlp(text) blank+sentencizer: {1000 * best_nlp / count:.3f} ms/article")
    print(f"DateTagger:                  {1000 * best_tag / count:.3f} ms/article")
    print(f"ratio tagger/nlp:            {best_tag / best_nlp:.2f}")
    print(f"DateTagger per 450 words:    {1000 * best_tag / count * 450 / words:.3f} ms")


if __name__ == "__main__":
    main()
