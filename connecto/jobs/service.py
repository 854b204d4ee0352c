from __future__ import annotations

from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.jobs.broker import is_in_process
from connecto.jobs.tasks import JOBS
from connecto.users.service import ensure_admin


async def run_job(actor: Actor, name: str) -> dict:
    """Queue a job. In-process, the result is waited for and returned; with a worker pool the
    task id is returned and the job runs on a worker."""
    ensure_admin(actor)
    task = JOBS.get(name)
    if task is None:
        raise ConnectoError("NOT_FOUND", f"No job named {name!r}", details={"jobs": sorted(JOBS)})
    handle = await task.kiq()
    if is_in_process():
        result = await handle.wait_result(timeout=60)
        return {"job": name, "taskId": handle.task_id, "result": result.return_value}
    return {"job": name, "taskId": handle.task_id, "queued": True}
