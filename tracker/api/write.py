"""The write API: POST / PATCH / DELETE and restore for every resource, with a bearer token.

Bodies are records in the tracker's JSON shape (docs/data-format.md). They go through
services.editing, the same path as the forms: RecordReader/Loader validation, a Revision for
every change, soft deletes, and optimistic locking. A PATCH names the version it changes
(``If-Match: "3"`` or ``"version": 3`` in the body); a stale one is refused with 409 and both
versions, so nothing anyone saved is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, g, jsonify, request
from sqlalchemy.exc import DBAPIError
from werkzeug.wrappers import Response

from tracker.api.representation import RESOURCES, represent
from tracker.api.tokens import token_required
from tracker.db import database_fault
from tracker.models import Speaker, Statement
from tracker.services.editing import edits as editing
from tracker.services.editing import identity
from tracker.services.input.records import RecordError, whole_number
from tracker.services.search import clusters, near
from tracker.web import records
from tracker.web.database import get_session
from tracker.web.errors import error_response

bp = Blueprint("api_records", __name__, url_prefix="/api/v1")
Answer = Response | tuple[Response | str, int]


class ApiError(Exception):
    """A refused request: status, title, message and any extra JSON fields."""

    def __init__(self, status: int, title: str, message: str, **extra: object) -> None:
        self.status, self.title, self.message, self.extra = status, title, message, extra
        super().__init__(message)


@bp.errorhandler(ApiError)
def _refused(exc: ApiError) -> Answer:
    get_session().rollback()
    return error_response(exc.status, exc.title, exc.message, **exc.extra)


# -- reading the request ------------------------------------------------------------------

def _bad_text(value: Any, path: str) -> str | None:
    """The path of the first string that cannot be stored (a NUL, a lone surrogate), if any."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or "body"
        return path or "body" if "\x00" in value else None
    if isinstance(value, dict):
        for name, item in value.items():
            found = _bad_text(name, path) or _bad_text(item, f"{path}.{name}" if path else str(name))
            if found:
                return found
    if isinstance(value, list):
        for position, item in enumerate(value):
            found = _bad_text(item, f"{path}[{position}]")
            if found:
                return found
    return None


def read_body() -> dict[str, Any]:
    """The JSON object sent, or a 400 saying what to send."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        raise ApiError(400, "Bad request", "Send a JSON object (Content-Type: application/json).")
    bad = _bad_text(data, "")
    if bad:
        raise ApiError(422, "Invalid record", f"“{bad}” contains a NUL character or invalid Unicode.",
                       field=bad)
    return data


def wanted_version(body: dict[str, Any] | None, *, required: bool) -> int | None:
    """The version the client read: the If-Match header or the body's ``version`` field."""
    header = request.headers.get("If-Match", "").strip()
    from_header: int | None = None
    if header:
        raw = header.removeprefix("W/").strip('"')
        from_header = whole_number(raw)
        if from_header is None:
            raise ApiError(400, "Bad request", "If-Match: send the record's version, such as \"3\".",
                           field="If-Match")
    from_body = body.pop("version", None) if body is not None else None
    if from_body is not None and (not isinstance(from_body, int) or isinstance(from_body, bool)):
        raise ApiError(422, "Invalid record", "“version” must be the whole number the record was "
                       "read at.", field="version")
    if from_header is not None and from_body is not None and from_header != from_body:
        raise ApiError(400, "Bad request", "If-Match and “version” name different versions.",
                       field="version")
    version = from_header if from_header is not None else from_body
    if version is None and required:
        raise ApiError(428, "Precondition required", "Send the version you are changing: an If-Match "
                       "header or a “version” field (every record's JSON has its version).",
                       field="version")
    return version


def find(kind: str, record_id: int, *, live: bool = True, for_edit: bool = False) -> Any:
    """The record or a 404 (``web.records``); a merged speaker is changed through the one it
    was merged into. ``for_edit`` loads all its document reads in a fixed number of queries."""
    obj = records.editable(get_session(), kind, record_id, live=live, for_edit=for_edit)
    if live and kind == "account" and obj.statement.deleted_at is not None:
        records.missing(kind, record_id, deleted=True)
    if isinstance(obj, Speaker) and obj.merged_into_id is not None:
        raise ApiError(409, "Merged", f"Speaker {record_id} was merged into speaker "
                       f"{obj.merged_into_id}; change that one.", merged_into=obj.merged_into_id)
    return obj


# -- saving -------------------------------------------------------------------------------

def _store(kind: str, record: dict[str, Any], *, obj: Any | None = None, version: int | None = None,
           summary: str, then: Callable[[Any], dict[str, Any]] | None = None) -> tuple[Any, dict[str, Any]]:
    """editing.save, with its refusals turned into API errors; ``then`` writes what goes with the
    new record (a review question, a group) in the same transaction and says what it did."""
    session = get_session()
    try:
        saved = editing.save(session, kind, record, obj=obj, version=version,
                             user_id=g.api_user_id, summary=summary)
        extra = then(saved) if then is not None else {}
        session.commit()
    except RecordError as exc:
        raise ApiError(422, "Invalid record", str(exc), source=exc.source, record=exc.record,
                       field=exc.field) from None
    except editing.StaleEditError as exc:
        raise ApiError(409, "Version conflict", "The record was changed after you read it: compare "
                       "the current version, then send your change again with its version.",
                       your_version=version, current_version=exc.current_version,
                       current=exc.current) from None
    except editing.EditError as exc:
        raise ApiError(409, "Conflict", exc.message, field=exc.field) from None
    except DBAPIError as exc:
        if database_fault(exc) is not None:
            raise  # the database failed, not the record: web.faults answers 503
        raise ApiError(422, "Invalid record", "A value does not fit what the database can store.",
                       field=None) from None
    return saved, extra


