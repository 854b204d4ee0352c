"""Messages, their edit history and reactions."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.messages.enums import MessageType


class Message(Model):
    id = fields.BigIntField(primary_key=True)
    planet = fields.ForeignKeyField(
        "models.Planet", related_name="messages", on_delete=fields.CASCADE
    )
    # Position in the planet's timeline, assigned under the planet's row lock, so commit order
    # equals seq order and "after seq N" never skips a message committed late.
    seq = fields.BigIntField()
    # Null for SYSTEM messages.
    sender = fields.ForeignKeyField(
        "models.User", related_name="messages", null=True, on_delete=fields.SET_NULL
    )
    type = fields.CharEnumField(MessageType, max_length=16)
    content = fields.TextField(null=True)
    # Text as first sent, kept from the first edit on (spec: trackOriginal).
    original_content = fields.TextField(null=True)
    # What full-text search indexes (GIN on to_tsvector('simple', ...), see the migration).
    searchable_text = fields.TextField(null=True)
    # Client-generated id making sends idempotent: unique per sender.
    client_message_id = fields.CharField(max_length=64, null=True)
    reply_to = fields.ForeignKeyField(
        "models.Message", related_name="replies", null=True, on_delete=fields.SET_NULL
    )
    # The first message of the reply chain: a thread is every message with this root.
    thread_root = fields.ForeignKeyField(
        "models.Message", related_name="thread_messages", null=True, on_delete=fields.SET_NULL
    )
    # Uploaded file this message carries (IMAGE, VIDEO, FILE).
    attachment_file_id = fields.BigIntField(null=True)
    mentions = fields.JSONField(default=list)
    # SYSTEM messages: what happened ({"event": "member_joined", "userId": 7}).
    metadata = fields.JSONField(default=dict)
    edited_at = fields.DatetimeField(null=True)
    edit_count = fields.SmallIntField(default=0)
    # Pinned by a moderator (spec 7.2): listed at the top of the planet.
    pinned_at = fields.DatetimeField(null=True)
    pinned_by = fields.ForeignKeyField(
        "models.User", related_name="messages_pinned", null=True, on_delete=fields.SET_NULL
    )
    deleted_at = fields.DatetimeField(null=True)
    deleted_by = fields.ForeignKeyField(
        "models.User", related_name="messages_deleted", null=True, on_delete=fields.SET_NULL
    )
    delete_reason = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "messages"
        unique_together = (("planet", "seq"), ("sender", "client_message_id"))
        indexes = (
            ("planet_id", "created_at"),
            ("thread_root_id", "seq"),
            ("planet_id", "pinned_at"),
            # Reconnect catch-up: what changed in a planet since a moment.
            ("planet_id", "updated_at"),
        )


class MessageEdit(Model):
    """One previous version of an edited message."""

    id = fields.BigIntField(primary_key=True)
    message = fields.ForeignKeyField(
        "models.Message", related_name="edits", on_delete=fields.CASCADE
    )
    previous_content = fields.TextField()
    edited_by = fields.ForeignKeyField(
        "models.User", related_name="message_edits", null=True, on_delete=fields.SET_NULL
    )
    edited_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "message_edits"


class MessageReaction(Model):
    id = fields.BigIntField(primary_key=True)
    message = fields.ForeignKeyField(
        "models.Message", related_name="reactions", on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField("models.User", related_name="reactions", on_delete=fields.CASCADE)
    emoji = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "message_reactions"
        unique_together = (("message", "user", "emoji"),)
