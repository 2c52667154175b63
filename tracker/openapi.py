"""The OpenAPI 3 document for every /api/v1 endpoint, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

_OBJ: dict[str, Any] = {"type": "object", "additionalProperties": True}
_ERROR = {"description": "An error", "content": {"application/json": {"schema": {
    "type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "properties": {"status": {"type": "integer"}, "title": {"type": "string"},
                                         "message": {"type": "string"}}}}}}}}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


_PAGING = [_query("page", {"type": "integer", "minimum": 1}),
           _query("per_page", {"type": "integer", "minimum": 1})]
_ERRORS = {"400": _ERROR, "404": _ERROR}
_WRITE_ERRORS = {"400": _ERROR, "401": _ERROR, "404": _ERROR, "409": _ERROR, "422": _ERROR}


def _list(item: str) -> dict[str, Any]:
    return {"type": "object", "required": ["items", "pagination"],
            "properties": {"items": {"type": "array", "items": _ref(item)}, "pagination": _OBJ}}


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    secured: list[dict[str, list[str]]] = [{"bearer": []}]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Claim & Quote Tracker API", "version": "1",
                 "description": "Who said what, when and where, reported by whom. Reads are open; "
                                "writes need a per-user API token (Authorization: Bearer …)."},
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/speakers": {"get": {
                "summary": "Speakers by name or alias", "operationId": "listSpeakers",
                "parameters": [_query("q", {"type": "string"}),
                               _query("kind", {"type": "string",
                                               "enum": ["person", "organization", "group"]}),
                               _query("country", {"type": "string"}), *_PAGING],
                "responses": {"200": _json(_list("Speaker")), **_ERRORS}}},
            "/api/v1/speakers/{speaker_id}": {"get": {
                "summary": "A speaker with aliases, roles and statements", "operationId": "getSpeaker",
                "parameters": [_id("speaker_id"), *_PAGING],
                "responses": {"200": _json(_ref("Speaker")), "308": {"description": "Merged speaker"},
                              **_ERRORS}}},
            "/api/v1/statements": {"post": {
                "summary": "Create a statement", "operationId": "createStatement", "security": secured,
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("StatementInput")}}},
                "responses": {"201": _json(_ref("Statement"), "Created"), **_WRITE_ERRORS}}},
            "/api/v1/statements/{statement_id}": {
                "get": {"summary": "A statement with its accounts", "operationId": "getStatement",
                        "parameters": [_id("statement_id")],
                        "responses": {"200": _json(_ref("Statement")), **_ERRORS}},
                "patch": {"summary": "Change some fields of a statement", "operationId": "updateStatement",
                          "security": secured, "parameters": [_id("statement_id")],
                          "requestBody": {"required": True, "content": {"application/json": {
                              "schema": _ref("StatementPatch")}}},
                          "responses": {"200": _json(_ref("Statement")), **_WRITE_ERRORS}},
                "delete": {"summary": "Delete a statement (soft)", "operationId": "deleteStatement",
                           "security": secured, "parameters": [_id("statement_id")],
                           "responses": {"204": {"description": "Deleted"}, **_WRITE_ERRORS}}},
            "/api/v1/conflicts": {"get": {
                "summary": "Conflicts, newest first", "operationId": "listConflicts",
                "parameters": [_query("status", {"type": "string", "enum": ["open", "resolved"]}), *_PAGING],
                "responses": {"200": _json(_list("Conflict")), **_ERRORS}}},
            "/api/v1/conflicts/{conflict_id}": {"get": {
                "summary": "A conflict with its versions", "operationId": "getConflict",
                "parameters": [_id("conflict_id")],
                "responses": {"200": _json(_ref("Conflict")), **_ERRORS}}},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document", "operationId": "getOpenApi",
                "responses": {"200": _json({"type": "object"})}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Speaker": {"type": "object", "required": ["id", "name", "kind"], "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}, "kind": {"type": "string"},
                    "key": {"type": "string", "nullable": True}}},
                "Statement": {"type": "object", "required": ["id", "wording", "kind"], "properties": {
                    "id": {"type": "integer"}, "key": {"type": "string", "nullable": True},
                    "wording": {"type": "string"}, "kind": {"type": "string"},
                    "said": {"type": "string", "nullable": True},
                    "verdict": {"type": "string", "nullable": True},
                    "speaker_candidates": {"type": "array", "nullable": True, "items": {"type": "array"}},
                    "accounts": {"type": "array", "items": _OBJ}}},
                "StatementInput": {"type": "object", "required": ["speaker", "wording"], "properties": {
                    "key": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._:-]{0,199}$"},
                    "speaker": {"type": "string", "description": "a speaker key"},
                    "wording": {"type": "string", "minLength": 1},
                    "kind": {"type": "string", "enum": ["direct_quote", "paraphrase", "summary", "denial",
                                                         "written_statement", "official_readout"]},
                    "said": {"type": "string", "nullable": True},
                    "event": {"type": "string", "nullable": True},
                    "verdict": {"type": "string", "nullable": True},
                    "topics": {"type": "array", "items": {"type": "string"}},
                    "accounts": {"type": "array", "items": _OBJ}}},
                "StatementPatch": {"type": "object", "description": "Any fields of StatementInput",
                                   "additionalProperties": True},
                "Conflict": {"type": "object", "required": ["id", "title", "status"], "properties": {
                    "id": {"type": "integer"}, "title": {"type": "string"}, "status": {"type": "string"}}},
            },
        },
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 document."""
    return jsonify(document())
