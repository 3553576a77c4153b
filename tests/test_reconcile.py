"""Reconciliation: blocking, interval compatibility, votes, conflicts, stable ids."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.reconcile import POLICY, reconcile


def mention(article="a1", start=0, event_type="LAUNCH", actor="PRK", realis="actual", day=None, end=None,
            granularity="day", outcome=None, stage=None, family=None, source="sentence", relative=False,
            payload=None, published=date(2023, 8, 25), weapon_class=None, sentence=0):
    return {"article_id": article, "mention_id": f"{article}-{start}", "start_char": start, "event_type": event_type,
            "actor_country": actor, "realis": realis, "date_start": day, "date_end": end or day,
            "granularity": granularity if day else None, "outcome": outcome, "failure_stage": stage,
            "weapon_family": family, "weapon_entity_id": f"weapon.{family}" if family else None,
            "weapon_class": weapon_class or ("SLV" if family else None), "payload_entity_id": payload,
            "target_country": None, "sentence_index": sentence,
            "date_source": source if day else None, "date_relative": relative, "published": published,
            "event_id": None}


def test_day_level_mentions_within_one_day_merge_across_articles():
    rows = [mention("a1", day=date(2023, 8, 24), outcome="failure"),
            mention("a2", day=date(2023, 8, 25), outcome="failure"),
            mention("a3", day=date(2023, 8, 27))]
    rows, events = reconcile(rows, day_tolerance=1)
    assert rows[0]["event_id"] == rows[1]["event_id"] != rows[2]["event_id"]
    merged = next(e for e in events if e["n_mentions"] == 2)
    assert merged["n_articles"] == 2 and merged["outcome"] == "failure" and merged["policy"] == POLICY


def test_a_week_mention_does_not_reach_the_day_after_it():
    # "Last week" (Mar 2-8) holds the launch of Monday, Mar 2, and ends the day before Monday, Mar 9:
    # the day tolerance widens single days, not weeks, so the two Mondays stay two launches (v8).
    rows = [mention("a1", day=date(2020, 3, 2)),
            mention("a2", day=date(2020, 3, 2), end=date(2020, 3, 8), granularity="week"),
            mention("a2", 5, day=date(2020, 3, 9)),
            mention("a3", day=date(2020, 3, 9))]
    rows, events = reconcile(rows, day_tolerance=1)
    assert rows[0]["event_id"] == rows[1]["event_id"] != rows[2]["event_id"] == rows[3]["event_id"]
    assert len(events) == 2


def test_an_actual_launch_without_any_outcome_is_a_success_by_silence_a_plan_stays_unknown():
    rows = [mention("a1", day=date(2023, 8, 24)), mention("a2", day=date(2023, 8, 24)),
            mention("a3", day=date(2023, 9, 24), outcome="failure"),
            mention("a4", day=date(2023, 10, 24), realis="planned")]
    rows, events = reconcile(rows)
    by_day = {e["date_start"]: e for e in events}
    assert (by_day[date(2023, 8, 24)]["outcome"], by_day[date(2023, 8, 24)]["outcome_evidence"]) == \
        ("success", "no_failure_reported")
    assert (by_day[date(2023, 9, 24)]["outcome"], by_day[date(2023, 9, 24)]["outcome_evidence"]) == \
        ("failure", "stated")
    assert (by_day[date(2023, 10, 24)]["outcome"], by_day[date(2023, 10, 24)]["outcome_evidence"]) == \
        ("unknown", None)


def test_month_mention_joins_the_day_inside_it():
    rows = [mention("a1", day=date(2023, 5, 31)),
            mention("a2", day=date(2023, 5, 1), end=date(2023, 5, 31), granularity="month")]
    rows, events = reconcile(rows)
    assert len(events) == 1 and events[0]["date_start"] == date(2023, 5, 31)
    assert events[0]["granularity"] == "day"


def test_month_mention_among_several_days_joins_the_one_of_its_family():
    march = dict(day=date(2023, 3, 1), end=date(2023, 3, 31), granularity="month")
    rows = [mention("a1", day=date(2023, 3, 9), family="hwasong-17"),
            mention("a2", day=date(2023, 3, 16), family="hwasong-18"),
            mention("a3", family="hwasong-18", **march),
            mention("a4", 5, **march)]
    rows, events = reconcile(rows)
    assert rows[2]["event_id"] == rows[1]["event_id"]
    # Without a family, two compatible days are ambiguous: v7 gives the month to the better reported one
    # (two mentions with the March Hwasong-18's), rather than count a launch no other report knows.
    assert rows[3]["event_id"] == rows[1]["event_id"]
    assert len(events) == 2


def test_month_mention_fits_an_event_by_its_days_not_a_week_reaching_into_the_month():
    # "a rocket launch last month" (February) is the Feb 7 launch, although the Mar 3 launch has a
    # "a week earlier" mention whose week starts on Feb 29.
    rows = [mention("a1", day=date(2016, 2, 7)),
            mention("a2", day=date(2016, 3, 3)),
            mention("a3", day=date(2016, 2, 29), end=date(2016, 3, 6), granularity="week"),
            mention("a4", day=date(2016, 2, 1), end=date(2016, 2, 29), granularity="month")]
    rows, events = reconcile(rows)
    assert rows[3]["event_id"] == rows[0]["event_id"] and rows[2]["event_id"] == rows[1]["event_id"]
    assert len(events) == 2


def test_the_launchers_own_success_claim_yields_to_independent_reports():
    kcna = [mention(f"kcna{i}", day=date(2009, 4, 5), outcome="success") for i in range(3)]
    for row in kcna:
        row["outcome_evidence"] = "claimed"
    norad = mention("norad", day=date(2009, 4, 5), outcome="failure")
    _, events = reconcile([*kcna, norad])
    assert len(events) == 1 and events[0]["outcome"] == "failure" and "outcome" in events[0]["conflicts"]
    # Alone, the claim is the best there is.
    _, events = reconcile(kcna)
    assert events[0]["outcome"] == "success"


def test_year_mention_does_not_reach_across_new_year():
    rows = [mention("a1", day=date(2023, 1, 1)),
            mention("a1", 10, day=date(2022, 1, 1), end=date(2022, 12, 31), granularity="year")]
    _, events = reconcile(rows)
    assert len(events) == 2


def test_planned_and_actual_never_merge_and_types_and_actors_block():
    rows = [mention("a1", day=date(2023, 10, 1), end=date(2023, 10, 31), granularity="month", realis="planned"),
            mention("a2", day=date(2023, 10, 5)),
            mention("a3", day=date(2023, 10, 5), actor="JPN"),
            mention("a4", day=date(2023, 10, 5), event_type="CONDEMN")]
    _, events = reconcile(rows)
    assert len(events) == 4


def test_conflicting_families_of_adjacent_days_do_not_merge():
    rows = [mention("a1", day=date(2019, 7, 31), family="kn-25", weapon_class="SRBM"),
            mention("a2", day=date(2019, 8, 1), family="kn-23", weapon_class="SRBM")]
    _, events = reconcile(rows)
    assert len(events) == 2


def test_one_named_days_launches_of_several_types_are_one_salvo():
    # v13: "an ICBM ... plus short-range missiles from Kaechon" is the day's one launch event; the
    # most-reported launch of the day gives its weapon, the others are listed in conflicts.
    icbm = [mention(f"a{i}", day=date(2022, 11, 3), family="hwasong-17", weapon_class="ICBM", outcome="failure")
            for i in range(3)]
    srbm = [mention(f"b{i}", day=date(2022, 11, 3), family="kn-23", weapon_class="SRBM") for i in range(2)]
    rows, events = reconcile([*srbm, *icbm])
    assert len(events) == 1 and len({r["event_id"] for r in rows}) == 1
    assert (events[0]["weapon_family"], events[0]["outcome"], events[0]["n_mentions"]) == ("hwasong-17", "failure", 5)
    assert "weapon_family" in events[0]["conflicts"]
    # A tie goes to the most-reported launch's weapon, not to the first name in the alphabet.
    most_reported = [mention("c1", day=date(2022, 11, 3), family="kn-23", weapon_class="SRBM"),
                     mention("c1", 10, day=date(2022, 11, 3), weapon_class="SRBM"),
                     mention("c2", day=date(2022, 11, 3), weapon_class="SRBM")]
    _, events = reconcile([*most_reported, icbm[0]])
    assert len(events) == 1 and events[0]["weapon_family"] == "kn-23"
    # Dated only by the publication day or a clock time's day, a launch names no day of its own.
    _, events = reconcile([*icbm, {**srbm[0], "date_source": "published", "sentence_index": 0}])
    assert len(events) == 2


@pytest.mark.parametrize("other_class, n_events", [("ICBM", 1), ("IRBM", 1), ("SRBM", 2), ("MRBM", 2)])
def test_one_days_long_range_launch_may_be_disputed_between_families(other_class, n_events):
    # v13: "probably an older Hwasong-15 rather than the new Hwasong-17", reported a day apart
    # across time zones, is one launch of two long-range families; a short-range family, or one not
    # known to be long-range, stays apart.
    claimed = [mention(f"k{i}", day=date(2022, 3, 24), family="hwasong-17", weapon_class="ICBM") for i in range(3)]
    disputed = mention("a1", day=date(2022, 3, 23), family="hwasong-15", weapon_class=other_class)
    rows, events = reconcile([*claimed, disputed])
    assert len(events) == n_events
    if n_events == 1:
        assert events[0]["weapon_family"] == "hwasong-17" and "weapon_family" in events[0]["conflicts"]


def test_an_anaphor_that_conflicts_with_its_antecedent_joins_it_without_a_vote():
    # v13: "North Korea launched yet another intermediate-range missile", dated by anaphora to the
    # article's main launch, is that launch even when its class or family conflicts with it.
    lead = mention("a1", day=date(2017, 4, 5), family="pukguksong-2", weapon_class="MRBM", outcome="failure")
    other = mention("a2", day=date(2017, 4, 5), family="pukguksong-2", weapon_class="MRBM")
    anaphor = mention("a1", 50, day=date(2017, 4, 5), family="hwasong-12", weapon_class="IRBM",
                      outcome="success", source="anaphora", sentence=8)
    rows, events = reconcile([lead, other, anaphor])
    assert len(events) == 1 and len({r["event_id"] for r in rows}) == 1
    event = events[0]
    assert (event["weapon_family"], event["outcome"], event["n_mentions"]) == ("pukguksong-2", "failure", 3)
    assert {"weapon_family", "outcome"} <= set(event["conflicts"].split(","))
    # Without an antecedent of its own article, the anaphor keeps its event.
    _, events = reconcile([other, {**anaphor, "article_id": "a3"}])
    assert len(events) == 2


def test_a_coarse_mention_that_fits_a_known_launch_but_conflicts_joins_the_best_reported():
    # v13: "short-range missiles in March" whose stated failure contradicts every March launch.
    march = [mention(f"a{i}", day=date(2020, 3, 2), weapon_class="SRBM", outcome="success") for i in range(3)]
    later = mention("b1", day=date(2020, 3, 21), weapon_class="SRBM", outcome="success")
    coarse = mention("c1", day=date(2020, 3, 1), end=date(2020, 3, 31), granularity="month",
                     weapon_class="SRBM", outcome="failure")
    rows, events = reconcile([*march, later, coarse])
    assert len(events) == 2
    host = next(e for e in events if e["n_mentions"] == 4)
    assert rows[-1]["event_id"] == host["event_id"] and host["outcome"] == "success"
    # A coarse long-range mention is no launch of a month of short-range salvos; nor does a year
    # (too many launches for "the best-reported" to mean one) join a conflicting launch.
    icbm = {**coarse, "weapon_class": "ICBM", "outcome": None}
    year = {**coarse, "date_end": date(2020, 12, 31), "granularity": "year"}
    assert len(reconcile([*march, later, icbm])[1]) == 3
    assert len(reconcile([*march, later, year])[1]) == 3


def test_a_lone_mention_past_the_lead_next_to_its_articles_lead_launch_joins_it():
    # v13: "The Security Council held consultations on the launches Tuesday" (the day of the
    # reaction) is the lead's Monday launch, found by no other report.
    lead = mention("a1", day=date(2016, 9, 5), sentence=0)
    other = mention("a2", day=date(2016, 9, 5))
    lone = mention("a1", 90, day=date(2016, 9, 6), sentence=7)
    rows, events = reconcile([lead, other, lone])
    assert len(events) == 1 and len({r["event_id"] for r in rows}) == 1
    assert events[0]["date_start"] == date(2016, 9, 5) and events[0]["n_mentions"] == 3
    # Reported by another article too, two days away, or in the lead, it is a launch of its own.
    corroborated = mention("a3", day=date(2016, 9, 6))
    assert len(reconcile([lead, other, lone, corroborated])[1]) == 2
    assert len(reconcile([lead, other, {**lone, "date_start": date(2016, 9, 7), "date_end": date(2016, 9, 7)}])[1]) == 2
    assert len(reconcile([lead, other, {**lone, "sentence_index": 1}])[1]) == 2


def test_a_lone_mention_next_to_a_well_reported_launch_joins_it_without_a_vote():
    # v14: "in an interview aired Sunday, one day after a North Korean missile fizzled out minutes
    # after liftoff": a lone background mention naming the day after a launch three reports date is
    # that launch, even with another class and outcome; as a stray it does not vote on them.
    reports = [mention(a, day=date(2017, 4, 29), outcome="failure", weapon_class="SRBM") for a in ("a1", "a2", "a3")]
    lone = mention("a4", 50, day=date(2017, 4, 30), outcome="success", weapon_class="ICBM", sentence=4)
    rows, events = reconcile(reports + [lone])
    assert len(events) == 1 and len({r["event_id"] for r in rows}) == 1
    event = events[0]
    assert (event["date_start"], event["outcome"], event["weapon_class"], event["n_mentions"]) == \
        (date(2017, 4, 29), "failure", "SRBM", 4)
    # Two reports are not enough; nor is a lone mention in the lead, two days away, or a mention
    # next to a day the launch only reaches through a publication date chained to it.
    assert len(reconcile(reports[:2] + [lone])[1]) == 2
    assert len(reconcile(reports + [{**lone, "sentence_index": 1}])[1]) == 2
    two_days = {**lone, "date_start": date(2017, 5, 1), "date_end": date(2017, 5, 1)}
    assert len(reconcile(reports + [two_days])[1]) == 2
    chained = mention("a5", 60, day=date(2017, 4, 30), source="published", weapon_class="SRBM", sentence=0)
    assert len(reconcile(reports + [chained, two_days])[1]) == 2


def test_an_undated_mention_past_the_lead_joins_its_articles_dated_launch():
    # v13: "the firing from Sohae", no date of its own past the lead, is the article's news;
    # in the lead, the publication day is the launch's own ("fired a missile, the ministry said").
    dated = mention("a1", day=date(2022, 12, 18), weapon_class="SRBM")
    later = mention("a1", 80, day=date(2022, 12, 19), weapon_class="SLV", source="published", sentence=3)
    rows, events = reconcile([dated, later])
    assert len(events) == 1 and events[0]["date_start"] == date(2022, 12, 18)
    rows, events = reconcile([dated, {**later, "sentence_index": 0}])
    assert len(events) == 2


def test_short_and_long_range_classes_of_adjacent_days_do_not_merge():
    srbm = mention("a1", day=date(2023, 12, 17))
    icbm = mention("a1", 10, day=date(2023, 12, 18))
    vague = mention("a2", day=date(2023, 12, 18))
    srbm["weapon_class"], icbm["weapon_class"], vague["weapon_class"] = "SRBM", "ICBM", "BM"
    rows, events = reconcile([srbm, icbm, vague])
    assert rows[0]["event_id"] != rows[1]["event_id"]
    assert len(events) == 2


def test_an_article_that_names_two_days_reports_two_launches():
    # "three missiles on Monday ... two more on Tuesday": within the day tolerance, but two launches ...
    monday, tuesday = mention("a1", day=date(2009, 5, 25)), mention("a1", 10, day=date(2009, 5, 26))
    other = mention("a2", day=date(2009, 5, 26))
    rows, events = reconcile([monday, tuesday, other])
    assert rows[0]["event_id"] != rows[1]["event_id"] == rows[2]["event_id"] and len(events) == 2
    # ... while a clock time's day (often another time zone's) does not tell launches apart.
    clock = mention("a1", 10, day=date(2009, 5, 26), granularity="time")
    rows, events = reconcile([mention("a1", day=date(2009, 5, 25)), clock])
    assert len(events) == 1


def local_lead(article, day, local=True, sentence=0, granularity="day", historical=False, counted_back=False):
    """A lead mention of copy filed where the actor's clock is kept (`dateline_local`)."""
    return {**mention(article, day=day, granularity=granularity), "dateline_local": local, "sentence_index": sentence,
            "historical": historical, "date_counted_back": counted_back}


