"""Make sure the PostgreSQL test database answers: create it when the server answers without
it. Prints what it found; exits 0 (ready, or created), 3 when the server cannot be reached
or refuses the connection, 4 when the server answers but the database cannot be created.

Usage: python scripts/test_database.py postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import sys

import psycopg
from psycopg import sql

SERVER_FAILED, DATABASE_FAILED = 3, 4


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]


def ensure(url: str) -> tuple[int, str]:
    """(exit code, what happened) for the database at `url`."""
    url = url.replace("postgresql+psycopg://", "postgresql://")
    name = psycopg.conninfo.conninfo_to_dict(url).get("dbname") or "postgres"
    try:
        psycopg.connect(url, connect_timeout=3).close()
        return 0, f"database {name} answers"
    except psycopg.OperationalError as exc:
        if f'database "{name}" does not exist' not in str(exc):
            return SERVER_FAILED, f"the server does not answer or refuses: {_first_line(exc)}"
    try:  # the server answers without the database: create it from the maintenance one
        admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        return DATABASE_FAILED, (f"the server answers, but database {name} is missing and "
                                 f"could not be created: {_first_line(exc)}")
    return 0, f"the server answered without database {name}: created it"


if __name__ == "__main__":
    code, said = ensure(sys.argv[1])
    print(said)
    sys.exit(code)
