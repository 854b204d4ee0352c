"""The ceiling for HTTP: a bare Sanic JSON route, served like Connecto (same Sanic, same worker
count, no access log). ``python -m loadtests.bench.bare_sanic PORT WORKERS``."""

from __future__ import annotations

import sys

from sanic import Sanic
from sanic.response import json

app = Sanic("bare")


@app.get("/")
async def hello(request):
    return json({"hello": "world"})


if __name__ == "__main__":
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    if workers == 1:
        app.run(host="127.0.0.1", port=port, single_process=True, access_log=False, motd=False)
    else:
        app.run(host="127.0.0.1", port=port, workers=workers, access_log=False, motd=False)