@pytest.mark.parametrize("second, events", [
    # Seoul's copy of Saturday and of Sunday: two launches, although a day apart ...
    (local_lead("a2", date(2014, 3, 23)), 2),
    (local_lead("a2", date(2014, 3, 23), granularity="time"), 2),
    # ... not so copy filed elsewhere (its day may be another zone's), a day named after the lead, or
    # a background launch
    (local_lead("a2", date(2014, 3, 23), local=False), 1),
    (local_lead("a2", date(2014, 3, 23), local=None), 1),
    (local_lead("a2", date(2014, 3, 23), sentence=2), 1),
    (local_lead("a2", date(2014, 3, 23), historical=True), 1),
    # ... or a day counted back ("said Monday, a week after the country launched"): approximate (v10)
    (local_lead("a2", date(2014, 3, 23), counted_back=True), 1),
])
def test_local_leads_of_consecutive_days_report_two_launches(second, events):
    rows, found = reconcile([local_lead("a1", date(2014, 3, 22)), second])
    assert len(found) == events


def test_a_counted_back_day_does_not_tell_launches_apart():
    # "SEOUL/TOKYO, Dec 18 - North Korea fired an ICBM on Monday ..., hours after it launched a
    # short-range missile": the SRBM dated Monday (counted back, v11) is Sunday's.
    sunday = mention("a1", day=date(2023, 12, 17))
    icbm = mention("a2", day=date(2023, 12, 18))
    srbm = {**mention("a2", 10, day=date(2023, 12, 18)), "date_counted_back": True}
    sunday["weapon_class"], icbm["weapon_class"], srbm["weapon_class"] = "SRBM", "ICBM", "SRBM"
    also_sunday = mention("a2", 20, day=date(2023, 12, 17))
    also_sunday["weapon_class"] = "SRBM"
    rows, events = reconcile([sunday, icbm, srbm, also_sunday])
    assert rows[2]["event_id"] == rows[0]["event_id"] != rows[1]["event_id"] and len(events) == 2
    # Named as the article's own day, it is one more missile of Monday's salvo (v13).
    srbm["date_counted_back"] = False
    rows, events = reconcile([sunday, icbm, srbm, also_sunday])
    assert rows[2]["event_id"] == rows[1]["event_id"] != rows[0]["event_id"] and len(events) == 2


