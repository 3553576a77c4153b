"""A deterministic corpus of distinct wire-style articles about launches and the reactions to them.

    .venv/bin/python benchmarks/corpus.py --articles 2000 --output /tmp/corpus.jsonl [--seed 2026]

Article `i` depends only on `(seed, i)`, never on how many articles are asked for, so the first 2,000 articles
of a 100k corpus are the 2,000-article corpus, and `articles(n)` streams them one at a time without holding
the corpus in memory. About three articles in four report a launch (named or generic vehicle, satellite
payload or not, success, failure at a stage, or unknown outcome); neighbouring articles often report the same
launch on different days, as wire copy does, which gives reconciliation real work. The others lead with
sanctions, talks or exercises. Every article mixes in reactions with quotes, background with loose dates,
plans and unrelated filler, with lengths spread around ~350 words (a few near 150, a few over 1,000).
Countries, officials and their titles, weapons, organisations and places come from the gazetteers in `models/`.
"""

from __future__ import annotations

import argparse
import json
import math
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
# Siblings when imported from elsewhere, and the project for `pipeline` when it is not installed.
sys.path[:0] = [str(HERE), str(HERE.parent)]

import corpus_dates as dates  # noqa: E402
import corpus_templates as T  # noqa: E402
from corpus_gazetteers import Country, Gazetteers, Official, Weapon, load_gazetteers  # noqa: E402

MODELS = Path(__file__).resolve().parents[1] / "models"
SEED = 2026
FIRST_DAY, DAYS = date(2005, 1, 1), 7_900  # launches fall between 2005 and late 2026
LAUNCH_LEAD_SHARE = 0.75  # articles whose lead is a launch
REPORTS_PER_LAUNCH = 3  # on average, articles about one launch
DATELINE_SHARE = 0.7  # articles that open with a wire dateline
REACTORS = ["USA", "KOR", "JPN", "CHN", "GBR", "RUS", "FRA", "DEU", "AUS", "INT", "IND", "UKR", "ISR", "TUR"]
ORG_KINDS = ["intergovernmental", "ministry", "think_tank", "agency"]
# Paragraph kinds after the lead, with their weights; reactions dominate, as in real follow-up copy.
BODY = {"reaction": 30, "history": 14, "sanctions": 10, "talks": 10, "exercise": 9, "plans": 7, "filler": 20}
KIND_TEMPLATES = {"reaction": T.REACTION, "history": T.HISTORY, "sanctions": T.SANCTIONS, "talks": T.TALKS,
                  "exercise": T.EXERCISE, "plans": T.PLANS, "filler": T.FILLER}
_FIELDS = string.Formatter()


@dataclass(frozen=True)
class Launch:
    """One real-world launch that several articles may report."""

    actor: Country
    rocket: Weapon
    payload: Weapon | None
    day: date
    outcome: str  # success, failure, unknown
    stage: str  # the stage that failed (used only for failures and history)


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def make_launch(k: int, seed: int, gaz: Gazetteers) -> Launch:
    """Launch number `k`: the same for every article that reports it."""
    rng = Random(f"{seed}:launch:{k}")
    operators = sorted(gaz.launch_weights)
    operator = rng.choices(operators, weights=[gaz.launch_weights[o] for o in operators])[0]
    rockets = gaz.rockets[operator]
    satellites = gaz.satellites.get(operator, [])
    launchers = [r for r in rockets if r.weapon_class == "SLV"]
    if satellites and launchers and rng.random() < 0.4:
        rocket, payload = rng.choice(launchers), rng.choice(satellites)
    else:
        rocket, payload = rng.choice(rockets), None
    outcome = rng.choices(["success", "failure", "unknown"], weights=[55, 25, 20])[0]
    return Launch(gaz.countries[operator], rocket, payload, FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
                  outcome, rng.choice(T.STAGES))


