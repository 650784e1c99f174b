"""A tile server for the browser tests: the real tiles are not reachable offline, and a
failed image load fails a browser test. Every path answers one 256 px PNG, a pale square
with a darker edge, so the screenshots show the tile grid under the layers.

It listens on its own port, a host other than the portal's, so the tests also prove that
the content security policy lets the configured tile host through (issue 15, point 5).
"""

from __future__ import annotations

import struct
import threading
import zlib
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SIZE = 256
FILL, EDGE = (0xEE, 0xF1, 0xF4), (0xC9, 0xCF, 0xD6)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@lru_cache(maxsize=1)
def tile_png() -> bytes:
    """The one tile every request gets."""
    rows = []
    for y in range(SIZE):
        row = bytearray(b"\x00")  # filter: none
        for x in range(SIZE):
            row += bytes(EDGE if x == 0 or y == 0 else FILL)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows))) + _chunk(b"IEND", b""))


class _Tiles(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = tile_png()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@lru_cache(maxsize=1)
def local_tiles() -> str:
    """The URL template of a tile server started once for the test process."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="browser-tests-tiles"
                     ).start()
    return f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