def test_stated_outcomes_outvote_inferred_ones():
    rows = [mention("a1", day=date(2022, 11, 18), outcome="success"),
            mention("a2", day=date(2022, 11, 18), outcome="success"),
            mention("a3", day=date(2022, 11, 18), outcome="failure")]
    rows[0]["outcome_evidence"] = rows[1]["outcome_evidence"] = "inferred"
    rows[2]["outcome_evidence"] = "stated"
    _, events = reconcile(rows)
    assert events[0]["outcome"] == "failure"
    rows[2]["outcome"] = None
    _, events = reconcile(rows)
    assert events[0]["outcome"] == "success"


def test_undated_background_mention_does_not_join_todays_launch():
    rows = [mention("a1", day=date(2024, 5, 30)), mention("a1", 10, outcome="failure")]
    rows[1]["historical"] = True
    rows, events = reconcile(rows)
    assert rows[0]["event_id"] != rows[1]["event_id"]
    # Today's launch does not take the background failure: no report gives it an outcome.
    assert next(e for e in events if e["date_start"])["outcome_evidence"] == "no_failure_reported"


def test_vague_mention_joins_the_nearest_cluster_not_a_chain():
    srbm = mention("a1", day=date(2023, 12, 17))
    icbm = mention("a1", 10, day=date(2023, 12, 18))
    vague = mention("a1", 20, day=date(2023, 12, 18))
    srbm["weapon_class"], icbm["weapon_class"] = "SRBM", "ICBM"
    rows, events = reconcile([srbm, icbm, vague])
    assert rows[2]["event_id"] == rows[1]["event_id"] != rows[0]["event_id"]


