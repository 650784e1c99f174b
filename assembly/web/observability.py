"""Each request's id and its Prometheus counts: requests and latencies per endpoint.

The id comes from a proxy's valid `X-Request-ID` or is made here; it is answered in the
same header, logged with every line of the request (assembly.logs) and kept with the
messages the request queues. Counts are per process, or aggregated across a node's gunicorn
workers when PROMETHEUS_MULTIPROC_DIR is set (README "Metrics").
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request
from prometheus_client import Counter, Histogram

from assembly import logs

log = logging.getLogger("assembly.request")

REQUESTS = Counter("assembly_http_requests", "HTTP requests answered, per endpoint",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("assembly_http_request_duration_seconds",
                    "Time to answer a request, per endpoint", ["endpoint", "method"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10))


def init_app(app: Flask) -> None:
    """Give every request an id and count it when it is answered."""
    app.before_request(_start)
    app.after_request(_answer)
    app.teardown_request(_forget)


def _start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = logs.request_id_from(request.headers.get("X-Request-ID"))
    g.request_id_token = logs.set_request_id(g.request_id)


def _endpoint() -> str:
    # The route's name, never the path: an unknown path must not add a series per URL.
    return request.url_rule.endpoint if request.url_rule is not None else "unmatched"


def _answer(response: Response) -> Response:
    started = g.pop("request_started", None)
    if started is None:  # a request that failed before _start ran
        return response
    took = time.perf_counter() - started
    endpoint = _endpoint()
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint, request.method).observe(took)
    response.headers["X-Request-ID"] = g.request_id
    log.info("%s %s %s", request.method, request.path, response.status_code,
             extra={"endpoint": endpoint, "status": response.status_code,
                    "duration_ms": round(took * 1000, 1)})
    return response


def _forget(_exc: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        try:
            logs.reset_request_id(token)
        except ValueError:  # torn down in another context (a test client's preserved one)
            logs.set_request_id(None)
