"""Specs of the claims stage (`pipeline.claims`): who said what, with which stance.

Most tests use hand-built `Mention`s (a tiny in-test gazetteer), so they do not depend on the
entity files in `models/`; one test runs the real entity stage when those files are valid.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.claims import Claim, ClaimExtractor, validate_claim_rules
from pipeline.claims_rules import load_claim_rules
from pipeline.entities import Mention
from pipeline.nlp import blank_english
from pipeline.rules.loader import InvalidRules

MODELS = Path(__file__).resolve().parents[1] / "models"

# phrase -> (label, entity_id, country, organization kind); longest phrases are matched first.
GAZETTEER = {
    "North Korea": ("COUNTRY", "country.prk", "PRK", None),
    "Pyongyang": ("COUNTRY", "country.prk", "PRK", None),
    "South Korea": ("COUNTRY", "country.kor", "KOR", None),
    "South Korean": ("COUNTRY", "country.kor", "KOR", None),
    "Seoul": ("COUNTRY", "country.kor", "KOR", None),
    "Japan": ("COUNTRY", "country.jpn", "JPN", None),
    "Japanese": ("COUNTRY", "country.jpn", "JPN", None),
    "United States": ("COUNTRY", "country.usa", "USA", None),
    "China": ("COUNTRY", "country.chn", "CHN", None),
    "Ministry of National Defense": ("ORGANIZATION", "org.kor.mnd", "KOR", "ministry"),
    "Foreign Ministry": ("ORGANIZATION", "org.chn.mfa", "CHN", "ministry"),
    "Defense Ministry": ("ORGANIZATION", "org.jpn.mod", "JPN", "ministry"),
    "Korean Central News Agency": ("ORGANIZATION", "org.prk.kcna", "PRK", "state_media"),
    "KCNA": ("ORGANIZATION", "org.prk.kcna", "PRK", "state_media"),
    "Joint Chiefs of Staff": ("ORGANIZATION", "org.kor.jcs", "KOR", "military"),
    "State Department": ("ORGANIZATION", "org.usa.state", "USA", "ministry"),
    "National Security Council": ("ORGANIZATION", "org.kor.nsc", "KOR", "other"),
    "Aiko Tanaka": ("OFFICIAL", "official.aiko_tanaka", "JPN", None),
    "Park Min-jun": ("OFFICIAL", "official.park_min_jun", "KOR", None),
    "Lena Ortiz": ("OFFICIAL", "official.lena_ortiz", "USA", None),
    "Tongchang-ri": ("LOCATION", "location.sohae", "PRK", None),
    "Hwasong-18": ("ROCKET", "weapon.hwasong-18", "PRK", None),
    "European Union": ("ORGANIZATION", "org.eu", None, "intergovernmental"),
}


ROLES = {"Aiko Tanaka": "Foreign Minister", "Park Min-jun": "Defense Minister", "Lena Ortiz": "Secretary of State"}


@pytest.fixture(scope="module")
def nlp():
    return blank_english()


@pytest.fixture(scope="module")
def extractor(nlp):
    return ClaimExtractor(nlp.vocab, MODELS)


def hand_mentions(doc) -> list[Mention]:
    """Mentions of the in-test gazetteer, longest first, never overlapping."""
    starts = [s.start for s in doc.sents]
    found, taken = [], set()
    for phrase in sorted(GAZETTEER, key=len, reverse=True):
        at = doc.text.find(phrase)
        while at >= 0:
            span = doc.char_span(at, at + len(phrase))
            if span is not None and not set(range(span.start, span.end)) & taken:
                taken |= set(range(span.start, span.end))
                label, entity_id, country, kind = GAZETTEER[phrase]
                sentence = max(i for i, s in enumerate(starts) if s <= span.start)
                found.append(Mention(span.start, span.end, span.start_char, span.end_char, span.text, sentence,
                                     label, entity_id, phrase, country, ROLES.get(phrase), "test", kind))
            at = doc.text.find(phrase, at + 1)
    return sorted(found, key=lambda m: m.start)


def claims_of(nlp, extractor, text: str) -> list[Claim]:
    doc = nlp(text)
    return extractor(doc, hand_mentions(doc))


# (text, speaker, cue, content starts with, content ends with, stance, entity id or speaker label)
CASES = [
    # -- "X said (that) ...", with adverbs and adjuncts between
    ("North Korea said it would launch another satellite.", "North Korea", "said", "it would", "another satellite",
     "pledge", "country.prk"),
    ("Seoul said that the rocket broke apart over the sea.", "Seoul", "said", "the rocket", "over the sea",
     "neutral", "country.kor"),
    ("Japan has also said the debris posed no danger.", "Japan", "said", "the debris", "no danger", "neutral",
     "country.jpn"),
    ("The State Department said on Monday that sanctions would follow.", "State Department", "said",
     "sanctions", "would follow", "neutral", "org.usa.state"),
    ("Pyongyang said last month it was developing a reconnaissance satellite.", "Pyongyang", "said",
     "it was developing", "reconnaissance satellite", "neutral", "country.prk"),
    ("North Korea said again the launch had succeeded.", "North Korea", "said", "the launch", "had succeeded",
     "neutral", "country.prk"),
    ("Aiko Tanaka said in a statement that Tokyo had lodged a protest.", "Aiko Tanaka", "said", "Tokyo had",
     "a protest", "condemn", "official.aiko_tanaka"),
    ("Aiko Tanaka told reporters the missile landed outside Japan's waters.", "Aiko Tanaka", "told",
     "the missile", "Japan's waters", "neutral", "official.aiko_tanaka"),
    ("Park Min-jun told a news conference that the test was a setback.", "Park Min-jun", "told", "the test",
     "a setback", "neutral", "official.park_min_jun"),
    ("Park Min-jun said: “The launch changes nothing.”", "Park Min-jun", "said", "The launch", "nothing",
     "neutral", "official.park_min_jun"),
    # -- "..., X said." and quotes before the speaker
    ("The object fell into the sea, Japan's Defense Ministry said.", "Defense Ministry", "said", "The object",
     "into the sea", "neutral", "org.jpn.mod"),
    # a possessive time word is the object, not a time phrase
    ("Japan's Defense Ministry condemned Sunday's launch.", "Defense Ministry", "condemned", "Sunday's launch",
     "Sunday's launch", "condemn", "org.jpn.mod"),
    # an aside after the time phrase ("..., X said on Monday, the latest in ...") is no content
    ("The object fell into the sea, Japan's Defense Ministry said on Monday, the third such launch this month.",
     "Defense Ministry", "said", "The object", "into the sea", "neutral", "org.jpn.mod"),
    ("Japan's Defense Ministry said on Monday, “The object fell into the sea.”", "Defense Ministry", "said",
     "The object", "into the sea", "neutral", "org.jpn.mod"),
    ("The rocket lost thrust after 90 seconds, the Joint Chiefs of Staff said in a statement.",
     "Joint Chiefs of Staff", "said", "The rocket", "90 seconds", "neutral", "org.kor.jcs"),
    ("“We will not tolerate this,” said Aiko Tanaka.", "Aiko Tanaka", "said", "We will", "tolerate this",
     "pledge", "official.aiko_tanaka"),
    ("“We will not tolerate this,” Aiko Tanaka said.", "Aiko Tanaka", "said", "We will", "tolerate this",
     "pledge", "official.aiko_tanaka"),
    ("\"The engine worked perfectly,\" Park Min-jun said.", "Park Min-jun", "said", "The engine", "perfectly",
     "neutral", "official.park_min_jun"),
    ("The launch was a failure, said Lena Ortiz.", "Lena Ortiz", "said", "The launch", "a failure", "neutral",
     "official.lena_ortiz"),
    # -- "according to X"
    ("According to the Joint Chiefs of Staff, the missile flew 600 km.", "Joint Chiefs of Staff",
     "According to", "the missile", "600 km", "neutral", "org.kor.jcs"),
    ("The satellite never reached orbit, according to South Korea's military.", "South Korea's military",
     "according to", "The satellite", "reached orbit", "neutral", "country.kor"),
    ("The Joint Chiefs of Staff said the missile flew 600 km. The military said more launches were possible.",
     "The military", "said", "more launches", "were possible", "neutral", "org.kor.jcs"),
    # -- possessive sources, role phrases, groups
    ("KCNA's statement said the second stage ignited normally.", "KCNA's statement", "said", "the second stage",
     "ignited normally", "neutral", "org.prk.kcna"),
    ("A spokesman for the Ministry of National Defense said the launch was detected early.",
     "A spokesman for the Ministry of National Defense", "said", "the launch", "detected early", "neutral",
     "org.kor.mnd"),
    ("A Foreign Ministry spokesperson said Beijing urged calm.", "A Foreign Ministry spokesperson", "said",
     "Beijing", "urged calm", "neutral", "org.chn.mfa"),
    ("South Korean officials said the booster was recovered.", "South Korean officials", "said", "the booster",
     "was recovered", "neutral", "country.kor"),
    ("Analysts said the program was advancing faster than expected.", "Analysts", "said", "the program",
     "than expected", "claim", "ROLE"),
    ("Experts warned that the test could trigger an arms race.", "Experts", "warned", "the test",
     "an arms race", "warn", "ROLE"),
    ("The launch failed, officials said.", "officials", "said", "The launch", "failed", "neutral", "ROLE"),
    ("A senior official said the talks were suspended.", "A senior official", "said", "the talks",
     "were suspended", "neutral", "ROLE"),
    # -- stances
    ("Japan condemned the launch as a clear violation of UN resolutions.", "Japan", "condemned", "the launch",
     "UN resolutions", "condemn", "country.jpn"),
    ("The National Security Council denounced the test.", "National Security Council", "denounced", "the test",
     "the test", "condemn", "org.kor.nsc"),
    ("Pyongyang slammed the drills as a rehearsal for invasion.", "Pyongyang", "slammed", "the drills",
     "for invasion", "condemn", "country.prk"),
    ("North Korea threatened to respond with overwhelming force.", "North Korea", "threatened", "to respond",
     "overwhelming force", "warn", "country.prk"),
    ("The United States called on North Korea to return to talks.", "United States", "called on",
     "North Korea", "return to talks", "urge", "country.usa"),
    ("Lena Ortiz urged Pyongyang to stop all launches.", "Lena Ortiz", "urged", "Pyongyang", "all launches",
     "urge", "official.lena_ortiz"),
    ("China demanded that all sides show restraint.", "China", "demanded", "all sides", "show restraint",
     "urge", "country.chn"),
    ("North Korea vowed to launch a working satellite within months.", "North Korea", "vowed", "to launch",
     "within months", "pledge", "country.prk"),
    ("The United States has pledged to defend its allies.", "United States", "pledged", "to defend",
     "its allies", "pledge", "country.usa"),
    ("KCNA acknowledged that the third stage had malfunctioned.", "KCNA", "acknowledged", "the third stage",
     "had malfunctioned", "acknowledge", "org.prk.kcna"),
    ("Seoul confirmed the debris belonged to the rocket.", "Seoul", "confirmed", "the debris", "to the rocket",
     "acknowledge", "country.kor"),
    ("Pyongyang denied that the satellite had military uses.", "Pyongyang", "denied", "the satellite",
     "military uses", "deny", "country.prk"),
    ("China rejected the criticism as groundless.", "China", "rejected", "the criticism", "as groundless",
     "deny", "country.chn"),
    ("North Korea claimed the satellite photographed military bases.", "North Korea", "claimed",
     "the satellite", "military bases", "claim", "country.prk"),
    ("The State Department stressed the dual-use nature of space rockets.", "State Department", "stressed",
     "the dual-use", "space rockets", "emphasize", "org.usa.state"),
    ("Lena Ortiz underlined the need for joint drills.", "Lena Ortiz", "underlined", "the need", "joint drills",
     "emphasize", "official.lena_ortiz"),
    ("South Korea said it “strongly condemns” the launch.", "South Korea", "said", "it", "the launch", "condemn",
     "country.kor"),
    ("Japan said it would work with its allies.", "Japan", "said", "it would", "its allies", "pledge",
     "country.jpn"),
    # -- characterizations and concern (documented choices: threat -> condemn, concern -> warn)
    ("Aiko Tanaka described the launches as a threat to regional peace.", "Aiko Tanaka", "described",
     "the launches", "regional peace", "condemn", "official.aiko_tanaka"),
    ("Park Min-jun called it a grave provocation.", "Park Min-jun", "called", "it", "grave provocation",
     "condemn", "official.park_min_jun"),
    ("Lena Ortiz described the launch as a routine test.", "Lena Ortiz", "described", "the launch",
     "routine test", "neutral", "official.lena_ortiz"),
    ("Several governments have expressed serious concern about the launches.", "Several governments",
     "expressed", "serious concern", "the launches", "warn", "ROLE"),
    # -- participles continue the subject
    ("The United States echoed those concerns, urging Pyongyang to halt further tests.", "United States",
     "urging", "Pyongyang", "further tests", "urge", "country.usa"),
    ("Seoul said the rocket exploded, adding that debris was being collected.", "Seoul", "adding", "debris",
     "being collected", "neutral", "country.kor"),
    # -- anaphora: pronouns and definite descriptions resolve to earlier mentions
    ("Aiko Tanaka spoke in Tokyo. She said the alert system worked.", "She", "said", "the alert system",
     "worked", "neutral", "official.aiko_tanaka"),
    ("Park Min-jun visited the coast. “The sea is calm now,” he said.", "he", "said", "The sea", "calm now",
     "neutral", "official.park_min_jun"),
    ("Japan's Defense Ministry tracked the missile. The ministry said it fell outside the zone.", "The ministry",
     "said", "it fell", "outside the zone", "neutral", "org.jpn.mod"),
    ("The Korean Central News Agency carried the news. The agency said the engine was new.", "The agency",
     "said", "the engine", "was new", "neutral", "org.prk.kcna"),
    ("Lena Ortiz met allies. The official said sanctions were coming.", "The official", "said", "sanctions",
     "were coming", "neutral", "official.lena_ortiz"),
    ("North Korea launched again. The country said the satellite was working.", "The country", "said",
     "the satellite", "was working", "neutral", "country.prk"),
    ("North Korea launched again. It said the satellite was working.", "It", "said", "the satellite",
     "was working", "neutral", "country.prk"),
    ("The Korean Central News Agency (KCNA) said the satellite reached orbit.", "Korean Central News Agency",
     "said", "the satellite", "reached orbit", "neutral", "org.prk.kcna"),
    ("Park Min-jun, the defense minister, said the drills would continue.", "Park Min-jun", "said", "the drills",
     "would continue", "neutral", "official.park_min_jun"),
    ("Park Min-jun spoke first. Then Kim Ha-eun, a researcher, said nothing had changed.", "Kim Ha-eun", "said",
     "nothing", "had changed", "neutral", "official.kim-ha-eun"),
    ("Park Min-jun arrived. Park said the radar worked.", "Park", "said", "the radar", "worked", "neutral",
     "official.park_min_jun"),
    ("Park Min-jun inspected troops. Aiko Tanaka spoke later. The defense minister said the radar worked.",
     "The defense minister", "said", "the radar", "worked", "neutral", "official.park_min_jun"),
    ("Aiko Tanaka flew to Seoul. Japan's foreign minister said the alliance was firm.", "Japan's foreign minister",
     "said", "the alliance", "was firm", "neutral", "official.aiko_tanaka"),
    # -- quotes across sentences, speaker in the next sentence
    ("“The launch failed. We will try again,” said Park Min-jun.", "Park Min-jun", "said", "The launch failed",
     "try again", "neutral", "official.park_min_jun"),
    ("“Stop this now!” the ministry said.", "the ministry", "said", "Stop", "now!", "neutral", "UNKNOWN"),
    ("Japan's Defense Ministry issued a warning. “Take shelter immediately!” the ministry said.", "the ministry",
     "said", "Take shelter", "immediately!", "neutral", "org.jpn.mod"),
    ("Aiko Tanaka said: “We are watching closely. Our forces are ready.”", "Aiko Tanaka", "said",
     "We are watching", "are ready", "neutral", "official.aiko_tanaka"),
    ("SEOUL, South Korea (AP) — North Korea fired a rocket on Tuesday, the Joint Chiefs of Staff said.",
     "Joint Chiefs of Staff", "said", "North Korea fired", "on Tuesday", "neutral", "org.kor.jcs"),
    ("Park Min-jun spoke. Park also vowed to launch again next year, state media reported.", "Park", "vowed",
     "to launch", "next year", "pledge", "official.park_min_jun"),
    ("North Korea said Tuesday it had launched a satellite.", "North Korea", "said", "it had", "a satellite",
     "neutral", "country.prk"),
    ("The ministry's spokesman, Lena Ortiz, said the drills were defensive.", "Lena Ortiz", "said", "the drills",
     "were defensive", "neutral", "official.lena_ortiz"),
    ("North Korea, which has tested more than 100 missiles since the start of last year and plans more, said it "
     "would not stop.", "North Korea", "said", "it would", "not stop", "pledge", "country.prk"),
    ("“We remain open to talks,” U.S. Secretary of State Lena Ortiz said at a briefing in Jakarta. “But stop.”",
     "Lena Ortiz", "said", "We remain", "open to talks", "neutral", "official.lena_ortiz"),
    ("TOKYO (Reuters) - Japan's government said it had detected a missile.", "Japan's government", "said",
     "it had detected", "a missile", "neutral", "country.jpn"),
    ("Japan's Defense Ministry tracked it. There was no damage, the ministry said in a statement.", "the ministry",
     "said", "There was", "no damage", "neutral", "org.jpn.mod"),
    ("Asked about help, Lena Ortiz said that was why the talks mattered.", "Lena Ortiz", "said", "that was why",
     "talks mattered", "neutral", "official.lena_ortiz"),
    ("Pyongyang told Japan's coast guard that its launch window would open on May 31.", "Pyongyang", "told",
     "its launch window", "on May 31", "neutral", "country.prk"),
    ("“This is routine,” Lena Ortiz told reporters, adding that such tests were expected.", "Lena Ortiz",
     "adding", "such tests", "were expected", "neutral", "official.lena_ortiz"),
    ("“With a test like this, we learn,” SpaceX said in a statement, adding that data would help.", "SpaceX",
     "said", "With a test", "we learn", "neutral", "UNKNOWN"),
    ("Kim Ha-eun said the data was useful. She added that more tests would follow.", "She", "added",
     "more tests", "would follow", "neutral", "official.kim-ha-eun"),
    ("A defense ministry official said the radar worked. The official said the debris was recovered.",
     "The official", "said", "the debris", "was recovered", "neutral", "ROLE"),
    # -- coordinated cues share the speaker; the first content stops before "and"
    ("Seoul condemned the test and urged Pyongyang to stop all launches.", "Seoul", "urged", "Pyongyang",
     "all launches", "urge", "country.kor"),
    ("Seoul condemned the test and urged Pyongyang to stop all launches.", "Seoul", "condemned", "the test",
     "the test", "condemn", "country.kor"),
    ("“We will win,” said Aiko Tanaka, adding that “the drills will go on.”", "Aiko Tanaka", "adding",
     "the drills", "will go on", "neutral", "official.aiko_tanaka"),
    ("Park Min-jun called for \"an exponential increase\" in missile defenses.", "Park Min-jun", "called for",
     '"an exponential', "missile defenses", "urge", "official.park_min_jun"),
    ("The National Security Council met on Friday and condemned the launch.", "National Security Council",
     "condemned", "the launch", "the launch", "condemn", "org.kor.nsc"),
    ("Park Min-jun apologized for the confusion but said the alert was justified.", "Park Min-jun", "said",
     "the alert", "was justified", "neutral", "official.park_min_jun"),
    # -- coordinated speakers: one span, the role phrase's or the first speaker's link
    ("China, Japan and South Korea said the talks would resume.", "China, Japan and South Korea", "said",
     "the talks", "would resume", "neutral", "COUNTRY"),   # several parties: no single entity
    ("The launch failed, officials in Seoul and Pyongyang said.", "officials in Seoul and Pyongyang", "said",
     "The launch", "failed", "neutral", "ROLE"),   # two capitals: no single entity
    ("Japanese and South Korean officials said the debris was found.", "Japanese and South Korean officials", "said",
     "the debris", "was found", "neutral", "ROLE"),
    ("North Korean leader Kim Jong Un's sister vowed that the satellite would fly.",
     "North Korean leader Kim Jong Un's sister", "vowed",
     "the satellite", "would fly", "pledge", "ROLE"),
    ("The North claimed that the satellite photographed bases.", "North", "claimed", "the satellite",
     "photographed bases", "claim", "UNKNOWN"),
    # -- wire-copy variants: listeners, appositives, linked sources, acronyms in modifiers
    ("“We are concerned,” a senior U.S. official told Reuters.", "a senior U.S. official", "told",
     "We are concerned", "We are concerned", "warn", "ROLE"),   # concern: warn (stance.concern)
    ("Aiko Tanaka told reporters the Hwasong-18 fell outside Japan's waters.", "Aiko Tanaka", "told",
     "the Hwasong-18", "Japan's waters", "neutral", "official.aiko_tanaka"),
    ("Lena Ortiz told CNN that the sanctions would be tightened.", "Lena Ortiz", "told", "the sanctions",
     "be tightened", "neutral", "official.lena_ortiz"),
    ("Park Min-jun, who leads the committee, said in a statement carried by KCNA that drills were reckless.",
     "Park Min-jun", "said", "drills", "were reckless", "condemn", "official.park_min_jun"),
    ("Japan's Defense Ministry spoke first. The launch failed, according to a statement from the ministry.",
     "a statement from the ministry", "according to", "The launch", "failed", "acknowledge", "org.jpn.mod"),
    ("Officials in Seoul said the rocket flew 600 km.", "Officials in Seoul", "said", "the rocket", "600 km",
     "neutral", "country.kor"),
    ("“The launch is a provocation,” the official said, speaking on condition of anonymity.", "the official",
     "said", "The launch", "a provocation", "condemn", "ROLE"),
    ("“We were ready. Nobody was surprised.”\n\nsaid Lena Ortiz, who chairs the panel.", "Lena Ortiz", "said",
     "We were ready", "was surprised", "neutral", "official.lena_ortiz"),
    ("“Take cover now!”\n\nThe ministry said. Japan's Defense Ministry later lifted the alert.", "The ministry",
     "said", "Take cover", "now!", "neutral", "UNKNOWN"),
    ("“We were ready for this.\n\n“Nothing will change,” said Lena Ortiz.", "Lena Ortiz", "said", "Nothing",
     "will change", "neutral", "official.lena_ortiz"),
    # -- more attribution patterns of wire copy
    ("Aiko Tanaka wrote on Telegram that the drills had provoked the launch.", "Aiko Tanaka", "wrote",
     "the drills", "the launch", "neutral", "official.aiko_tanaka"),
    ("Park Min-jun was quoted as saying by KCNA that the test had failed.", "Park Min-jun",
     "was quoted as saying", "the test", "had failed", "neutral", "official.park_min_jun"),
    ("Japan's Defense Ministry said on its website that no debris was found.", "Defense Ministry", "said",
     "no debris", "was found", "neutral", "org.jpn.mod"),
    ("“We will respond,” Park Min-jun said, in remarks carried by KCNA.", "Park Min-jun", "said", "We will",
     "respond", "pledge", "official.park_min_jun"),
    ("Park Min-jun, the defense minister, said in a statement carried by the Korean Central News Agency that "
     "drills would stop.", "Park Min-jun", "said", "drills", "would stop", "neutral", "official.park_min_jun"),
    ("KCNA reported, citing government sources, that the missile fell into the sea.", "KCNA", "reported",
     "the missile", "into the sea", "neutral", "org.prk.kcna"),
    ("“The launch is a violation,” U.S. Secretary of State Lena Ortiz told reporters.", "Lena Ortiz", "told",
     "The launch", "a violation", "condemn", "official.lena_ortiz"),
    # a quote ending the previous sentence is not this speaker's
    ("The State Department said the launch “raises tensions.” Japan's Defense Ministry urged restraint.",
     "Defense Ministry", "urged", "restraint", "restraint", "urge", "org.jpn.mod"),
    ("“These launches are unacceptable,” Aiko Tanaka told a regular news conference.", "Aiko Tanaka", "told",
     "These launches", "unacceptable", "condemn", "official.aiko_tanaka"),
    ("The launch came after a test that Park Min-jun said showed a range capable of reaching Japan.",
     "Park Min-jun", "said", "showed a range", "reaching Japan", "claim", "official.park_min_jun"),
    ("Lena Ortiz hailed the launch as a step forward.", "Lena Ortiz", "hailed", "the launch", "a step forward",
     "claim", "official.lena_ortiz"),
    # -- role speakers: the organization and country inside the phrase
    ("A spokesman for South Korea's Joint Chiefs of Staff said the missile flew 600 km.",
     "A spokesman for South Korea's Joint Chiefs of Staff", "said", "the missile", "600 km", "neutral",
     "org.kor.jcs"),
    ("A State Department spokesperson said the talks were over.", "A State Department spokesperson", "said",
     "the talks", "were over", "neutral", "org.usa.state"),
    # -- definite speakers and pronouns fall back to the latest named speaker of that kind
    ("The State Department said it was assessing the launch. The agency added that there was no threat.",
     "The agency", "added", "there was", "no threat", "neutral", "org.usa.state"),
    ("The State Department said in a statement that the launch was reckless. “This launch is an affront,” the "
     "statement said.", "the statement", "said", "This launch", "an affront", "neutral", "org.usa.state"),
    ("A missile landed off Japan, the Joint Chiefs of Staff said. It said the missile flew 600 km.", "It", "said",
     "the missile", "600 km", "neutral", "org.kor.jcs"),
    # a line break ends the content even where the sentencizer missed it ("3 p.m.\n\nPrime Minister ...")
    ("The Joint Chiefs of Staff said the missile fell at 3 p.m.\n\nAiko Tanaka vowed to strengthen defenses.",
     "Joint Chiefs of Staff", "said", "the missile", "3 p.m.", "neutral", "org.kor.jcs"),
    ("The Joint Chiefs of Staff said the missile fell at 3 p.m.\n\nAiko Tanaka vowed to strengthen defenses.",
     "Aiko Tanaka", "vowed", "to strengthen", "defenses", "pledge", "official.aiko_tanaka"),
    ("Japan's embassy in Seoul said Tokyo shared the concerns.", "Japan's embassy in Seoul", "said", "Tokyo",
     "the concerns", "warn", "country.jpn"),
    ("South Korea's air force said the jets were scrambled.", "South Korea's air force", "said", "the jets",
     "scrambled", "neutral", "country.kor"),
    # -- frames found on tests/gold_claims_dev2: relative clauses, "prompting X to", nested reports
    ("Lena Ortiz, who said on Tuesday that the talks had stalled, urged Pyongyang to return.", "Lena Ortiz",
     "said", "the talks", "had stalled", "neutral", "official.lena_ortiz"),
    ("Lena Ortiz, who said on Tuesday that the talks had stalled, urged Pyongyang to return.", "Lena Ortiz",
     "urged", "Pyongyang", "to return", "urge", "official.lena_ortiz"),
    ("KCNA, which said the test was routine, urged Seoul to halt the drills.", "KCNA", "urged", "Seoul",
     "the drills", "urge", "org.prk.kcna"),
    ("North Korea fired a missile, prompting Japan to warn that any attack would be repelled.", "Japan", "warn",
     "any attack", "be repelled", "warn", "country.jpn"),
    ("North Korea fired a missile, prompting South Korea and Japan to warn that talks were over.",
     "South Korea and Japan", "warn", "talks", "were over", "warn", "COUNTRY"),
    ("North Korea launched a satellite, a move Japan warned could destabilize the region.", "Japan", "warned",
     "could destabilize", "the region", "warn", "country.jpn"),
    ("North Korea said it launched a satellite, a move analysts warned could advance its missile program.",
     "North Korea", "said", "it launched", "a satellite", "neutral", "country.prk"),
    ("A spokesman said Foreign Minister Aiko Tanaka was troubled by the launch and urged restraint.",
     "Aiko Tanaka", "urged", "restraint", "restraint", "urge", "official.aiko_tanaka"),
    ("A spokesman said Foreign Minister Aiko Tanaka was troubled by the launch and urged restraint.",
     "A spokesman", "said", "Foreign Minister", "by the launch", "warn", "ROLE"),
    ("A spokesman said Aiko Tanaka was troubled by the launch, and urged restraint.", "A spokesman", "urged",
     "restraint", "restraint", "urge", "ROLE"),
    ("Seoul said the launch failed and urged Pyongyang to stop.", "Seoul", "urged", "Pyongyang", "to stop",
     "urge", "country.kor"),
    ("Japan condemned the launch, while China urged restraint on all sides.", "Japan", "condemned",
     "the launch", "the launch", "condemn", "country.jpn"),
    ("Japan condemned the launch, while China urged restraint on all sides.", "China", "urged", "restraint",
     "all sides", "urge", "country.chn"),
    ("Japan renewed calls for an end to the violence.", "Japan", "renewed calls for", "an end", "the violence",
     "urge", "country.jpn"),
    ("South Korean police said they arrested two men.", "South Korean police", "said", "they arrested",
     "two men", "neutral", "ROLE"),
    ("The European Union imposed sanctions. The bloc said the measures target ten firms.", "The bloc", "said",
     "the measures", "ten firms", "neutral", "org.eu"),
    ("“We are ready,” JCS spokesperson Col. Kim Min-su told a briefing.", "Kim Min-su", "told", "We are",
     "ready", "neutral", "official.kim-min-su"),
    ("“We expect this council to act,” said Japan's ambassador, Lena Ortiz.", "Lena Ortiz", "said", "We expect",
     "to act", "neutral", "official.lena_ortiz"),
]


@pytest.mark.parametrize("text, speaker, cue, content_start, content_end, stance, link", CASES,
                         ids=[c[0][:40] for c in CASES])
def test_claim_table(nlp, extractor, text, speaker, cue, content_start, content_end, stance, link):
    claims = [c for c in claims_of(nlp, extractor, text) if c.cue == cue and not c.rule_id.startswith("cont.")]
    if len(claims) > 1:   # several claims with this cue word: the one of the expected speaker
        claims = [c for c in claims if c.speaker == speaker]
    assert len(claims) == 1, claims_of(nlp, extractor, text)
    claim = claims[0]
    assert claim.speaker == speaker
    assert claim.content.startswith(content_start) and claim.content.endswith(content_end), claim.content
    assert claim.stance == stance
    assert link in {claim.speaker_entity_id, claim.speaker_label}
    assert text[claim.speaker_start_char:claim.speaker_end_char] == claim.speaker
    assert text[claim.cue_start_char:claim.cue_end_char] == claim.cue
    assert text[claim.content_start_char:claim.content_end_char] == claim.content
    assert claim.start_char <= min(claim.speaker_start_char, claim.content_start_char)
    assert claim.end_char >= max(claim.speaker_end_char, claim.content_end_char)


NEGATIVES = [
    "The so-called satellite fell into the sea.",
    "The missile is said to be a new solid-fuel type.",
    "It was said that the launch failed.",
    "As mentioned, the launch took place at dawn.",
    "A rocket called Chollima-1 lifted off from Tongchang-ri.",
    "Media reports said the launch failed.",
    "The launch was described as a failure.",
    "The missile, which experts said was new, flew 600 km.",
    "The United States and Japan held talks.",
    "The alleged launch took place on Friday.",
    "The rocket said nothing about the mission.",
    "As promised, the launch took place in October.",
    "The ministry did not say how far the missile flew.",
    "Growing calls for sanctions emerged after the launch.",
    "Residents received a warning to seek shelter.",
    "North Korea's claims could not be verified.",
    "The launch was condemned by Japan.",
    "North Korea told the U.N. in advance.",
    "Experts are believed to be divided.",
    "Japan called an emergency meeting of the Security Council.",
    "North Korea tested what it called a new missile.",
    "Putin unveiled new weapons he said could not be intercepted.",
    "Japan issued a J-Alert warning for Okinawa.",
    "The rocket exploded in an incident that then-President Lena Ortiz highlighted with an image.",
    "Lena Ortiz wrote a letter to the council.",
    "North Korea fired a missile on Tuesday.\n\n“This is a great day for our country.”",
    "North Korea tested a missile that experts said was new.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_claim(nlp, extractor, text):
    assert claims_of(nlp, extractor, text) == []


# Quotes without their own cue: (text, [(speaker, content, rule id prefix, entity id)] in text order)
CONTINUATIONS = [
    ("“We are ready,” Aiko Tanaka said. “Nothing will change.”",
     [("Aiko Tanaka", "We are ready", "cue.say+", "official.aiko_tanaka"),
      ("Aiko Tanaka", "Nothing will change", "cont.previous-speaker+", "official.aiko_tanaka")]),
    ('"We are ready," the Joint Chiefs of Staff said. "We are watching closely."',
     [("Joint Chiefs of Staff", "We are ready", "cue.say+", "org.kor.jcs"),
      ("Joint Chiefs of Staff", "We are watching closely", "cont.previous-speaker+", "org.kor.jcs")]),
    # a chain of quote paragraphs keeps the speaker; a quote spanning sentences is one claim
    ("“We are ready,” Aiko Tanaka said.\n\n“Our forces are on alert. The drills will go on.”"
     "\n\n“We will win.”",
     [("Aiko Tanaka", "We are ready", "cue.say+", "official.aiko_tanaka"),
      ("Aiko Tanaka", "Our forces are on alert. The drills will go on", "cont.previous-speaker+",
       "official.aiko_tanaka"),
      ("Aiko Tanaka", "We will win", "cont.previous-speaker+", "official.aiko_tanaka")]),
    # the quoted "They threaten ..." is the minister's words, not a claim by "They"
    ("“These launches are unacceptable,” Aiko Tanaka told reporters. “They threaten our security.”",
     [("Aiko Tanaka", "These launches are unacceptable", "cue.tell+", "official.aiko_tanaka"),
      ("Aiko Tanaka", "They threaten our security", "cont.previous-speaker+", "official.aiko_tanaka")]),
    # the speaker named in the next sentence
    ("“This launch changes nothing.” That was the message from Secretary of State Lena Ortiz on Tuesday.",
     [("Lena Ortiz", "This launch changes nothing", "cont.next-sentence+", "official.lena_ortiz")]),
    ("“Talks are the only way.” So said Park Min-jun after the meeting.",
     [("Park Min-jun", "Talks are the only way", "cont.so-said+", "official.park_min_jun")]),
    # narration between the attribution and the quote: no speaker for the quote
    ("Aiko Tanaka said the launch failed.\n\nNorth Korea fired again on Friday.\n\n“This is a great day.”",
     [("Aiko Tanaka", "the launch failed", "cue.say+", "official.aiko_tanaka")]),
    # a quoted phrase inside a narrated sentence is no quote paragraph
    ("“Deterrence” is the aim of the program, Park Min-jun said. “Nothing else.”",
     [("Park Min-jun", "“Deterrence” is the aim of the program", "cue.say+", "official.park_min_jun"),
      ("Park Min-jun", "Nothing else", "cont.previous-speaker+", "official.park_min_jun")]),
]


@pytest.mark.parametrize("text, expected", CONTINUATIONS, ids=[c[0][:40] for c in CONTINUATIONS])
def test_continuation_quotes(nlp, extractor, text, expected):
    claims = claims_of(nlp, extractor, text)
    assert [(c.speaker, c.content, c.speaker_entity_id) for c in claims] == [
        (speaker, content, entity) for speaker, content, _, entity in expected]
    for claim, (_, _, rule, _) in zip(claims, expected):
        assert claim.rule_id.startswith(rule)
        assert text[claim.content_start_char:claim.content_end_char] == claim.content
        assert text[claim.speaker_start_char:claim.speaker_end_char] == claim.speaker
        assert text[claim.cue_start_char:claim.cue_end_char] == claim.cue


# (text, speaker, label, entity id, country): who a speaker phrase links to, or that it links to nothing
SPEAKER_LINKS = [
    ("Kim Ha-eun, a spokeswoman for South Korea's Ministry of National Defense, said the debris was recovered.",
     "Kim Ha-eun", "OFFICIAL", "official.kim-ha-eun", "KOR"),
    ("“We are watching closely,” said Kim Ha-eun, a researcher at Japan's Defense Ministry.",
     "Kim Ha-eun", "OFFICIAL", "official.kim-ha-eun", "JPN"),
    # a person the gazetteer does not know: the id the entity stage gives a titled name it does not know
    ("Kim Ha-eun said the test failed.", "Kim Ha-eun", "OFFICIAL", "official.kim-ha-eun", None),
    ("Kim Ha-eun, an analyst, said the test failed. “It was new,” Kim said.", "Kim", "OFFICIAL",
     "official.kim-ha-eun", None),
    ("“It was new,” said Ajai Shukla, a defence analyst. He said the engine was old.", "He", "OFFICIAL",
     "official.ajai-shukla", None),
    # an organization name or an all-caps word is no person
    ("The Department of Foreign Affairs said the harassment must stop.", "Department of Foreign Affairs",
     "UNKNOWN", None, None),
    ("The Korea Aerospace Institute said the engine worked.", "Korea Aerospace Institute", "UNKNOWN", None, None),
    ("NASA Administrator said the engine worked.", "NASA Administrator", "UNKNOWN", None, None),
    # several parties are no single entity; the country stays the first one's (events read it)
    ("Japan and South Korea said the launch violated resolutions.", "Japan and South Korea", "COUNTRY", None, "JPN"),
    # a dateline is no appositive subject for a participle
    ("BEIJING/TAIPEI, May 24 (Reuters) - China's military staged drills on Friday, saying they were a warning.",
     "China's military", "COUNTRY", "country.chn", "CHN"),
    # a country after the role's head is a topic, not the person's side
    ("Kim Ha-eun, a professor of South Korean politics at a university, said talks failed.", "Kim Ha-eun",
     "OFFICIAL", "official.kim-ha-eun", None),
    ("North Korea launched a satellite on Tuesday. It said the satellite entered orbit.", "It", "COUNTRY",
     "country.prk", "PRK"),
    # "it" is the subject of the previous sentence; a rocket there leaves it unresolved, never "Japan"
    ("The Hwasong-18 flew toward Japan. It said the test succeeded.", "It", "UNKNOWN", None, None),
    ("The ministry said the launch was regrettable.", "The ministry", "UNKNOWN", None, None),
    ("They said the launch failed.", "They", "UNKNOWN", None, None),
    ("Park Min-jun arrived. “We are ready,” his spokesman said.", "his spokesman", "ROLE", None, "KOR"),
    ("The State Department met. Its spokesman said the talks failed.", "Its spokesman", "ROLE", "org.usa.state",
     "USA"),
    ("Japan's foreign minister said the launch failed. He told reporters the debris fell.", "He", "COUNTRY",
     "country.jpn", "JPN"),
    ("Japan's Defense Ministry spoke. Park Min-jun said the radar worked. The ministry said the debris fell.",
     "The ministry", "ORGANIZATION", "org.jpn.mod", "JPN"),
    # an organization word before a role head links the organization named earlier
    ("The State Department imposed sanctions. A department spokesperson said more would follow.",
     "A department spokesperson", "ROLE", "org.usa.state", "USA"),
    ("The Ministry of National Defense spoke first. A ministry spokesperson said the radar worked.",
     "A ministry spokesperson", "ROLE", "org.kor.mnd", "KOR"),
    ("The Foreign Ministry spoke. A defense ministry official said the radar worked.",
     "A defense ministry official", "ROLE", None, None),
    ("The Defense Ministry met. The Foreign Ministry spoke. A defense ministry official said the radar worked.",
     "A defense ministry official", "ROLE", "org.jpn.mod", "JPN"),
    ("Investigator Kim Min-su told reporters the vessel was examined.", "Kim Min-su", "OFFICIAL",
     "official.kim-min-su", None),
    # "He" after a quote continued in the same paragraph is still its speaker, not an earlier official
    ("Aiko Tanaka met envoys.\n\n“Tests hurt,” said Kim Min-su, an analyst. “Talks help.” He noted that "
     "nobody was told.", "He", "OFFICIAL", "official.kim-min-su", None),
]


@pytest.mark.parametrize("text, speaker, label, entity, country", SPEAKER_LINKS, ids=[c[0][:40] for c in SPEAKER_LINKS])
def test_speaker_links(nlp, extractor, text, speaker, label, entity, country):
    claim = claims_of(nlp, extractor, text)[-1]
    assert (claim.speaker, claim.speaker_label, claim.speaker_entity_id, claim.speaker_country) == (
        speaker, label, entity, country)


# (text, stance): a neutral report takes the stance of its content (models/claims/stance.jsonl)
STANCES = [
    ("Aiko Tanaka said the United States strongly condemned the launch.", "condemn"),
    ("Aiko Tanaka said Japan had lodged a strong protest.", "condemn"),
    ("The State Department said the debris posed no threat.", "neutral"),
    ("KCNA said the launch did not pose any threat to neighbouring countries.", "neutral"),
    ("The Korean Central News Agency said North Korea's rocket crashed into the sea.", "acknowledge"),
    ("South Korean officials said North Korea's rocket crashed into the sea.", "neutral"),
    ("“We deeply apologize for the failure,” Aiko Tanaka told reporters.", "acknowledge"),
    ("Park Min-jun called the failure extremely regrettable.", "acknowledge"),
    ("North Korea said it would launch several more satellites.", "pledge"),
    ("Park Min-jun said the satellite would be launched next month.", "neutral"),
    ("Lena Ortiz said talks would resume on May 31.", "neutral"),
    ("Lena Ortiz said the alliance was important for peace.", "emphasize"),
    ("Park Min-jun said the debris may offer clues.", "claim"),
    ("Analysts said the launch showed progress.", "claim"),
    ("Experts said the engine was new.", "claim"),
    ("Lena Ortiz warned that North Korea would launch again.", "warn"),
    ("“We will win,” Aiko Tanaka said. “Our enemies are reckless.”", "condemn"),
    ("Aiko Tanaka said Seoul was deeply concerned about the transfers.", "warn"),
    ("Aiko Tanaka said the launches threaten the peace of the region.", "condemn"),
    ("Aiko Tanaka called the strike a cynical escalation.", "condemn"),
    ("Aiko Tanaka rejected the drills as irrational provocations.", "condemn"),
    ("Aiko Tanaka rejected the criticism.", "deny"),
    ("Aiko Tanaka accused Pyongyang of lying about the test.", "condemn"),
    # found on tests/gold_claims_dev2
    ("Kim Min-su said the report was based on false information.", "deny"),
    ("Kim Min-su said the cooperation did not violate international law.", "deny"),
    ("Kim Min-su said the cooperation violated international law.", "condemn"),
    ("Kim Min-su said the launch showed Pyongyang had no intention of reducing tensions.", "claim"),
    ("Japan said it was ready to host the talks.", "pledge"),
    ("“We were ready,” Kim Min-su said.", "neutral"),
    ("Kim Min-su said his country would continue to pursue dialogue.", "pledge"),
    ("Kim Min-su said the government would support the investigation.", "pledge"),
    ("Kim Min-su said the rocket would be launched in May.", "neutral"),
    ("Kim Min-su said both sides need to restore channels of communication.", "urge"),
    ("Kim Min-su said the sanctions were illegitimate.", "condemn"),
    ("Kim Min-su said nobody believes the cables were cut accidentally.", "claim"),
    ("Kim Min-su said such tests do not help an already fragile situation.", "warn"),
]


@pytest.mark.parametrize("text, stance", STANCES, ids=[c[0][:40] for c in STANCES])
def test_stance_from_content(nlp, extractor, text, stance):
    assert claims_of(nlp, extractor, text)[-1].stance == stance


def test_rule_ids_name_cue_and_speaker_rule(nlp, extractor):
    claim = claims_of(nlp, extractor, "Analysts said the launch failed.")[0]
    assert claim.rule_id == "cue.say+head.expert"
    assert claims_of(nlp, extractor, "Japan said the launch failed.")[0].rule_id == "cue.say+speaker.mention"


def test_claims_sorted_and_sentence_index(nlp, extractor):
    text = "Japan said the launch failed. Seoul warned of more tests. China urged calm."
    claims = claims_of(nlp, extractor, text)
    assert [c.speaker for c in claims] == ["Japan", "Seoul", "China"]
    assert [c.sentence_index for c in claims] == [0, 1, 2]
    assert [c.speaker_country for c in claims] == ["JPN", "KOR", "CHN"]


def test_location_is_not_a_speaker(nlp, extractor):
    assert claims_of(nlp, extractor, "At Tongchang-ri said workers were busy.") == []


def test_every_rule_example_yields_a_claim():
    assert validate_claim_rules(MODELS) == []


def test_rule_examples_with_hand_mentions(nlp, extractor):
    rules = load_claim_rules(MODELS)
    for family, record in rules.records:
        example = record.get("example")
        if family == "guards.jsonl" or not example:
            continue
        ids = [c.rule_id for c in claims_of(nlp, extractor, example)]
        assert ids, (record.path, record.line, example)
        if family == "cues.jsonl":
            assert any(i.startswith(record.get("id") + "+") for i in ids), (example, ids)
        if family == "speakers.jsonl":
            assert any(i.endswith("+" + record.get("id")) for i in ids), (example, ids)


def write_rules(tmp_path: Path, files: dict[str, list[str]]) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir(parents=True)
    for name in ("cues.jsonl", "speakers.jsonl", "lexicon.jsonl", "guards.jsonl", "stance.jsonl",
                 "continuations.jsonl"):
        source = (MODELS / "claims" / name).read_text(encoding="utf-8")
        (folder / name).write_text(source + "\n".join(files.get(name, [])) + "\n", encoding="utf-8")
    return tmp_path


def test_validate_reports_unknown_key_bad_pattern_duplicate_id_with_line(tmp_path):
    base_lines = len((MODELS / "claims" / "cues.jsonl").read_text(encoding="utf-8").splitlines())
    models = write_rules(tmp_path, {"cues.jsonl": [
        json.dumps({"id": "cue.extra", "stance": "neutral", "forms": ["quipped"], "colour": "red"}),
        json.dumps({"id": "cue.bad-pattern", "stance": "neutral", "pattern": [{"LOWERCASE": "x"}]}),
        json.dumps({"id": "cue.say", "stance": "neutral", "forms": ["remarked"]}),
    ]})
    errors = validate_claim_rules(models)
    messages = {(e.path, e.line): e.problem for e in errors}
    assert "unknown key(s) ['colour']" in messages[("models/claims/cues.jsonl", base_lines + 1)]
    assert "bad pattern" in messages[("models/claims/cues.jsonl", base_lines + 2)]
    assert "duplicate id 'cue.say'" in messages[("models/claims/cues.jsonl", base_lines + 3)]


def test_validate_reports_bad_values_and_failing_examples(tmp_path):
    models = write_rules(tmp_path, {
        "speakers.jsonl": [json.dumps({"id": "head.bad", "kind": "boss", "words": ["chief"]})],
        "guards.jsonl": [json.dumps({"id": "guard.never", "pattern": [{"LOWER": "zzz"}], "example": "No match."})],
    })
    problems = [str(e) for e in validate_claim_rules(models)]
    assert any("speakers.jsonl" in p and "kind 'boss'" in p for p in problems)
    models = write_rules(tmp_path / "again", {
        "guards.jsonl": [json.dumps({"id": "guard.never", "pattern": [{"LOWER": "zzz"}], "example": "No match."})],
        "cues.jsonl": [json.dumps({"id": "cue.quip", "stance": "neutral", "forms": ["quipped"],
                                   "example": "The weather was fine."})],
    })
    problems = [str(e) for e in validate_claim_rules(models)]
    assert any("guards.jsonl" in p and "does not match the guard" in p for p in problems)
    assert any("cues.jsonl" in p and "yields no claim" in p for p in problems)


def test_validate_checks_stance_continuation_and_fallback_rules(tmp_path):
    models = write_rules(tmp_path, {
        "continuations.jsonl": [json.dumps({"id": "cont.bad", "kind": "next_sentence"}),
                                json.dumps({"id": "cont.odd", "kind": "sideways"})],
        "stance.jsonl": [json.dumps({"id": "stance.both", "stance": "claim", "words": ["may"],
                                     "speakers": ["analysts"]}),
                         json.dumps({"id": "stance.never", "stance": "deny", "words": ["zzz"],
                                     "example": "Kim Min-su said the launch failed."})],
        "speakers.jsonl": [json.dumps({"id": "head.bureau", "kind": "anaphor", "words": ["bureau"],
                                       "fallback": ["ROCKET"]})],
    })
    problems = [str(e) for e in validate_claim_rules(models, examples=False)]
    assert any("continuations.jsonl" in p and "needs a 'pattern'" in p for p in problems)
    assert any("continuations.jsonl" in p and "kind 'sideways'" in p for p in problems)
    assert any("stance.jsonl" in p and "'words' or 'speakers'" in p for p in problems)
    assert any("speakers.jsonl" in p and "'fallback' must list labels" in p for p in problems)
    models = write_rules(tmp_path / "again", {"stance.jsonl": [json.dumps(
        {"id": "stance.never", "stance": "deny", "words": ["zzz"], "example": "Kim Min-su said the launch failed."})]})
    problems = [str(e) for e in validate_claim_rules(models)]
    assert any("stance.jsonl" in p and "no claim with this stance" in p for p in problems)


def test_extractor_refuses_invalid_rules(tmp_path, nlp):
    models = write_rules(tmp_path, {"lexicon.jsonl": [json.dumps({"id": "lex.x", "kind": "gap", "words": [], "x": 1})]})
    with pytest.raises(InvalidRules) as info:
        ClaimExtractor(nlp.vocab, models)
    assert "models/claims/lexicon.jsonl" in str(info.value)


ARTICLE = (
    "North Korea launched a rocket carrying a reconnaissance satellite on Thursday, the Joint Chiefs of Staff "
    "said, but the vehicle fell into the sea after its second stage failed. “The launch ended in failure,” the "
    "Korean Central News Agency said, adding that scientists would study the cause. Japan's Defense Ministry said "
    "the debris landed outside its exclusive economic zone. Aiko Tanaka told reporters that Tokyo had lodged a "
    "strong protest through diplomatic channels. She described the launch as a threat to the safety of citizens. "
    "Seoul condemned the test and urged Pyongyang to stop all launches that use ballistic missile technology. "
    "According to the State Department, the United States remains committed to the defense of its allies. "
    "Analysts said the program was advancing despite the setbacks. "
) * 6


def test_long_article_gives_the_same_claims_every_time(nlp, extractor):
    """Seven claims per repeat of the paragraph, identical on a second run (no state leaks between
    calls); speed is measured in benchmarks/, not asserted here."""
    doc = nlp(ARTICLE)
    mentions = hand_mentions(doc)
    first = extractor(doc, mentions)
    assert len(first) >= 6 * 7
    assert extractor(doc, mentions) == first


def test_through_real_entity_stage():
    from pipeline.entities import extract_entities
    from pipeline.nlp import build_nlp
    real = build_nlp(MODELS)
    extractor = ClaimExtractor(real.vocab, MODELS)
    doc = real("The launch failed, North Korea said. Japan condemned the test. Seoul urged restraint.")
    claims = extractor(doc, extract_entities(doc, None, real.get_pipe("entity_candidates")))
    assert [(c.speaker, c.speaker_label, c.stance) for c in claims] == [
        ("North Korea", "COUNTRY", "neutral"), ("Japan", "COUNTRY", "condemn"), ("Seoul", "COUNTRY", "urge")]


TINY_GAZETTEER = {
    "officials.csv": "id,name,country,aliases,short_names,roles,note,example\n"
                     "official.aiko_tanaka,Aiko Tanaka,JPN,,Tanaka,Foreign Minister@2020-01-01/,,\n",
    "organizations.csv": "id,name,kind,aliases,country,note,example\n"
                         "org.prk.kcna,Korean Central News Agency,state_media,KCNA,PRK,,\n"
                         "org.kor.mnd,Ministry of National Defense,ministry,,KOR,,\n",
    "weapons.csv": "id,name,label,class,operator,aliases,family,maker,note,example\n",
    "weapon_classes.csv": "id,phrases,class,label,note,example\n",
    "locations.csv": "id,name,kind,aliases,country,note,example\n",
    "titles.csv": "id,title,kind,aliases,note,example\nofficial.title.official,official,generic,,,\n",
}


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    """The project's countries and claim rules plus a tiny gazetteer: the real entity stage, now."""
    import shutil
    root = tmp_path_factory.mktemp("models")
    shutil.copy(MODELS / "countries.csv", root / "countries.csv")
    shutil.copytree(MODELS / "patterns", root / "patterns")
    shutil.copytree(MODELS / "claims", root / "claims")
    for name, text in TINY_GAZETTEER.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("text, speaker, label, entity, country", [
    ("South Korean officials said the launch failed.", "South Korean officials", "ROLE", None, "KOR"),
    ("Officials in Seoul said the rocket flew far.", "Officials in Seoul", "ROLE", None, "KOR"),
    ("Tokyo said the missile fell outside its zone.", "Tokyo", "COUNTRY", None, "JPN"),
    ("A spokesman for the Ministry of National Defense said the launch failed.",
     "A spokesman for the Ministry of National Defense", "ROLE", "org.kor.mnd", "KOR"),
    ("Aiko Tanaka met envoys. She said the launch was reckless.", "She", "OFFICIAL", "official.aiko_tanaka", "JPN"),
    ("The Korean Central News Agency reported a launch. The agency said the satellite was in orbit.",
     "The agency", "ORGANIZATION", "org.prk.kcna", "PRK"),
])
def test_with_the_real_entity_stage(tiny_models, text, speaker, label, entity, country):
    from pipeline.entities import extract_entities
    from pipeline.nlp import build_nlp
    real = build_nlp(tiny_models)
    doc = real(text)
    mentions = extract_entities(doc, None, real.get_pipe("entity_candidates"))
    claims = ClaimExtractor(real.vocab, tiny_models)(doc, mentions)
    claim = claims[-1]
    assert (claim.speaker, claim.speaker_label, claim.speaker_country) == (speaker, label, country)
    if entity is not None:
        assert claim.speaker_entity_id == entity
    else:
        assert claim.speaker_entity_id is None or claim.speaker_entity_id.startswith("country.")


