"""HTTP benchmark: `assembly serve` (2 workers) against a bare Flask + ORM app, same server,
on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/http.py                       # both databases: a few minutes
    .venv/bin/python benchmarks/http.py --database sqlite --only filing
    .venv/bin/python benchmarks/http.py --quick               # a smoke run
    .venv/bin/python benchmarks/http.py --only burst --burst 2000 --burst-clients 50

`POST /api/v1/notices` (full legal checks, a citizen's bearer token) is loaded against
`POST /insert` of a bare Flask app that inserts one row with the SQLAlchemy ORM into a
database of the same kind, and `POST /api/v1/precheck` against `POST /echo` of the same
bare app; both apps run under gunicorn with the settings of `assembly serve`, and the same
client (wrk, else a Python load generator) loads every target for the same time, the
sides alternated. A burst sends 2,000 filings from 50 clients at once and checks that
every one was answered and stored and that `assembly audit verify` passes. On PostgreSQL
each app has a fresh schema of its own. The code is in `_http_bench.py`, `_http_load.py`,
`_http_servers.py` and `_bare_app.py`; README.md describes the measures.

This file has a second role. A script run from benchmarks/ (core.py, sweep.py, this one)
has benchmarks/ first on sys.path, so `import http` (urllib, werkzeug, gunicorn...) finds
this file instead of the standard library's package: imported under the name `http`, it
puts the standard library's package in its place and does nothing else.
"""

import sys


def _standard_http() -> None:
    """Replace this module in sys.modules with the standard library's `http` package."""
    import importlib.machinery
    import importlib.util
    from pathlib import Path

    here = Path(__file__).resolve().parent
    elsewhere = [p for p in sys.path if Path(p or ".").resolve() != here]
    spec = importlib.machinery.PathFinder.find_spec("http", elsewhere)
    if spec is None or spec.loader is None:
        raise ImportError("the standard library's http package is not on sys.path")
    module = importlib.util.module_from_spec(spec)
    sys.modules["http"] = module  # the import statement returns what is in sys.modules
    spec.loader.exec_module(module)


if __name__ == "http":
    _standard_http()
elif __name__ == "__main__":
    from _http_bench import main

    sys.exit(main())
