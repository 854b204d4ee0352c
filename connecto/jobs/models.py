"""Job runs (what ran, when, with what outcome) and claims (things done at most once)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.schemas import UpperEnum


class RunOutcome(UpperEnum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    SKIPPED = "SKIPPED"  # the same job (same arguments) was already running elsewhere
    RETRYING = "RETRYING"  # failed; another attempt is scheduled
    FAILED = "FAILED"  # failed on its last attempt
    ABANDONED = "ABANDONED"  # its worker died while it ran (found by the next run)


class JobRun(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100)
    queue = fields.CharField(max_length=16)
    # What the run held: the job name, or name plus arguments for per-item jobs.
    lock_key = fields.CharField(max_length=200)
    task_id = fields.CharField(max_length=64, null=True)
    attempt = fields.SmallIntField(default=1)
    # schedule | admin | event (queued by the service itself) | retry
    trigger = fields.CharField(max_length=16)
    arguments = fields.JSONField(default=dict)
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    outcome = fields.CharEnumField(RunOutcome, max_length=16)
    # The job's result: how many things it did.
    counts = fields.JSONField(default=dict)
    error = fields.TextField(null=True)

    class Meta:
        table = "job_runs"
        indexes = (("name", "started_at"), ("lock_key", "outcome"))


class JobClaim(Model):
    """A key claimed once, ever (until cleaned up): "this reminder was sent", "this user's
    digest for that day went out". Inserting the key is the claim, so two schedulers or
    workers racing for the same piece of work cannot both do it."""

    key = fields.CharField(max_length=200, primary_key=True)
    job = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "job_claims"
        indexes = (("created_at",),)