class Story:
    """One article's fixed cast (launch, dates, source) and the draws for everything else."""

    def __init__(self, rng: Random, gaz: Gazetteers, launch: Launch, published: date):
        self.rng, self.gaz, self.launch, self.published = rng, gaz, launch, published
        self.when = dates.event_phrase(rng, launch.day, published)
        actor = launch.actor
        sources = ["state media", f"{actor.demonym} state media", "the defence ministry"]
        if gaz.national_bodies.get(actor.iso3):  # one of the launcher's own agencies or outlets
            sources.append(f"the {rng.choice(gaz.national_bodies[actor.iso3])}")
        self.source = rng.choice(sources)
        self._named: set[str] = set()  # countries of the sentence being written
        self.fixed = {"actor": actor.name, "actor_adj": actor.demonym, "when": self.when, "source": self.source,
                      "vehicle_name": launch.rocket.name, "stage": launch.stage}

    def slot(self, name: str) -> str:
        """The value of one template field; `_cap` fields are capitalised."""
        if name.endswith("_cap"):
            value = self.slot(name[:-4])
            return value[:1].upper() + value[1:]
        if name in self.fixed:
            return self.fixed[name]
        return getattr(self, f"_{name}")()

    def sentence(self, template: str) -> str:
        """One filled template; the countries it names are all different."""
        self._named = {"INT", self.launch.actor.iso3}
        values = {name: self.slot(name) for _, name, _, _ in _FIELDS.parse(template) if name}
        text = template.format(**values)
        return text[:1].upper() + text[1:]

    # Slots drawn afresh at each use -------------------------------------------------------------
    def _vehicle(self) -> str:
        rocket = self.launch.rocket
        noun = "rocket" if rocket.weapon_class == "SLV" else "missile"
        generic = self.gaz.class_phrases.get(rocket.weapon_class) or [noun]
        return self.rng.choice([_a(f"{rocket.name} {noun}"), f"the {rocket.name}", _a(self.rng.choice(generic)),
                                f"what appeared to be {_a(self.rng.choice(generic))}"])

    def _vehicle_short(self) -> str:
        return self.rng.choice(self.gaz.class_phrases.get(self.launch.rocket.weapon_class) or ["missile"])

    def _payload(self) -> str:
        if self.launch.payload is None:
            return _a(self.rng.choice(self.gaz.class_phrases["SATELLITE"]))
        return f"the {self.launch.payload.name} satellite"

    def _country(self) -> Country:
        iso3 = self.rng.choice([c for c in REACTORS if c not in self._named])
        self._named.add(iso3)
        return self.gaz.countries[iso3]

    def _other(self) -> str:
        return self._country().name

    def _other_adj(self) -> str:
        return self._country().demonym

    def _third(self) -> str:
        return self._country().name

    def _capital(self) -> str:
        return self._country().capital

    def _speaker(self) -> str:
        return _speaker_phrase(self.rng, self.gaz, self._official())

    def _speaker_name(self) -> str:
        official = self._official()
        return official.name if official else self._other()

    def _official(self) -> Official | None:
        iso3 = self.rng.choice([c for c in REACTORS if c != self.launch.actor.iso3])
        serving = [o for o in self.gaz.officials.get(iso3, []) if o.holds_on(self.published)]
        return self.rng.choice(serving) if serving else None

    def _org(self) -> str:
        name = self.rng.choice(self.gaz.organisations.get(self.rng.choice(ORG_KINDS)) or ["the United Nations"])
        return name if name.startswith(("The ", "the ")) else f"the {name}"

    def _quote(self) -> str:
        return f"{self.rng.choice(T.QUOTE_OPEN)} {self.rng.choice(T.QUOTE_BODY)}{self.rng.choice(T.QUOTE_CLOSE)}"

    def _said_when(self) -> str:
        return self.rng.choice(["in a statement", "on Twitter", dates.event_phrase(self.rng, self.published,
                                                                                       self.published)])

    def _past(self) -> str:
        return dates.past_phrase(self.rng, self.published)

    def _past_month(self) -> str:
        return dates.past_month(self.rng, self.published)

    def _future(self) -> str:
        return dates.future_phrase(self.rng, self.published)

    def _future_day(self) -> str:
        return dates.future_day(self.rng, self.published)

    def _year(self) -> str:
        return str(self.published.year - self.rng.randint(3, 20))

    def _month(self) -> str:
        return self.rng.choice(dates.MONTHS)

    def _site(self) -> str:
        own = self.gaz.sites.get(self.launch.actor.iso3)
        return self.rng.choice(own) if own else self.rng.choice(["a launch site", "a site near the coast"])

    def _sea(self) -> str:
        name = self.rng.choice(["sea", "Pacific Ocean", *self.gaz.places.get("sea", [])])
        return name if name.startswith("the ") else f"the {name}"

    def _lead_tail(self) -> str:
        return self.rng.choice(T.LEAD_TAIL)

    def _outcome_word(self) -> str:
        return T.OUTCOME_WORD[self.launch.outcome]

    def _adjective(self) -> str:
        return self.rng.choice(T.ADJECTIVE)

    def _clause(self) -> str:
        return self.rng.choice(T.CLAUSE)

    def _ordinal(self) -> str:
        return self.rng.choice(T.ORDINALS)

    def _period(self) -> str:
        return self.rng.choice(T.PERIODS)

    def _count(self) -> str:
        return self.rng.choice(T.NUMBERS)

    _count2 = _count

    def _km(self) -> str:
        return f"{self.rng.randrange(100, 6000, 10):,}"

    def _altitude(self) -> str:
        return str(self.rng.randrange(50, 6000, 10))

    def _minutes(self) -> str:
        return self.rng.choice(["two", "three", "five", "eight", "nine"])

    def _clock(self) -> str:
        hour, minute = self.rng.randint(1, 12), self.rng.randrange(60)
        return self.rng.choice([f"{hour}:{minute:02d} {self.rng.choice(['a.m.', 'p.m.'])}",
                                f"{hour} {self.rng.choice(['a.m.', 'p.m.'])}", f"{hour:02d}:{minute:02d}"])

    def dateline(self) -> str:
        """`SEOUL, Sept. 18 (Wire) -`, from a capital of the launcher or of a reacting country."""
        city = self.rng.choice([self.launch.actor.capital, self._capital()]).upper()
        month = T.MONTH_ABBR[self.published.month - 1]
        return T.DATELINE.format(city=city, month_abbr=month, day=self.published.day,
                                 agency=self.rng.choice(T.AGENCIES))

    def _percent(self) -> str:
        return f"{self.rng.uniform(0.5, 9):.1f}"


