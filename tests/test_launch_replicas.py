"""End to end on the launch-database replicas `tests/launch_db_<period>/` (the issue-5 launch bars replicated,
see `pipeline/evaluate_launches.py`): the files of each agree, the pipeline runs on its articles, and its scores
stay at or above floors and at or below ceilings set just under / over the current scores.

Each replica's first, untuned score (the honest estimate of the held-out bars) is in its README and in the
history below; the rules were then changed because of what each showed, so these floors guard in-sample scores:
a regression fails, an improvement passes. Raise floors when rules improve; never lower them to make a change
pass. (`tests/launch_db/`, the 2022-23 replica the rules were first tuned on, is tested in
`tests/test_evaluate_launches.py`.)
"""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest

from pipeline.evaluate_launches import load_negatives, score_launches
from tests.conftest import ROOT
from tests.launch_replica import assert_consistent, assert_scores, run_pipeline


class Replica(NamedTuple):
    period: str
    min_negatives: int
    floors: dict[str, float]        # recall, outcome_accuracy, family_accuracy
    ratio_ceiling: float            # events per launch day
    false_ceiling: float = 0.0      # share of negatives with a false launch


# History (2026-11-23), "first" = untuned: recall / outcome / family / false launches / events per launch day.
REPLICAS = [
    # 1993-2005 first at ecd6ded: 5/5, 3/3, 2/3, 2/15, 10/4 (four launch days in a twelve-year window). Then
    # (late reports' dated lead is the main launch, "-based" a hedge, "no sign that") 5/5, 3/3, 2/3, 1/15, 6/4.
    # 2026-11-24 (an anaphor with no launch of its article to refer to stays undated): 5/4 events.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 6/4 events (an AFP lead
    # dates the Feb. 24, 2003 launch to the 25th).
    # A report's day after the launch it reports is approximate (v11: "..., state media said Monday"): 5/4 events.
    Replica("2005", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.26, 0.07),
    # 2006-09 first at a381fc5: 9/10, 2/5, 4/4, 1/12, 13/10. Then 9/10, 2/5, 4/4, 1/12, 12/10 (its README).
    # interval_blocks_v6 (no article dates one event to two days; same-day links first): 10/10, 2/5, 4/4,
    # 1/12, 13/10 (May 25 and 26 apart at last, and one more event); NORAD's "No object entered orbit" as
    # strong in a sentence of its own as in the trigger's clause (it outvotes KCNA's claimed orbit): outcome 3/5.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 5/5.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 14/10 events (Japan's false
    # alarm of April 4, 2009 is a launch of its own).
    # "mistakenly announced that North Korea had launched" is no launch: 13/10 events.
    Replica("2009", 10, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.31, 0.09),
    # 2012-13 (two Unha-3 launches, three May 2013 days, many negatives), first at 74f48a7: 4/5, 2/2, 2/2, 4/20, 8/5.
    # Errors read on 2026-11-24 (false 0/20, events 5/5 since).  Later that day, "North Korea on Tuesday defended its
    # launches ... on Saturday, Sunday and Monday" no longer dates the launches to Tuesday (the defending's day),
    # which had matched the May 20 launch by chance: May 18-20 are one event again, recall 3/5.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: May 18, 19 and 20, 2013
    # apart: 5/5, 6/5 events.
    Replica("2012", 16, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.21),
    # 2012-14 first at 618d8a3: 15/17, 11/14, 9/10, 3/13, 18/17. Then 15/17, 12/14, 9/10, 2/13, 17/17 (the
    # misses and what was left: its README).
    # v6: 16/17, 12/14, 9/10, 2/13, 18/17; "officials believe it was X" names the launch: family 10/10.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 14/14.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 17/17, 19/17 events.
    # 2026-11-24, an undated indefinite launch noun in a story that dates no launch names a kind: 1/13, 18/17.
    Replica("2014", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.06, 0.08),
    # 2014 (Feb-Jul) again, other wire reporters, first at 1bc7ee1: 13/13, 13/13, 7/9, 4/13, 20/13.
    # Then (an undated plural "its launches", "both launches" is launches in general; "the right to launch" no
    # launch; an anaphor with no launch of its article to refer to stays undated): 13/13, 13/13, 7/9, 2/13, 18/13.
    # "-type" no longer hedges a name: family 8/9. 2026-11-24: "launched a special committee" no launch, "a month
    # in which the North launched" background, "in April that year" and "2012, when ... in April" of 2012: 1/13,
    # 16/13.
    Replica("2014b", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.88}, 1.24, 0.08),
    # 2015 first at daacd2e: 7/8, 6/6, 2/3, 0/14, 8/8. Then (v6, "before launch" no event) 8/8, 7/7, 2/4,
    # 0/14, 9/8 (its README); "ejected from a submarine" a launch, "can be launched" a capability: family 3/4.
    # With class periods (2014-16 SLBMs are the KN-11): family 4/4.
    Replica("2015", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.13),
    # 2016 first at f3dfb5e: 10/10, 6/7, 5/10, 2/12, 15/10. Then 10/10, 6/7, 7/10, 0/12, 10/10; with KCNA's
    # 2016 names as dated weapon aliases ("carrier rocket Kwangmyongsong", "newly developed large-caliber
    # multiple rocket launching system"): family 9/10.
    # With class periods (2014-16 SLBMs are the KN-11): family 10/10.
    Replica("2016", 12, {"recall": 0.99, "outcome_accuracy": 0.85, "family_accuracy": 0.99}, 1.01),
    # 2016 (Apr-Oct) again, other wire reporters, first at 8f94e9a: 12/12, 10/11, 9/12, 0/13, 14/12 (the same at
    # ce164e4, before class periods: its submarine launches are classed BM, "from a submarine"). Then (a missile
    # "from a submarine" is an SLBM; a failure word in a clause dated to the past is another launch's) 12/12,
    # 11/11, 11/12, 0/13, 13/12.
    Replica("2016b", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.91}, 1.09),
    # 2016 (Feb-Jul) again, half wire copy, half other voices, first at 4be36da: 12/12, 10/12, 8/11, 2/12, 15/12.
    # Held out (errors not read).
    # At 196938f ("-type" no hedge; the Nodong class period), still untuned: family 9/11.
    # With the 2024d fixes ("in flight" vetoes only a manoeuvre, so "apparently exploding in flight" reports the
    # failed second missile of March 18 again): outcome 9/12. A failing run of this test printed its errors, so
    # from then on it is no longer held out; no rule was changed because of it.
    # 2026-11-24, an undated indefinite launch noun in a story that dates no launch names a kind: 1/12, 13/12.
    Replica("2016c", 12, {"recall": 0.99, "outcome_accuracy": 0.74, "family_accuracy": 0.81}, 1.09, 0.09),
    # 2017 first at 924fae2: 14/16, 12/13, 5/9, 0/12, 22/16. Then 16/16, 15/15, 9/11 (the Kumsong-3 and the
    # Scud-ER are named in no article), 0/12, 17/16.
    Replica("2017", 10, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.81}, 1.07),
    # 2017 (Apr-Nov) again, other wire reporters, first at e908e6e: 12/13, 11/11, 6/7, 2/13, 15/13 (16/13 at
    # ce164e4). Held out until 2026-11-24, then tuned on (a clock time takes the scene's day, not "four days
    # ago"; a participle's subject; a launch site's country; "continued to launch" is a habit): 13/13, 12/12,
    # 7/8, 0/13, 13/13.
    # "-type" no longer hedges a name ("a Scud-type missile" is filed under the Scud): family 8/8.
    Replica("2017c", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # 2017 (Feb-Jul) again, other wire reporters, first at 4be36da: 12/12, 11/12, 7/9, 2/13, 16/12. Held out.
    # At 196938f ("-type" no hedge), still untuned: family 8/9.
    Replica("2017d", 12, {"recall": 0.99, "outcome_accuracy": 0.91, "family_accuracy": 0.88}, 1.34, 0.16),
    # 2017 H2 in other voices (broadcast scripts, live blogs, Xinhua/TASS, KCNA editorials) first at a921d0a:
    # 6/6, 3/5, 4/5, 2/12, 11/6. Then (no foreign named system, nor its class, as a launch's own; "tested a
    # bomb" no launch) 6/6, 4/5, 5/5, 1/12, 9/6; "a B-1B flight" no launch: 0/12, 8/6.
    Replica("2017b", 10, {"recall": 0.99, "outcome_accuracy": 0.79, "family_accuracy": 0.99}, 1.34),
    # 2019 first at a64ca94: 13/13, 11/12, 2/11, 1/8, 15/13. Then 13/13, 12/12, 6/11 ("super-large multiple
    # rocket launcher" a KN-25 alias), 0/8, 13/13; dated aliases (KCNA's 2019 "new-type tactical guided
    # weapon" = KN-23, "a new weapon" = KN-24): family 9/11 (May 4 and 9 are named in no launch sentence).
    # Class periods for the short-range ballistic missiles of May-July 2019 (KN-23): family 11/11.
    Replica("2019", 8, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # 2019 H2 in other voices (JCS text messages, KBS/NHK/CNN scripts, CGTN, CSIS analysis) first at af392b1:
    # 11/11, 8/11, 5/11, 1/12, 13/11. Then, with KCNA's 2019 "large-caliber guided multiple rocket launcher" a
    # dated KN-25 alias, family 6/11; "the flight distance ... is about 370 km" a success: outcome 9/11.
    # 2026-11-24 (an outcome or satellite past "six days after" is the earlier event's; a system past another launch word is that launch's): 12/11.
    # Class periods for every launch window of May-December 2019 (any ballistic missile or projectile there was
    # one system): family 10/11.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 10/11.
    # 2026-11-24, an undated indefinite launch noun in a story that dates no launch names a kind: 0/12, 11/11.
    Replica("2019b", 10, {"recall": 0.99, "outcome_accuracy": 0.9, "family_accuracy": 0.9}, 1.01),
    # 2019 (May-Nov) a third time, other wire reporters, first at d3d090e: 12/13, 10/10, 10/12, 1/13, 13/13.
    # Then (the speaker of a report is not the agent of a launch after it; the 2019 class periods; "can be moved
    # ..., fired at short notice" shares the modal; "in flight" is no launch): 13/13, 11/11, 13/13, 0/13, 13/13.
    Replica("2019c", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # 2020-21 again, half wire copy, half other voices (KCNA, NK News, a radio script, analysis), first at d3d090e:
    # 10/12, 8/9, 5/6, 1/12, 13/12.
    # Then ("last week" no longer chains the launches of two Mondays, interval_blocks_v8; "Thursday's test";
    # "said Wednesday" and "reported the launch on Tuesday" date the report; a detection is reported the day it is
    # made; the class periods of March 2020; "confirmed the ... performance" across quotes and lists): 12/12,
    # 11/11, 7/7, 1/12, 14/12.
    Replica("2020b", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.17, 0.09),
    # 2020-21 first at 8490920: 13/14, 9/11, 4/7, 2/12, 16/14. Then 14/14, 10/12, 4/7, 0/12, 14/14.
    # With class periods (the 600 mm KN-25 the rocket launcher of 2019-23): family 5/7.
    # KCNA's "railway-borne missile regiment" a dated KN-23 alias (2021-22); a "firing drill" takes the drill's
    # date: family 6/7.
    # The class period of 2021's short-range ballistic missiles (KN-23): family 7/7.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 12/12.
    Replica("2021", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # 2022 H1 first at 035551c: 17/17, 16/16, 4/10, 2/12, 23/17. Then 17/17, 16/16, 4/10, 0/12, 20/17.
    # v6: 17/17, 16/16, 4/10, 0/12, 21/17 (one sloppy "a day after" sentence splits January 17); then with
    # late reports' leads as main launches, 20/17.
    # With class periods (the ICBMs of 2022 are Hwasong-17s): family 7/10.
    # The railway-borne KN-23 and the firing drill's date: family 8/10.
    Replica("2022h1", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.79}, 1.18),
    # 2022 (Jan-Apr) again, other wire reporters, first at 8f94e9a: 13/13, 10/12, 5/8, 3/13, 18/13 (family 3/8 at
    # ce164e4). Then ("broke away from the booster" no failure; a past year dates "its last ICBM launch"; "met
    # Friday to discuss the launch" dates the meeting; "what it called" no calling off; an agent before a definite
    # launch noun is its own) 13/13, 12/12, 5/8, 0/13, 15/13.
    # The railway-borne KN-23: family 6/8.
    # interval_blocks_v7: 14/13.
    Replica("2022b", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.74}, 1.08),
    # 2022 (Oct-Nov) again, half wire copy, half other voices (scripts, a live blog, KCNA, Xinhua, TASS, analysis),
    # first at e908e6e: 11/12, 7/10, 2/3, 1/13, 15/12 (family 1/3 at ce164e4). Held out until 2026-11-24, then
    # tuned on ("before dawn Sunday"; a clause's own day beats its sentence's opening date; ", or launch" shares
    # the modal; "the day after U.S. midterm elections" is no date): 12/12, 8/11, 2/3, 0/13, 13/12.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 10/11.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 14/12 events ("at 1:49 a.m."
    # takes the day of the warplanes' "overnight" before it).
    Replica("2022c", 12, {"recall": 0.99, "outcome_accuracy": 0.9, "family_accuracy": 0.66}, 1.17),
    # 2022 (Sep-Nov) again, other wire reporters, first at f5373ed: 13/14, 8/12, 3/3, 1/13, 14/14; at e86b6d1
    # (outcome by silence), untuned: outcome 10/12.
    # Then ("Nothing was launched"; "Analysts expect a flight test"; an "abnormal" frequency is no failure):
    # 13/14, 11/12, 3/3, 0/13, 13/14. Left: September 28 and 29 are one event, as are November 2 and 3.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 14/14, 12/13, 15/14 events.
    Replica("2022d", 12, {"recall": 0.99, "outcome_accuracy": 0.91, "family_accuracy": 0.99}, 1.08),
    # 2022 H2 first at daacd2e: 18/20, 14/16, 2/4, 1/13, 22/20. Then (v6, GMT days, "a day after" reach,
    # colon lists, "officials believe it was X") 19/20, 16/17, 4/5, 0/13, 23/20 (its README).
    # 2026-11-24 (an outcome or satellite past "six days after" is the earlier event's; a system past another launch word is that launch's): outcome 17/17, 22/20.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 20/20, 18/18, 23/20 events.
    Replica("2022h2", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.79}, 1.15),
    # 2023 H1 first at ecd6ded: 13/14, 12/13, 4/7, 1/12, 18/14. Then (a launch during a drill takes its date,
    # a warhead's burst no failure, "super-large rocket launchers") 14/14, 13/14, 6/8, 0/12, 18/14; with
    # "launched from a submarine" a launch again and "can be launched" a capability, 16/14; "nuclear explosion"
    # an outcome guard: outcome 14/14.
    # A word of a name in quotes ('a "super-large" multiple rocket launcher'): family 7/8.
    # interval_blocks_v7 (any coarse mention fitting several launches joins the best reported): 15/14.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 16/14 events (March 22, 2023
    # apart from the days before it).
    Replica("2023h1", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.87}, 1.15),
    # 2023 (Jan-Jun) again, other wire reporters, first at 400e5d7: 14/14, 12/14, 6/7, 1/12, 17/14.
    # Then (a launch committee is a body; "poised to launch" a plan; a short-range air burst "at an altitude of
    # 800 metres" no failure; a longer class phrase after "met Monday on"): 14/14, 13/14, 6/7, 0/12, 15/14.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 14/14.
    Replica("2023c", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.85}, 1.08),
    # 2023 (Jul-Dec) again, half wire copy, half other voices (KCNA, Japanese cabinet briefings, live blogs),
    # first at e86b6d1: 10/12, 7/9, 3/4, 1/13, 12/12.
    # Then ("lets missiles be launched" is a capability): 10/12, 7/9, 3/4, 0/13, 11/12. Left: the satellite of
    # November 21 and the failed missile of November 22 are one event, as are December 17 and 18.
    # With the 2024d fixes: outcome 8/9.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: 11/12, 9/10, 12/12 events.
    Replica("2023d", 12, {"recall": 0.91, "outcome_accuracy": 0.88, "family_accuracy": 0.75}, 1.01),
    # 2023 H2 again, other wire reporters, first at d73e474: 11/12, 8/10, 4/4, 1/14, 15/12 (the same at ce164e4).
    # Then (an outcome or satellite past "six days after" is the earlier event's; a system past another launch word is that launch's; a launching ceremony) 11/12, 9/10, 4/4, 0/14, 13/12. November 21 and 22 (satellite, then a
    # failed missile) still merge. What a launch "followed" keeps its own date: 12/12.
    # 2026-11-24, "sent into the sea" a trigger: the failed missile of November 22 found, 12/12, 10/11, 4/4, 0/14, 13/12.
    Replica("2023b", 12, {"recall": 0.99, "outcome_accuracy": 0.9, "family_accuracy": 0.99}, 1.09),
    # 2024 first at aa69735: 11/12, 9/10, 3/6, 1/11, 13/13. Then 12/12 (January 28 found once a debut, "first
    # tested on Wednesday", was background and a detection dated the lead), 11/11, 5/7 with the dated alias
    # "hypersonic maneuverable controlled warhead" (January 2024 = Hwasong-16B), 0/11, 13/13.
    Replica("2024", 8, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.71}, 1.01),
    # 2024 again, other wire reporters, first at d73e474: 14/14, 11/13, 8/9, 2/13, 17/14 (family 6/9 at ce164e4).
    # Then (a launching ceremony is a vessel's; "attempt to launch" one event with one date; "Last month, the
    # North said it had test-fired" dated by its report; a date opening a sentence dates all its clauses)
    # 14/14, 12/13, 8/9, 0/13, 14/14.
    Replica("2024b", 12, {"recall": 0.99, "outcome_accuracy": 0.92, "family_accuracy": 0.88}, 1.01),
    # 2024 (Apr-Nov) again, half wire copy, half other voices (KCNA, scripts, live blogs), first at 400e5d7: 12/12,
    # 10/11, 7/8, 4/13, 17/12.
    # Then ("launched about 500 balloons"; "quicker to launch"; "Russia has also fired North Korean-made KN-23s" is
    # Russia's; missiles "that Ukraine says have been fired" are no one launch; weapon_in_clause_v4): 12/12, 10/11,
    # 7/8, 0/13, 12/12.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 11/11.
    Replica("2024c", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.87}, 1.01),
    # 2024 (Jan-Jun) a fourth time, wire, first at 74f48a7: 9/10, 8/9, 4/6, 2/13, 12/10 (at 2a4818a: 10/10, 6/10,
    # 6/7, 2/13, 12/10).
    # Then (a date after a reporting verb governs only its own object: "reported picking up the launches at 7:00
    # am"; a finite auxiliary opens the trigger's own verb group: "missiles designed for submarines were test-fired";
    # "in flight" vetoes only a manoeuvre; missiles that "plunged into the East Sea" landed): 10/10, 10/10, 6/7,
    # 2/13, 11/10.
    Replica("2024d", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.85}, 1.11, 0.16),
    # 2025 first at a921d0a: 9/10, 7/8, 0/2, 1/14, 13/10. Then (a destroyer's failed launch no missile launch)
    # 9/10, 7/8, 0/2, 0/14, 12/10 (its README).
    # With class periods (the hypersonic IRBMs of 2024-25 are the Hwasong-16B): family 1/2.
    # A firing drill's date: 11/10.
    # 2026-11-24 (an outcome or satellite past "six days after" is the earlier event's; a system past another launch word is that launch's): 10/10.
    # With the 2020b fixes, the cruise missiles of October 28 are found (recall 10/10), their outcome unknown
    # (outcome 7/9), and the events 11/10: the extra one, a destroyer "launched at Nampho in April", was there
    # before, when 10 events held one launch missed.
    # 2026-11-24, an actual launch no report gives an outcome is a success by silence: outcome 9/9.
    Replica("2025", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.49}, 1.11),
    # 2025 again, half wire copy, half other voices, first at 4be36da: 9/9, 8/8, 2/2, 2/13, 12/9. Held out.
    Replica("2025b", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.34, 0.16),
    # 2006-07 (Taepodong-2 day, 2007 short-range days, many negatives), first at 9673000: 5/5, 1/1, 1/1, 5/18, 14/5.
    # Tuned on the same day (counted-back months and weeks, bare 'after launch', background anaphors): 1/18, 9/5.
    # Then "a Scud or a Rodong" no family, "played down the test-firing" dates the playing down: 7/5.
    Replica("2006", 18, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.41, 0.07),
    # Nov 2017-2018 (one launch, a year of negatives), first at 9673000: 1/1, 1/1, 1/1, 4/27, 2/1. Tuned on
    # the same day ('launch button', 'launched nothing', an appositive name in the clause): 1/27.
    Replica("2018", 27, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 2.01, 0.05),
    # Jul-Dec 2019, first at 0c53a1b: 11/11, 11/11, 9/9, 1/14, 13/11. Errors read: 'N days after' from the
    # talks its sentence hangs on: 0/14, 12/11.
    Replica("2019d", 14, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.1),
    # 2020, first at d8cadde: 5/5, 5/5, 4/4, 2/15, 6/5. Held out (errors not read).
    Replica("2020c", 15, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.21, 0.14),
    # Sep-Dec 2021, first at 9673000: 4/5, 4/4, 2/2, 3/18, 9/5. Held out (errors not read).
    # 2026-11-25: errors read (with 2021c and 2021d, run as one corpus), in-sample since; "last tested", a
    # since-clause's launch, "are being fired": 5/5, 5/5, 2/2, 2/18, 7/5.
    Replica("2021b", 18, {"recall": 0.79, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.81, 0.18),
    # Jan-May 2022, first at 9673000: 14/14, 13/13, 3/6, 0/14, 15/14. Held out (errors not read).
    # 2026-11-25: still 14/14, 13/13, 4/6, 0/14, 15/14 at 4db85cb; then its errors were read (with 2014c), in-sample
    # since: a date before the "that" of the clause holding the launch dates the verb governing it ("concluded
    # last week that the North's two recent launches, on Feb. 27 and March 5, ..."); a missile that "resembles
    # the KN-24" is filed under it; "analysts said the missile was likely a Hwasong-17": 14/14, 13/13, 6/6, 0/14,
    # 14/14.
    Replica("2022e", 14, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # Jan-Jul 2016 (Musudan failures, SLBMs, Scuds), first at 4f5b3b0: 12/12, 11/11, 11/11, 1/13, 14/12. Held out.
    Replica("2016e", 13, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.17, 0.08),
    # May-Nov 2019 (KN-23/24/25 days, the Pukguksong-3), first at 4f5b3b0: 13/13, 13/13, 11/11, 1/12, 14/13.
    # Errors read: a present perfect over "the past five months" tallies launches: 0/12, 13/13.
    Replica("2019e", 12, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # Sep-Dec 2022 (the autumn barrages), first at 4f5b3b0: 12/14, 11/12, 2/5, 2/14, 16/14. interval_blocks_v9:
    # 13/14, 12/13, 2/5, 2/14, 17/14. Errors read: "one long-range and two short-range" one clause, "the final
    # stage in developing" no rocket stage, "launch preemptive strikes" no launch, "pushes to launch" a plan, a
    # tally renamed "a barrage" and taken up by "the launches" generic: 14/14, 13/14, 3/5, 0/14, 15/14.
    Replica("2022f", 14, {"recall": 0.99, "outcome_accuracy": 0.92, "family_accuracy": 0.59}, 1.08),
    # Jan-Jun 2024 (24 negatives), first at 4f5b3b0: 11/11, 9/10, 8/9, 2/24, 15/11. Held out.
    # 2026-11-25: 1/24, 12/11 at e044475; still held out, the fixes learned from 2022e and 2014c made it 0/24, 11/11.
    # Then its errors were read (with 2019f), in-sample since: "surface-to-ship missile" is a cruise missile, and
    # the ship veto ignores a ship word inside a hyphenated class: 11/11, 9/10, 8/9, 0/24, 11/11.
    Replica("2024f", 24, {"recall": 0.99, "outcome_accuracy": 0.89, "family_accuracy": 0.88}, 1.01),
    # Jan-Apr 2023, first at 0c53a1b: 12/12, 10/11, 4/8, 0/14, 12/12. Errors read: a mock warhead's air
    # burst is no failure, 'the missiles' take the Hwasal-2 named before, two class periods: 11/11, 7/8.
    Replica("2023e", 14, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.87}, 1.01),
    # Jul-Dec 2024 (21 negatives), first at 0c53a1b: 5/5, 4/4, 3/3, 0/21, 6/5. Errors read: a salvo's own
    # object beats an earlier name: 5/5 events.
    Replica("2024e", 21, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # 2013-Mar 2014 (May 2013 and March 2014 short-range days, 19 negatives), first at 6c5f35e: 7/11, 5/5, 2/3,
    # 4/19, 13/11. Errors read: three pairs of launch days a day apart merge (the one-day tolerance); "sent into
    # the East Sea" a trigger: 3/19, 12/11.
    # interval_blocks_v9 (the days of local leads apart) and clock times off report days: May 18-20, 2013 and March
    # 3-4, 15-16 and 22-23, 2014 apart: 11/11, 7/7, 2/4, 3/19, 17/11.
    # 2026-11-24 (the cues read in 2015b and 2020d): 3/19 -> 2/19 false, 16/11 events; an undated indefinite
    # launch noun in a story that dates no launch names a kind: 1/19, 15/11.
    # "taken out of launch position" is no launch: 0/19, 14/11. interval_blocks_v10 (a counted-back day is no lead
    # day): 13/11.
    Replica("2013", 19, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.49}, 1.19),
    # Aug-Dec 2016 (Nodongs, SLBM, two Musudan failures), first at 6c5f35e: 5/5, 4/5, 5/5, 3/16, 8/5. Held out.
    Replica("2016d", 16, {"recall": 0.99, "outcome_accuracy": 0.79, "family_accuracy": 0.99}, 1.61, 0.19),
    # Jul-Dec 2017 (ICBMs, Hwasong-12s over Japan), first at 6c5f35e: 6/6, 5/5, 5/5, 0/15, 7/6. Held out.
    Replica("2017e", 15, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.17),
    # 2015 (short-range days, SLBM tests; 24 negatives), first at 1ad61c8: 6/7, 5/5, 3/3, 5/24, 10/7. Errors read:
    # an agentless launch "off North Korea's eastern shore" is North Korea's; a launch watched for ("signs of"),
    # "unlikely", "hinted at", "no signs yet that", "when fired", "None of the missiles were fired": 7/7, 6/6,
    # 3/3, 0/24, 7/7.
    Replica("2015b", 24, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # Jan-Jun 2017 (Pukguksong-2, extended-range Scuds, the April failures; 23 negatives), first at 26076aa: 10/10,
    # 8/10, 6/9, 2/23, 15/10 (the same at 1ad61c8). Errors read: a period opening the sentence yields to a narrower
    # date after the trigger ("This year ... fired four Scuds in March"), "an engine being fired" is a ground test,
    # a failure word before "two weeks after" is not the earlier launch's: 10/10, 9/10, 6/9, 2/23, 14/10.
    # interval_blocks_v10 (May 14's lead and "a week after" in next week's copy are one launch): 13/10.
    Replica("2017f", 23, {"recall": 0.99, "outcome_accuracy": 0.89, "family_accuracy": 0.66}, 1.31, 0.09),
    # Jul-Dec 2023 (Hwasong-18s, the Malligyong-1 attempts; 24 negatives), first at 26076aa: 10/10, 9/10, 4/4,
    # 1/24, 12/10 (at 1ad61c8, this session's start: 2/24 false). Held out.
    Replica("2023f", 24, {"recall": 0.99, "outcome_accuracy": 0.89, "family_accuracy": 0.99}, 1.21, 0.05),
    # 2009 (Unha-2, the July barrages, KN-02s; 25 negatives), first at d8ab1fb: 5/5, 2/3, 3/3, 2/25, 11/5 (the same
    # at 1ad61c8). Held out.
    Replica("2009b", 25, {"recall": 0.99, "outcome_accuracy": 0.66, "family_accuracy": 0.99}, 2.21, 0.09),
    # 2021 (cruise missiles, the enlarged KN-23, Hwasong-8, the small SLBM; 24 negatives), first at d8ab1fb: 8/8,
    # 5/6, 3/3, 2/24, 15/8 (at 1ad61c8, this session's start: 3/24, 16/8). Held out. interval_blocks_v12 (a
    # coarse mention naming a family joins the best-reported launch of its period when none has that family;
    # chosen on the read sets): 8/8, 5/6, 2/3, 2/24, 13/8 (2026-11-24, late; this floor's failure message
    # printed the failing event's mentions, the only look at this set's errors).
    # 2026-11-25: errors read (with 2021b and 2021d), in-sample since: 8/8, 5/6, 2/3, 1/24, 12/8.
    Replica("2021c", 24, {"recall": 0.99, "outcome_accuracy": 0.83, "family_accuracy": 0.66}, 1.66, 0.09),
    # 2012 (the two Unha-3 days; 25 negatives), first at 1ad61c8: 2/2, 1/2, 2/2, 5/25, 7/2. Held out. 8/2 events
    # at e1e5e6d (2026-11-24, late: one of that commit's rules, not looked into).
    Replica("2012b", 25, {"recall": 0.99, "outcome_accuracy": 0.49, "family_accuracy": 0.99}, 4.01, 0.21),
    # 2020 (March-April short-range days; 24 negatives), first at 1ad61c8: 5/5, 5/5, 3/4, 4/24, 11/5. Errors read:
    # "options, including firing", "has often responded ... by firing", "a launch truck": 5/5, 5/5, 3/4, 0/24, 7/5.
    Replica("2020d", 24, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.74}, 1.41),
    # Follow-up-heavy sets (2 to 4 reports per launch day, as half a year of wire copy has), first at f7928bb.
    # Sep-Dec 2022 (the Hwasong-12 over Japan, the Nov. 2 barrage, Hwasong-17s): 10/10, 9/10, 5/5, 0/10, 12/10.
    # Errors read: "fired ... early Wednesday after North Korea launched" dates the launch only roughly (v11), an
    # "ICBM early this month" joins the month's long-range launch, a "final-stage test" is no failed stage:
    # 10/10, 10/10, 5/5, 0/10, 11/10.
    Replica("2022g", 10, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.11),
    # Jun-Oct 2016 (Musudans, SLBMs, Nodongs): 8/8, 8/8, 7/8, 0/10, 11/8. Errors read: plural names ("suspect they
    # were Rodongs"), a date in the content clause of "speculation that": 8/8, 8/8, 8/8, 0/10, 10/8.
    # narrative_reference_v2 ("The first launch that morning" in a paragraph naming no day is the June 22 launch,
    # not the analysis's day): 9/8 events, but its "broke up in flight" makes June 22 (one Musudan failed, one
    # flew) a failure by vote: outcome 7/8.
    Replica("2016f", 10, {"recall": 0.99, "outcome_accuracy": 0.87, "family_accuracy": 0.99}, 1.13),
    # May-Nov 2019 (KN-23s, KN-25s, Pukguksong-3): 10/10, 10/10, 8/9, 0/10, 11/10. Held out.
    # 2026-11-25: the same at e044475; then its errors were read (with 2024f), in-sample since: a plain "launch
    # vehicle" (a launcher truck) is no space rocket: 10/10, 10/10, 8/9, 0/10, 10/10.
    Replica("2019f", 10, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.88}, 1.01),
    # Feb-Aug 2014 (Scuds, Rodongs, rocket barrages): 10/10, 10/10, 7/7, 3/11, 13/10. Held out.
    # 2026-11-25: the same at 4db85cb; then its errors were read (with 2022e), in-sample since: Sunday's "last
    # week" is the seven days to Saturday; a passive launch is by its subject weapon's nationality ("a new South
    # Korean ballistic missile ... was test-fired"); "before they are fired" is general; "when the last rocket
    # was fired" is background: 10/10, 10/10, 7/7, 0/11, 10/10.
    Replica("2014c", 11, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.01),
    # A second round of follow-up-heavy sets, first at ebf9d6d.
    # Jan-Jun 2023 (Hwasong-15/17/18, the failed Chollima-1, short-range days): 10/10, 8/10, 5/5, 1/10, 15/10.
    # Errors read: an air burst over the target ("exploded at an altitude of 800 metres above the sea", "a mock
    # warhead that blew up in the air") is no failure; a name past "three days after" in an earlier sentence is
    # another launch's; "should be launched as planned" is planned: 10/10, 9/10, 5/5, 0/10, 13/10.
    Replica("2023g", 10, {"recall": 0.99, "outcome_accuracy": 0.89, "family_accuracy": 0.99}, 1.31),
    # Jan-Jun 2024 (Hwasong-16B, Pulhwasal-3-31, the exploded satellite rocket, the MIRV claim): 10/10, 9/10, 7/8,
    # 1/11, 14/10. Errors read: "The test of a multi-stage, high-thrust engine", a weapon in what a launch
    # "followed", "identified the weapon as" in a paragraph's first sentence, an anaphor renamed with its main
    # launch, '"fire arrow"' a translation: 10/10, 9/10, 8/8, 0/11, 12/10.
    Replica("2024g", 11, {"recall": 0.99, "outcome_accuracy": 0.89, "family_accuracy": 0.99}, 1.21),
    # Jul-Nov 2017 (Hwasong-14s, Hwasong-12s over Japan, Hwasong-15): 6/6, 4/5, 5/5, 0/10, 7/6. Held out.
    Replica("2017g", 10, {"recall": 0.99, "outcome_accuracy": 0.79, "family_accuracy": 0.99}, 1.17),
    # Mar-Apr 2020 (KN-25 rounds, KN-24, the April 14 cruise missiles): 5/5, 4/5, 4/4, 3/10, 9/5. Held out.
    Replica("2020e", 10, {"recall": 0.99, "outcome_accuracy": 0.79, "family_accuracy": 0.99}, 1.81, 0.31),
    # A third round of follow-up-heavy sets (2026-11-24, late), first at 36a1270; which to read and which to hold
    # out was decided before any was scored.
    # Jan-Apr 2022 (hypersonic, KN-23/24, Hwasong-12, Hwasong-17 and its failure): 12/12, 10/12, 6/9, 0/11, 15/12.
    # Errors read: "under a week after the North fired a similar one" is a span before its host, not a date of
    # the launch it hangs on: the same. Left: the Mar. 24 ICBM split by "probably an older Hwasong-15", its
    # outcome taken from "covered up the failure of its new weapon earlier this month", "the weekend launch".
    Replica("2022i", 11, {"recall": 0.99, "outcome_accuracy": 0.83, "family_accuracy": 0.66}, 1.26),
    # Jul 2019-Mar 2020 (KN-25s, KN-23/24, the Pukguksong-3): 10/11, 10/10, 10/10, 3/11, 13/11. Errors read:
    # "cautioned Pyongyang against a long-range missile launch": 10/11, 10/10, 10/10, 2/11, 12/11. Left: the
    # July 31 launch is missed, its reports' agentless launches taking Seoul (the article's most named country).
    Replica("2019g", 11, {"recall": 0.9, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.1, 0.19),
    # Feb-Sep 2017 (Pukguksong-2, Scud-ERs, Hwasong-12/14s): 11/11, 10/11, 8/8, 4/11, 19/11. Errors read (engine
    # tests on a stand and in a ground firing, an artillery firing, a bomb an ICBM carries, a drill's assumed
    # launch, "said nothing about", "less than a week after", "The failure ...: the salvo ... fired on March 6",
    # "Wang Yi spoke two days after"): 11/11, 11/11, 8/8, 0/11, 14/11.
    Replica("2017h", 11, {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}, 1.28),
    # Jan-May 2016 (the Feb. 7 satellite, KN-09s, Rodongs, Musudan failures, the KN-11): 9/9, 7/9, 8/9, 3/12, 13/9.
    # Held out; the same at e1e5e6d.
    Replica("2016g", 12, {"recall": 0.99, "outcome_accuracy": 0.77, "family_accuracy": 0.88}, 1.45, 0.26),
    # Jul-Dec 2023 (Hwasong-18s, two Chollima-1s, short-range days): 10/10, 9/10, 4/4, 0/12, 15/10. Held out;
    # outcome 8/10 at e1e5e6d.
    Replica("2023i", 12, {"recall": 0.99, "outcome_accuracy": 0.79, "family_accuracy": 0.99}, 1.51),
    # Mar 2021-Jan 2022 (cruise missiles, the railway KN-23, Hwasong-8, the small SLBM, January 2022):
    # 10/11, 10/10, 5/6, 1/11, 14/11. Held out; the same at e1e5e6d.
    # 2026-11-25: errors read (with 2021b and 2021c), in-sample since: 10/11, 10/10, 5/6, 0/11, 12/11.
    Replica("2021d", 11, {"recall": 0.9, "outcome_accuracy": 0.99, "family_accuracy": 0.83}, 1.28, 0.1),
]
EVENT_POLICIES = {"event_anaphora": "anaphora_main_event_v6", "event_agent": "agent_in_clause_v4",
                  "event_weapon": "weapon_in_clause_v5", "reconcile": "interval_blocks_v15"}


@pytest.mark.parametrize("replica", REPLICAS, ids=[r.period for r in REPLICAS])
def test_replica_scores_do_not_regress(replica, tmp_path):
    folder = ROOT / "tests" / f"launch_db_{replica.period}"
    assert_consistent(folder, min_negatives=replica.min_negatives)
    out = tmp_path / "out"
    run_pipeline(folder, out)
    ceilings = {"false_on_negatives": ("rate", replica.false_ceiling),
                "event_ratio": ("value", replica.ratio_ceiling)}
    metrics = assert_scores(out, folder, replica.floors, ceilings)
    assert metrics["false_on_negatives"]["missing"] == []
    # The manifest names the event policies the scores were obtained with.
    policies = json.loads((out / "manifest.json").read_text())["policies"]
    assert EVENT_POLICIES.items() <= policies.items(), policies


def test_every_replica_folder_is_tested():
    folders = {p.name.removeprefix("launch_db_") for p in (ROOT / "tests").glob("launch_db_*") if p.is_dir()}
    assert folders == {r.period for r in REPLICAS}


# Replicas written apart about the same year, run as one corpus: the density of real wire copy, many
# reports per launch, where each report's slip adds an event and the launch days stay few (the
# held-out bar is "on half a year of wire copy").  2026-11-25: 2017 read sets 23 events for 16 days
# at interval_blocks_v13, 21 with v14 (each set alone: 76 events for 68 set-days, 1.12).
COMBINED_2017 = ("2017", "2017b", "2017c", "2017d", "2017f", "2017h")


def test_replicas_of_one_year_scored_as_one_corpus(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    folders = [ROOT / "tests" / f"launch_db_{period}" for period in COMBINED_2017]
    for folder in folders:
        for article in (folder / "articles").glob("*.txt"):
            (corpus / article.name).write_bytes(article.read_bytes())
    out = tmp_path / "out"
    run_pipeline(tmp_path, out)
    negatives = sorted({s for folder in folders for s in load_negatives(folder / "negatives.txt")})
    metrics = score_launches(out, [folder / "launches.csv" for folder in folders], negatives)
    assert metrics["recall"]["n"] == 16 and metrics["recall"]["value"] >= 0.99
    assert metrics["outcome_accuracy"]["value"] >= 0.9 and metrics["family_accuracy"]["value"] >= 0.9
    assert metrics["false_on_negatives"]["negatives"] == 84 and metrics["false_on_negatives"]["rate"] <= 0.05
    assert metrics["event_ratio"]["launch_days"] == 16 and metrics["event_ratio"]["events"] <= 21
