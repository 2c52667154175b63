"""LIAR (W. Wang 2017): PolitiFact statements, 14 tab-separated columns, no header.

Mapping (docs/data-format.md, "Importing LIAR"):

- the statement -> a statement, key ``liar:<id>``, kind paraphrase (PolitiFact words the
  claim itself; often it is not verbatim), verdict = the label (``half-true`` ...);
- subjects -> topics (``subject:<slug>``; an existing topic of the same name is reused);
- speaker slug -> a speaker (``politifact:<slug>``, name from the slug: ``barack-obama`` ->
  "Barack Obama"); job title -> a role; party and state -> the description; party
  "organization" makes the speaker an organization;
- context (the venue: "a mailer", "a floor speech", "Denver") -> the note of one account,
  narrated by PolitiFact: it says where PolitiFact found the claim.  It is not made an event:
  the venues are free text, and "a speech" would lump thousands of occasions together.
- the five credit counts describe the speaker's record at the time and are not stored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from tracker.models import HopRole, OutletKind, SpeakerKind, StatementKind
from tracker.services.data.importers.base import (
    AccountIn,
    Bundle,
    HopIn,
    OutletIn,
    SpeakerIn,
    StatementIn,
    TopicIn,
    open_metered,
    safe_key,
    slug,
)
from tracker.services.input.records import MAX_TEXT, RecordReader

COLUMNS = ("id", "label", "statement", "subjects", "speaker", "job_title", "state", "party",
           "barely_true", "false", "half_true", "mostly_true", "pants_on_fire", "context")
LABELS = ("true", "mostly-true", "half-true", "barely-true", "false", "pants-fire")
POLITIFACT = OutletIn(key="domain:politifact.com", name="PolitiFact", domain="politifact.com",
                      kind=OutletKind.WEBSITE, url="https://www.politifact.com/")


class LiarSource:
    """Reads one LIAR TSV file and stages its statements."""

    # stage() checks every field before it stages anything, so a bad line leaves the bundle as it was.
    stages_atomically = True
    # What a line gives a stored record (RecordSource.gives; the rest is an editor's).
    gives: ClassVar[dict[str, tuple[str, ...]]] = {
        "statement": ("speaker", "wording", "kind", "language", "verdict", "topics"),
        "account": ("wording", "note", "chain"), "speaker": ("names", "roles", "kind", "description")}

    def __init__(self, path: Path) -> None:
        self.path = path

    def records(self) -> Iterator[tuple[str, object]]:
        """Each line as a dict of the 14 named columns (a wrong column count is left to stage)."""
        with io.TextIOWrapper(open_metered(self, self.path), encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
            for number, row in enumerate(reader, start=1):
                if not row or row == [""]:
                    continue
                data: dict[str, object] = dict(zip(COLUMNS, row, strict=False))
                data["_columns"] = len(row)
                yield f"line {number}", data

    def stage(self, r: RecordReader, bundle: Bundle) -> None:
        """Check one line and stage its statement, speaker, topics and PolitiFact account."""
        if r.data.get("_columns") != len(COLUMNS):
            raise r.error(None, f"expected {len(COLUMNS)} tab-separated columns, found "
                          f"{r.data.get('_columns')}")
        raw_id = r.required_text("id", max_length=100).removesuffix(".json")
        data = dict(r.data)
        data["key"] = safe_key("liar", raw_id)
        r = RecordReader(r.source, r.record, data)
        key = r.key()
        assert key is not None
        label = r.required_text("label", max_length=64)
        if label not in LABELS:
            raise r.error("label", f"“{label}” is not one of: {', '.join(LABELS)}")
        wording = r.required_text("statement", max_length=MAX_TEXT)
        speaker_slug = r.required_text("speaker", max_length=200)
        title = r.text("job_title")
        party, state = r.text("party", max_length=64), r.text("state", max_length=100)
        described = ", ".join(p for p in (party if party != "none" else None, state) if p)
        speaker = SpeakerIn(
            key=safe_key("politifact", slug(speaker_slug)),
            name=" ".join(part.capitalize() for part in speaker_slug.split("-") if part) or speaker_slug,
            kind=SpeakerKind.ORGANIZATION if party == "organization" else SpeakerKind.PERSON,
            description=f"PolitiFact: {described}" if described else None,
            roles=[title] if title else [])
        topics = []
        for subject in (r.text("subjects", max_length=2000) or "").split(","):
            subject = subject.strip()
            if subject:
                topics.append(TopicIn(key=safe_key("subject", slug(subject)),
                                      name=subject.replace("-", " ").capitalize()))
        context = r.text("context", max_length=MAX_TEXT)
        # -- everything is checked: stage (nothing below raises) ---------------------------------
        bundle.speaker(speaker)
        for topic in topics:
            bundle.topic(topic)
        topic_keys = [topic.key for topic in topics]
        bundle.outlet(POLITIFACT)
        account = AccountIn(
            key=f"{key}:politifact", wording=wording,
            note=f"Context given by PolitiFact: {context}" if context else None,
            hops=[HopIn(HopRole.SPEAKER, speaker_key=speaker.key),
                  HopIn(HopRole.OUTLET, outlet_key=POLITIFACT.key)])
        bundle.statement(StatementIn(
            key=key, line=r.record, speaker_key=speaker.key, wording=wording,
            kind=StatementKind.PARAPHRASE, language="en", verdict=label, topic_keys=topic_keys,
            accounts=[account]))