def _created(saved: Any, resource: str, extra: dict[str, Any] | None = None) -> Response:
    response = jsonify({**represent(saved), **(extra or {})})
    response.status_code = 201
    response.headers["Location"] = f"{request.script_root}/api/v1/{resource}/{saved.id}"
    response.headers["ETag"] = f'"{saved.version}"'
    return response


def _ok(obj: Any) -> Response:
    response = jsonify(represent(obj))
    response.headers["ETag"] = f'"{obj.version}"'
    return response


def create(resource: str) -> Answer:
    """Create a record; a ``key`` that exists is a 409 (PATCH that record instead)."""
    kind = RESOURCES[resource]
    record = read_body()
    record.pop("version", None)
    key = record.get("key")
    if key is None or key == "":
        hint = record.get("name") or record.get("title")
        record["key"] = editing.new_key(kind, hint if isinstance(hint, str) else None)
    elif isinstance(key, str):
        if editing.key_taken(get_session(), kind, key):
            raise ApiError(409, "Conflict", f"A {kind} with the key “{key}” exists; PATCH it instead.",
                           field="key")
    if kind == "account" and editing.live_statement(get_session(), record.get("statement")) is None:
        raise ApiError(422, "Invalid record", "“statement” must be the key of a statement.",
                       field="statement")
    saved, extra = _store(kind, record, summary="created through the API", then=_AFTER_CREATE.get(kind))
    return _created(saved, resource, extra or None)


def _speaker_created(saved: Speaker) -> dict[str, Any]:
    """Named like a stored speaker: queued for review, and said here."""
    maybe = identity.queue_for(get_session(), saved)
    return {"possible_duplicates": [{"id": i, "url": f"{request.script_root}/api/v1/speakers/{i}"}
                                    for i in maybe],
            "review": f"{request.script_root}/review/speakers" if maybe else None}


def _statement_created(saved: Statement) -> dict[str, Any]:
    """The same words by the same speaker: created, grouped with the one it repeats best ("also
    reported as" on both pages), and said here."""
    found = near.near_duplicates(get_session(), saved.speaker_id, saved.wording, exclude=[saved.id])
    if found:
        clusters.join(get_session(), [(saved.id, found[0].statement_id, found[0].score)])
    return {"near_duplicates": [
        {"id": f.statement_id, "key": f.key, "similarity": round(f.score, 1),
         "url": f"{request.script_root}/api/v1/statements/{f.statement_id}"} for f in found]}


_AFTER_CREATE: dict[str, Callable[[Any], dict[str, Any]]] = {
    "speaker": _speaker_created, "statement": _statement_created}


def update(resource: str, record_id: int) -> Answer:
    """Change the fields given; the others stay as they are."""
    kind = RESOURCES[resource]
    # Its document is built here and again by editing.save (and for a 409): loaded at once, a
    # conflict's members, points and claims cost three queries, not one per member and claim.
    obj = find(kind, record_id, for_edit=True)
    changes = read_body()
    version = wanted_version(changes, required=True)
    current = editing.document(obj)
    if isinstance(obj, Statement):
        current["speaker_candidates"] = obj.speaker_candidates
    if "key" in changes and changes["key"] != current["key"]:
        raise ApiError(422, "Invalid record", "The key of a record cannot be changed.", field="key")
    saved, _ = _store(kind, {**current, **changes}, obj=obj, version=version,
                      summary="changed through the API")
    return _ok(saved)


def delete(resource: str, record_id: int) -> Answer:
    """Delete (softly: the record stays in the history and can be restored)."""
    kind = RESOURCES[resource]
    obj = find(kind, record_id)
    version = wanted_version(None, required=False)
    session = get_session()
    try:
        editing.delete(session, obj, user_id=g.api_user_id, version=version)
        session.commit()
    except editing.StaleEditError as exc:
        raise ApiError(409, "Version conflict", str(exc), your_version=version,
                       current_version=exc.current_version, current=exc.current) from None
    except editing.EditError as exc:
        raise ApiError(409, "Conflict", exc.message, field=exc.field) from None
    return Response(status=204)


def restore(resource: str, record_id: int) -> Answer:
    """Undo a delete (a record that is not deleted is answered as it is)."""
    kind = RESOURCES[resource]
    obj = find(kind, record_id, live=False)
    session = get_session()
    editing.undelete(session, obj, user_id=g.api_user_id)
    session.commit()
    return _ok(obj)


def _route(rule: str, name: str, methods: list[str], view: Callable[..., Answer], resource: str) -> None:
    def endpoint(**kwargs: Any) -> Answer:
        return view(resource, *kwargs.values())

    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = view.__doc__
    bp.add_url_rule(rule, name, token_required(endpoint), methods=methods)


for _resource, _kind in RESOURCES.items():
    _route(f"/{_resource}", f"create_{_kind}", ["POST"], create, _resource)
    _route(f"/{_resource}/<int:{_kind}_id>", f"update_{_kind}", ["PATCH"], update, _resource)
    _route(f"/{_resource}/<int:{_kind}_id>", f"delete_{_kind}", ["DELETE"], delete, _resource)
    _route(f"/{_resource}/<int:{_kind}_id>/restore", f"restore_{_kind}", ["POST"], restore, _resource)

