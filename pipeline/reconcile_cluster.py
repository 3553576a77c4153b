"""Clustering one block of event mentions (`interval_blocks_v15`, steps 2 to 4 of `pipeline.reconcile`).

Day-level mentions link when their intervals overlap within the day tolerance and their weapon
families and range groups agree (union-find); coarser and undated mentions then join the one
compatible cluster they fit, found through `_ClusterIndex`; last, strays that the text ties to a
known cluster but whose details conflict with it join it without a vote (`_absorb_strays`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from pipeline.event_model import LEAD_SENTENCES

PRECISE = {"day", "time", "week"}
DAY_LEVEL = {"day", "time"}
# Classes no report confuses: a short-range missile is never the ICBM or satellite rocket of the
# same day.  Classes left out (BM, HGV, SLBM, MRBM...) are compatible with either side.
RANGE_GROUPS = {**dict.fromkeys(("SRBM", "CRUISE", "MRL", "SAM", "ASBM"), "short"),
                **dict.fromkeys(("ICBM", "IRBM", "SLV"), "long")}
# A "long-range ballistic missile" is classed BM (its bracket depends on who says it), but it is
# never a short-range one: it must not bridge the night's SRBM to the next morning's ICBM.
LONG_RANGE_ENTITIES = {"class.long-range-ballistic-missile"}


def range_group(row: dict) -> str | None:
    """The range group a mention's weapon commits it to, if any."""
    group = RANGE_GROUPS.get(row["weapon_class"])
    if group is None and row.get("weapon_entity_id") in LONG_RANGE_ENTITIES:
        return "long"
    return group


def _interval(row: dict) -> tuple[date, date] | None:
    if row["date_start"] is None:
        return None
    return row["date_start"], row["date_end"] or row["date_start"]


def _overlaps(a: tuple[date, date] | None, b: tuple[date, date] | None, tolerance: int = 0) -> bool:
    """Intervals that overlap once a gap of up to `tolerance` days is allowed between them."""
    gap = timedelta(days=tolerance)
    return a is not None and b is not None and a[0] <= b[1] + gap and b[0] <= a[1] + gap


def _within_tolerance(a: tuple[date, date], b: tuple[date, date], gap: timedelta) -> bool:
    """Do two precise intervals fit one launch?  The day tolerance (time zones, a report's day)
    widens single days only: "last week" must not reach the Monday after it (v8), which would chain
    the launches of two Mondays a week apart."""
    if a[1] - a[0] >= timedelta(days=1) or b[1] - b[0] >= timedelta(days=1):
        gap = timedelta(0)
    return _overlaps(a, b, gap.days)


GRANULARITY_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "year": 5, "decade": 6,
                    "century": 7}


def specificity(row: dict) -> tuple:
    """Sort key of mentions, most specific date first: the best of a cluster gives its event's date."""
    source_rank = {"sentence": 0, "anaphora": 1, "published": 2}.get(row["date_source"], 3)
    width = (row["date_end"] - row["date_start"]).days if row["date_start"] and row["date_end"] else 10**6
    return (source_rank, GRANULARITY_RANK.get(row["granularity"], 9), width, row["article_id"], row["start_char"])


NO_TRAITS = (frozenset(),) * 5
MAX_PRECISE_WIDTH = timedelta(days=7)  # a week, the coarsest "precise" granularity


def _traits(row: dict) -> tuple[frozenset, frozenset, frozenset, frozenset, frozenset]:
    """(weapon families, range groups, (article, day) pairs, local lead days, long-range families)
    a mention commits its cluster to."""
    families = frozenset([row["weapon_family"]]) if row["weapon_family"] else frozenset()
    group = range_group(row)
    named_day = row["granularity"] in DAY_LEVEL and row.get("date_source") == "sentence"
    # Only a day named for the mention counts: a clock time takes its day from the words around
    # it ("5:21 p.m. Hawaii time on Saturday, or early on Sunday in Korea"), often another zone's.
    # Nor does a day counted back from another ("hours after the North fired", v11): it may be the
    # day before.
    days = frozenset([(row["article_id"], row["date_start"])]) \
        if named_day and row["granularity"] == "day" and not row.get("date_counted_back") else frozenset()
    # Local copy names the launch's own day in its lead, clock times included (v9); a day counted
    # back ("Monday, a week after the country launched") is no day the lead names (v10).
    lead = frozenset([row["date_start"]]) if named_day and row.get("dateline_local") \
        and not row.get("date_counted_back") \
        and not row.get("historical") and (row.get("sentence_index") or 0) < LEAD_SENTENCES else frozenset()
    return families, frozenset([group]) if group else frozenset(), days, lead, \
        families if group == "long" else frozenset()


