"""One error type for the whole service and the table of error codes.

Every 4xx/5xx, REST and WebSocket alike, is rendered as
``{"error": {"code": ..., "message": ..., "details": {...}}}``. Services raise
``ConnectoError(code)``; the HTTP status and default message come from ``ERROR_CODES``.
The README lists the same table (``tests/test_errors.py`` keeps them in sync).
"""

from __future__ import annotations

from typing import Any

# code -> (HTTP status, default message)
ERROR_CODES: dict[str, tuple[int, str]] = {
    # generic
    "VALIDATION_ERROR": (400, "The request is invalid"),
    "INVALID_JSON": (400, "The request body is not valid JSON"),
    "INVALID_CURSOR": (400, "The pagination cursor is invalid"),
    "UNKNOWN_FILTER": (400, "Unknown filter, parameter or include"),
    "AUTH_REQUIRED": (401, "Authentication is required"),
    "FORBIDDEN": (403, "You are not allowed to do this"),
    "ADMIN_REQUIRED": (403, "Platform administrator role required"),
    "NOT_FOUND": (404, "Not found"),
    "ROUTE_NOT_FOUND": (404, "No such endpoint"),
    "METHOD_NOT_ALLOWED": (405, "Method not allowed on this endpoint"),
    "CONFLICT": (409, "The request conflicts with the current state"),
    "PAYLOAD_TOO_LARGE": (413, "The request body is too large"),
    "UNSUPPORTED_MEDIA_TYPE": (415, "Send the body as application/json"),
    "UPGRADE_REQUIRED": (426, "This endpoint speaks WebSocket; connect with a WebSocket client"),
    "BAD_REQUEST": (400, "The request cannot be served"),
    "RATE_LIMITED": (429, "Too many requests"),
    "INTERNAL_ERROR": (500, "Internal server error"),
    "SERVICE_UNAVAILABLE": (503, "A backing service is unavailable"),
    # authentication
    "UNSUPPORTED_PROVIDER": (400, "Unknown identity provider"),
    "ID_TOKEN_INVALID": (401, "The identity provider token could not be verified"),
    "ID_TOKEN_EXPIRED": (401, "The identity provider token has expired"),
    "ID_TOKEN_EMAIL_UNVERIFIED": (401, "The identity provider has not verified this email"),
    "IDP_UNAVAILABLE": (503, "The identity provider's keys could not be fetched"),
    "TOKEN_INVALID": (401, "The access token is invalid"),
    "TOKEN_EXPIRED": (401, "The access token has expired"),
    "TOKEN_REVOKED": (401, "The session has been signed out"),
    "REFRESH_TOKEN_INVALID": (401, "The refresh token is invalid"),
    "REFRESH_TOKEN_EXPIRED": (401, "The refresh token has expired"),
    "REFRESH_TOKEN_REVOKED": (401, "The refresh token has been revoked"),
    "REFRESH_TOKEN_REUSED": (401, "The refresh token was already used; the session is revoked"),
    "USER_BANNED": (403, "This account is banned"),
    "ROLE_CHANGED": (409, "Your role changed; reconnect to apply it"),
    # users
    "USER_NOT_FOUND": (404, "User not found"),
    "PUSH_TOKEN_NOT_FOUND": (404, "Push token not found"),
    "SIGN_IN_CONFIRMATION_INVALID": (403, "Confirm with a fresh sign-in to this account"),
    "EXPORT_TOO_SOON": (429, "One data export per day"),
    "EXPORT_NOT_FOUND": (404, "No such data export"),
    "EXPORT_NOT_READY": (409, "This export is not ready to download"),
    "DOWNLOAD_LINK_INVALID": (410, "This download link has expired or was already used"),
    # travels
    "TRAVEL_NOT_FOUND": (404, "Travel not found"),
    "INVITE_CODE_INVALID": (404, "No travel has this invite code"),
    "NOT_TRAVEL_MEMBER": (403, "Join this travel first"),
    "TRAVEL_BANNED": (403, "You are banned from this travel"),
    "TRAVEL_FULL": (409, "This travel has reached its member limit"),
    "TRAVEL_ENDED": (409, "This travel is over"),
    "MEMBER_NOT_FOUND": (404, "No such member in this travel"),
    "HOST_MUST_TRANSFER": (409, "The host must hand over the travel before leaving"),
    "JOIN_REQUEST_NOT_FOUND": (404, "No such join request"),
    "JOIN_REQUEST_NOT_PENDING": (409, "This join request was already decided or withdrawn"),
    # planets
    "PLANET_NOT_FOUND": (404, "Planet not found"),
    "NOT_PLANET_MEMBER": (403, "Join this planet first"),
    "PLANET_RULES": (409, "Not possible for this kind of planet"),
    "PLANET_INACTIVE": (409, "This planet is archived"),
    "PLANET_MUTED": (403, "You are muted in this planet"),
    "ANNOUNCEMENT_READ_ONLY": (403, "Only the host and moderators post announcements"),
    "CHAT_TIME_RESTRICTED": (403, "Chatting is closed at this time"),
    "DIRECT_MESSAGES_DISABLED": (403, "Direct messages are turned off in this travel"),
    # messages
    "MESSAGE_NOT_FOUND": (404, "Message not found"),
    "MESSAGE_DELETED": (409, "The message was deleted"),
    "NOT_MESSAGE_AUTHOR": (403, "Only the author can do this"),
    "EDIT_WINDOW_EXPIRED": (403, "Messages can be edited for 15 minutes"),
    "RESTORE_WINDOW_EXPIRED": (403, "Deleted messages can be restored for 24 hours"),
    "MESSAGE_NOT_EDITABLE": (409, "Only text messages can be edited"),
    "MESSAGE_NOT_DELETED": (409, "The message is not deleted"),
    "CLIENT_MESSAGE_ID_REUSED": (409, "This clientMessageId was used for another planet"),
    "REPLY_TARGET_INVALID": (400, "The replied-to message is not in this planet"),
    "MENTION_INVALID": (400, "Mentioned users must be members of the planet"),
    # files
    "FILE_NOT_FOUND": (404, "No uploaded file with this id"),
    "FILE_TYPE_NOT_ALLOWED": (400, "This file type cannot be uploaded"),
    "FILE_TOO_LARGE": (413, "The file is larger than allowed for its type"),
    "TOO_MANY_UPLOADS": (409, "Finish or cancel an upload in progress first (3 at a time)"),
    "UPLOAD_PARTS_INVALID": (
        400,
        "The parts do not match the upload (a missing part or a wrong ETag)",
    ),
    "UPLOAD_SIZE_MISMATCH": (400, "The uploaded bytes are not the declared size"),
    "UPLOAD_NOT_PENDING": (409, "This upload is no longer in progress"),
    "FILE_NOT_READY": (409, "The file is still being uploaded or processed"),
    "FILE_REJECTED": (409, "The file was rejected"),
    "FILE_KIND_MISMATCH": (400, "This file cannot be sent as this message type"),
    "FILE_IN_USE": (409, "A message carries this file; delete the message instead"),
    "UPLOADS_DISABLED": (503, "File uploads are turned off on this server"),
    # moderation
    "REPORT_NOT_ALLOWED": (400, "This message cannot be reported"),
    "REPORT_NOT_FOUND": (404, "Report not found"),
    "REPORT_ALREADY_HANDLED": (409, "This report was already handled"),
    # notifications
    "NOTIFICATION_NOT_FOUND": (404, "Notification not found"),
    "BROADCAST_NOT_FOUND": (404, "Broadcast not found"),
    # jobs
    "JOB_NOT_FOUND": (404, "No such job"),
    # real time
    "UNKNOWN_EVENT": (400, "No such WebSocket event"),
    "ROOM_NOT_FOUND": (404, "No such room"),
}


