"""A database made by an earlier revision is brought to the head, and back, by Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select

from assembly import db, schema
from assembly.models import Notice, NoticeCount
from assembly.services.filing import file_notice
from tests.conftest import at, dummy_draft

HEAD = ScriptDirectory.from_config(schema.alembic_config(None)).get_current_head()


def _notice_indexes(engine: Engine) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes("notices")}


def _downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), revision)


def test_a_database_at_the_first_revision_is_upgraded_to_the_bounded_overlap_indexes(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0001")
        assert "ix_notices_place_ends" in _notice_indexes(engine)
        schema.upgrade(engine, "0002")
        assert schema.current_revision(engine) == "0002"
        upgraded = _notice_indexes(engine)
        assert {"ix_notices_place_starts_ends_status", "ix_notices_long_place_ends_starts_status",
                "ix_notices_go_ahead_place_ends_starts"} <= upgraded
        assert not {"ix_notices_place_ends", "ix_notices_owner_id"} & upgraded
        assert "ix_notice_events_notice_id" not in {
            index["name"] for index in inspect(engine).get_indexes("notice_events")}
        _downgrade(engine, "0001")
        assert {"ix_notices_place_ends", "ix_notices_go_ahead_place_ends"} <= _notice_indexes(
            engine)
    finally:
        engine.dispose()


def _event_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("notice_events")}


def test_a_database_at_the_second_revision_gets_the_sealed_audit_columns_and_back(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0002")
        assert "key_id" not in _event_columns(engine)
        schema.upgrade(engine, "0003")
        assert schema.current_revision(engine) == "0003"
        assert {"decision_id", "record_digest", "key_id"} <= _event_columns(engine)
        _downgrade(engine, "0002")
        assert not {"decision_id", "record_digest", "key_id"} & _event_columns(engine)
    finally:
        engine.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_a_database_at_the_third_revision_gets_the_session_and_throttle_tables_and_back(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0003")
        assert not {"web_sessions", "sign_in_throttles"} & _tables(engine)
        schema.upgrade(engine, "0004_accounts")
        assert schema.current_revision(engine) == "0004_accounts"
        assert {"web_sessions", "sign_in_throttles"} <= _tables(engine)
        _downgrade(engine, "0003")
        assert not {"web_sessions", "sign_in_throttles"} & _tables(engine)
        assert "users" in _tables(engine)
    finally:
        engine.dispose()


def _file_three_rallies(engine: Engine) -> None:
    """Three rallies at Sary-Arka square on 2021-05-20, filed through the service."""
    with db.make_session_factory(engine)() as session:
        for hour in (10, 12, 14):
            file_notice(session, dummy_draft(
                starts_at=f"2021-05-20T{hour}:00:00+06:00",
                ends_at=f"2021-05-20T{hour + 1}:00:00+06:00"),
                owner=None, now=at("2021-05-13T10:00:00+06:00"))
        session.commit()


def test_notices_filed_before_the_public_ids_each_get_their_own_random_one_and_back(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine)
        _file_three_rallies(engine)
        _downgrade(engine, "0004_accounts")
        assert "public_id" not in {c["name"] for c in inspect(engine).get_columns("notices")}

        schema.upgrade(engine)

        assert schema.current_revision(engine) == HEAD
        with db.make_session_factory(engine)() as session:
            rows = session.execute(select(Notice.reference, Notice.public_id)).all()
        ids = [public_id for _, public_id in rows]
        assert len(rows) == 3 and len(set(ids)) == 3
        assert all(len(i) == 24 and int(i, 16) >= 0 for i in ids)
        assert not any(reference in i for reference, i in rows)
        assert "ix_notices_public_id" in _notice_indexes(engine)
    finally:
        engine.dispose()


def test_a_database_with_public_ids_gets_closures_and_the_signature_flag_and_back(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0004_privacy")
        assert "closures" not in inspect(engine).get_table_names()
        schema.upgrade(engine, "0004_law")
        assert schema.current_revision(engine) == "0004_law"
        assert "closures" in inspect(engine).get_table_names()
        columns = {c["name"] for c in inspect(engine).get_columns("notices")}
        assert "signature_missing" in columns
        _downgrade(engine, "0004_privacy")
        assert "closures" not in inspect(engine).get_table_names()
        assert "signature_missing" not in {
            c["name"] for c in inspect(engine).get_columns("notices")}
    finally:
        engine.dispose()


def test_a_database_with_job_runs_gets_signatures_paper_filings_and_back(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0005_ops")
        schema.upgrade(engine, "0005_eds")
        tables = set(inspect(engine).get_table_names())
        assert {"signatures", "paper_filings"} <= tables
        assert {"channel", "signature_digest"} <= {
            c["name"] for c in inspect(engine).get_columns("notices")}
        assert "iin" in {c["name"] for c in inspect(engine).get_columns("users")}
        _downgrade(engine, "0005_ops")
        assert not {"signatures", "paper_filings"} & set(inspect(engine).get_table_names())
        assert "channel" not in {c["name"] for c in inspect(engine).get_columns("notices")}
        assert "iin" not in {c["name"] for c in inspect(engine).get_columns("users")}
    finally:
        engine.dispose()


def test_decisions_made_before_letters_get_their_own_random_check_ids_and_back(
    tmp_path: Path,
) -> None:
    import sqlite3
    from contextlib import closing

    from sqlalchemy import text

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0004_law")
        # Two decisions as 0004_law stored them (their notices do not matter here).
        engine.dispose()
        with closing(sqlite3.connect(tmp_path / "old.db")) as raw:
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute("INSERT INTO users (id, email, password_hash, role, language, active, "
                        "created_at) VALUES (1, 'o@example.kz', 'x', 'officer', 'ru', 1, "
                        "'2021-01-01 00:00:00')")
            raw.executemany(
                "INSERT INTO decisions (id, notice_id, outcome, restrictions, channels, "
                "decided_at, decided_by, on_time) VALUES (?, ?, 'approve', '[]', '[]', "
                "'2021-05-14 04:00:00', 1, 1)", [(1, 1), (2, 2)])
            raw.commit()

        schema.upgrade(engine)

        assert schema.current_revision(engine) == HEAD
        with engine.connect() as connection:
            ids = connection.execute(text("SELECT check_id FROM decisions")).scalars().all()
            position = connection.execute(text("SELECT position FROM users")).scalar_one()
        assert len(set(ids)) == 2 and all(len(i) == 24 and int(i, 16) >= 0 for i in ids)
        assert position is None
        assert "channel" in {c["name"] for c in inspect(engine).get_columns("outbox")}
        _downgrade(engine, "0004_law")
        assert "check_id" not in {c["name"] for c in inspect(engine).get_columns("decisions")}
        assert "channel" not in {c["name"] for c in inspect(engine).get_columns("outbox")}
    finally:
        engine.dispose()


def test_the_scale_indexes_replace_the_organizer_index_and_go_back(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    scale = {"ix_notices_filed_id", "ix_notices_organizer_filed_id",
             "ix_notices_owner_filed_id", "ix_notices_placed_event_date_starts"}
    try:
        schema.upgrade(engine, "0005_letters")
        assert not scale & _notice_indexes(engine)
        assert "ix_notices_organizer_id_number" in _notice_indexes(engine)
        schema.upgrade(engine, "0005_scale")
        assert scale <= _notice_indexes(engine)
        assert "ix_notices_organizer_id_number" not in _notice_indexes(engine)
        _downgrade(engine, "0005_letters")
        assert not scale & _notice_indexes(engine)
        assert "ix_notices_organizer_id_number" in _notice_indexes(engine)
    finally:
        engine.dispose()


def test_a_database_at_the_scale_indexes_gets_the_citizens_address_and_back(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0005_scale")
        assert "address" not in {c["name"] for c in inspect(engine).get_columns("users")}
        schema.upgrade(engine, "0005_phone")
        assert schema.current_revision(engine) == "0005_phone"
        assert {"iin", "address"} <= {c["name"] for c in inspect(engine).get_columns("users")}
        _downgrade(engine, "0005_scale")
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "address" not in columns and "iin" in columns
    finally:
        engine.dispose()


def test_a_database_with_the_citizens_address_gets_the_retention_column_and_index_and_back(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine, "0005_phone")
        assert "ix_notices_kept_event_date" not in _notice_indexes(engine)
        schema.upgrade(engine, "0006_retention")
        assert schema.current_revision(engine) == "0006_retention"
        assert "pseudonymised_at" in {c["name"] for c in inspect(engine).get_columns("notices")}
        assert "ix_notices_kept_event_date" in _notice_indexes(engine)
        _downgrade(engine, "0005_phone")
        assert "pseudonymised_at" not in {
            c["name"] for c in inspect(engine).get_columns("notices")}
        assert "ix_notices_kept_event_date" not in _notice_indexes(engine)
    finally:
        engine.dispose()


def test_the_notice_counts_are_filled_from_the_notices_stored_and_dropped_on_the_way_back(
    tmp_path: Path,
) -> None:
    from assembly.services import counts

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        schema.upgrade(engine)
        _file_three_rallies(engine)
        _downgrade(engine, "0005_phone")
        assert "notice_counts" not in inspect(engine).get_table_names()
        schema.upgrade(engine)
        assert schema.current_revision(engine) == HEAD == "0006_scale"
        with engine.connect() as connection:
            stored = connection.execute(select(NoticeCount.year, NoticeCount.month,
                                               NoticeCount.status, NoticeCount.n)).all()
            full = connection.execute(counts.full_counts_query()).all()
        assert stored == [(2021, 5, "received", 3)]
        assert [tuple(row) for row in full] == [(2021, 5, "received", "", "rally",
                                                 "sary-arka-square", -1, 3)]
    finally:
        engine.dispose()