def _commits(traits: tuple) -> bool:
    """Does the mention name a weapon family or range group (not only a day of its article)?"""
    return bool(traits[0] or traits[1])


def _compatible(a: tuple, b: tuple) -> bool:
    """One family, one range group, one day of local leads, and no article that dates the two
    sides to different days ("three missiles on Monday ... two more on Tuesday": the one-day
    tolerance for time zones must not merge what one report tells apart).  v13: long-range
    families may differ: a day's one long-range launch is often disputed ("probably an older
    Hwasong-15 rather than the new Hwasong-17 Pyongyang showcased"), and no actor has fired two
    long-range types within a day of each other."""
    families = a[0] | b[0]
    if len(families) > 1 and not families <= a[4] | b[4]:
        return False
    if len(a[1] | b[1]) > 1 or len(a[3] | b[3]) > 1:
        return False
    days = dict(a[2])
    return all(days.get(article, day) == day for article, day in b[2])


def _merge_traits(a: tuple, b: tuple) -> tuple:
    return tuple(mine | theirs for mine, theirs in zip(a, b))


def _cluster_traits(cluster: list[dict]) -> tuple:
    traits = NO_TRAITS
    for row in cluster:
        traits = _merge_traits(traits, _traits(row))
    return traits


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


class Cluster(NamedTuple):
    """One event's mentions: `members` vote on its fields; `strays` (v13) belong to it but
    contradict it, so they are counted and listed in its conflicts without a vote."""
    members: list
    strays: list


def cluster_block(rows: list[dict], tolerance: int) -> list[Cluster]:
    """The events of one block of mentions, as clusters (steps 2 to 4 of the policy)."""
    is_precise = [r["granularity"] in PRECISE and r["date_start"] is not None for r in rows]
    precise = [r for r, keep in zip(rows, is_precise) if keep]
    coarse = [r for r, keep in zip(rows, is_precise) if not keep]
    found = _ClusterIndex(_link_precise(precise, tolerance))
    leftovers: dict[tuple, list[dict]] = defaultdict(list)
    for row in coarse:
        target = found.home(row)
        if target is None:
            leftovers[(row["date_start"], row["date_end"], row["weapon_family"],
                       row["article_id"] if row["date_start"] is None else None)].append(row)
        else:
            found.add(target, row)
    return _absorb_strays(found, list(leftovers.values()))


# v13: a coarse mention joins a conflicting known launch only within a season ("in March"), not
# a year: a year holds too many launches for "the best-reported of them" to mean anything.
MAX_STRAY_WIDTH = timedelta(days=92)
# Dates a mention takes from elsewhere: the article's main event (anaphora), the publication day.
INHERITED_DATES = {"anaphora", "published"}


def _absorb_strays(found: "_ClusterIndex", leftovers: list[list[dict]]) -> list[Cluster]:
    """v13: a cluster that founds an event only because its details conflict with the launch
    the text ties it to joins that launch as strays, instead of counting one launch twice:
    - mentions dated by anaphora alone ("the launch", "yet another missile": the article's main
      event, whose date they took) that conflict with that event's family or class join the
      cluster of the article's own mention of that day;
    - mentions past the lead with no date of their own (the publication day) join the article's
      first dated launch;
    - a lone mention past the lead, of no other report, that names a day next to its article's
      lead launch joins it (the day named is often the reaction's: "consultations on the
      launches Tuesday"), and v14 so does one naming a day next to the day of a launch that
      `WELL_REPORTED` articles report, whatever its details (`_near_report_host`);
    - a coarse mention ("short-range missiles in March") that fits known launches of its period
      but none compatibly (another family, another outcome) joins the best-reported of them,
      unless it names the other range group (an ICBM is no launch of the month's short-range
      salvos)."""
    host_of: dict[int, int] = {}
    for k, cluster in enumerate(found.clusters):
        host = _inherited_host(found, k, cluster)
        if host is not None:
            host_of[k] = host
    for lone_host in (_lone_mention_host, _near_report_host):
        for k, cluster in enumerate(found.clusters):
            host = None if k in host_of else lone_host(found, k, cluster)
            if host is not None and host not in host_of:
                host_of[k] = host
    strays: dict[int, list[dict]] = defaultdict(list)
    for k, host in host_of.items():
        strays[host].extend(found.clusters[k])
    kept = []
    for cluster in leftovers:
        host = _coarse_host(found, cluster)
        if host is None:
            kept.append(Cluster(cluster, []))
        else:
            strays[host_of.get(host, host)].extend(cluster)
    clusters = [Cluster(cluster, strays[k]) for k, cluster in enumerate(found.clusters) if k not in host_of]
    return _one_event_a_day(clusters) + kept


