"""The words that attribute: speech and thought verbs, 'according to', 'told'."""

from __future__ import annotations

import re

VERBS = [
    "hoped",
    "hopes",
    "reiterated",
    "reiterates",
    "described",
    "describes",
    "expressed",
    "expresses",
    "wondered",
    "demanded",
    "demands",
    "questioned",
    "rejected",
    "dismissed",
    "welcomed",
    "criticised",
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "asks",
    "argued",
    "argues",
    "claimed",
    "claims",
    "stated",
    "states",
    "noted",
    "notes",
    "explained",
    "explains",
    "insisted",
    "insists",
    "warned",
    "warns",
    "wrote",
    "writes",
    "tweeted",
    "tweets",
    "announced",
    "announces",
    "reported",
    "reports",
    "suggested",
    "suggests",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "denied",
    "denies",
    "confirmed",
    "confirms",
    "declared",
    "declares",
    "predicted",
    "predicts",
    "promised",
    "promises",
    "vowed",
    "vows",
    "urged",
    "urges",
    "contended",
    "contends",
    "maintained",
    "maintains",
    "continued",
    "continues",
    "replied",
    "replies",
    "responded",
    "responds",
    "recalled",
    "recalls",
    "revealed",
    "reveals",
    "stressed",
    "stresses",
    "emphasized",
    "emphasizes",
    "emphasised",
    "complained",
    "complains",
    "conceded",
    "concedes",
    "alleged",
    "alleges",
    "charged",
    "charges",
    "concluded",
    "concludes",
    "hinted",
    "hints",
    "boasted",
    "boasts",
    "countered",
    "counters",
    "cautioned",
    "cautions",
    "observed",
    "observes",
    "remarked",
    "remarks",
    "joked",
    "jokes",
    "quipped",
    "quips",
    "lamented",
    "laments",
    "testified",
    "believes",
    "believe",
    "believed",
    "thinks",
    "think",
    "thought",
    "estimated",
    "estimates",
    "agreed",
    "agrees",
    "accused",
    "accuses",
    "criticized",
    "criticizes",
    "called",
    "calls",
    "blasted",
    "slammed",
    "mocked",
    "praised",
]
# Findings, beliefs, wishes and stances: PolNeAR's attributions beyond speech ('a poll showed …').
VERBS += [
    "showed",
    "shows",
    "show",
    "found",
    "finds",
    "argue",
    "suggest",
    "claim",
    "warn",
    "insist",
    "predict",
    "expects",
    "expected",
    "expect",
    "fear",
    "fears",
    "feared",
    "worry",
    "worries",
    "worried",
    "hope",
    "want",
    "wants",
    "wanted",
    "endorsed",
    "endorses",
    "supported",
    "supports",
    "support",
    "backed",
    "backs",
    "opposed",
    "opposes",
    "oppose",
    "defended",
    "defends",
    "cited",
    "cites",
    "thanked",
    "refused",
    "declined",
    "barked",
    "understands",
    "understood",
    "mentioned",
    "mentions",
    "considers",
    "considered",
    "chanted",
    "chant",
    "reacted",
    "condemned",
    "condemns",
    "answered",
    "answers",
    "shouted",
    "yelled",
    "exclaimed",
    "confessed",
    "pleaded",
    "indicated",
    "indicates",
    "signaled",
    "signalled",
    "acknowledge",
    "deny",
    "blamed",
    "blames",
    "attacked",
    "questions",
    "recommended",
    "proposed",
    "proposes",
    "pledged",
    "pledges",
    "threatened",
    "threatens",
]
PHRASES = [
    "made it clear",
    "makes it clear",
    "make it clear",
    "pointed out",
    "points out",
    "point out",
    "went on to say",
    "went on",
    "made clear",
    "has learned",
    "have learned",
    "called for",
    "calls for",
    "call for",
    "shot back",
    "referred to",
    "referring to",
    "was asked",
    "were asked",
]
# Verbs that need 'that' or a quotation after them to be a report of words (not 'called a cab').
WEAK = {
    "described",
    "describes",
    "expressed",
    "expresses",
    "questioned",
    "rejected",
    "dismissed",
    "welcomed",
    "criticised",
    "demanded",
    "demands",
    "called",
    "calls",
    "charged",
    "charges",
    "accused",
    "accuses",
    "criticized",
    "criticizes",
    "blasted",
    "slammed",
    "mocked",
    "praised",
    "agreed",
    "agrees",
    "continued",
    "continues",
    "believe",
    "think",
    "thought",
    "went on",
    "estimated",
    "estimates",
}
# Weak verbs that are not words without 'that' or a quotation after them ('prices continued to rise').
NEEDS_THAT = {"continued", "continues", "went on", "expected", "expect", "expects"}
DENIAL = {"denied", "denies"}
WRITTEN = {"wrote", "writes", "tweeted", "tweets"}
_AUX = (
    r"(?:(?:has|have|had|also|later|previously|would|will|then|again|once again|repeatedly|"
    r"publicly|privately|recently|reportedly|had also|has also|further|only|even|later|always|often|"
    r"never|do|does|did|once|still|first|(?-i:[a-z]+ly))\s+)*"
)
CUE = re.compile(
    r"\b"
    + _AUX
    + r"(?P<verb>"
    + "|".join(sorted((re.escape(p) for p in PHRASES + VERBS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# A speech verb in the infinitive after a lead that makes it said ('did not forget to mention',
# 'was quick to point out'); the bare infinitive alone is no cue ('not to mention').
INFINITIVE = re.compile(
    r"\b(?:(?:did not|didn[’']t|never|not) forget to|(?:was|were) quick to|(?:was|were) careful to|"
    r"made sure to|took care to|did not hesitate to|took the opportunity to|went on to|"
    r"used the occasion to)\s+"
    r"(?P<verb>mention|point out|stress|emphasi[sz]e|note|add|remind \w+|underline|say|insist|warn|praise|"
    r"critici[sz]e|thank|repeat|reiterate|highlight)\b",
    re.IGNORECASE,
)
PARTICIPLE = re.compile(
    r",\s+(?P<verb>saying|telling|adding|arguing|noting|insisting|warning|claiming|explaining|writing|"
    r"declaring|stressing|asking|suggesting|calling it|calling them|calling him|calling her)\b",
    re.IGNORECASE,
)
ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
# What may come between a verb and its content: an audience, a medium, a place. A bare name as
# the audience ('told Reuters') only after a verb that takes one; 'said Sanders’ attack …' is content.
_AUDIENCE = r"reporters|journalists|the press|the media|me|us|him|her|them|supporters|the crowd|the audience"
_NAMED = (
    r"(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of\s+)?[A-Z][\w.&'’-]*){0,4}(?:\s+(?:reporters|News|host|anchor))?"
)
_TAIL = (
    r"(?:\s*\b(?:in|on|at|during|via|through|after|before|while|last|this|earlier|late|early)\s+"
    r"[^,:;“\"«「]{0,60}?(?=,|:|\s+that\b|\s*[“\"«「]))?"
    r"\s*[,:]?\s*(?:that\s+)?"
)
AFTER_VERB = re.compile(
    r"\s*(?:(?:[\w'’-]+\s+){1,3}?(?=that\s)|(?:to\s+)?(?:" + _AUDIENCE + r")|to\s+" + _NAMED + r")?" + _TAIL
)
AFTER_TOLD = re.compile(
    r"\s*(?:(?:[\w'’-]+\s+){1,3}?(?=that\s)|(?:to\s+)?(?:" + _AUDIENCE + "|" + _NAMED + r"))?" + _TAIL
)
TAKES_AUDIENCE = {
    "told",
    "tells",
    "asked",
    "asks",
    "warned",
    "warns",
    "urged",
    "urges",
    "assured",
    "informed",
}
# What, after 'X said,', starts a new part rather than the rest of the content.
GOES_ON = re.compile(
    r"(?:and\s+)?(?:saying|telling|adding|arguing|noting|insisting|warning|claiming|explaining|writing|"
    r"declaring|stressing|asking|suggesting|calling|citing|referring|according|who|which|when|where|before|after)\b",
    re.IGNORECASE,
)
# Acts that say something without words ('visited the martyrs' cemetery', 'excluded Seoul from the
# tour'): proposed as summaries, at the lowest confidence, where a sentence has no other cue.
ACT = re.compile(
    r"\b"
    + _AUX
    + r"(?P<verb>visited\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}(?:cemetery|graves?|graveyard|memorial|shrine|"
    r"mausoleum|tombs?|martyrs|monument)|paid (?:tribute|homage|respects|a visit) to|laid (?:a )?wreaths? at|"
    r"sent (?:an? )?(?:message|letter|flowers?|flower baskets?|wreaths?|condolences|congratulations|"
    r"greetings)|"
    r"excluded|(?:did not|didn[’']t) include|left out|snubbed|boycotted|walked out)\b",
    re.IGNORECASE,
)
# Words made by a source and put out ('a video posted online by supporters').
ARTIFACT = re.compile(
    r"\b(?:(?:made|posted|shared|released|published|circulated|produced|uploaded)\s+(?:an?|the)\s+"
    r"(?:[\w-]+\s+){0,2}(?:video|clip|meme|cartoon|parody|montage|advertisement|ad)s?|"
    r"(?:video|clip|meme|cartoon|parody|montage|advertisement|ad)s?\s+(?:made|posted|shared|released|"
    r"published|circulated|produced|uploaded))\b[^.;:“\"]{0,40}?\bby\s+",
    re.IGNORECASE,
)
