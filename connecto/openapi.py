"""The OpenAPI 3.1 document (``/openapi.json``) and Swagger UI (``/docs``).

Built from what every route declares with ``@doc`` (``connecto/http.py``) and from the very
pydantic models that validate requests and serialise responses, so the document says what the
server does: request models in validation mode, response models in serialisation mode, query
models as parameters, every success status, and every error status (common ones derived from
what the route is, see ``common_errors``, plus the codes the route declares). In the test
environment ``check_documented`` turns any answer the document does not list into a 500, so a
forgotten status or error code fails the tests that reach it.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sanic_ext
from pydantic import BaseModel, Field
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from sanic import Blueprint, HTTPResponse, Request, Sanic
from sanic.response import html, raw
from sanic.response import json as json_response
from sanic_routing import Route

from connecto import __version__
from connecto.auth.guards import AUTH
from connecto.errors import ERROR_CODES, error_body
from connecto.http import ROUTE_DOC, RouteDoc, query_wire_names
from connecto.requestlimits import limited_route
from connecto.schemas import INT64_MAX, INT64_MIN, ResponseModel

log = logging.getLogger("connecto.openapi")

bp = Blueprint("api_docs")
DOCS_BLUEPRINTS = ("api_docs", "realtime")  # the document itself, and the WebSocket
NOT_OPERATIONS = frozenset({"HEAD", "OPTIONS"})  # answered by Sanic for every route
# Swagger UI 5 is the first to read OpenAPI 3.1.
SWAGGER_UI_VERSION = "5.17.14"

DESCRIPTION = """Real-time messaging for travel groups.

Every error, REST and WebSocket, is `{"error": {"code", "message", "details"}}` (the `Error`
schema; the README lists every code). Each operation lists the statuses it can answer and, in
each error status's description, the codes behind it.

Input rules that hold everywhere: text may not contain U+0000, integers fit in 64 bits (ids out
of that range are 404), request bodies are JSON objects (415 otherwise) of at most the
configured size (413), and unknown body fields or query parameters are 400. Enum values are
accepted in any letter case. Every operation but the health checks and this document spends
an API-wide request budget: over it, 429 `RATE_LIMITED` with `Retry-After`. The real-time
API is the WebSocket at `/ws` (see docs/websocket.md)."""


class ErrorInfo(ResponseModel):
    code: Literal[tuple(ERROR_CODES)]  # type: ignore[valid-type]
    message: str
    details: dict[str, Any] = Field(description="Field errors, limits, allowed values...")


class Error(ResponseModel):
    """The error envelope of every 4xx and 5xx answer."""

    error: ErrorInfo


class ConnectoJsonSchema(GenerateJsonSchema):
    """pydantic's JSON Schema (the dialect of OpenAPI 3.1), without generated titles and with
    the 64-bit range every integer has here (``StorableInput`` enforces it)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def int_schema(self, schema) -> dict[str, Any]:
        result = super().int_schema(schema)
        result["format"] = "int64"
        if "minimum" not in result and "exclusiveMinimum" not in result:
            result["minimum"] = INT64_MIN
        if "maximum" not in result and "exclusiveMaximum" not in result:
            result["maximum"] = INT64_MAX
        return result


def common_errors(
    route_doc: RouteDoc, auth: str | None, path_params: dict[str, type], limited: bool = True
) -> list:
    """The error codes a route answers because of what it is, whatever its service does."""
    codes = ["SERVICE_UNAVAILABLE"]  # PostgreSQL or Redis out of reach
    if limited:
        codes.append("RATE_LIMITED")  # the API-wide request budgets (connecto/requestlimits.py)
    if auth:
        codes += ["AUTH_REQUIRED", "TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED"]
        codes += ["USER_BANNED"] + (["ADMIN_REQUIRED"] if auth == "admin" else [])
    if route_doc.body is not None:
        codes += ["VALIDATION_ERROR", "INVALID_JSON", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]
    if route_doc.query is not None:
        codes += ["VALIDATION_ERROR", "UNKNOWN_FILTER"]
        if "cursor" in route_doc.query.model_fields:
            codes.append("INVALID_CURSOR")
    if int in path_params.values():
        codes.append("NOT_FOUND")  # an id beyond 64 bits cannot exist
    return codes


