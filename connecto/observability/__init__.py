"""Watching the running service: Prometheus metrics (``metrics``), structured logs with a
request id (``logs``), the per-request access log and latency (``access``), and optional error
reporting to Sentry (``sentry``). Nothing here knows the domains; they call in."""
