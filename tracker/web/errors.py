"""One place for errors: JSON for API clients, an HTML page for browsers; never a bare 500."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker.services.input.parameters import ParameterError


def wants_json() -> bool:
    """API paths and clients that ask for JSON get JSON errors."""
    if request.path.startswith("/api/") or request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"]


def error_response(status: int, title: str, message: str, **extra: object) -> tuple[Response | str, int]:
    """Render an error in the form the client wants."""
    if wants_json():
        body: dict[str, object] = {"error": {"status": status, "title": title, "message": message}}
        body["error"].update(extra)  # type: ignore[attr-defined]
        return jsonify(body), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(ParameterError)
    def _bad_parameter(exc: ParameterError) -> tuple[Response | str, int]:
        return error_response(400, "Bad request", str(exc), parameter=exc.parameter)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response | HTTPException:
        if exc.code is None or exc.code < 400:
            return exc
        response = app.make_response(error_response(exc.code, exc.name, exc.description or exc.name))
        for name, value in exc.get_headers():  # such as Allow on a 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response | str, int]:
        app.logger.exception("Unhandled error", exc_info=exc)
        return error_response(500, "Something went wrong", InternalServerError.description)
