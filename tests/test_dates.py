"""Date stage: extents and TIMEX3 values, one table row per phrase (dateparser-style tables).

Each case: (sentence, published date or None, expected extent, value, timex_type, granularity).
Published dates used below:
    MON = 2023-11-06 (a Monday)   THU = 2023-08-03 (a Thursday)
    FRI = 2023-11-10 (a Friday)   JAN = 2024-01-15 (a Monday)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from pipeline.dates import DateTagger, Timex
from pipeline.dates.resolve import resolve_phrase

MODELS = Path(__file__).resolve().parents[1] / "models" / "timex"
MON, THU, FRI, JAN = "2023-11-06", "2023-08-03", "2023-11-10", "2024-01-15"

CASES = [
    # --- seed-like cases (paraphrased) ---
    ("The most recent attempt, which happened on Thursday morning, ended in failure.", MON, "Thursday morning", "2023-11-02TMO", "TIME", "time"),
    ("The agency plans to try once more in October.", MON, "October", "2024-10", "DATE", "month"),
    ("The agency plans to try once more in October.", THU, "October", "2023-10", "DATE", "month"),
    ("The rocket broke apart on May 31st over the sea.", THU, "May 31st", "2023-05-31", "DATE", "day"),
    ("It vowed a new attempt after a failure earlier this year.", THU, "earlier this year", "2023", "DATE", "year"),
    ("It fired a record number of missiles in 2022.", THU, "2022", "2022", "DATE", "year"),
    ("The talks have stalled since 2019.", THU, "2019", "2019", "DATE", "year"),
    # --- explicit dates ---
    ("The rocket was launched on Aug. 2 from the coast.", THU, "Aug. 2", "2023-08-02", "DATE", "day"),
    ("The window will open on Sept. 30, officials said.", THU, "Sept. 30", "2023-09-30", "DATE", "day"),
    ("A test was conducted on Sept. 30 last autumn.", THU, "Sept. 30", "2022-09-30", "DATE", "day"),
    ("Fireworks were launched on the 4th of July.", THU, "the 4th of July", "2023-07-04", "DATE", "day"),
    ("The report was dated 31 May 2023.", THU, "31 May 2023", "2023-05-31", "DATE", "day"),
    ("The report was dated May 31, 2023.", None, "May 31, 2023", "2023-05-31", "DATE", "day"),
    ("The treaty took effect on Jan. 1, 2024.", JAN, "Jan. 1, 2024", "2024-01-01", "DATE", "day"),
    ("Leaders will meet on Dec. 25 in the capital.", MON, "Dec. 25", "2023-12-25", "DATE", "day"),
    ("The leap day was Feb. 29, 2024.", JAN, "Feb. 29, 2024", "2024-02-29", "DATE", "day"),
    ("On Thursday, May 31, the rocket fell.", THU, "Thursday, May 31", "2023-05-31", "DATE", "day"),
    ("The summit opened on March 3 in Hanoi.", THU, "March 3", "2023-03-03", "DATE", "day"),
    ("The deadline is Nov. 15, the ministry says.", MON, "Nov. 15", "2023-11-15", "DATE", "day"),
    ("Officials said the launch happened on 12 October.", MON, "12 October", "2023-10-12", "DATE", "day"),
    ("The ship sailed on the first of June.", THU, "the first of June", "2023-06-01", "DATE", "day"),
    ("The launch log says 2023-05-31 at the top.", THU, "2023-05-31", "2023-05-31", "DATE", "day"),
    ("The memo was dated 5/31/2023 at the top.", THU, "5/31/2023", "2023-05-31", "DATE", "day"),
    ("The crisis of October 17, 1962 was recalled.", THU, "October 17, 1962", "1962-10-17", "DATE", "day"),
    # --- month and year ---
    ("Talks stalled in October 2019 after the summit.", THU, "October 2019", "2019-10", "DATE", "month"),
    ("The plan was drafted in March 2023.", MON, "March 2023", "2023-03", "DATE", "month"),
    ("A similar test took place in May 2022.", MON, "May 2022", "2022-05", "DATE", "month"),
    ("The data cover Oct. 2023 only.", MON, "Oct. 2023", "2023-10", "DATE", "month"),
    ("He resigned in October of 2019.", MON, "October of 2019", "2019-10", "DATE", "month"),
    ("Construction began in early March 2022.", MON, "early March 2022", "2022-03", "DATE", "month"),
    ("Production resumed in late June 2021.", MON, "late June 2021", "2021-06", "DATE", "month"),
    # --- month only: past context ---
    ("The first satellite launch failed in March.", MON, "March", "2023-03", "DATE", "month"),
    ("The missile was tested in December.", MON, "December", "2022-12", "DATE", "month"),
    ("The test was carried out in May, officials said.", THU, "May", "2023-05", "DATE", "month"),
    ("The country launched a rocket in August.", THU, "August", "2023-08", "DATE", "month"),
    ("The drills ended in October.", THU, "October", "2022-10", "DATE", "month"),
    ("Its first attempt came in April.", JAN, "April", "2023-04", "DATE", "month"),
    ("The meeting was held in early October.", MON, "early October", "2023-10", "DATE", "month"),
    ("It last fired a missile in late September.", MON, "late September", "2023-09", "DATE", "month"),
    ("It launched a rocket last October.", MON, "last October", "2023-10", "DATE", "month"),
    ("It launched a rocket last December.", MON, "last December", "2022-12", "DATE", "month"),
    # --- month only: future context ---
    ("The country will attempt another launch in December.", MON, "December", "2023-12", "DATE", "month"),
    ("It will hold elections in November.", MON, "November", "2023-11", "DATE", "month"),
    ("The agency is expected to retry in February.", MON, "February", "2024-02", "DATE", "month"),
    ("Another test is expected in mid-October.", THU, "mid-October", "2023-10", "DATE", "month"),
    ("The summit is scheduled for June.", JAN, "June", "2024-06", "DATE", "month"),
    ("The parliament will vote next May.", MON, "next May", "2024-05", "DATE", "month"),
    ("Officials aim to finish the work by September.", THU, "September", "2023-09", "DATE", "month"),
    ("They plan to meet again this December.", MON, "this December", "2023-12", "DATE", "month"),
    # --- month only: neutral ---
    ("October is the usual season for parades.", MON, "October", "2023-10", "DATE", "month"),
    ("Prices from May to July are the highest.", MON, "May", "2023-05", "DATE", "month"),
    ("Prices from May to July are the highest.", MON, "July", "2023-07", "DATE", "month"),
    # --- weekdays: past ---
    ("North Korea fired a missile on Thursday.", MON, "Thursday", "2023-11-02", "DATE", "day"),
    ("The ministry said Friday that the rocket failed.", FRI, "Friday", "2023-11-10", "DATE", "day"),
    ("The rocket was launched on Thursday.", FRI, "Thursday", "2023-11-09", "DATE", "day"),
    ("Officials met on Monday to discuss the test.", FRI, "Monday", "2023-11-06", "DATE", "day"),
    ("The leader visited the site on Sunday.", MON, "Sunday", "2023-11-05", "DATE", "day"),
    ("It tested a new engine last Friday.", MON, "last Friday", "2023-11-03", "DATE", "day"),
    ("It tested a new engine last Monday.", MON, "last Monday", "2023-10-30", "DATE", "day"),
    ("The agency confirmed on Wednesday that it crashed.", THU, "Wednesday", "2023-08-02", "DATE", "day"),
    ("A missile flew over Japan early Tuesday.", MON, "early Tuesday", "2023-10-31", "DATE", "day"),
    ("Seoul reported Saturday's launch in detail.", MON, "Saturday", "2023-11-04", "DATE", "day"),
    # --- weekdays: present ---
    ("The envoy says on Monday that talks remain possible.", MON, "Monday", "2023-11-06", "DATE", "day"),
    ("Thursday is a holiday in the capital.", THU, "Thursday", "2023-08-03", "DATE", "day"),
    # --- weekdays: future ---
    ("The foreign ministers will meet on Thursday.", MON, "Thursday", "2023-11-09", "DATE", "day"),
    ("The foreign ministers will meet on Thursday.", FRI, "Thursday", "2023-11-16", "DATE", "day"),
    # the publication day's own weekday is that day, whatever the tense (AP style names today by its
    # weekday); a week ahead is written "next Monday" or as a date
    ("The council plans to vote on Monday.", MON, "Monday", "2023-11-06", "DATE", "day"),
    ("The council would hold closed-door consultations later on Monday.", MON, "Monday", "2023-11-06", "DATE", "day"),
    ("The council plans to vote next Monday.", MON, "next Monday", "2023-11-13", "DATE", "day"),
    ("The council plans to vote on Tuesday.", MON, "Tuesday", "2023-11-07", "DATE", "day"),
    ("The envoy is set to arrive next Tuesday.", MON, "next Tuesday", "2023-11-07", "DATE", "day"),
    ("A decision is due this Thursday.", MON, "this Thursday", "2023-11-09", "DATE", "day"),
    ("The launch is scheduled for Saturday.", THU, "Saturday", "2023-08-05", "DATE", "day"),
    # --- relative year / month / week ---
    ("It conducted more tests last year than ever.", MON, "last year", "2022", "DATE", "year"),
    ("It has conducted many tests this year.", MON, "this year", "2023", "DATE", "year"),
    ("It will launch more satellites next year.", MON, "next year", "2024", "DATE", "year"),
    ("A launch is possible later this year.", THU, "later this year", "2023", "DATE", "year"),
    ("It tested a solid-fuel engine late last year.", MON, "late last year", "2022", "DATE", "year"),
    ("Exports fell last month, data showed.", MON, "last month", "2023-10", "DATE", "month"),
    ("Exports fell last month, data showed.", JAN, "last month", "2023-12", "DATE", "month"),
    ("Imports rose this month, traders say.", MON, "this month", "2023-11", "DATE", "month"),
    ("The team will return next month.", MON, "next month", "2023-12", "DATE", "month"),
    ("The team will return early next month.", MON, "early next month", "2023-12", "DATE", "month"),
    ("The drills began earlier this month.", MON, "earlier this month", "2023-11", "DATE", "month"),
    ("The envoy visited Seoul last week.", MON, "last week", "2023-W44", "DATE", "week"),
    ("The envoy visited Seoul last week.", JAN, "last week", "2024-W02", "DATE", "week"),
    ("The envoy is in Seoul this week.", MON, "this week", "2023-W45", "DATE", "week"),
    ("The envoy will visit Seoul next week.", MON, "next week", "2023-W46", "DATE", "week"),
    ("Protests took place last weekend.", MON, "last weekend", "2023-W44-WE", "DATE", "week"),
    # Sunday's copy counts weeks from Sunday: "last week" is the seven days to yesterday, "this week" the next.
    ("The envoy visited Seoul last week.", "2023-11-05", "last week", "2023-W44", "DATE", "week"),
    ("The envoy is due in Seoul this week.", "2023-11-05", "this week", "2023-W45", "DATE", "week"),
    ("More protests are planned this weekend.", MON, "this weekend", "2023-W45-WE", "DATE", "week"),
    ("A deal is due by the end of the year.", MON, "the end of the year", "2023", "DATE", "year"),
    ("A deal is due by the end of this month.", MON, "the end of this month", "2023-11", "DATE", "month"),
    ("The plant should open at the beginning of next year.", MON, "the beginning of next year", "2024", "DATE", "year"),
    ("Output fell in the previous year.", MON, "the previous year", "2022", "DATE", "year"),
    ("Output rose in the current year.", MON, "the current year", "2023", "DATE", "year"),
    ("Sales fell last quarter.", MON, "last quarter", "2023-Q3", "DATE", "quarter"),
    ("Sales fell last quarter.", JAN, "last quarter", "2023-Q4", "DATE", "quarter"),
    ("Sales will rise next quarter.", MON, "next quarter", "2024-Q1", "DATE", "quarter"),
    ("The arms race of this decade worries experts.", MON, "this decade", "202", "DATE", "decade"),
    # --- ago ---
    ("The first test took place a year ago.", MON, "a year ago", "2022", "DATE", "year"),
    ("The first test took place two days ago.", MON, "two days ago", "2023-11-04", "DATE", "day"),
    ("The first test took place three weeks ago.", MON, "three weeks ago", "2023-W42", "DATE", "week"),
    ("The first test took place a week ago.", MON, "a week ago", "2023-W44", "DATE", "week"),
    ("The first test took place two months ago.", MON, "two months ago", "2023-09", "DATE", "month"),
    ("The first test took place six months ago.", MON, "six months ago", "2023-05", "DATE", "month"),
    ("The first test took place five years ago.", MON, "five years ago", "2018", "DATE", "year"),
    ("The reactor was built a decade ago.", MON, "a decade ago", "201", "DATE", "decade"),
    ("The reactor was built 10 years ago.", MON, "10 years ago", "2013", "DATE", "year"),
    ("The reactor was built years ago.", MON, "years ago", "PAST_REF", "DATE", None),
    ("The reactor was built a few years ago.", MON, "a few years ago", "PAST_REF", "DATE", None),
    # --- durations ---
    ("The sanctions have been in place for three years.", MON, "three years", "P3Y", "DURATION", None),
    ("Radar tracked it for 24 hours.", MON, "24 hours", "PT24H", "DURATION", None),
    ("Three launches took place in the past 24 hours.", MON, "the past 24 hours", "PT24H", "DURATION", None),
    ("The programme took a decade to mature.", MON, "a decade", "P1DE", "DURATION", None),
    ("The conflict has lasted decades.", MON, "decades", "PXDE", "DURATION", None),
    ("The drills will last two weeks.", MON, "two weeks", "P2W", "DURATION", None),
    ("Repairs took several months.", MON, "several months", "PXM", "DURATION", None),
    ("The ship waited a few days offshore.", MON, "a few days", "PXD", "DURATION", None),
    ("The armistice has held for more than 60 years.", MON, "more than 60 years", "P60Y", "DURATION", None),
    ("They signed a three-year agreement.", MON, "three-year", "P3Y", "DURATION", None),
    ("The army kept a 24-hour watch.", MON, "24-hour", "PT24H", "DURATION", None),
    ("The flight lasted 90 minutes.", MON, "90 minutes", "PT90M", "DURATION", None),
    ("Tension rose over the past week.", MON, "the past week", "P1W", "DURATION", None),
    ("Tension rose over the past few years.", MON, "the past few years", "PXY", "DURATION", None),
    ("More tests may follow in the next few days.", MON, "the next few days", "PXD", "DURATION", None),
    ("The engine burned for 30 seconds.", MON, "30 seconds", "PT30S", "DURATION", None),
    ("The inspection took a fortnight.", MON, "a fortnight", "P2W", "DURATION", None),
    ("Tests doubled in the last three years.", MON, "the last three years", "P3Y", "DURATION", None),
    ("Work stopped for nearly a decade.", MON, "nearly a decade", "P1DE", "DURATION", None),
    ("The site was closed for five months.", MON, "five months", "P5M", "DURATION", None),
    ("The dispute is 100 years old.", MON, "100 years", "P100Y", "DURATION", None),
    ("The repair will take a couple of weeks.", MON, "a couple of weeks", "P2W", "DURATION", None),
    ("The engine was tested for years.", MON, "years", "PXY", "DURATION", None),
    # --- sets ---
    ("The drills are held every year in spring.", MON, "every year", "P1Y", "SET", None),
    ("The allies hold the exercise annually.", MON, "annually", "P1Y", "SET", None),
    ("The report is published each year.", MON, "each year", "P1Y", "SET", None),
    ("Elections take place every two years.", MON, "every two years", "P2Y", "SET", None),
    ("The council meets every Monday.", MON, "every Monday", "XXXX-WXX-1", "SET", None),
    ("The council meets twice a year.", MON, "twice a year", "P1Y", "SET", None),
    ("Inspectors visit three times a year.", MON, "three times a year", "P1Y", "SET", None),
    ("The site is monitored daily.", MON, "daily", "P1D", "SET", None),
    ("The agency reports weekly.", MON, "weekly", "P1W", "SET", None),
    ("Prices are reviewed every month.", MON, "every month", "P1M", "SET", None),
    ("The company reports quarterly.", MON, "quarterly", "P3M", "SET", None),
    ("Guards patrol every day.", MON, "every day", "P1D", "SET", None),
    ("The ministers talk each week.", MON, "each week", "P1W", "SET", None),
    # --- present, past and future references ---
    ("The satellite is now in orbit.", MON, "now", "PRESENT_REF", "DATE", None),
    ("The satellite is currently in orbit.", MON, "currently", "PRESENT_REF", "DATE", None),
    ("Tensions have risen recently.", MON, "recently", "PAST_REF", "DATE", None),
    ("More launches are likely in the future.", MON, "the future", "FUTURE_REF", "DATE", None),
    ("Such tests were common in the past.", MON, "the past", "PAST_REF", "DATE", None),
    ("A new launch could come soon.", MON, "soon", "FUTURE_REF", "DATE", None),
    ("Tensions have risen in recent years.", MON, "recent years", "PAST_REF", "DATE", None),
    ("More tests are expected in the coming weeks.", MON, "the coming weeks", "FUTURE_REF", "DATE", None),
    ("No talks are planned in the near future.", MON, "the near future", "FUTURE_REF", "DATE", None),
    ("Few people travel there nowadays.", MON, "nowadays", "PRESENT_REF", "DATE", None),
    # --- quarters, seasons, decades, centuries ---
    ("Exports fell in the third quarter, the bank said.", MON, "the third quarter", "2023-Q3", "DATE", "quarter"),
    ("The firm reported third-quarter losses.", MON, "third-quarter", "2023-Q3", "DATE", "quarter"),
    ("Exports fell in the fourth quarter.", JAN, "the fourth quarter", "2023-Q4", "DATE", "quarter"),
    ("Exports will recover in the second quarter.", MON, "the second quarter", "2024-Q2", "DATE", "quarter"),
    ("Exports fell in the first quarter of 2022.", MON, "the first quarter of 2022", "2022-Q1", "DATE", "quarter"),
    ("Sales in Q3 2023 were flat.", MON, "Q3 2023", "2023-Q3", "DATE", "quarter"),
    ("Another attempt is planned for this summer.", THU, "this summer", "2023-SU", "DATE", "season"),
    ("The reservoir dried up last winter.", MON, "last winter", "2022-WI", "DATE", "season"),
    ("The reservoir dried up last summer.", MON, "last summer", "2023-SU", "DATE", "season"),
    ("The reservoir dried up last summer.", THU, "last summer", "2022-SU", "DATE", "season"),
    ("Work will resume next spring.", MON, "next spring", "2024-SP", "DATE", "season"),
    ("Floods hit the region in the summer of 2022.", MON, "the summer of 2022", "2022-SU", "DATE", "season"),
    ("Work resumed in spring after the floods.", MON, "spring", "2023-SP", "DATE", "season"),
    ("Food will be scarce this winter.", MON, "this winter", "2023-WI", "DATE", "season"),
    ("The programme began in the 1990s with foreign help.", MON, "the 1990s", "199", "DATE", "decade"),
    ("The programme began in the '90s.", MON, "the '90s", "199", "DATE", "decade"),
    ("The programme grew in the early 2000s.", MON, "the early 2000s", "200", "DATE", "decade"),
    ("The war of the 1950s divided the peninsula.", MON, "the 1950s", "195", "DATE", "decade"),
    ("It is a weapon of the 21st century.", MON, "the 21st century", "20", "DATE", "century"),
    ("Such wars belonged to the 20th century.", MON, "the 20th century", "19", "DATE", "century"),
    ("It is the worst famine this century.", MON, "this century", "20", "DATE", "century"),
    # --- years with modifiers and fiscal years ---
    ("The budget for fiscal 2023 was cut.", MON, "fiscal 2023", "FY2023", "DATE", "year"),
    ("The budget for FY2024 was approved.", MON, "FY2024", "FY2024", "DATE", "year"),
    ("Production should resume by mid-2022.", MON, "mid-2022", "2022", "DATE", "year"),
    ("The line opened in early 2022.", MON, "early 2022", "2022", "DATE", "year"),
    ("The line closed in late 2021.", MON, "late 2021", "2021", "DATE", "year"),
    ("The plant should be ready by the end of 2024.", MON, "the end of 2024", "2024", "DATE", "year"),
    ("The plan dates back to the beginning of 2023.", MON, "the beginning of 2023", "2023", "DATE", "year"),
    ("He was born in 1984 in the capital.", MON, "1984", "1984", "DATE", "year"),
    # --- parts of day, clock times, deictic days ---
    ("Sirens sounded on Tuesday night in the city.", MON, "Tuesday night", "2023-10-31TNI", "TIME", "time"),
    ("The launch happened Friday evening.", MON, "Friday evening", "2023-11-03TEV", "TIME", "time"),
    ("The missile was fired at 10:48 a.m. from the coast.", MON, "10:48 a.m.", "2023-11-06T10:48", "TIME", "time"),
    ("The missile was fired on Tuesday at 10:48 a.m. local time.", MON, "10:48 a.m. local time", "2023-10-31T10:48", "TIME", "time"),
    ("The rocket lifted off at 3 p.m. on Thursday.", MON, "3 p.m.", "2023-11-02T15:00", "TIME", "time"),
    ("The curfew starts at 22:00 in the capital.", MON, "22:00", "2023-11-06T22:00", "TIME", "time"),
    ("The launch was detected at 0148 GMT.", MON, "0148 GMT", "2023-11-06T01:48", "TIME", "time"),
    ("The deadline passed at noon without reply.", MON, "noon", "2023-11-06T12:00", "TIME", "time"),
    ("The talks broke off at midnight.", MON, "midnight", "2023-11-06T24:00", "TIME", "time"),
    ("The launch was detected at 10 am on the coast.", MON, "10 am", "2023-11-06T10:00", "TIME", "time"),
    ("The meeting started at 12 p.m. sharp.", MON, "12 p.m.", "2023-11-06T12:00", "TIME", "time"),
    ("The agency reported the launch this morning.", MON, "this morning", "2023-11-06TMO", "TIME", "time"),
    ("Sirens sounded in the city last night.", MON, "last night", "2023-11-05TNI", "TIME", "time"),
    ("The leader will speak tonight on television.", MON, "tonight", "2023-11-06TNI", "TIME", "time"),
    ("The agency said yesterday morning that it failed.", MON, "yesterday morning", "2023-11-05TMO", "TIME", "time"),
    ("The envoy arrives tomorrow afternoon.", MON, "tomorrow afternoon", "2023-11-07TAF", "TIME", "time"),
    ("The ministry confirmed the launch today.", MON, "today", "2023-11-06", "DATE", "day"),
    ("The ministry confirmed the launch yesterday.", MON, "yesterday", "2023-11-05", "DATE", "day"),
    ("The ministry will comment tomorrow.", MON, "tomorrow", "2023-11-07", "DATE", "day"),
    # --- ranges: each end is its own expression ---
    ("Tests in 2009-2010 drew sanctions.", MON, "2009", "2009", "DATE", "year"),
    ("Tests in 2009-2010 drew sanctions.", MON, "2010", "2010", "DATE", "year"),
    ("Tests between 2016 and 2017 drew sanctions.", MON, "2016", "2016", "DATE", "year"),
    ("Tests between 2016 and 2017 drew sanctions.", MON, "2017", "2017", "DATE", "year"),
    ("The drills ran from March to May.", MON, "March", "2023-03", "DATE", "month"),
    ("The drills ran from March to May.", MON, "May", "2023-05", "DATE", "month"),
    # --- Juche calendar ---
    ("The stamp reads Juche 113 (2024) on the cover.", JAN, "Juche 113 (2024)", "2024", "DATE", "year"),
    ("The stamp reads Juche 112 on the cover.", JAN, "Juche 112", "2023", "DATE", "year"),
    # --- regressions found on real newswire (paraphrased) ---
    ("The coast guard was told of a window from Monday to June 4.", "2024-05-28", "June 4", "2024-06-04", "DATE", "day"),
    ("The warning was to run until Dec. 1 at noon.", "2023-11-22", "Dec. 1", "2023-12-01", "DATE", "day"),
    ("The leader's sister vowed on Thursday that it would succeed.", "2023-06-01", "Thursday", "2023-06-01", "DATE", "day"),
    ("The launch had been scheduled for Wednesday evening.", "2023-05-25", "Wednesday evening", "2023-05-24TEV", "TIME", "time"),
    ("Officials said a third launch would be attempted in October.", "2023-08-24", "October", "2023-10", "DATE", "month"),
    ("Radar caught it at about 10:43 p.m. Tuesday night.", "2023-11-22", "10:43 p.m.", "2023-11-21T22:43", "TIME", "time"),
    ("The satellite will be launched later Friday on a rocket.", FRI, "later Friday", "2023-11-10", "DATE", "day"),
    ("It fired the same missile nearly a year ago.", "2024-11-01", "nearly a year ago", "2023", "DATE", "year"),
    ("It last tested one in October of last year.", "2022-05-07", "October of last year", "2021-10", "DATE", "month"),
    ("The rocket failed Monday night. Radar detected it at 10:44 p.m. over the sea.", "2024-05-28", "10:44 p.m.", "2024-05-27T22:44", "TIME", "time"),
    ("North Korea fired two missiles before dawn Sunday.", "2022-10-09", "dawn Sunday", "2022-10-09TMO", "TIME", "time"),
    # A day counted back from today measures a gap; the scene's day is the weekday.
    ("It fired a missile early Sunday, days after Moon took office four days ago. It was launched at 5:27 a.m.",
     "2017-05-14", "5:27 a.m.", "2017-05-14T05:27", "TIME", "time"),
    # --- halves and partial periods ---
    ("Revenue rose 12 percent in the first half of 2023.", MON, "the first half of 2023", "2023-H1", "DATE", "half"),
    ("Growth is expected to slow in the second half, analysts said.", MON, "the second half", "2023-H2", "DATE", "half"),
    ("Growth slowed in the second half, analysts said.", THU, "the second half", "2022-H2", "DATE", "half"),
    ("Growth slowed in the first half, analysts said.", THU, "the first half", "2023-H1", "DATE", "half"),
    ("Inflation eased in the second half of last year.", MON, "the second half of last year", "2022-H2", "DATE", "half"),
    ("Sales rose in the first half of the year.", MON, "the first half of the year", "2023-H1", "DATE", "half"),
    ("The firm posted first-half profit of $2 billion.", MON, "first-half", "2023-H1", "DATE", "half"),
    ("Profit in H1 2023 rose sharply.", MON, "H1 2023", "2023-H1", "DATE", "half"),
    ("Exports fell 4 percent in the first nine months of the year.", MON, "the first nine months of the year", "P9M", "DURATION", None),
    ("Exports fell in the first six months of 2022.", MON, "the first six months of 2022", "P6M", "DURATION", None),
    ("In the first six months, exports dropped 9 percent.", MON, "the first six months", "P6M", "DURATION", None),
    ("Profit doubled from the year-earlier period.", MON, "the year-earlier period", "2022", "DATE", "year"),
    ("Profit rose in the third quarter from the year-earlier period.", MON, "the year-earlier period", "2022-Q3", "DATE", "quarter"),
    ("Sales in the third quarter beat the year-earlier quarter.", MON, "the year-earlier quarter", "2022-Q3", "DATE", "quarter"),
    ("Sales were flat compared with the same period last year.", MON, "the same period last year", "2022", "DATE", "year"),
    ("Exports rose in October from the same month a year earlier.", MON, "the same month a year earlier", "2022-10", "DATE", "month"),
    ("Imports had risen 8 percent a year earlier.", MON, "a year earlier", "2022", "DATE", "year"),
    ("Exports rose 5 percent in October, up from 2 percent a year earlier.", MON, "a year earlier", "2022-10", "DATE", "month"),
    ("Sales beat year-earlier levels in the quarter.", MON, "year-earlier", "2022", "DATE", "year"),
    # --- modified and partial periods relative to the publication date ---
    ("Output recovered in mid-2022 after the floods.", MON, "mid-2022", "2022", "DATE", "year"),
    ("The plant closed late last year.", MON, "late last year", "2022", "DATE", "year"),
    ("A decision is expected by the end of the month.", MON, "the end of the month", "2023-11", "DATE", "month"),
    ("The talks are expected to conclude by year-end.", MON, "year-end", "2023", "DATE", "year"),
    ("The city was rebuilt at the turn of the century.", MON, "the turn of the century", "2000", "DATE", "year"),
    ("Protesters gathered over the weekend in Seoul.", MON, "the weekend", "2023-W44-WE", "DATE", "week"),
    ("More protests are planned for the weekend.", MON, "the weekend", "2023-W45-WE", "DATE", "week"),
    ("Protesters gather over the weekend in Seoul.", FRI, "the weekend", "2023-W45-WE", "DATE", "week"),
    ("Artillery fire was heard overnight near the border.", MON, "overnight", "2023-11-05TNI", "TIME", "time"),
    ("The ministry will brief reporters overnight.", MON, "overnight", "2023-11-06TNI", "TIME", "time"),
    ("The country has fired dozens of missiles over the past decade.", MON, "the past decade", "P1DE", "DURATION", None),
    ("At present, no talks are planned.", MON, "present", "PRESENT_REF", "DATE", None),
    ("The craft docked about six and a half hours later.", MON, "about six and a half hours", "PT6.5H", "DURATION", None),
    ("The flight lasted about half an hour.", MON, "about half an hour", "PT30M", "DURATION", None),
    ("Tests have doubled over the past two and a half years.", MON, "the past two and a half years", "P2.5Y", "DURATION", None),
    ("The 10-year bond yield rose to 4.9 percent.", MON, "10-year", "P10Y", "DURATION", None),
    ("The agency reports once or twice a day.", MON, "once or twice a day", "P1D", "SET", None),
    ("The fall of the city is remembered every April.", MON, "every April", "XXXX-04", "SET", None),
    # --- holidays, quarters named by months, markets-style periods and references ---
    ("Talks will resume after Christmas, diplomats said.", MON, "Christmas", "2023-12-25", "DATE", "day"),
    ("The leader gave a speech on New Year's Day.", MON, "New Year's Day", "2023-01-01", "DATE", "day"),
    ("Markets will be closed for Thanksgiving.", MON, "Thanksgiving", "2023-11-23", "DATE", "day"),
    ("The truce held through Christmas 2022.", MON, "Christmas 2022", "2022-12-25", "DATE", "day"),
    ("Exports in the January-March period rose 3 percent.", MON, "the January-March period", "2023-Q1", "DATE", "quarter"),
    ("Net income rose 15 percent in the latest quarter.", MON, "the latest quarter", "2023-Q3", "DATE", "quarter"),
    ("The bank cut its forecast for the current fiscal year.", MON, "the current fiscal year", "FY2023", "DATE", "year"),
    ("Sales will rise in the coming year.", MON, "the coming year", "2024", "DATE", "year"),
    ("Imports have fallen for 12 consecutive months.", MON, "12 consecutive months", "P12M", "DURATION", None),
    ("Analysts expect a slowdown in the near term.", MON, "the near term", "FUTURE_REF", "DATE", None),
    ("At the moment, no talks are scheduled.", MON, "the moment", "PRESENT_REF", "DATE", None),
    ("The news agency said the test took place on Sunday in the afternoon.", MON, "the afternoon", "2023-11-05TAF", "TIME", "time"),
    # --- event-relative: the reference time of the narrative (see ANCHORS for the reference used) ---
    ("The rocket fell on Nov. 1. Debris was found the next day.", MON, "the next day", "2023-11-02", "DATE", "day"),
    ("Officials met on Oct. 20. The previous day, the envoy had arrived.", MON, "The previous day", "2023-10-19", "DATE", "day"),
    ("The test came on Oct. 3, two days after a warning. Two days earlier, ships had moved.", MON, "Two days earlier", "2023-10-01", "DATE", "day"),
    ("The summit opened on Sept. 4. A week later, talks collapsed.", MON, "A week later", "2023-W37", "DATE", "week"),
    ("Japan protested on Tuesday. The day before, the missile had flown over Hokkaido.", MON, "The day before", "2023-10-30", "DATE", "day"),
    ("Talks collapsed in 2019 and resumed the following year.", MON, "the following year", "2020", "DATE", "year"),
    ("It launched on Aug. 24. Later that day, the agency admitted failure.", MON, "that day", "2023-08-24", "DATE", "day"),
    ("The envoy arrived on Friday. The next morning he met the minister.", MON, "The next morning", "2023-11-04TMO", "TIME", "time"),
    ("The day before the Nov. 21 launch, Japan was notified.", MON, "The day before", "2023-11-20", "DATE", "day"),
    ("Only a day earlier, officials had denied any plan.", MON, "a day earlier", "2023-11-05", "DATE", "day"),
    ("Revenue rose in the third quarter. A year earlier it had fallen.", MON, "A year earlier", "2022-Q3", "DATE", "quarter"),
    # A month of the narrative's year, not of the publication year.
    ("Unlike 2012, when the North launched rockets in April and December, it has been quiet.", MON, "April",
     "2012-04", "DATE", "month"),
    ("Unlike 2012, when the North launched rockets in April and December, it has been quiet.", MON, "December",
     "2012-12", "DATE", "month"),
    ("It tested ICBMs in 2017 and fired a missile in March.", MON, "March", "2023-03", "DATE", "month"),
    ("It reached orbit in December 2012, after a failed attempt in April that year.", MON, "April that year",
     "2012-04", "DATE", "month"),
    ("Talks began in 2018 and collapsed in February of the following year.", MON, "February of the following year",
     "2019-02", "DATE", "month"),
    ("Debris was found the next day.", None, "the next day", "XXXX-XX-XX", "DATE", "day"),
    # --- times and time zones: the zone is inside the TIMEX3 ---
    ("The missile was launched at 10:30 a.m. local time from the coast.", MON, "10:30 a.m. local time", "2023-11-06T10:30", "TIME", "time"),
    ("Japan detected the launch at 0130 GMT on Monday.", MON, "0130 GMT", "2023-11-06T01:30", "TIME", "time"),
    ("The rocket lifted off at 22:00 (1300 GMT) on Sunday.", MON, "22:00", "2023-11-05T22:00", "TIME", "time"),
    ("The rocket lifted off at 22:00 (1300 GMT) on Sunday.", MON, "1300 GMT", "2023-11-05T13:00", "TIME", "time"),
    ("The drills will begin at 7 a.m. Seoul time on Tuesday.", MON, "7 a.m. Seoul time", "2023-11-07T07:00", "TIME", "time"),
    ("The deadline expires at 11:59 p.m. EST on Friday.", FRI, "11:59 p.m. EST", "2023-11-10T23:59", "TIME", "time"),
    ("The curfew begins at 2200 local time.", MON, "2200 local time", "2023-11-06T22:00", "TIME", "time"),
    # A day right after a zoned clock is that zone's day, not the local clock's.
    ("It was launched at 5:55 a.m. on Friday (2055 GMT Thursday).", MON, "5:55 a.m.", "2023-11-03T05:55", "TIME", "time"),
    ("It was launched at 5:55 a.m. on Friday (2055 GMT Thursday).", MON, "2055 GMT", "2023-11-02T20:55", "TIME", "time"),
    ("It was launched at 5:55 a.m. (2055 GMT Thursday), the JCS said.", MON, "5:55 a.m.", "2023-11-06T05:55", "TIME", "time"),
    # "(2150 GMT on Tuesday)": the day after "on" is the GMT clock's too.
    ("It was launched at 6:50 a.m. (2150 GMT on Tuesday), the JCS said.", MON, "6:50 a.m.", "2023-11-06T06:50",
     "TIME", "time"),
    # A day later in the sentence, in another clause, is not the clock's day.
    ("It was fired at 3:32 a.m. local time, as Americans were celebrating the Fourth of July holiday.", MON,
     "3:32 a.m. local time", "2023-11-06T03:32", "TIME", "time"),
    # A clock with no day of its own takes the day of the event before it, not the day of its report.
    ("North Korea fired four missiles on Thursday evening, the ministry said Friday. The first flew at 5:42 p.m.",
     MON, "5:42 p.m.", "2023-11-02T17:42", "TIME", "time"),
    ("North Korea fired two missiles on Wednesday, sources said on Thursday. They were launched in the morning.",
     MON, "the morning", "2023-11-01TMO", "TIME", "time"),
    ("The ministry said on Thursday that it was studying the launch. It was detected at 5:42 p.m.",
     MON, "5:42 p.m.", "2023-11-02T17:42", "TIME", "time"),
    # A month without a year in a sentence a year opens, or "that <month>" after a year, is of that year.
    ("In 2019 talks collapsed in February, officials said.", MON, "February", "2019-02", "DATE", "month"),
    ("Its last flights, in 2017, preceded the ICBM tests of that July and November.", MON, "July", "2017-07",
     "DATE", "month"),
    ("Its last flights, in 2017, preceded the ICBM tests of that July and November.", MON, "November", "2017-11",
     "DATE", "month"),
    ("In 2017 the North tested two ICBMs. That July it fired the Hwasong-14.", MON, "July", "2017-07", "DATE", "month"),
    ("North Korea, which tested ICBMs in 2017, fired a missile in May.", MON, "May", "2023-05", "DATE", "month"),
    # ... and so is a day named without a year in a list item a month and year open.
    ("* March 2020 - Short-range missiles were launched on March 2, March 9 and March 29.", MON, "March 9",
     "2020-03-09", "DATE", "day"),
    # A live blog's entry time is the entry header's day, not a day an earlier entry's text names.
    ("2023-11-06 07:41 KST -- The North fired a missile.\n\n10:05 -- Officials recalled the test of August 24.\n\n"
     "11:48 -- The council met.", MON, "11:48", "2023-11-06T11:48", "TIME", "time"),
    ("2023-11-05 23:10 KST -- Sirens sounded.\n\n2023-11-06 01:20 KST -- The North fired a missile.\n\n"
     "02:05 -- Japan protested.", MON, "02:05", "2023-11-06T02:05", "TIME", "time"),
    # --- clock times with weekdays, parts of days ---
    ("The missile was fired Thursday at 7:50 a.m., the military said.", MON, "7:50 a.m.", "2023-11-02T07:50", "TIME", "time"),
    ("The blast occurred in the early hours of Sunday.", MON, "the early hours of Sunday", "2023-11-05TMO", "TIME", "time"),
    ("Sirens sounded on Tuesday, in the early hours.", MON, "the early hours", "2023-10-31TMO", "TIME", "time"),
    ("It happened on the night of Nov. 21, officials said.", MON, "the night of Nov. 21", "2023-11-21TNI", "TIME", "time"),
    ("It happened on the morning of Tuesday, officials said.", MON, "the morning of Tuesday", "2023-10-31TMO", "TIME", "time"),
    # --- ranges and lists: each end is its own expression ---
    ("The window runs between May and July.", MON, "May", "2023-05", "DATE", "month"),
    ("The window runs between May and July.", MON, "July", "2023-07", "DATE", "month"),
    ("Ships were warned to avoid the area on Aug. 2-4.", MON, "Aug. 2", "2023-08-02", "DATE", "day"),
    ("Ships were warned to avoid the area on Aug. 2-4.", MON, "4", "2023-08-04", "DATE", "day"),
    ("Talks were held on Sept. 12 and 13.", MON, "13", "2023-09-13", "DATE", "day"),
    ("The G7 ministers will meet on Nov. 7-8 in Tokyo.", MON, "8", "2023-11-08", "DATE", "day"),
    ("The 1950-53 war ended in an armistice.", MON, "53", "1953", "DATE", "year"),
    ("Ministers met on Thursday and Friday in Tokyo.", MON, "Friday", "2023-11-03", "DATE", "day"),
    # --- tense: the timex attaches to the nearer verb ---
    ("North Korea is expected to launch a satellite on Thursday.", MON, "Thursday", "2023-11-09", "DATE", "day"),
    ("North Korea had launched a satellite on Thursday.", MON, "Thursday", "2023-11-02", "DATE", "day"),
    ("The agency said on Thursday it will launch a satellite.", MON, "Thursday", "2023-11-02", "DATE", "day"),
    ("The agency said it will launch a satellite on Thursday.", MON, "Thursday", "2023-11-09", "DATE", "day"),
    ("Kim said in a speech on Tuesday that the country would launch more satellites.", MON, "Tuesday", "2023-10-31", "DATE", "day"),
    ("The summit is to be held in Seoul on Friday.", MON, "Friday", "2023-11-10", "DATE", "day"),
    ("The launch is set for December.", MON, "December", "2023-12", "DATE", "month"),
    ("The launch, which had been planned for Thursday, was delayed.", MON, "Thursday", "2023-11-02", "DATE", "day"),
    # a future word opening a compound modifier is no tense cue: "put" is the verb, Thursday is past
    ("Japan put its next-generation rocket into orbit on Thursday at the second try.", MON, "Thursday",
     "2023-11-02", "DATE", "day"),
    ("The agency will hold a last-ditch meeting on Thursday.", MON, "Thursday", "2023-11-09", "DATE", "day"),
    # --- no publication date: relative values stay unresolved ---
    ("The agency plans to try again in October.", None, "October", "XXXX-10", "DATE", "month"),
    ("North Korea fired a missile on Thursday.", None, "Thursday", "XXXX-WXX-4", "DATE", "day"),
    ("The launch took place on Thursday morning.", None, "Thursday morning", "XXXX-WXX-4TMO", "TIME", "time"),
    ("It conducted more tests last year.", None, "last year", "XXXX", "DATE", "year"),
    ("The envoy will visit Seoul next week.", None, "next week", "XXXX-WXX", "DATE", "week"),
    ("The ministry confirmed the launch yesterday.", None, "yesterday", "XXXX-XX-XX", "DATE", "day"),
    ("The rocket broke apart on May 31st.", None, "May 31st", "XXXX-05-31", "DATE", "day"),
    ("Exports fell in the third quarter.", None, "the third quarter", "XXXX-Q3", "DATE", "quarter"),
    ("Another attempt is planned for this summer.", None, "this summer", "XXXX-SU", "DATE", "season"),
    ("The missile was fired at 10:48 a.m. from the coast.", None, "10:48 a.m.", "XXXX-XX-XXT10:48", "TIME", "time"),
    ("It fired a record number of missiles in 2022.", None, "2022", "2022", "DATE", "year"),
    ("The sanctions have been in place for three years.", None, "three years", "P3Y", "DURATION", None),
    ("The first test took place a year ago.", None, "a year ago", "PAST_REF", "DATE", None),
]

# Sentences in which nothing is a temporal expression.
NEGATIVES = [
    "We condemn the launch in the strongest terms.",
    "It may launch another rocket without warning.",
    "Troops march 10 miles to the border.",
    "The blast killed 22 people and injured others.",
    "The missile flew 600 miles before splashing down.",
    "The army fired 10 missiles into the sea.",
    "The leader repeated the warning 3 times.",
    "The second stage failed to separate.",
    "The first was a decoy.",
    "Only one reached the target.",
    "A Reuters tally counts the launches.",
    "The Hwasong-15 can reach the mainland.",
    "The council adopted Resolution 1718 unanimously.",
    "The council adopted Resolution 2087 unanimously.",
    "The G7 condemned the test.",
    "Two Su-30 jets were scrambled.",
    "The rocket flew 1,000 km east.",
    "The rocket flew 2000 km east.",
    "Some 2000 troops joined the drill.",
    "Prices may fall as supply grows.",
    "The spring mechanism jammed.",
    "The talks could fall apart.",
    "Kim Jong Un inspected the site.",
    "The US and Japan condemned it.",
    "May said the talks were useful.",
    "It was the first such test.",
    "The day of reckoning, he said, is near.",
    "The year was not specified.",
    "It will try again as soon as possible.",
    "Now that the rocket has failed, talks may resume.",
    "Thousands joined a protest march in the capital.",
    "The Sun reported the story first.",
    "The Fall of Saigon changed the region.",
    "The missile flew 10 miles before it crashed.",
    "The team is ranked No. 1 in the region.",
    "The Hwasong-18 is a solid-fuel missile.",
    "The Juche idea guides the state.",
    "The Second World War shaped the region.",
    "Call 555-0199 or 1-800-555-0199 for details.",
    "The vote was 12-3 in favour of the resolution.",
    "Half the missiles failed.",
    "The present situation is grave.",
    "The city grew in the first half of the century.",
    "He spent the second half of his career in the capital.",
    "The debris fell near Christmas Island.",
    "The rocket left a bright streak in the night sky.",
    "Traders were busy in the morning session.",
    "The launch came the day after U.S. midterm elections.",   # dated by an event the stage does not know
]


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


@pytest.fixture(scope="module")
def tagger(nlp):
    return DateTagger(nlp.vocab, MODELS)


def tag(nlp, tagger, text: str, published: str | None) -> list[Timex]:
    return tagger(nlp(text), date.fromisoformat(published) if published else None)


def test_table_has_enough_cases():
    assert len(CASES) + len(NEGATIVES) >= 200


@pytest.mark.parametrize("sentence, published, text, value, timex_type, granularity", CASES)
def test_phrase_resolves(nlp, tagger, sentence, published, text, value, timex_type, granularity):
    found = {t.text: t for t in tag(nlp, tagger, sentence, published)}
    assert text in found, f"{text!r} not among {sorted(found)}"
    timex = found[text]
    assert (timex.value, timex.timex_type, timex.granularity) == (value, timex_type, granularity)
    if "X" in value or timex_type in ("DURATION", "SET") or value.endswith("_REF"):
        assert timex.start is None and timex.end is None
    else:
        assert timex.start <= timex.end


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_no_date_in_negative(nlp, tagger, sentence):
    assert tag(nlp, tagger, sentence, MON) == []


# --- intervals: start/end of the covered period ---
INTERVALS = [
    ("The attempt, which happened on Thursday morning, failed.", MON, "Thursday morning", "2023-11-02", "2023-11-02"),
    ("It vowed a new attempt after a failure earlier this year.", THU, "earlier this year", "2023-01-01", "2023-08-03"),
    ("A launch is possible later this year.", THU, "later this year", "2023-08-03", "2023-12-31"),
    ("The agency plans to try once more in October.", MON, "October", "2024-10-01", "2024-10-31"),
    ("The envoy visited Seoul last week.", MON, "last week", "2023-10-30", "2023-11-05"),
    ("The envoy visited Seoul last week.", "2023-11-05", "last week", "2023-10-29", "2023-11-04"),
    ("Exports fell in the third quarter.", MON, "the third quarter", "2023-07-01", "2023-09-30"),
    ("The programme began in the 1990s.", MON, "the 1990s", "1990-01-01", "1999-12-31"),
    ("It fired missiles in 2022.", MON, "2022", "2022-01-01", "2022-12-31"),
    ("Protests took place last weekend.", MON, "last weekend", "2023-11-04", "2023-11-05"),
    ("Food will be scarce this winter.", MON, "this winter", "2023-12-01", "2024-02-29"),
    ("It is a weapon of the 21st century.", MON, "the 21st century", "2000-01-01", "2099-12-31"),
    ("The team will return next month.", JAN, "next month", "2024-02-01", "2024-02-29"),
]


@pytest.mark.parametrize("sentence, published, text, start, end", INTERVALS)
def test_interval(nlp, tagger, sentence, published, text, start, end):
    found = {t.text: t for t in tag(nlp, tagger, sentence, published)}
    assert (found[text].start, found[text].end) == (date.fromisoformat(start), date.fromisoformat(end))


def test_rows_are_sorted_non_overlapping_and_located(nlp, tagger):
    text = ("North Korea fired a missile on Thursday. It plans another launch in October, "
            "officials said last week.\nTalks have stalled since 2019.")
    doc = nlp(text)
    rows = tagger(doc, date(2023, 11, 6))
    assert [r.text for r in rows] == ["Thursday", "October", "last week", "2019"]
    assert [r.sentence_index for r in rows] == [0, 1, 1, 2]
    for row in rows:
        assert text[row.start_char:row.end_char] == row.text
        assert row.anchor == date(2023, 11, 6)
        assert row.rule_id.startswith("timex.")
    assert all(a.end_char <= b.start_char for a, b in zip(rows, rows[1:]))


def test_tense_is_reported(nlp, tagger):
    rows = {r.text: r for r in tag(nlp, tagger, "It launched on Thursday and will try again in October.", MON)}
    assert rows["Thursday"].tense == "past"
    assert rows["October"].tense == "future"
    assert rows["Thursday"].resolver == "weekday.past"
    assert rows["October"].resolver == "month.future"


def test_prepositions_stay_outside(nlp, tagger):
    texts = [t.text for t in tag(nlp, tagger, "It has been quiet since 2019 and will stay so until June.", MON)]
    assert texts == ["2019", "June"]


def test_no_anchor_never_becomes_today(nlp, tagger):
    for row in tag(nlp, tagger, "It launched today, yesterday and on Monday, and will again in May.", None):
        assert row.start is None and row.anchor is None
        assert "X" in row.value


def test_same_phrase_resolved_once(nlp, tagger):
    resolve_phrase.cache_clear()
    for _ in range(3):
        tag(nlp, tagger, "The rocket was launched on Thursday.", MON)
    info = resolve_phrase.cache_info()
    assert info.hits >= 2 and info.misses <= 2


def test_empty_doc_and_doc_without_dates(nlp, tagger):
    assert tag(nlp, tagger, "", MON) == []
    assert tag(nlp, tagger, "Officials condemned the launch.", None) == []


def test_sentence_index_agrees_with_doc_sents(nlp, tagger):
    doc = nlp("It failed. Nobody knows why! Another try is planned for next week. Maybe.")
    rows = tagger(doc, date(2023, 11, 6))
    sentences = list(doc.sents)
    assert [sentences[r.sentence_index].text for r in rows] == ["Another try is planned for next week."]


def test_date_code_never_searches_free_text():
    source = "".join(p.read_text() for p in (MODELS.parents[1] / "pipeline" / "dates").glob("*.py"))
    assert "search_dates" not in source


# --- event-relative expressions: which reference time they were resolved against ---
# (text, published, extent, value, anchor, resolver): policy narrative_reference_v2
ANCHORS = [
    ("The rocket fell on Nov. 1. Debris was found the next day.", MON, "the next day", "2023-11-02",
     "2023-11-01", "relative.anaphoric.paragraph"),
    ("The rocket fell on Nov. 1. Debris was found the next day. Two days later, it was lifted.", MON,
     "Two days later", "2023-11-04", "2023-11-02", "relative.anaphoric.paragraph"),
    ("The rocket fell on Nov. 1.\n\nDebris was found the next day.", MON, "the next day", "2023-11-07",
     "2023-11-06", "relative.anaphoric.published"),
    ("The day before the Nov. 21 launch, Japan was notified.", MON, "The day before", "2023-11-20",
     "2023-11-21", "relative.anaphoric.sentence"),
    ("Debris was found the next day.", MON, "the next day", "2023-11-07", "2023-11-06", "relative.anaphoric.published"),
    ("It failed at 10:48 a.m. The next day, debris was found.", MON, "The next day", "2023-11-07",
     "2023-11-06", "relative.anaphoric.published"),
    ("It launched in 2019. A year later it tried again.", MON, "A year later", "2020", "2019-01-01",
     "relative.anaphoric.paragraph"),
    ("It launched in 2019 and again on Nov. 1. A year later it tried again.", MON, "A year later", "2024",
     "2023-11-01", "relative.anaphoric.paragraph"),
    ("It launched in 2019. The next day it tried again.", MON, "The next day", "2023-11-07", "2023-11-06",
     "relative.anaphoric.published"),
    ("Growth slowed in the April-June quarter, data showed on Thursday. In the previous quarter it rose.", THU,
     "the previous quarter", "2023-Q1", "2023-04-01", "relative.anaphoric.paragraph"),
    ("Exports rose in October, data showed on Thursday. A year earlier they fell.", MON, "A year earlier",
     "2022-10", "2023-10-01", "relative.anaphoric.paragraph"),
    ("Output fell in the previous year.", MON, "the previous year", "2022", "2023-11-06", "relative.anaphoric.published"),
    ("Three weeks later, on Dec. 12, the council met.", MON, "Three weeks later", "2023-W48", "2023-11-06",
     "relative.anaphoric.published"),
    # A distal "that morning" with no day in its paragraph: the latest earlier day that is not the publication day.
    ("The missile flew on Wednesday, officials said on Monday.\n\nThe first launch that morning broke up.", MON,
     "that morning", "2023-11-01TMO", "2023-11-01", "relative.anaphoric.article"),
]


@pytest.mark.parametrize("text, extent, value", [
    ("Officials said on Monday.\n\nThe first launch that morning broke up.", "that morning", "XXXX-XX-XXTMO"),
    # The day before it is not inside the period its paragraph names.
    ("The council met on Sunday.\n\nLast month, the North said it had tested a missile, and Seoul said one of the "
     "missiles launched that day may have failed.", "that day", "XXXX-XX-XX"),
])
def test_a_distal_anaphor_with_nothing_to_refer_to_stays_unresolved(nlp, tagger, text, extent, value):
    row = {t.text: t for t in tag(nlp, tagger, text, MON)}[extent]
    assert row.value == value and row.resolver == "relative.anaphoric.no_anchor"


@pytest.mark.parametrize("text, published, extent, value, anchor, resolver", ANCHORS)
def test_event_relative_anchor(nlp, tagger, text, published, extent, value, anchor, resolver):
    found = {t.text: t for t in tag(nlp, tagger, text, published)}
    row = found[extent]
    assert (row.value, row.anchor, row.resolver) == (value, date.fromisoformat(anchor), resolver)


def test_publication_anchor_is_kept_for_other_rows(nlp, tagger):
    rows = tag(nlp, tagger, "The rocket fell on Nov. 1. Debris was found the next day, officials said on Friday.", MON)
    assert {r.text: r.anchor for r in rows} == {"Nov. 1": date(2023, 11, 6), "the next day": date(2023, 11, 1),
                                               "Friday": date(2023, 11, 6)}


def test_range_end_row_names_the_rule_of_its_first_end(nlp, tagger):
    rows = tag(nlp, tagger, "Ships were warned to avoid the area on Aug. 2-4.", MON)
    assert [(r.text, r.rule_id) for r in rows] == [("Aug. 2", "timex.month_day_year"),
                                                  ("4", "timex.month_day_year#range_end")]
