"""Helpers shared by the thin route modules: the route's API description (``doc``), body and
query parsing, JSON responses.

A route declares once, in ``@doc(...)``, everything a client needs: the body model, the
query model, the success statuses with their response models and the error codes beyond the
ones every route of its kind can answer. ``connecto/openapi.py`` turns that into the OpenAPI
document; ``parse_body``/``parse_query`` refuse a model the route did not declare, and the test
environment refuses any status or error code the route did not declare (see
``connecto.openapi.check_documented``), so the document cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError
from sanic import Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from connecto.errors import ERROR_CODES, ConnectoError, validation_details
from connecto.schemas import QueryModel, StorableInput, comma_set

M = TypeVar("M", bound=BaseModel)
H = TypeVar("H", bound=Callable)

ROUTE_DOC = "connecto_route_doc"  # the handler attribute holding its RouteDoc


def dumps_json(value: Any, **_: Any) -> bytes:
    """The JSON encoder of every response: orjson, several times faster than the standard
    library. Payload dicts carry timestamps already formatted (``Z``, as pydantic writes them),
    and integer keys become strings as ``json.dumps`` would make them."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


@dataclass(frozen=True)
class RouteDoc:
    """What ``@doc`` declared for one route (see ``doc``)."""

    summary: str
    tag: str
    responses: Mapping[int, type[BaseModel] | None]
    body: type[BaseModel] | None = None
    query: type[QueryModel] | None = None
    errors: tuple[str, ...] = ()
    description: str | None = None
    download: str | None = None  # the media type of a raw (non-JSON) 200 body


def doc(
    summary: str,
    *,
    tag: str,
    body: type[BaseModel] | None = None,
    query: type[QueryModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int | None = None,
    responses: Mapping[int, type[BaseModel] | None] | None = None,
    errors: tuple[str, ...] = (),
    description: str | None = None,
    download: str | None = None,
) -> Callable[[H], H]:
    """Describe a route for the OpenAPI document; the same models validate the request.

    - ``body`` / ``query``: the models ``parse_body`` / ``parse_query`` validate with.
    - ``response`` + ``status``: the one success answer (default 200 with a body, 204 without);
      ``responses={201: M, 200: M, 202: N}`` when the route answers several.
    - ``errors``: the error codes this route raises beyond the common ones, which are added
      from what the route is (signed in or admin, has a body, a query, path ids); see
      ``connecto.openapi.common_errors``.
    - ``download``: the route answers 200 with raw bytes of this media type (a file).
    Whether the route needs a token comes from its guard (``authenticated``/``admin_only``).
    """
    if download is not None:
        if response is not None or status is not None or responses is not None:
            raise TypeError("doc(): a download answers 200 with its file, nothing else")
        responses = {200: None}
    elif responses is None:
        responses = {status or (200 if response is not None else 204): response}
    elif response is not None or status is not None:
        raise TypeError("doc(): give response/status or responses, not both")
    for code, model in responses.items():
        if download is None and (code == 204) != (model is None):
            raise TypeError(f"doc(): status {code} {'has no' if code == 204 else 'needs a'} body")
    unknown = [code for code in errors if code not in ERROR_CODES]
    if unknown:
        raise TypeError(f"doc(): unknown error codes {unknown}")
    route_doc = RouteDoc(
        summary, tag, dict(responses), body, query, tuple(errors), description, download
    )

    def attach(handler: H) -> H:
        setattr(handler, ROUTE_DOC, route_doc)
        return handler

    return attach


def route_doc(request: Request) -> RouteDoc | None:
    route = request.route
    return getattr(route.handler, ROUTE_DOC, None) if route is not None else None


def _require_declared(request: Request, kind: str, model: type[BaseModel]) -> None:
    """A route may only parse what its ``@doc`` declares: the document lists it then."""
    declared = getattr(route_doc(request), kind, None)
    if declared is not model and not (kind == "body" and model is _AnyObject and declared):
        name = request.route.name if request.route else request.path
        raise RuntimeError(
            f"{name} parses {kind} {model.__name__} but its @doc declares "
            f"{getattr(declared, '__name__', None)}"
        )


class _AnyObject(StorableInput):
    model_config = ConfigDict(extra="allow")


def parse_body(request: Request, model: type[M]) -> M:
    """Validate a JSON body against ``model``: 415 for a non-JSON body, 400 with field errors."""
    _require_declared(request, "body", model)
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if request.body and content_type and content_type != "application/json":
        raise ConnectoError("UNSUPPORTED_MEDIA_TYPE")
    return validate_json(model, request.body or b"{}")


def parse_json_object(request: Request) -> dict[str, Any]:
    """The body as a plain JSON object, for endpoints that merge partial documents."""
    raw = parse_body(request, _AnyObject)
    return raw.model_dump()


def validate_json(model: type[M], raw: bytes | str) -> M:
    """Parse and validate JSON text in one step. Request models are strict, so ``"5"`` is not
    an int, while JSON strings still parse into dates and enums."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        if any(err["type"] == "json_invalid" for err in exc.errors()):
            raise ConnectoError("INVALID_JSON") from None
        raise ConnectoError("VALIDATION_ERROR", details=validation_details(exc)) from None


def query_wire_names(model: type[BaseModel]) -> dict[str, str]:
    """Query parameter name on the wire -> field name."""
    return {field.alias or name: name for name, field in model.model_fields.items()}


def parse_query(request: Request, model: type[M]) -> M:
    """Validate query parameters; a parameter the model does not know is UNKNOWN_FILTER.
    A field typed as a list keeps every value (``?type=a&type=b``), others keep the last."""
    _require_declared(request, "query", model)
    wire_names = query_wire_names(model)
    unknown = sorted(set(request.args) - set(wire_names))
    if unknown:
        raise ConnectoError(
            "UNKNOWN_FILTER",
            f"Unknown query parameter(s): {', '.join(unknown)}",
            details={"unknown": unknown, "allowed": sorted(wire_names)},
        )
    payload = {
        key: (values if _is_list(model, wire_names[key]) else values[-1])
        for key, values in request.args.items()
    }
    allowed_includes = getattr(model, "allowed_includes", ())
    if allowed_includes and isinstance(payload.get("include"), str):
        unknown = sorted(comma_set(payload["include"]) - set(allowed_includes))
        if unknown:
            raise ConnectoError(
                "UNKNOWN_FILTER",
                f"Unknown include(s): {', '.join(unknown)}",
                details={"unknown": unknown, "allowed": list(allowed_includes)},
            )
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise ConnectoError("VALIDATION_ERROR", details=validation_details(exc)) from None


def _is_list(model: type[BaseModel], name: str) -> bool:
    annotation = model.model_fields[name].annotation
    return getattr(annotation, "__origin__", None) is list


def respond(data: Any, status: int = 200) -> HTTPResponse:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", by_alias=True)
    return json_response(data, status=status)


def no_content() -> HTTPResponse:
    return HTTPResponse(status=204)