def _one_event_a_day(clusters: list[Cluster]) -> list[Cluster]:
    """v13: an actor's launches of one named day are one event, the day's salvo, whatever their
    types ("an ICBM ... plus two short-range missiles"), as launch databases count them: clusters
    whose event date is one day named in a sentence merge into the largest.  Types still keep the
    days around apart: the time-zone tolerance links only compatible types."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for k, cluster in enumerate(clusters):
        day = _own_day(cluster.members)
        if day is not None:
            by_day[day].append(k)
    merged_into: dict[int, int] = {}
    for ks in by_day.values():
        if len(ks) > 1:
            largest = min(ks, key=lambda k: (-len(clusters[k].members), k))
            merged_into.update({k: largest for k in ks if k != largest})
    result = {k: Cluster(list(c.members), list(c.strays)) for k, c in enumerate(clusters) if k not in merged_into}
    # The largest launch's mentions first: the event's ties go to it (`reconcile._vote`).
    for k, into in sorted(merged_into.items(), key=lambda item: (-len(clusters[item[0]].members), item[0])):
        result[into].members.extend(clusters[k].members)
        result[into].strays.extend(clusters[k].strays)
    return [result[k] for k in sorted(result)]


def _own_day(members: list[dict]) -> date | None:
    """The day a cluster's most specific mention (its event's date) names in its own sentence, if any."""
    best = min(members, key=specificity)
    return best["date_start"] if best["granularity"] in DAY_LEVEL and best.get("date_source") == "sentence" else None


def _inherited_host(found: "_ClusterIndex", k: int, cluster: list[dict]) -> int | None:
    """The cluster a cluster of one article's mentions with no date of their own belongs to.
    Dated by anaphora, they took the article's main event's day: its cluster is the one with that
    article's own mention of the day (the earliest in the article).  Dated by the publication
    day, they name no day, so any cluster the article dates itself is theirs: the earliest."""
    sources = {m.get("date_source") for m in cluster}
    if not sources <= INHERITED_DATES or len({m["article_id"] for m in cluster}) > 1:
        return None
    if "published" in sources and any((m.get("sentence_index") or 0) < LEAD_SENTENCES for m in cluster):
        return None   # today's news, which wire copy often leaves undated
    day = None if "published" in sources else cluster[0]["date_start"]
    return _article_host(found, k, cluster[0]["article_id"],
                         lambda m: m.get("date_source") == "sentence" and day in (None, m["date_start"]))


def _lone_mention_host(found: "_ClusterIndex", k: int, cluster: list[dict]) -> int | None:
    """A lone mention past the lead that names a day next to its article's lead launch, found by no
    other report ("The Security Council held consultations on the launches Tuesday"), is that
    launch: the day it names is the sentence's, often of a reaction."""
    row = _lone_dated_mention(cluster)
    if row is None:
        return None
    return _article_host(found, k, row["article_id"],
                         lambda m: (m.get("sentence_index") or 0) < LEAD_SENTENCES and m["granularity"] in DAY_LEVEL
                         and m["date_start"] is not None and abs((m["date_start"] - row["date_start"]).days) <= 1)


def _lone_dated_mention(cluster: list[dict]) -> dict | None:
    """The mention of a one-mention cluster past the lead that names a day in its own sentence."""
    if len(cluster) > 1:
        return None
    row = cluster[0]
    if (row.get("sentence_index") or 0) < LEAD_SENTENCES or row.get("date_source") != "sentence" \
            or row["granularity"] not in DAY_LEVEL or row["date_start"] is None:
        return None
    return row


# v14: reports a launch must have for a lone mention of the next or previous day to be taken for it.
WELL_REPORTED = 3


def _near_report_host(found: "_ClusterIndex", k: int, cluster: list[dict]) -> int | None:
    """v14: a lone mention past the lead, of no other report, naming a day next to a launch that
    `WELL_REPORTED` articles report, is that launch, whatever its details: the day or the weapon of
    a background sentence is more often misread ("in an interview aired Sunday, one day after a
    missile fizzled out minutes after liftoff") than a launch is missed by every other report.
    The best-reported such launch when there are two."""
    row = _lone_dated_mention(cluster)
    if row is None:
        return None
    day = row["date_start"]
    near = [j for j in found.overlapping((day - timedelta(days=1), day + timedelta(days=1))) if j != k
            and len({m["article_id"] for m in found.clusters[j]}) >= WELL_REPORTED and _next_to(found.clusters[j], day)]
    return found.best_reported(sorted(near), None)


