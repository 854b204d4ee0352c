"""The API fuzzer: schemathesis over the whole ``/openapi.json``, signed in and signed out.

It reads the document, so a route added later is fuzzed without touching this file. Every
answer must be a non-5xx status the document lists for that operation, with a body matching the
documented schema and content type; a 405 must carry ``Allow``. The test server runs with
``CONNECTO_ENV=test``, where an answer the route's ``@doc`` does not declare becomes a 500
(``connecto.openapi.check_documented``), so drift between the code and the document fails here
even for statuses the schema allows.

Bounded for CI: a fixed seed, a fixed number of examples per operation, the coverage phase
(boundary and invalid values of every parameter and field) signed in only, no stateful phase.
Excluded: ``/dev/...`` (development tooling that does not exist in production; ``drain`` waits
for background jobs), and ``POST /auth/logout`` from the signed-in run (it would sign the
fuzzing session out for every operation after it; the signed-out run still covers it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.world import make_travel

SEED = 20261129
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "allow_header_conformance",
    )
)


def schemathesis(
    url: str, *args: str, phases: str, max_examples: int, workdir: Path
) -> subprocess.CompletedProcess:
    """Run the CLI in ``workdir``: it keeps a cache of earlier crashes there, and every run
    starts from nothing (the same cases for the same seed)."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{url}/openapi.json",
        f"--checks={CHECKS}",
        f"--seed={SEED}",
        f"--max-examples={max_examples}",
        f"--phases={phases}",
        "--workers=2",
        "--exclude-path-regex=^/dev/",
        "--request-timeout=30",
        "--suppress-health-check=all",
        "--warnings=off",
        "--no-color",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=workdir)


def assert_clean(result: subprocess.CompletedProcess) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:]
    assert "No issues found" in output or "passed" in output, output[-5000:]


async def test_fuzz_signed_in(api, server, tmp_path):
    # A real user with a travel, a planet and a message: small generated ids hit real rows
    # (tables restart their ids for every test).
    host = await api.sign_in()
    travel = await make_travel(host)
    planet = next(p for p in travel["planets"] if p["isDefault"])
    r = await host.post(f"/api/v1/planets/{planet['id']}/messages", json={"content": "hello"})
    assert r.status_code == 201, r.text
    result = schemathesis(
        server.url,
        f"--header=Authorization: Bearer {host.access_token}",
        "--exclude-path=/api/v1/auth/logout",
        phases="coverage,fuzzing",
        max_examples=10,
        workdir=tmp_path,
    )
    assert_clean(result)


async def test_fuzz_signed_out(api, server, tmp_path):
    # Without a token every protected operation stops at 401, so random examples suffice; the
    # public ones (sign-in, refresh, health) got the boundary cases in the signed-in run.
    assert_clean(schemathesis(server.url, phases="fuzzing", max_examples=8, workdir=tmp_path))
