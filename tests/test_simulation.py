"""A small simulation run against the test server: every acknowledged message reaches every
listening member exactly once and every unread count is exact. Speed is not judged here
(that is `make bench`); only correctness under concurrent load."""

from __future__ import annotations

import pandas as pd

from simulation import check, simulate
from simulation.chat import ChatConfig
from simulation.client import Http


async def test_a_small_population_chats_without_losing_or_duplicating_anything(
    server, db, tmp_path
):
    config = ChatConfig(
        duration=6,
        messages_per_minute=20,
        reconnects_per_minute=4,
        history_per_minute=3,
        search_per_minute=2,
        bad_actors=1,
    )
    outcome = await simulate(server.url, users=14, seed=7, config=config, out=tmp_path)

    result = outcome.check
    assert result.ok, result.as_dict()
    assert result.acknowledged > 0
    assert result.expected_deliveries > 0
    assert result.unread_checked >= 14
    assert len(outcome.run.sockets) > sum(p.online for p in outcome.run.people), "no reconnects"

    report = outcome.report.read_text()
    assert "## Correctness: PASSED" in report
    samples = pd.read_parquet(tmp_path / "samples.parquet")
    assert {"ws:message:send", "ws:connect", "check:unread-counts"} <= set(samples["op"])
    deliveries = pd.read_csv(tmp_path / "deliveries.csv")
    assert len(deliveries) >= result.expected_deliveries
    assert (tmp_path / "latency.png").stat().st_size > 0

    # The check catches what it is there to catch: a lost, a duplicated delivery, a wrong count.
    run = outcome.run
    for sock in run.sockets:  # as they were when the check ran, before the run closed them
        if sock.closed_at is not None and sock.closed_at >= run.finished_at:
            sock.closed_at = None
    listening, required = next(
        (sock, record.message_id)
        for sock in run.sockets
        if not sock.closed
        for record in run.sent.values()
        if record.outcome == "acked"
        and record.planet in run.world.planets_of[sock.user]
        and record.sent_at >= sock.connected_at
    )
    del listening.received[required]
    other = next(iter(listening.received), None)
    if other is not None:
        listening.received[other] += 1
    # Pretend someone read a message they did not: the server's count is now one higher.
    person, unread = next(
        (p, record.message_id)
        for p in run.people
        for record in run.sent.values()
        if record.outcome == "acked"
        and record.sender != p.member.user_id
        and record.planet in run.world.planets_of[p.member.user_id]
        and record.message_id not in p.read
    )
    person.read.add(unread)

    tampered = check.CheckResult()
    check.check_deliveries(run, tampered)
    http = Http(server.url, outcome.recorder)  # the run closed its own
    for p in run.people:
        p.member.http = http
    try:
        await check.check_unread(run, tampered)
    finally:
        await http.close()
    assert tampered.lost >= 1
    assert tampered.duplicated == (1 if other is not None else 0)
    assert tampered.unread_wrong == 1 and tampered.total_unread_wrong == 1
    assert not tampered.ok