def _next_to(cluster: list[dict], day: date) -> bool:
    """Is `day` within a day of the day the cluster's own sentences name (not of a day its
    mentions merely reach: a publication day chained to the next day's launch is no anchor)?"""
    own = _own_day(cluster)
    return own is not None and abs((own - day).days) <= 1


def _article_host(found: "_ClusterIndex", k: int, article: str, counts) -> int | None:
    """Among the other clusters with mentions of `article`, the one where a mention of it that
    `counts` comes first in the article (then the larger cluster)."""
    hosts = []
    for j in sorted(found.by_article[article] - {k}):
        first = min((m.get("sentence_index") or 0 for m in found.clusters[j]
                     if m["article_id"] == article and counts(m)), default=None)
        if first is not None:
            hosts.append((first, -len(found.clusters[j]), j))
    return min(hosts)[2] if hosts else None


def _coarse_host(found: "_ClusterIndex", cluster: list[dict]) -> int | None:
    """The best-reported known launch of the period (`MAX_STRAY_WIDTH` at most) of a cluster of
    coarse mentions (of one interval) that is of their range group or of none."""
    interval = _interval(cluster[0])
    if interval is None or interval[1] - interval[0] > MAX_STRAY_WIDTH:
        return None
    groups = {group for m in cluster if (group := range_group(m)) is not None}
    candidates = sorted(k for k in found.overlapping(interval) if len(found.traits[k][1] | groups) <= 1)
    return found.best_reported(candidates, None)


class _ClusterIndex:
    """Day-level clusters indexed by their mentions' days and articles, so that placing a
    coarse or undated mention costs a lookup, not a scan of every cluster of the block."""

    def __init__(self, clusters: list[list[dict]]):
        self.clusters = clusters
        self.traits = [_cluster_traits(c) for c in clusters]
        self.by_article: dict[str, set[int]] = defaultdict(set)
        self.days: list[list[tuple[date, date]]] = []   # the precise intervals of each cluster
        spans = []
        for k, cluster in enumerate(clusters):
            for m in cluster:
                self.by_article[m["article_id"]].add(k)
            # A coarse mention fits an event by the event's own days: its day-level mentions when
            # it has any ("a week earlier" reaching back into February is no February launch).
            core = [m for m in cluster if m["granularity"] in DAY_LEVEL] or cluster
            self.days.append([_interval(m) for m in core])
            spans.append((min(d[0] for d in self.days[k]), max(d[1] for d in self.days[k]), k))
        spans.sort()
        self.spans = spans
        self.starts = [span[0] for span in spans]
        # Clusters chain day-level mentions, so a span can be long: look back by the longest.
        self.widest = max((span[1] - span[0] for span in spans), default=timedelta(0))

    def add(self, k: int, row: dict) -> None:
        self.clusters[k].append(row)
        self.traits[k] = _merge_traits(self.traits[k], _traits(row))
        self.by_article[row["article_id"]].add(k)

    def overlapping(self, interval: tuple[date, date]) -> set[int]:
        # Coarse periods get no tolerance: "2022" must not reach a launch on 2023-01-01.
        low = bisect_left(self.starts, interval[0] - self.widest)
        high = bisect_right(self.starts, interval[1])
        return {k for start, end, k in self.spans[low:high] if start <= interval[1] and interval[0] <= end
                and any(_overlaps(interval, day) for day in self.days[k])}

    def home(self, row: dict) -> int | None:
        """The one cluster a coarse or undated mention belongs to, if it is unambiguous."""
        interval = _interval(row)
        own = self.by_article.get(row["article_id"], set())
        candidates = own if interval is None else self.overlapping(interval)
        traits = _traits(row)
        compatible = sorted(k for k in candidates if _compatible(self.traits[k], traits))
        own_article = [k for k in compatible if k in own]
        if interval is None:
            # An undated background launch ("days after the failed attempt") is not today's.
            if row.get("historical"):
                return None
            return own_article[0] if len(own_article) == 1 else None
        if len(own_article) == 1:
            return own_article[0]
        if len(own_article) > 1 and not row.get("historical"):
            # "its third straight failed launch this month": its article's news, not the background.
            news = [k for k in own_article if any(m["article_id"] == row["article_id"] and not m.get("historical")
                                                  for m in self.clusters[k])]
            if len(news) == 1:
                return news[0]
        if len(compatible) > 1 and row["weapon_family"]:
            # "the March Hwasong-18 test" among several March launches: the one of its family; when none
            # names one, the family is news to all of them ("four extended-range Scuds in March" among
            # March launches the day's reports called ballistic missiles), so all stay candidates (v12).
            compatible = [k for k in compatible if row["weapon_family"] in self.traits[k][0]] or compatible
        group = range_group(row)
        if len(compatible) > 1 and group:
            # "an ICBM early this month" among the month's launches: one known to be long-range, if any (v11).
            compatible = [k for k in compatible if group in self.traits[k][1]] or compatible
        if len(compatible) > 1:
            # v7: news or background, a coarse mention that fits several known launches is one of them.
            return self.best_reported(compatible, row.get("outcome"))
        return compatible[0] if compatible else None

    def best_reported(self, candidates: list[int], outcome: str | None) -> int | None:
        """A coarse mention ("in March it fired four at once") that fits several known launches is one of
        them: the best reported (most mentions, then earliest) whose outcome it does not contradict."""
        if outcome in {"success", "failure"}:
            candidates = [k for k in candidates
                          if {m["outcome"] for m in self.clusters[k]} & {"success", "failure"} <= {outcome}]
        return min(candidates, key=lambda k: (-len(self.clusters[k]), min(d[0] for d in self.days[k]), k),
                   default=None)


