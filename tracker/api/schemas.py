"""The OpenAPI document's schemas: what each endpoint answers and what each write accepts.

Answers are described exactly (schemathesis checks every response against them); inputs follow
docs/data-format.md, the shape RecordReader reads for forms, imports and the API alike.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    """A reference to a schema below."""
    return {"$ref": f"#/components/schemas/{name}"}


def _t(kind: str, nullable: bool = False, **more: Any) -> Schema:
    return {"type": kind, **({"nullable": True} if nullable else {}), **more}


def _s(nullable: bool = True, **more: Any) -> Schema:
    return _t("string", nullable, **more)


def _int() -> Schema:
    return _t("integer")


def _obj(props: dict[str, Schema], required: list[str] | None = None, nullable: bool = False) -> Schema:
    """An object; ``required=None`` means every property is always present."""
    schema: Schema = {"type": "object", "properties": props,
                      "required": list(props) if required is None else required}
    if not schema["required"]:
        del schema["required"]
    if nullable:
        schema["nullable"] = True
    return schema


def _nullable_ref(name: str) -> Schema:
    return {"allOf": [ref(name)], "nullable": True}


def _enum(*values: str, nullable: bool = False) -> Schema:
    return _s(nullable, enum=[*values, *([None] if nullable else [])])


SPEAKER_KINDS = ("person", "organization", "group")
OUTLET_KINDS = ("newspaper", "news_agency", "broadcaster", "government", "social_account", "website",
                "other")
STATEMENT_KINDS = ("direct_quote", "paraphrase", "summary", "denial", "written_statement",
                   "official_readout")
STANCES = ("affirms", "differs", "denies")
PRECISIONS = ("day", "month", "year", "approximate")
# What answers carry: an approximate month or year is its own precision (services/input/dates.py).
STORED_PRECISIONS = (*PRECISIONS, "approximate_month", "approximate_year")
HOP_ROLES = ("speaker", "narrator", "intermediary", "outlet")
KEY = _s(False, pattern=r"^[a-z0-9][a-z0-9._:-]{0,199}$", description="a stable source id")
DATE = _s(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD")
VERSION = {**_int(), "description": "the version read; send it back to change the record"}

_SPEAKER_BRIEF = {"id": _int(), "name": _s(False), "kind": _enum(*SPEAKER_KINDS)}
_SPEAKER_SUMMARY = {**_SPEAKER_BRIEF, "key": _s(), "country": _s(), "wikidata_id": _s()}
_EVENT_BRIEF = {"id": _int(), "name": _s(False), "place": _s(), "start": _s(), "end": _s()}
_ARTICLE_BRIEF = {"id": _int(), "title": _s(), "url": _s(),
                  "authors": _t("array", True, items=_s(False)),
                  "outlet": _nullable_ref("OutletBrief"), "published": _s(),
                  "published_precision": _enum(*STORED_PRECISIONS, nullable=True), "published_note": _s()}
_ACCOUNT = {"id": _int(), "key": _s(), "statement_id": _int(),
            "narrator": _nullable_ref("SpeakerBrief"), "article": _nullable_ref("ArticleBrief"),
            "wording": _s(False), "stance": _enum(*STANCES), "note": _s(),
            "language": _s(description="the language this version was given in (BCP 47)"),
            "original_text": _s(description="this version in its own language; overrides the "
                                "statement's original for this version"),
            "translation_note": _s(), "translator": _s(),
            "chain": _t("array", items=ref("Hop")), "version": VERSION}
_STATEMENT = {
    "id": _int(), "key": _s(), "speaker": _nullable_ref("SpeakerBrief"),
    "event": _nullable_ref("EventBrief"), "said": _s(),
    "said_precision": _enum(*STORED_PRECISIONS, nullable=True), "said_note": _s(), "wording": _s(False),
    "kind": _enum(*STATEMENT_KINDS), "language": _s(), "original_text": _s(),
    "translation_note": _s(), "verdict": _s(),
    "speaker_candidates": _t("array", True, items=_t("array", items={}, minItems=2, maxItems=2)),
    "topics": _t("array", items=_s(False)),
    "accounts": _t("array", items=ref("Account")), "version": VERSION,
}
_PAGINATION = _obj({"page": _int(), "per_page": _int(), "total": _int(), "pages": _int(),
                    "next_page": _t("integer", True), "previous_page": _t("integer", True)})
_CONFLICT_SUMMARY = {"id": _int(), "key": _s(), "title": _s(False), "summary": _s(),
                     "status": _enum("open", "resolved"), "member_count": _int()}
_ALIAS = {"name": _s(False), "language": _s(), "script": _s(), "romanization": _s(), "note": _s()}
_ROLE = {"title": _s(False), "organization": _s(), "start": _s(), "end": _s()}

ANSWERS: dict[str, Schema] = {
    "Error": _obj({"error": _obj({
        "status": _int(), "title": _s(False), "message": _s(False),
        "field": {**_s(), "description": "the field at fault, when one is"},
        "parameter": _s(False), "source": _s(), "record": _s(),
        "your_version": _t("integer", True), "current_version": _int(),
        "current": {"type": "object", "description": "the record as now stored (a version conflict)"},
        "merged_into": _int()}, ["status", "title", "message"])}),
    "Pagination": _PAGINATION,
    "SpeakerBrief": _obj(_SPEAKER_BRIEF),
    "SpeakerSummary": _obj({**_SPEAKER_SUMMARY, "aliases": _t("array", items=_s(False)),
                            "statement_count": _int()}),
    "Speaker": _obj({**_SPEAKER_SUMMARY, "description": _s(),
                     "aliases": _t("array", items=_obj(_ALIAS)), "roles": _t("array", items=_obj(_ROLE)),
                     "version": VERSION, "statements": _t("array", items=ref("Statement")),
                     "statements_pagination": ref("Pagination")},
                    [*_SPEAKER_SUMMARY, "description", "aliases", "roles", "version"]),
    "OutletBrief": _obj({"id": _int(), "name": _s(False), "kind": _enum(*OUTLET_KINDS)}),
    "Outlet": _obj({"id": _int(), "name": _s(False), "kind": _enum(*OUTLET_KINDS), "key": _s(),
                    "country": _s(), "language": _s(), "url": _s(), "domain": _s(), "version": VERSION}),
    "EventBrief": _obj(_EVENT_BRIEF),
    "Event": _obj({**_EVENT_BRIEF, "key": _s(), "description": _s(), "parent_id": _t("integer", True),
                   "start_precision": _enum(*STORED_PRECISIONS, nullable=True),
                   "end_precision": _enum(*STORED_PRECISIONS, nullable=True), "version": VERSION}),
    "ArticleBrief": _obj(_ARTICLE_BRIEF),
    "Article": _obj({**_ARTICLE_BRIEF, "key": _s(), "language": _s(), "version": VERSION}),
    "Hop": _obj({"position": _int(), "role": _enum(*HOP_ROLES), "speaker": _nullable_ref("SpeakerBrief"),
                 "outlet": _nullable_ref("OutletBrief"), "label": _s()}),
    "Account": _obj(_ACCOUNT, [k for k in _ACCOUNT if k != "version"]),
    "Statement": _obj(_STATEMENT, [k for k in _STATEMENT if k not in ("accounts", "version")]),
    "Topic": _obj({"id": _int(), "key": _s(), "name": _s(False)}),
    "ConflictSummary": _obj(_CONFLICT_SUMMARY),
    "Conflict": _obj({
        **_CONFLICT_SUMMARY, "resolution": _s(), "version": VERSION,
        "members": _t("array", items=_obj({
            "position": _int(), "type": _enum("account", "statement"), "account": ref("Account"),
            "statement": ref("Statement")}, ["position", "type", "statement"])),
        "points": _t("array", items=_obj({"aspect": _s(False), "claims": _t("array", items=_obj(
            {"member_position": _int(), "text": _s(False)}))}))}),
}


def _list(item: str) -> Schema:
    return _obj({"items": _t("array", items=ref(item)), "pagination": ref("Pagination")})


ANSWERS.update({"SpeakerList": _list("SpeakerSummary"), "OutletList": _list("Outlet"),
                "EventList": _list("Event"), "ConflictList": _list("ConflictSummary"),
                "TopicList": _obj({"items": _t("array", items=ref("Topic"))})})

_ALIAS_IN = _obj({"name": _s(False, minLength=1), "language": _s(), "script": _s(),
                  "romanization": _s(), "note": _s()}, ["name"])
_ROLE_IN = _obj({"title": _s(False, minLength=1), "organization": _s(), "start": DATE, "end": DATE},
                ["title"])
_HOP_IN = _obj({"role": _enum(*HOP_ROLES), "speaker": KEY, "outlet": KEY, "label": _s()}, ["role"])
_ACCOUNT_IN = {"key": KEY, "narrator": {**KEY, "nullable": True}, "article": {**KEY, "nullable": True},
               "wording": _s(False, minLength=1), "stance": _enum(*STANCES), "note": _s(),
               "language": _s(maxLength=16, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"),
               "original_text": _s(), "translation_note": _s(), "translator": _s(maxLength=300),
               "chain": _t("array", items=_HOP_IN)}
_REF = {**KEY, "nullable": True}
_CANDIDATE = _t("array", minItems=2, maxItems=2, items={}, description="[name, probability from 0 to 1]")

# Each input: (properties, required on create). PATCH takes any of the properties plus `version`.
INPUTS: dict[str, tuple[dict[str, Schema], list[str]]] = {
    "Speaker": ({"key": KEY, "name": _s(False, minLength=1, maxLength=300), "kind": _enum(*SPEAKER_KINDS),
                 "wikidata_id": _s(pattern=r"^Q[0-9]+$"), "country": _s(pattern=r"^[A-Za-z]{2}$"),
                 "description": _s(), "aliases": _t("array", items=_ALIAS_IN),
                 "roles": _t("array", items=_ROLE_IN)}, ["name"]),
    "Outlet": ({"key": KEY, "name": _s(False, minLength=1, maxLength=300), "kind": _enum(*OUTLET_KINDS),
                "country": _s(pattern=r"^[A-Za-z]{2}$"), "language": _s(maxLength=16),
                "url": _s(format="uri"), "domain": _s(maxLength=255)}, ["name"]),
    "Event": ({"key": KEY, "name": _s(False, minLength=1, maxLength=500), "place": _s(maxLength=300),
               "description": _s(), "start": DATE, "start_precision": _enum(*PRECISIONS, nullable=True),
               "end": DATE, "end_precision": _enum(*PRECISIONS, nullable=True), "parent": _REF}, ["name"]),
    "Article": ({"key": KEY, "outlet": _REF, "url": _s(format="uri"), "title": _s(maxLength=1000),
                 "authors": _t("array", items=_s(False, minLength=1)), "published": DATE,
                 "published_precision": _enum(*PRECISIONS, nullable=True), "published_note": _s(),
                 "language": _s(maxLength=16), "text": _s()}, []),
    "Statement": ({"key": KEY, "speaker": KEY, "event": _REF, "said": DATE,
                   "said_precision": _enum(*PRECISIONS, nullable=True), "said_note": _s(),
                   "wording": _s(False, minLength=1), "kind": _enum(*STATEMENT_KINDS),
                   "language": _s(maxLength=16), "original_text": _s(), "translation_note": _s(),
                   "verdict": _s(maxLength=64),
                   "speaker_candidates": _t("array", True, items=_CANDIDATE),
                   "topics": _t("array", items=KEY),
                   "accounts": _t("array", items=_obj(_ACCOUNT_IN, ["wording"]))}, ["speaker", "wording"]),
    "Account": ({**_ACCOUNT_IN, "statement": KEY}, ["statement", "wording"]),
    "Conflict": ({"key": KEY, "title": _s(False, minLength=1, maxLength=500), "summary": _s(),
                  "status": _enum("open", "resolved"), "resolution": _s(),
                  "members": _t("array", minItems=2, items=_obj({"account": KEY, "statement": KEY}, [])),
                  "points": _t("array", items=_obj({"aspect": _s(False, minLength=1),
                                                    "claims": {"type": "object",
                                                               "additionalProperties": _s(False)}},
                                                   ["aspect"]))}, ["title", "members"]),
}


_SPAN = _obj({"start": _int(), "end": _int(), "text": _s(False)})
EXTRACTION: dict[str, Schema] = {
    "ExtractInput": _obj({"text": _s(False, minLength=1, maxLength=200_000),
                          "published": _s(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")}, ["text"]),
    "Proposals": _obj({"proposals": _t("array", items=_obj({
        "speaker": _obj({"name": _s(False), "id": {**_int(), "nullable": True},
                         "kind": _enum(*SPEAKER_KINDS)}),
        "cue": _SPAN, "content": _SPAN, "kind": _enum(*STATEMENT_KINDS),
        "said": _obj({"date": _s(), "precision": _enum(*PRECISIONS, nullable=True), "note": _s(False)}),
        "narrator": _obj({"name": _s(False), "id": {**_int(), "nullable": True}}, nullable=True),
        "confidence": _t("number", minimum=0, maximum=1)}))}),
}


def schemas() -> dict[str, Schema]:
    """Every named schema: answers, then each resource's create and patch bodies."""
    result = dict(ANSWERS) | EXTRACTION
    for name, (props, required) in INPUTS.items():
        result[f"{name}Input"] = {"type": "object", "properties": props,
                                  **({"required": required} if required else {})}
        result[f"{name}Patch"] = {"type": "object", "properties": {**props, "version": VERSION},
                                  "description": "Any fields of the input; the others stay as they are."}
    return result
