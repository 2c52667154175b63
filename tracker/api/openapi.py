"""The OpenAPI 3 document for every /api/v1 endpoint, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from tracker.api.representation import RESOURCES
from tracker.api.schemas import ref, schemas
from tracker.services.input.records import MAX_ID

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

Op = dict[str, Any]


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(ref("Error"), description)


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


_PAGING = [_query("page", {"type": "integer", "minimum": 1, "maximum": 10_000}),
           _query("per_page", {"type": "integer", "minimum": 1, "maximum": 200})]
_READ_ERRORS = {"400": _error("A query parameter that cannot be used (named in the answer)"),
                "404": _error("No such record (or it was deleted)")}
_IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
             "description": "The record's version, as in its ETag (\"3\"); or send “version” in the body.",
             "schema": {"type": "string", "pattern": r'^(W/)?"?[0-9]{1,9}"?$'}}
_SECURED: list[dict[str, list[str]]] = [{"bearer": []}]
_UNAUTHORIZED = _error("No API token, or an unknown or revoked one")


def _get(summary: str, op_id: str, answer: str, parameters: list[dict[str, Any]],
         **more: Any) -> Op:
    return {"summary": summary, "operationId": op_id, "parameters": parameters,
            "responses": {"200": _json(ref(answer)), **_READ_ERRORS, **more}}


def _writes(resource: str, kind: str) -> tuple[Op, dict[str, Op]]:
    """The POST on the collection, and PATCH / DELETE / restore on one record."""
    name = kind.capitalize()
    param = _id(f"{kind}_id")
    body = {"required": True, "content": {"application/json": {"schema": ref(f"{name}Input")}}}
    create: Op = {
        "summary": f"Create a {kind}", "operationId": f"create{name}", "security": _SECURED,
        "requestBody": body,
        "responses": {"201": _json(ref(name), "Created (Location names it)"),
                      "400": _error("Not a JSON object"), "401": _UNAUTHORIZED,
                      "409": _error("The key exists, or a unique value (domain, Wikidata id) is taken"),
                      "422": _error("The record is invalid; the answer names the field")}}
    patch: Op = {
        "summary": f"Change some fields of a {kind}", "operationId": f"update{name}",
        "security": _SECURED, "parameters": [param, _IF_MATCH],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": ref(f"{name}Patch")}}},
        "responses": {"200": _json(ref(name)), "400": _error("Not a JSON object, or a bad If-Match"),
                      "401": _UNAUTHORIZED, "404": _error(f"No such {kind}"),
                      "409": _error("A stale version (both versions are in the answer), or a taken value"),
                      "422": _error("The record would be invalid; the answer names the field"),
                      "428": _error("No version given (If-Match or “version”)")}}
    delete: Op = {
        "summary": f"Delete a {kind} (soft: it can be restored)", "operationId": f"delete{name}",
        "security": _SECURED, "parameters": [param, _IF_MATCH],
        "responses": {"204": {"description": "Deleted"}, "400": _error("A bad If-Match"),
                      "401": _UNAUTHORIZED, "404": _error(f"No such {kind}"),
                      "409": _error("A stale version, or a record still in use")}}
    restore: Op = {
        "summary": f"Undo the delete of a {kind}", "operationId": f"restore{name}",
        "security": _SECURED, "parameters": [param],
        "responses": {"200": _json(ref(name)), "401": _UNAUTHORIZED, "404": _error(f"No such {kind}"),
                      "409": _error("A merged speaker")}}
    one = f"/api/v1/{resource}/{{{kind}_id}}"
    return create, {one: {"patch": patch, "delete": delete}, f"{one}/restore": {"post": restore}}


def _reads() -> dict[str, dict[str, Op]]:
    return {
        "/api/v1/speakers": {"get": _get(
            "Speakers by name or alias", "listSpeakers", "SpeakerList",
            [_query("q", {"type": "string"}),
             _query("kind", {"type": "string", "enum": ["person", "organization", "group"]}),
             _query("country", {"type": "string"}), *_PAGING])},
        "/api/v1/speakers/{speaker_id}": {"get": _get(
            "A speaker with aliases, roles and statements", "getSpeaker", "Speaker",
            [_id("speaker_id"), *_PAGING], **{"308": {"description": "Merged: the speaker kept"}})},
        "/api/v1/outlets": {"get": _get("Outlets A–Z", "listOutlets", "OutletList", _PAGING)},
        "/api/v1/outlets/{outlet_id}": {"get": _get("An outlet", "getOutlet", "Outlet",
                                                    [_id("outlet_id")])},
        "/api/v1/events": {"get": _get("Events by date", "listEvents", "EventList", _PAGING)},
        "/api/v1/events/{event_id}": {"get": _get("An event", "getEvent", "Event", [_id("event_id")])},
        "/api/v1/articles/{article_id}": {"get": _get("An article", "getArticle", "Article",
                                                      [_id("article_id")])},
        "/api/v1/statements/{statement_id}": {"get": _get(
            "A statement with its accounts", "getStatement", "Statement", [_id("statement_id")])},
        "/api/v1/accounts/{account_id}": {"get": _get(
            "An account of a statement with its chain", "getAccount", "Account", [_id("account_id")])},
        "/api/v1/topics": {"get": _get("Every topic", "listTopics", "TopicList", [])},
        "/api/v1/conflicts": {"get": _get(
            "Conflicts, newest first", "listConflicts", "ConflictList",
            [_query("status", {"type": "string", "enum": ["open", "resolved"]}), *_PAGING])},
        "/api/v1/conflicts/{conflict_id}": {"get": _get(
            "A conflict with its versions", "getConflict", "Conflict", [_id("conflict_id")])},
        "/api/v1/extract": {"post": {
            "summary": "Propose the statements in an article's text (nothing is written)",
            "operationId": "extractProposals", "security": _SECURED,
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": ref("ExtractInput")}}},
            "responses": {"200": _json(ref("Proposals")), "400": _error("Not a JSON object"),
                          "401": _UNAUTHORIZED,
                          "422": _error("No text, too long a text, or a bad date (the field is named)")}}},
        "/api/v1/openapi.json": {"get": {"summary": "This document", "operationId": "getOpenApi",
                                         "responses": {"200": _json({"type": "object"})}}},
    }


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    paths = _reads()
    for resource, kind in RESOURCES.items():
        create, more = _writes(resource, kind)
        paths.setdefault(f"/api/v1/{resource}", {})["post"] = create
        for path, ops in more.items():
            paths.setdefault(path, {}).update(ops)
    return {
        "openapi": "3.0.3",
        "info": {"title": "Claim & Quote Tracker API", "version": "1",
                 "description": "Who said what, when and where, reported by whom. Reads are open; "
                                "writes need a per-user API token (Authorization: Bearer …), made on "
                                "your account page. Bodies are records in the shape of "
                                "docs/data-format.md; every change is recorded in the history. "
                                "To change a record send the version you read (If-Match or "
                                "“version”)."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": schemas()},
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 document."""
    return jsonify(document())
