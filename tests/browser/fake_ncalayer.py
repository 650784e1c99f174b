"""A fake NCALayer: a WebSocket server answering `createCAdESFromBase64` as NCALayer does,
signing with the key it is given (what a user's key store holds), for the browser tests."""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

from websockets.sync.server import ServerConnection, serve

from assembly.signatures.authority import Credential


class FakeNcaLayer:
    """Serves ws://127.0.0.1:<port>; `key` signs, `requests` records what the page asked."""

    def __init__(self) -> None:
        self.key: Credential | None = None
        self.requests: list[dict[str, Any]] = []
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="fake-ncalayer")

    def start(self) -> FakeNcaLayer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"result": {"version": "1.4"}}))  # NCALayer's greeting
        for message in connection:
            request = json.loads(message)
            self.requests.append(request)
            if request.get("method") != "createCAdESFromBase64" or self.key is None:
                connection.send(json.dumps({"code": "500", "message": "action.failed"}))
                continue
            data = base64.b64decode(request["args"][2])
            cms = self.key.sign(data)
            connection.send(json.dumps({"code": "200",
                                        "responseObject": base64.b64encode(cms).decode()}))
