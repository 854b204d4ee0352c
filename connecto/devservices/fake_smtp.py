"""A real SMTP server (aiosmtpd) that keeps what it receives in a mailbox file, one JSON
object per line: {"from", "to", "subject", "text", "html", "receivedAt"}.

    python -m connecto.devservices.fake_smtp --port 9103 --mailbox /tmp/mailbox.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self, path: str) -> None:
        self.path = path

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        text = parsed.get_body(preferencelist=("plain",))
        rich = parsed.get_body(preferencelist=("html",))
        entry = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(parsed["subject"]),
            "text": text.get_content() if text else "",
            "html": rich.get_content() if rich else "",
            "receivedAt": time.time(),
        }
        with open(self.path, "a", encoding="utf-8") as handle:  # noqa: ASYNC230 (tiny, test-only)
            handle.write(json.dumps(entry) + "\n")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mailbox", required=True)
    args = parser.parse_args()
    open(args.mailbox, "a").close()
    controller = Controller(Mailbox(args.mailbox), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"fake SMTP on 127.0.0.1:{args.port}, mailbox {args.mailbox}", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