@dataclass(frozen=True)
class Operation:
    path: str  # OpenAPI form: /api/v1/travels/{travel_id}
    method: str
    name: str  # the operationId
    route_name: str
    doc: RouteDoc
    auth: str | None  # None, "user" or "admin"
    path_params: dict[str, type]

    def error_codes(self) -> dict[int, list[str]]:
        """Every error status this operation can answer -> its codes."""
        by_status: dict[int, list[str]] = defaultdict(list)
        common = common_errors(
            self.doc, self.auth, self.path_params, limited_route(self.route_name)
        )
        for code in common + list(self.doc.errors):
            if code not in by_status[ERROR_CODES[code][0]]:
                by_status[ERROR_CODES[code][0]].append(code)
        return dict(sorted(by_status.items()))

    def statuses(self) -> set[int]:
        return set(self.doc.responses) | set(self.error_codes())


def _openapi_path(route: Route) -> str:
    parts = []
    for segment in route.path.split("/"):
        if segment.startswith("<") and segment.endswith(">"):
            segment = "{" + segment[1:-1].split(":")[0] + "}"
        parts.append(segment)
    return "/" + "/".join(parts)


def operations(app: Sanic) -> list[Operation]:
    """Every HTTP operation of the app; a route without ``@doc`` is an error."""
    found, undocumented = [], []
    for route in app.router.routes:
        if route.name.split(".")[1] in DOCS_BLUEPRINTS or route.extra.websocket:
            continue
        methods = sorted(set(route.methods) - NOT_OPERATIONS)
        if not methods:
            continue
        route_doc = getattr(route.handler, ROUTE_DOC, None)
        if route_doc is None:
            undocumented.append(route.name)
            continue
        params = {p.name: p.cast for p in route.params.values()}
        for method in methods:
            name = route.name.split(".", 1)[1] + ("" if len(methods) == 1 else f".{method}")
            auth = getattr(route.handler, AUTH, None)
            found.append(
                Operation(_openapi_path(route), method, name, route.name, route_doc, auth, params)
            )
    if undocumented:
        raise RuntimeError(f"routes without @doc: {', '.join(sorted(undocumented))}")
    return sorted(found, key=lambda op: (op.path, op.method))


def _ref(model: type[BaseModel], refs: dict, mode: str = "validation") -> dict:
    """The ``$ref`` of a request model (validation) or a response model (serialization)."""
    return refs[(model, mode)]


def _without_null(schema: dict) -> dict:
    """A query parameter is absent rather than null."""
    schema = {k: v for k, v in schema.items() if k != "default" or v is not None}
    options = [s for s in schema.get("anyOf", []) if s != {"type": "null"}]
    if "anyOf" in schema and len(options) == 1:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return {**options[0], **rest}
    if "anyOf" in schema:
        schema["anyOf"] = options
    return schema


def _query_parameters(model: type[BaseModel], refs: dict, components: dict) -> list[dict]:
    """The query model's fields as parameters (the model itself is no component)."""
    schema = components.pop(_ref(model, refs)["$ref"].rsplit("/", 1)[1])
    required = set(schema.get("required", []))
    params = []
    for wire, name in query_wire_names(model).items():
        prop = _without_null(schema["properties"][wire])
        param = {"name": wire, "in": "query", "required": wire in required, "schema": prop}
        if description := prop.pop("description", None) or model.model_fields[name].description:
            param["description"] = description
        if prop.get("type") == "array":
            param.update(style="form", explode=True)
        params.append(param)
    return params