class ConnectoError(Exception):
    """A failure a client can act on. ``code`` must be a key of ``ERROR_CODES``."""

    def __init__(
        self,
        code: str,
        message: str | None = None,
        details: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        default_status, default_message = ERROR_CODES[code]
        self.code = code
        self.status = status or default_status
        self.message = message or default_message
        self.details = details or {}
        super().__init__(f"{code}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


def error_body(code: str, message: str | None = None, details: dict | None = None) -> dict:
    status_message = ERROR_CODES[code][1]
    return {"error": {"code": code, "message": message or status_message, "details": details or {}}}


def validation_details(exc: Any) -> dict[str, Any]:
    """Field errors of a pydantic ``ValidationError`` as ``{"fields": [...]}``."""
    fields = []
    for err in exc.errors(include_url=False, include_context=False, include_input=False):
        location = ".".join(str(part) for part in err["loc"]) or "body"
        fields.append({"field": location, "message": err["msg"], "type": err["type"]})
    return {"fields": fields}


def markdown_table() -> str:
    """The README's error table, regenerated with
    ``python -c 'from connecto.errors import markdown_table as t; print(t())'``."""
    rows = ["| code | HTTP | meaning |", "|---|---|---|"]
    rows += [
        f"| `{code}` | {status} | {message} |" for code, (status, message) in ERROR_CODES.items()
    ]
    return "\n".join(rows)
