from __future__ import annotations

from connecto.schemas import LowerEnum


class AuditAction(LowerEnum):
    """Every moderation and administration action the audit log records (spec 7.2 "audit log
    access"). Names are ``<what>.<verb>``."""

    # platform (admins)
    USER_BAN = "user.ban"
    USER_UNBAN = "user.unban"  # by an admin, or by the system when a time-limited ban ran out
    USER_ROLE_CHANGE = "user.role_change"  # platform role (also `python -m connecto promote-admin`)
    USER_PENALTIES_LIFT = "user.penalties_lift"  # rate-limit penalties lifted (spec 8.2)
    NOTIFICATION_SEND = "notification.send"  # an admin's notification to chosen users
    BROADCAST_CREATE = "broadcast.create"  # an admin's announcement to everyone
    JOB_RUN = "job.run"  # a background job started by hand
    # travels (host, moderators, admins)
    TRAVEL_DELETE = "travel.delete"
    MEMBER_BAN = "member.ban"
    MEMBER_UNBAN = "member.unban"  # by a host, moderator, admin, or the system (ban ran out)
    MEMBER_REMOVE = "member.remove"
    MEMBER_ROLE_CHANGE = "member.role_change"  # moderator assigned or demoted
    HOST_TRANSFER = "travel.host_transfer"
    JOIN_REQUEST_APPROVE = "join_request.approve"
    JOIN_REQUEST_DECLINE = "join_request.decline"
    # planets
    PLANET_DELETE = "planet.delete"
    PLANET_MUTE = "planet.mute"
    PLANET_UNMUTE = "planet.unmute"  # by a moderator, or the system (the mute ran out)
    PLANET_ROLE_CHANGE = "planet.role_change"
    # messages and reports
    MESSAGE_DELETE = "message.delete"  # someone else's message, by a moderator
    MESSAGE_RESTORE = "message.restore"  # someone else's message, by a moderator or admin
    REPORT_RESOLVE = "report.resolve"


class AuditTarget(LowerEnum):
    USER = "user"
    TRAVEL = "travel"
    TRAVEL_USER = "travel_user"
    JOIN_REQUEST = "join_request"
    PLANET = "planet"
    MESSAGE = "message"
    REPORT = "report"
    NOTIFICATION = "notification"
    BROADCAST = "broadcast"
    JOB = "job"
