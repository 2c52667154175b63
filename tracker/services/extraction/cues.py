"""The words that attribute: speech and thought verbs, 'according to', 'told'."""

from __future__ import annotations

import re

VERBS = [
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
PHRASES = [
    "pointed out",
    "points out",
    "point out",
    "went on to say",
    "went on",
    "made clear",
    "has learned",
    "have learned",
]
# Verbs that need 'that' or a quotation after them to be a report of words (not 'called a cab').
WEAK = {
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
DENIAL = {"denied", "denies"}
WRITTEN = {"wrote", "writes", "tweeted", "tweets"}
_AUX = (
    r"(?:(?:has|have|had|also|later|previously|would|will|then|again|once again|repeatedly|"
    r"publicly|privately|recently|reportedly|had also|has also|further|only|even|later)\s+)*"
)
CUE = re.compile(
    r"\b"
    + _AUX
    + r"(?P<verb>"
    + "|".join(sorted((re.escape(p) for p in PHRASES + VERBS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
PARTICIPLE = re.compile(
    r",\s+(?P<verb>saying|telling|adding|arguing|noting|insisting|warning|claiming|explaining|writing|"
    r"declaring|stressing|asking|suggesting|calling it|calling them|calling him|calling her)\b",
    re.IGNORECASE,
)
ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
# What may come between a verb and its content: an audience, a medium, a place.
AFTER_VERB = re.compile(
    r"\s*(?:(?:[\w'’-]+\s+){1,3}?(?=that\s)|"
    r"(?:to\s+)?(?:reporters|journalists|the press|the media|me|us|him|her|them|"
    r"supporters|the crowd|the audience|(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of\s+)?[A-Z][\w.&'’-]*){0,4}"
    r"(?:\s+(?:reporters|News|host|anchor))?))?"
    r"(?:\s*\b(?:in|on|at|during|via|through|after|before|while|last|this|earlier|late|early)\s+"
    r"[^,:;“\"«「]{0,60}?(?=,|:|\s+that\b|\s*[“\"«「]))?"
    r"\s*[,:]?\s*(?:that\s+)?"
)