def test_outcome_disagreement_is_listed_and_failure_wins_ties():
    rows = [mention("a1", day=date(2023, 11, 21), outcome="success"),
            mention("a2", day=date(2023, 11, 21), outcome="failure")]
    _, events = reconcile(rows)
    assert events[0]["conflicts"] == "outcome" and events[0]["outcome"] == "failure"


def test_event_id_is_stable_when_agreeing_articles_are_added():
    first = [mention("a1", day=date(2023, 8, 24))]
    more = [mention("a1", day=date(2023, 8, 24)), mention("a9", day=date(2023, 8, 24), outcome="failure")]
    _, before = reconcile(first)
    _, after = reconcile(more)
    assert before[0]["event_id"] == after[0]["event_id"]


def test_relative_date_contradiction_is_flagged():
    rows = [mention("a1", day=date(2023, 8, 24), stage="third", family="chollima"),
            mention("a2", day=date(2023, 8, 24), stage="third", family="chollima"),
            mention("late", day=date(2023, 11, 2), stage="third", family="chollima", relative=True)]
    _, events = reconcile(rows)
    assert len(events) == 2
    by_day = {e["date_start"]: e["date_conflict_articles"] for e in events}
    assert by_day == {date(2023, 8, 24): "late", date(2023, 11, 2): "a1,a2"}


def test_undated_plan_stays_with_its_article():
    rows = [mention("a1", realis="planned"), mention("a2", realis="planned")]
    _, events = reconcile(rows)
    assert len(events) == 2
