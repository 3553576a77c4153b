"""Date phrases of the benchmark corpus, written relative to the article's publication date.

Wire copy dates the news relatively ("on Thursday", "yesterday") and the background loosely ("last month",
"earlier this year", "in October"), with an absolute date now and then ("May 31", "31 May 2021"). The phrases
are true for the dates they stand for, so the date stage resolves them as it would real copy.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from random import Random

WEEKDAYS = list(calendar.day_name)
MONTHS = list(calendar.month_name)[1:]
PARTS_OF_DAY = ["morning", "afternoon", "evening", "night"]


def _absolute(rng: Random, day: date, published: date) -> str:
    """`May 31`, `31 May`, `May 31, 2023` (the year only when it is not the publication year)."""
    month = MONTHS[day.month - 1]
    if day.year != published.year or rng.random() < 0.2:
        return rng.choice([f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}"])
    return rng.choice([f"{month} {day.day}", f"{day.day} {month}"])


def event_phrase(rng: Random, day: date, published: date) -> str:
    """How an article published on `published` dates something that happened on `day`."""
    lag = (published - day).days
    weekday = WEEKDAYS[day.weekday()]
    choices = [f"on {_absolute(rng, day, published)}"]
    if 0 <= lag <= 6:
        choices += [f"on {weekday}", f"on {weekday}", f"early on {weekday}",
                    f"on {weekday} {rng.choice(PARTS_OF_DAY)}"]
    if lag == 0:
        choices += ["earlier today", f"this {rng.choice(PARTS_OF_DAY[:2])}"]
    if lag == 1:
        choices += ["yesterday", f"late on {weekday}"]
    return rng.choice(choices)


def past_phrase(rng: Random, published: date) -> str:
    """A loose date before publication: `last month`, `earlier this year`, `in October`, `in 2019`..."""
    choices = ["last month", "last year", "last week", "two weeks ago", f"in {published.year - rng.randint(2, 9)}",
               f"in {rng.choice(MONTHS)} {published.year - rng.randint(1, 6)}"]
    if published.month > 2:
        earlier = MONTHS[rng.randrange(published.month - 1)]  # a month already past this year
        choices += ["earlier this year", f"in {earlier}", f"in late {earlier}"]
    return rng.choice(choices)


def past_month(rng: Random, published: date) -> str:
    """A month and year before publication, as a bare noun phrase (`March 2021`)."""
    return f"{rng.choice(MONTHS)} {published.year - rng.randint(1, 5)}"


def future_phrase(rng: Random, published: date) -> str:
    """A loose date after publication: `next month`, `later this year`, `in October`..."""
    choices = ["next month", "next week", "early next year", f"in {published.year + 1}"]
    if published.month < 11:
        later = MONTHS[rng.randrange(published.month, 12)]  # a month still to come this year
        choices += ["later this year", "by the end of the year", f"in {later}"]
    return rng.choice(choices)


def future_day(rng: Random, published: date) -> str:
    """A day within the next fortnight, as a bare weekday or date (`Friday`, `June 3`)."""
    day = published + timedelta(days=rng.randint(2, 14))
    return WEEKDAYS[day.weekday()] if day - published < timedelta(days=7) else _absolute(rng, day, published)