def test_claims_inside_a_quotation_are_not_rows(nlp, extractor):
    text = "“We urge all countries to condemn this launch and call on the DPRK to talk,” Lena Ortiz said."
    claims = claims_of(nlp, extractor, text)
    assert [(c.speaker, c.cue) for c in claims] == [("Lena Ortiz", "said")]
    assert claims[0].stance == "urge"   # "We urge ...": the speaker's own verb


# Re-attributions give no second row: only the innermost speaker is recorded (tests/gold/README.md).
REATTRIBUTIONS = [
    ("According to KCNA, the Ministry of National Defense said the rocket crashed.",
     [("Ministry of National Defense", "said", "org.kor.mnd")]),
    ("According to South Korean officials, the Joint Chiefs of Staff said the missile flew 600 km.",
     [("Joint Chiefs of Staff", "said", "org.kor.jcs")]),
    ("Park Min-jun spoke. Park vowed to launch again, Japan said in a statement on Tuesday.",
     [("Park", "vowed", "official.park_min_jun")]),
    ("Park Min-jun spoke. Park also vowed to launch again next year, state media reported.",
     [("Park", "vowed", "official.park_min_jun")]),
    ("“Our cooperation will grow,” Park Min-jun said, according to his office.",
     [("Park Min-jun", "said", "official.park_min_jun")]),
    ("“We must talk,” Park Min-jun told a cabinet meeting, according to his spokesperson Lena Ortiz.",
     [("Park Min-jun", "told", "official.park_min_jun")]),
    ("Lena Ortiz said the talks would resume, according to a State Department statement.",
     [("Lena Ortiz", "said", "official.lena_ortiz")]),
    # not re-attributions: the according-to clause or the trailing attribution has its own content
    ("According to KCNA, the missile flew 600 km.", [("KCNA", "According to", "org.prk.kcna")]),
    ("The missile flew 600 km and fell into the sea, Japan said.", [("Japan", "said", "country.jpn")]),
]


@pytest.mark.parametrize("text, expected", REATTRIBUTIONS, ids=[c[0][:40] for c in REATTRIBUTIONS])
def test_reattribution_keeps_only_the_innermost_speaker(nlp, extractor, text, expected):
    claims = claims_of(nlp, extractor, text)
    assert [(c.speaker, c.cue, c.speaker_entity_id) for c in claims] == expected


def test_rule_examples_through_the_real_entity_stage(tiny_models):
    from pipeline.nlp import build_nlp
    build_nlp(tiny_models)  # raises InvalidRules if the shared entity files are broken
    assert validate_claim_rules(tiny_models) == []
