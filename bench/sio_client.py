"""A small asyncio Socket.IO v5 / Engine.IO v4 client over one WebSocket (wsproto), for the load generator.

Lighter than python-socketio's AsyncClient (which needs aiohttp, and aiohttp in the shared virtualenv would be
imported by every app process too), so the generator is less often the bottleneck it measures."""
import asyncio
import itertools
import json
from urllib.parse import urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Ping, RejectConnection, Request, TextMessage


class ConnectError(Exception):
    """The server refused the Socket.IO connection."""


class SioClient:
    """connect(auth) → call(event, data) awaiting the ack; on(event, handler) for server events."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.handlers: dict = {}
        self._acks: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._text: list[str] = []
        self._connected: asyncio.Future | None = None
        self._reader = self._writer = self._task = None
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._auth = None

    def on(self, event: str, handler) -> None:
        self.handlers[event] = handler

    async def connect(self, auth: dict | None = None, timeout: float = 30) -> None:
        self._auth = auth
        self._connected = asyncio.get_running_loop().create_future()
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        self._writer.write(self._ws.send(Request(host=f"{self.host}:{self.port}",
                                                 target="/socket.io/?EIO=4&transport=websocket")))
        self._task = asyncio.ensure_future(self._read())
        await asyncio.wait_for(self._connected, timeout)

    async def call(self, event: str, data, timeout: float = 30):
        ack_id = next(self._ids)
        future = self._acks[ack_id] = asyncio.get_running_loop().create_future()
        self._send(f"42{ack_id}" + json.dumps([event, data], separators=(",", ":")))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._acks.pop(ack_id, None)

    async def disconnect(self) -> None:
        if self._writer is None:
            return
        try:
            self._send("41")
            self._writer.write(self._ws.send(CloseConnection(code=1000)))
            await self._writer.drain()
        except Exception:  # already gone
            pass
        self._writer.close()
        if self._task:
            self._task.cancel()
        self._writer = None

    def _send(self, text: str) -> None:
        self._writer.write(self._ws.send(TextMessage(data=text)))

    async def _read(self) -> None:
        try:
            while True:
                data = await self._reader.read(65536)
                if not data:
                    break
                self._ws.receive_data(data)
                for event in self._ws.events():
                    self._on_ws_event(event)
        finally:
            self._fail(ConnectionError("connection closed"))

    def _on_ws_event(self, event) -> None:
        if isinstance(event, TextMessage):
            self._text.append(event.data)
            if event.message_finished:
                text, self._text = "".join(self._text), []
                self._on_packet(text)
        elif isinstance(event, Ping):
            self._writer.write(self._ws.send(event.response()))
        elif isinstance(event, RejectConnection):
            self._fail(ConnectError("websocket upgrade rejected"))
        elif isinstance(event, CloseConnection):
            self._fail(ConnectionError("closed by the server"))
        elif isinstance(event, AcceptConnection):
            pass

    def _on_packet(self, text: str) -> None:
        kind = text[:1]
        if kind == "0":  # Engine.IO open: now connect the Socket.IO namespace
            self._send("40" + (json.dumps(self._auth) if self._auth else ""))
        elif kind == "2":  # ping
            self._send("3")
        elif kind == "4":
            self._on_socketio(text[1:])

    def _on_socketio(self, text: str) -> None:
        kind, rest = text[:1], text[1:]
        if kind == "0" and not self._connected.done():
            self._connected.set_result(True)
        elif kind == "4" and not self._connected.done():
            self._connected.set_exception(ConnectError(rest))
        elif kind == "3":
            digits = len(rest) - len(rest.lstrip("0123456789"))
            future = self._acks.get(int(rest[:digits]))
            if future and not future.done():
                args = json.loads(rest[digits:])
                future.set_result(args[0] if len(args) == 1 else args)
        elif kind == "2":
            name, *args = json.loads(rest[len(rest) - len(rest.lstrip("0123456789")):])
            handler = self.handlers.get(name)
            if handler:
                handler(*args)

    def _fail(self, exc: Exception) -> None:
        if self._connected and not self._connected.done():
            self._connected.set_exception(exc)
        for future in self._acks.values():
            if not future.done():
                future.set_exception(exc)