def _link_precise(rows: list[dict], tolerance: int) -> list[list[dict]]:
    """Clusters of day-level mentions.  Mentions that commit to a weapon family or range class
    link first; a vague one ("the missile") then joins the compatible cluster nearest to it
    (its own article, then the closest day, then the larger cluster), so that it cannot chain a
    short-range launch to the next day's ICBM; vague mentions left over link among themselves."""
    union = _UnionFind(len(rows))
    intervals = [_interval(r) for r in rows]
    gap = timedelta(days=tolerance)
    traits = {i: _traits(row) for i, row in enumerate(rows)}
    committed = [i for i in range(len(rows)) if _commits(traits[i])]
    vague = [i for i in range(len(rows)) if not _commits(traits[i])]
    _sweep(committed, intervals, union, traits, gap)
    starts = sorted((intervals[j][0], j) for j in committed)
    sizes = Counter(union.find(j) for j in committed)
    leftover = []
    for i in vague:
        low = bisect_left(starts, (intervals[i][0] - gap - MAX_PRECISE_WIDTH, -1))
        high = bisect_right(starts, (intervals[i][1] + gap, len(rows)))
        nearby = [j for _, j in starts[low:high] if _within_tolerance(intervals[i], intervals[j], gap)
                  and _compatible(traits[union.find(j)], traits[i])]
        if not nearby:
            leftover.append(i)
            continue
        best = min(nearby, key=lambda j: (rows[j]["article_id"] != rows[i]["article_id"],
                                          abs((intervals[j][0] - intervals[i][0]).days),
                                          -sizes[union.find(j)], j))
        root = union.find(best)
        union.union(root, i)
        # The union may renumber the root: carry the cluster's traits and size over.
        traits[union.find(i)], sizes[union.find(i)] = _merge_traits(traits[root], traits[i]), sizes[root] + 1
    _sweep(leftover, intervals, union, traits, gap)
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[union.find(i)].append(row)
    return [groups[k] for k in sorted(groups)]


def _sweep(indices: list[int], intervals: list, union: _UnionFind, traits: dict, gap: timedelta) -> None:
    """Link overlapping mentions whose clusters stay compatible: same-day links first, so that a
    report of the next day joins its own day's launch before the tolerance can pull it to the day
    before, then within the tolerance.  In start order a pair can only link while the later start
    is within the earlier interval (+ allowed gap), so each mention meets its neighbours only."""
    order = sorted(indices, key=lambda k: intervals[k])
    for allowed in (timedelta(0), gap):
        for position, i in enumerate(order):
            for j in order[position + 1:]:
                if intervals[j][0] > intervals[i][1] + allowed:
                    break
                if not _within_tolerance(intervals[i], intervals[j], allowed):
                    continue
                a, b = union.find(i), union.find(j)
                if a != b and _compatible(traits[a], traits[b]):
                    union.union(a, b)
                    traits[union.find(a)] = _merge_traits(traits[a], traits[b])