def _speaker_phrase(rng: Random, gaz: Gazetteers, official: Official | None) -> str:
    """`Japanese Prime Minister Fumio Kishida`, `Kim Jong Un, General Secretary of ...,` or a spokesperson."""
    if official is None:
        return rng.choice(["a government spokesperson", "a senior defence official", "a foreign ministry spokesman"])
    country = gaz.countries.get(official.country)
    if len(official.title.split()) <= 3 and " of " not in official.title:
        return f"{country.demonym} {official.title} {official.name}" if country else f"{official.title} {official.name}"
    return f"{official.name}, {official.title},"


def _paragraph(story: Story, templates: list[str]) -> str:
    count = story.rng.choice([1, 1, 2, 2, 3])
    return " ".join(story.sentence(t) for t in story.rng.sample(templates, min(count, len(templates))))


def _lag(rng: Random) -> int:
    """Days between a launch and a report of it; one report in twenty is a retrospective weeks later."""
    if rng.random() < 0.05:
        return rng.randint(10, 60)
    return rng.choices([0, 1, 2, 3, 4, 5, 6], weights=[40, 35, 10, 5, 4, 3, 3])[0]


def article(i: int, seed: int = SEED, gaz: Gazetteers | None = None) -> dict:
    """Article number `i` as `{id, date, title, text}` (the JSONL input format of `pipeline.ingest`)."""
    gaz = gaz or load_gazetteers(MODELS)
    rng = Random(f"{seed}:article:{i}")
    launch = make_launch(max(0, i // REPORTS_PER_LAUNCH - rng.randrange(REPORTS_PER_LAUNCH)), seed, gaz)
    published = launch.day + timedelta(days=_lag(rng))
    story = Story(rng, gaz, launch, published)
    if rng.random() < LAUNCH_LEAD_SHARE:
        outcome = {"success": T.SUCCESS, "failure": T.FAILURE, "unknown": T.UNKNOWN}[launch.outcome]
        lead = T.LEAD_SATELLITE if launch.payload else T.LEAD
        paragraphs = [story.sentence(rng.choice(lead)), _paragraph(story, outcome)]
    else:
        paragraphs = [_paragraph(story, KIND_TEMPLATES[rng.choice(["sanctions", "talks", "exercise"])])]
    if rng.random() < DATELINE_SHARE:
        paragraphs[0] = f"{story.dateline()} {paragraphs[0]}"
    target = min(1300, max(120, int(rng.lognormvariate(math.log(320), 0.5))))
    words = sum(len(p.split()) for p in paragraphs)
    kinds, weights = list(BODY), list(BODY.values())
    while words < target:
        paragraphs.append(_paragraph(story, KIND_TEMPLATES[rng.choices(kinds, weights=weights)[0]]))
        words += len(paragraphs[-1].split())
    return {"id": f"bench-{i:07d}", "date": published.isoformat(), "title": story.sentence(rng.choice(T.TITLE)),
            "text": "\n\n".join(paragraphs)}


def articles(n: int, seed: int = SEED, models: Path = MODELS) -> Iterator[dict]:
    """The first `n` articles, one at a time (the gazetteers are read once)."""
    gaz = load_gazetteers(models)
    for i in range(n):
        yield article(i, seed, gaz)


def write_jsonl(path: Path, n: int, seed: int = SEED) -> int:
    """Stream the first `n` articles to a JSONL file; returns the number of words written."""
    words = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in articles(n, seed):
            words += len(record["text"].split())
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"corpus seed (default {SEED})")
    parser.add_argument("--output", type=Path, required=True, help="JSONL file to write")
    args = parser.parse_args(argv)
    words = write_jsonl(args.output, args.articles, args.seed)
    print(f"{args.articles} articles, {words / max(1, args.articles):.0f} words on average -> {args.output}")


if __name__ == "__main__":
    main()
