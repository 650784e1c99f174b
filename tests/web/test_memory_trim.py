"""The heap is given back to the system after a request that grew the worker's memory
(assembly/web/memory.py), and only then."""

from __future__ import annotations

from typing import Any

from flask import Flask

from assembly.web import memory


class Resident:
    """A resident size the test moves by hand, in MB."""

    def __init__(self, mb: int) -> None:
        self.mb = mb

    def __call__(self) -> int:
        return self.mb * 1024 * 1024


def app_with(resident: Resident, trims: list[int]) -> tuple[Flask, memory.Trimmer]:
    app = Flask(__name__)

    @app.get("/grow/<int:mb>")
    def grow(mb: int) -> str:
        resident.mb += mb
        return "x" * 10

    trimmer = memory.Trimmer(lambda: trims.append(resident.mb), resident)
    app.after_request(trimmer.hook)
    return app, trimmer


def get(app: Flask, path: str) -> Any:
    response = app.test_client().get(path)
    response.close()  # the trim runs once the response is sent
    return response


def test_a_request_that_grows_the_memory_by_four_mb_or_more_trims_the_heap() -> None:
    trims: list[int] = []
    app, trimmer = app_with(Resident(80), trims)
    get(app, "/grow/5")
    assert trims == [85] and trimmer.trims == 1


def test_requests_that_grow_the_memory_less_than_that_never_trim() -> None:
    trims: list[int] = []
    app, _ = app_with(Resident(80), trims)
    for _ in range(3):
        get(app, "/grow/1")
    assert trims == []
    get(app, "/grow/1")  # 4 MB since the start: the fourth one trims
    assert trims == [84]


def test_the_growth_is_counted_from_the_size_left_by_the_last_trim() -> None:
    trims: list[int] = []
    resident = Resident(80)
    app = Flask(__name__)

    @app.get("/grow/<int:mb>")
    def grow(mb: int) -> str:
        resident.mb += mb
        return ""

    def trim() -> None:  # gives 3 MB back
        trims.append(resident.mb)
        resident.mb -= 3

    app.after_request(memory.Trimmer(trim, resident).hook)
    get(app, "/grow/6")  # 86 MB, trimmed to 83: the new baseline
    get(app, "/grow/3")  # 86: 3 MB above it
    assert trims == [86]
    get(app, "/grow/1")  # 87: 4 MB above it
    assert trims == [86, 87]


def test_the_app_trims_with_glibc_unless_the_setting_turns_it_off() -> None:
    from assembly.web import create_app

    on = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://"})
    off = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://",
                      "MEMORY_TRIM": False})
    assert isinstance(on.extensions.get("assembly.memory"), memory.Trimmer)
    assert memory.glibc_trim() is not None  # Debian's glibc
    assert "assembly.memory" not in off.extensions


def test_without_a_malloc_trim_in_the_c_library_nothing_is_installed(monkeypatch) -> None:
    monkeypatch.setattr(memory, "glibc_trim", lambda: None)
    app = Flask(__name__)
    assert memory.init_app(app) is None
    assert app.after_request_funcs == {}


def test_the_resident_size_is_read_from_proc() -> None:
    assert memory.resident_bytes() > 10 * 1024 * 1024
