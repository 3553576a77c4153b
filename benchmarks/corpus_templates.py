"""Sentence templates of the benchmark corpus, grouped by the paragraph kind they build.

Written for this benchmark in a generic wire style (nothing here is taken from the seed articles). Slots are
`str.format` fields that `corpus.py` fills per article: `{actor}`/`{actor_adj}` the launching country,
`{vehicle}` a noun phrase for the rocket or missile, `{payload}` a satellite, `{when}` the launch date as the
article phrases it, `{past}`/`{future}` other date phrases, `{speaker}` an official with a title, `{other}`/
`{other_adj}`/`{third}` other countries, `{org}` an organisation, `{source}` who reported the launch, and a few
numbers. A template may use any subset of the slots.
"""

LEAD = [
    "{actor} launched {vehicle} {when}, {source} said, {lead_tail}.",
    "{source} said {actor} had test-fired {vehicle} from {site} {when}.",
    "{actor_adj} forces fired {vehicle} towards {sea} {when}, according to {source}.",
    "{actor} carried out a launch of {vehicle} {when}, {lead_tail}, {source} reported.",
    "{actor} launched {vehicle} from {site} {when}, {source} said.",
]
LEAD_SATELLITE = [
    "{actor} tried to put {payload} into orbit {when} with {vehicle}, {source} said.",
    "{vehicle_cap} carrying {payload} lifted off from {site} {when}, {source} said.",
    "{actor} launched {payload} on {vehicle} {when}, {lead_tail}, {source} reported.",
]
LEAD_TAIL = [
    "the latest in a string of tests this year",
    "defying repeated warnings from its neighbours",
    "in a move likely to raise tensions in the region",
    "days after a visit by senior foreign diplomats",
    "its first such test in several months",
]

SUCCESS = [
    "The missile was fired at {clock} local time and flew for about {minutes} minutes, {source} said.",
    "The missile flew about {km} kilometres and reached an altitude of {altitude} kilometres before falling into "
    "{sea}, officials said.",
    "{source_cap} said the satellite had entered its planned orbit and was sending signals back to the ground.",
    "State media called the test a complete success and said it had met all of its technical goals.",
    "The launch went as planned, a spokesperson for the programme said, and the payload separated on schedule.",
]
FAILURE = [
    "The {stage} stage failed about {minutes} minutes after lift-off and the vehicle broke apart over {sea}, "
    "{source} said.",
    "{source_cap} said the launch had failed because of a problem with the {stage}-stage engine.",
    "The rocket lifted off at {clock} but lost contact with the ground {minutes} minutes later, officials said.",
    "The missile exploded seconds after launch, according to a defence official who asked not to be named.",
    "Debris from the failed launch fell into {sea}, and the {stage} stage was never ignited, analysts said.",
]
UNKNOWN = [
    "It was not immediately clear whether the launch had succeeded.",
    "The launch was detected at {clock}, but it wasn't clear how far the missile flew.",
    "Officials were still analysing the flight data and did not say whether the test met its goals.",
    "{source_cap} gave no details of the flight, and independent tracking data was not yet available.",
]

REACTION = [
    '"{quote}," {speaker} said {said_when}.',
    "{speaker} condemned the launch as {adjective} and said {clause}.",
    '"{quote}," {speaker} told reporters in {capital}.',
    "In a statement, {org} said {clause}.",
    "{other} called the test {adjective}, and its foreign ministry said {clause}.",
    "{speaker} said {clause}, adding that {other} was in close contact with its allies.",
]
QUOTE_OPEN = ["This launch is", "What we saw today is", "Such tests are", "It's", "Let me be clear: this is",
              "We don't accept what is"]
QUOTE_BODY = [
    "a clear violation of Security Council resolutions",
    "a serious threat to peace and stability in the region",
    "deeply destabilising",
    "unacceptable to the international community",
    "a reckless provocation",
]
QUOTE_CLOSE = ["", " and it must stop", " and we will respond together with our partners",
               " and we urge restraint on all sides", ", and we won't stay silent", ", and that's why we're responding"]
ADJECTIVE = ["a provocation", "reckless", "a grave threat", "deeply regrettable", "irresponsible"]
CLAUSE = [
    "the launch violated several UN Security Council resolutions",
    "it would work closely with its partners on a response",
    "the test posed a direct threat to the security of the region",
    "dialogue remained the only way to resolve the dispute",
    "there was no evidence of damage to ships or aircraft",
]

SANCTIONS = [
    "{other} announced sanctions {past} on {count} companies and {count2} people it accused of supplying parts for "
    "{actor_adj} missile programmes.",
    "{org_cap} is expected to discuss new sanctions against {actor} {future}, diplomats said.",
    "{other} froze the assets of {count} firms linked to the {actor_adj} launch programme {when}.",
    "Existing sanctions already bar {actor} from importing most rocket components, and {other} said it would push "
    "for tighter enforcement.",
]
TALKS = [
    "{speaker} will travel to {capital} {future} for talks on arms control and regional security.",
    "Negotiations between {other} and {actor} stalled {past}, and no new round has been scheduled.",
    "Envoys from {other} and {third} met in {capital} {when} to discuss ways to restart the talks.",
    "{speaker} said {other} remained open to talks with {actor} without preconditions.",
]
EXERCISE = [
    "{other} and {third} began joint military exercises {when} involving {count} warships and dozens of aircraft.",
    "{actor} has long condemned the annual drills held by {other} and {third} as rehearsals for an invasion.",
    "The drills, which run until {future_day}, include live-fire training near {sea}.",
]
HISTORY = [
    "It was the {ordinal} launch by {actor} {period}.",
    "A previous attempt {past} ended in failure when the {stage} stage malfunctioned.",
    "{actor} has conducted dozens of missile tests since {year}.",
    "The {vehicle_name} was first shown at a military parade {past}.",
    "Analysts said the programme had made rapid progress since {past_month}, when a similar test went wrong.",
]
PLANS = [
    "{source_cap} said another launch was planned {future}.",
    "Officials said {actor} could attempt another launch {future}.",
    "The agency hopes to place {payload} in orbit {future}, according to a published schedule.",
]
FILLER = [
    "Separately, heavy rain caused flooding in parts of {capital} {when}, disrupting train services.",
    "Stock markets in the region were mixed, with investors focused on interest rates and company earnings.",
    "The national football team of {other} will play a friendly match in {capital} in {month}.",
    "City officials also announced a plan to expand the bus network over the next {count} years.",
    "Fuel prices rose by {percent} percent over the past month, according to government figures.",
    "A new high-speed rail line between two northern cities is due to open {future}, the transport ministry said.",
    "Tourist arrivals recovered strongly {past}, helped by a weaker currency and new flight routes.",
]

# Wire datelines: `SEOUL, Sept. 18 (Wire) -`; months abbreviated in the agency style most wires use.
DATELINE = "{city}, {month_abbr} {day} ({agency}) -"
AGENCIES = ["Wire", "Newsdesk", "World Wire", "Asia Newsline"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

TITLE = [
    "{actor_adj} {vehicle_name} launch {outcome_word}",
    "{actor} fires {vehicle_short}, {other} says",
    "{other} condemns {actor_adj} launch",
    "{actor} launch: what we know",
    "Tensions rise after {actor_adj} test",
    "{speaker_name} responds to {actor_adj} launch",
]
OUTCOME_WORD = {"success": "succeeds", "failure": "fails", "unknown": "reported"}

STAGES = ["first", "second", "third", "upper"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "tenth"]
PERIODS = ["this year", "this month", "since January", "in two months"]
NUMBERS = ["two", "three", "four", "five", "six", "eight", "12", "15", "20"]