def _path_parameter(name: str, cast: type) -> dict:
    if cast is int:
        schema = {"type": "integer", "format": "int64", "minimum": 1, "maximum": INT64_MAX}
    else:
        schema = {"type": "string", "minLength": 1}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def build_document(app: Sanic) -> dict:
    ops = operations(app)
    models: set[tuple[type[BaseModel], str]] = {(Error, "serialization")}
    for op in ops:
        for model in (op.doc.body, op.doc.query):
            if model is not None:
                models.add((model, "validation"))
        for model in op.doc.responses.values():
            if model is not None:
                models.add((model, "serialization"))
    refs, defs = models_json_schema(
        sorted(models, key=lambda m: (m[0].__module__, m[0].__qualname__, m[1])),
        ref_template="#/components/schemas/{model}",
        schema_generator=ConnectoJsonSchema,
    )
    components = defs.get("$defs", {})
    query_models = {op.doc.query for op in ops if op.doc.query is not None}
    query_params = {model: _query_parameters(model, refs, components) for model in query_models}
    error_ref = _ref(Error, refs, "serialization")
    paths: dict[str, dict] = defaultdict(dict)
    for op in ops:
        operation: dict[str, Any] = {
            "operationId": op.name,
            "summary": op.doc.summary,
            "tags": [op.doc.tag],
        }
        if op.doc.description:
            operation["description"] = op.doc.description
        if op.auth:
            operation["security"] = [{"bearerAuth": []}]
        params = [_path_parameter(name, cast) for name, cast in op.path_params.items()]
        params += query_params.get(op.doc.query, [])
        if params:
            operation["parameters"] = params
        if op.doc.body is not None:
            operation["requestBody"] = {
                "required": any(f.is_required() for f in op.doc.body.model_fields.values()),
                "content": _json(_ref(op.doc.body, refs)),
            }
        responses: dict[str, Any] = {}
        for status, model in sorted(op.doc.responses.items()):
            answer: dict[str, Any] = {"description": _SUCCESS.get(status, "Success")}
            if model is not None:
                answer["content"] = _json(_ref(model, refs, "serialization"))
            elif status != 204 and op.doc.download:
                binary = {"type": "string", "contentMediaType": op.doc.download}
                answer["content"] = {op.doc.download: {"schema": binary}}
            responses[str(status)] = answer
        for status, codes in op.error_codes().items():
            responses.setdefault(
                str(status),
                {"description": ", ".join(codes), "content": _json(error_ref)},
            )
        operation["responses"] = responses
        paths[op.path][op.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Connecto API", "version": __version__, "description": DESCRIPTION},
        "tags": [{"name": tag} for tag in sorted({op.doc.tag for op in ops})],
        "paths": dict(paths),
        "components": {
            "schemas": dict(sorted(components.items())),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


_SUCCESS = {
    200: "OK",
    201: "Created",
    202: "Accepted: it happens later (or waits for someone's approval)",
    204: "Done; no body",
}


def document_bytes(app: Sanic) -> bytes:
    """The document, built once per process (routes do not change after start)."""
    cached = getattr(app.ctx, "openapi_document", None)
    if cached is None:
        cached = app.ctx.openapi_document = json.dumps(
            build_document(app), separators=(",", ":")
        ).encode()
    return cached


@bp.get("/openapi.json")
async def openapi_json(request: Request) -> HTTPResponse:
    return raw(document_bytes(request.app), content_type="application/json")


_SWAGGER_PAGE = (Path(sanic_ext.__file__).parent / "extensions/openapi/ui/swagger.html").read_text()


@bp.get("/docs")
async def swagger_ui(request: Request) -> HTTPResponse:
    """sanic-ext's Swagger UI page, pointed at our document."""
    config = request.app.config
    page = (
        _SWAGGER_PAGE.replace("__URL_PREFIX__/__URI_TO_JSON__", "/openapi.json")
        .replace("__URL_PREFIX__/__URI_TO_CONFIG__", "/docs/swagger-config")
        .replace("__VERSION__", SWAGGER_UI_VERSION)
        .replace("__HTML_TITLE__", "Connecto API")
        .replace("__HTML_CUSTOM_CSS__", "")
        .replace("__CDN_URL__", config.OAS_UI_SWAGGER_CDN_URL)
    )
    return html(page)


@bp.get("/docs/swagger-config")
async def swagger_config(request: Request) -> HTTPResponse:
    return json_response(request.app.config.SWAGGER_UI_CONFIGURATION)


# --- the test environment's guard against drift --------------------------------------------


def _operation_of(request: Request) -> Operation | None:
    route = request.route
    if route is None or getattr(route.handler, ROUTE_DOC, None) is None:
        return None
    index = getattr(request.app.ctx, "openapi_operations", None)
    if index is None:
        index = request.app.ctx.openapi_operations = {
            (op.route_name, op.method): op for op in operations(request.app)
        }
    return index.get((route.name, request.method))


async def check_documented(request: Request, response: HTTPResponse) -> HTTPResponse | None:
    """Response middleware (test environment): an answer the document does not list becomes
    a 500 naming what to declare, so the test that provoked it fails."""
    op = _operation_of(request)
    if op is None or request.method in NOT_OPERATIONS or response.status == 500:
        return None  # a 500 is a failure already (and logged with its traceback)
    problem = None
    if response.status not in op.statuses():
        problem = f"status {response.status}"
    elif response.status >= 400 and response.status not in op.doc.responses:
        try:
            code = json.loads(response.body)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = None
        if code not in op.error_codes()[response.status]:
            problem = f"{response.status} {code}"
    if problem is None:
        return None
    message = f"{request.method} {op.path} answered {problem}, which its @doc does not declare"
    log.error(message)
    return json_response(error_body("INTERNAL_ERROR", message), status=500)
