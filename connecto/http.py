"""Helpers shared by the thin route modules: body/query parsing, JSON responses, OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from sanic import Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response
from sanic_ext import openapi

from connecto.errors import ConnectoError, validation_details
from connecto.schemas import comma_set

M = TypeVar("M", bound=BaseModel)


class _AnyObject(BaseModel):
    model_config = ConfigDict(extra="allow")


def parse_body(request: Request, model: type[M]) -> M:
    """Validate a JSON body against ``model``: 415 for a non-JSON body, 400 with field errors."""
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


def parse_query(request: Request, model: type[M], multi: frozenset[str] = frozenset()) -> M:
    """Validate query parameters; a parameter the model does not know is UNKNOWN_FILTER.
    Names in ``multi`` keep every value (``?type=a&type=b``), others keep the last one."""
    wire_names = {field.alias or name for name, field in model.model_fields.items()}
    unknown = sorted(set(request.args) - wire_names)
    if unknown:
        raise ConnectoError(
            "UNKNOWN_FILTER",
            f"Unknown query parameter(s): {', '.join(unknown)}",
            details={"unknown": unknown, "allowed": sorted(wire_names)},
        )
    payload = {
        key: (values if key in multi else values[-1]) for key, values in request.args.items()
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


def respond(data: Any, status: int = 200) -> HTTPResponse:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", by_alias=True)
    return json_response(data, status=status)


def no_content() -> HTTPResponse:
    return HTTPResponse(status=204)


def _inline_schema(model: type[BaseModel]) -> dict:
    """A pydantic JSON schema with ``$defs`` inlined (OpenAPI has no ``$defs``)."""
    schema = model.model_json_schema(by_alias=True)
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.split("/")[-1]])
            # A discriminator's mapping names $defs that no longer exist once inlined; the
            # oneOf branches tell themselves apart by their const tags anyway.
            return {k: resolve(v) for k, v in node.items() if k != "discriminator"}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)


def doc(
    summary: str,
    *,
    tag: str,
    body: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    secured: bool = True,
) -> Callable:
    """OpenAPI metadata for a route from its pydantic request/response models."""
    kwargs: dict[str, Any] = {"summary": summary, "tag": tag}
    if body is not None:
        kwargs["body"] = {"application/json": _inline_schema(body)}
    if response is not None:
        kwargs["response"] = [
            openapi.definitions.Response(
                {"application/json": _inline_schema(response)}, status=status
            )
        ]
    if secured:
        kwargs["secured"] = {"bearerAuth": []}
    return openapi.definition(**kwargs)
