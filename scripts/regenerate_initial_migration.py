"""Regenerate migrations/versions/0001_initial_schema.py from the models.

Only while no database has been deployed: after the first deployment, schema changes
are new revisions (`alembic revision --autogenerate`), never edits of 0001. The
PostgreSQL-only parts (btree_gist and the booking exclusion constraint) are added here.
Run: .venv/bin/python scripts/regenerate_initial_migration.py
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from alembic import command

from assembly.db import make_engine
from assembly.schema import MIGRATIONS, alembic_config

TARGET = MIGRATIONS / "versions" / "0001_initial_schema.py"
POSTGRES_BEFORE = '''    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
'''
POSTGRES_AFTER = '''    if postgres:
        # DESIGN.md "Booking integrity": two overlapping go-ahead notices at one place
        # are impossible; a concurrent overlapping write fails with SQLSTATE 23P01.
        op.execute(
            "ALTER TABLE notices ADD CONSTRAINT ex_notices_go_ahead_overlap EXCLUDE USING gist "
            "(place_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (go_ahead)"
        )
'''


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'empty.db'}")
        with engine.begin() as connection:
            command.revision(alembic_config(connection), message="initial schema",
                             autogenerate=True, rev_id="0001")
        engine.dispose()
    text = TARGET.read_text()
    text = text.replace("assembly.models.base.UTCDateTime(timezone=True)",
                        "sa.DateTime(timezone=True)")
    text = text.replace("import assembly.models.base\n", "")
    text = re.sub(r"Create Date: .*", "Create Date: 2026-11-27", text)
    text = re.sub(r"\s*# ### .* ###", "", text)
    head, tail = text.split("def upgrade() -> None:\n", 1)
    body, rest = tail.split("\n\ndef downgrade", 1)
    text = (head + "def upgrade() -> None:\n" + POSTGRES_BEFORE + body.rstrip("\n") + "\n"
            + POSTGRES_AFTER + "\n\ndef downgrade" + rest)
    TARGET.write_text(text)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
