"""Round trips to PostgreSQL, counted on the wire: a TCP proxy between a server process and PostgreSQL.

A client waits for the server once per `Sync` (extended protocol: Bind/Execute … Sync, which is how
asyncpg executes prepared and parameterised statements, one Sync per `fetch*`/`execute`, one per
pipelined `executemany`), once per `Flush` (asyncpg prepares a statement, a miss of its statement
cache, with Parse/Describe/Flush and waits for the description), once per simple `Query` (`BEGIN`,
`COMMIT`, statements without parameters) and once per `CopyDone` (the end of a `COPY … FROM STDIN`,
whose start is a Query). So the number of
those messages from the client is the number of round trips, whatever library or code path sent them:
nothing in the measured process is patched. Server messages are passed through unread.

The proxy answers an SSLRequest with "N" itself (plain TCP on the loopback), so that it can read the
messages; everything else is forwarded as it arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102
HOST = "127.0.0.1"


@dataclass(frozen=True)
class RoundTrip:
    """One wait for the server: what ended it (Sync, Query or CopyDone) and the statements it carried."""

    connection: int
    ending: str  # "sync", "flush", "query" or "copy"
    statements: tuple[str, ...]  # SQL text; a Bind is shown as the text of the statement it executes

    @property
    def transaction_control(self) -> bool:
        words = " ".join(self.statements).replace(";", " ").split()
        return self.ending == "query" and bool(words) and words[0].upper() in {"BEGIN", "COMMIT", "ROLLBACK", "START"}

    @property
    def prepare_only(self) -> bool:
        """A Parse/Describe without an execution: asyncpg preparing a statement (a miss of its cache)."""
        return bool(self.statements) and all(text.startswith("PREPARE ") for text in self.statements)


@dataclass
class _Connection:
    number: int
    statements: dict[bytes, str] = field(default_factory=dict)  # prepared statement name → SQL
    pending: list[str] = field(default_factory=list)  # what the current extended-protocol batch does


def _cstring(payload: bytes, start: int) -> tuple[bytes, int]:
    end = payload.index(b"\0", start)
    return payload[start:end], end + 1


class RoundTripProxy:
    """Listens on a free loopback port in a thread of its own and forwards to `upstream_url`'s server."""

    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self.upstream_url = upstream_url
        self.upstream = (parts.hostname or HOST, parts.port or 5432)
        self.round_trips: list[RoundTrip] = []  # appended from the proxy's thread; list.append is atomic
        self._connections = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-round-trips", daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        """`upstream_url` with the proxy as its host and port (same user, password and database)."""
        parts = urlsplit(self.upstream_url)
        credentials = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        return parts._replace(netloc=f"{credentials}{HOST}:{self.port}").geturl()

    def count(self) -> int:
        return len(self.round_trips)

    def __enter__(self) -> RoundTripProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the round-trip proxy did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, HOST, 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            self._loop.close()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self._connections += 1
        connection = _Connection(self._connections)
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        try:
            if await self._startup(client_reader, client_writer, server_writer):
                await asyncio.gather(
                    self._client_to_server(connection, client_reader, server_writer),
                    self._pipe(server_reader, client_writer),
                )
            else:  # a cancel request: forwarded, nothing to count
                await self._pipe(server_reader, client_writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            for writer in (client_writer, server_writer):
                with contextlib.suppress(Exception):
                    writer.close()

    async def _startup(
        self, reader: asyncio.StreamReader, client: asyncio.StreamWriter, server: asyncio.StreamWriter
    ) -> bool:
        """Forward the untyped startup message, answering SSL/GSS requests with "N"; False for a cancel."""
        while True:
            length = struct.unpack("!I", await reader.readexactly(4))[0]
            payload = await reader.readexactly(length - 4)
            code = struct.unpack("!I", payload[:4])[0]
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                client.write(b"N")
                await client.drain()
                continue
            server.write(struct.pack("!I", length) + payload)
            await server.drain()
            return code != CANCEL_REQUEST

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()

    async def _client_to_server(
        self, connection: _Connection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        buffer = b""
        while data := await reader.read(65536):
            writer.write(data)  # forwarded first: counting never delays the statement
            buffer += data
            buffer = self._count(connection, buffer)
            await writer.drain()
        writer.close()

    def _count(self, connection: _Connection, buffer: bytes) -> bytes:
        """Read the complete messages at the start of `buffer`; return the incomplete rest."""
        offset = 0
        while len(buffer) - offset >= 5:
            kind = buffer[offset : offset + 1]
            length = struct.unpack("!I", buffer[offset + 1 : offset + 5])[0]
            if len(buffer) - offset < 1 + length:
                break
            self._message(connection, kind, buffer[offset + 5 : offset + 1 + length])
            offset += 1 + length
        return buffer[offset:]

    def _message(self, connection: _Connection, kind: bytes, payload: bytes) -> None:
        if kind == b"Q":
            sql = _cstring(payload, 0)[0].decode(errors="replace")
            self.round_trips.append(RoundTrip(connection.number, "query", (sql,)))
        elif kind == b"P":
            name, at = _cstring(payload, 0)
            sql = _cstring(payload, at)[0].decode(errors="replace")
            connection.statements[name] = sql
            connection.pending.append(f"PREPARE {sql}")
        elif kind == b"B":
            statement = _cstring(payload, _cstring(payload, 0)[1])[0]
            sql = connection.statements.get(statement, "<unknown prepared statement>")
            # A Bind of the statement just parsed in this batch: one execution, shown once.
            if connection.pending and connection.pending[-1] == f"PREPARE {sql}":
                connection.pending.pop()
            connection.pending.append(sql)
        elif kind in (b"S", b"H"):
            ending = "sync" if kind == b"S" else "flush"
            self.round_trips.append(RoundTrip(connection.number, ending, tuple(connection.pending)))
            connection.pending.clear()
        elif kind == b"c":
            self.round_trips.append(RoundTrip(connection.number, "copy", ("<COPY data>",)))


@contextlib.contextmanager
def counting(proxy: RoundTripProxy) -> Iterator[list[RoundTrip]]:
    """The round trips made during the block (filled in when it ends)."""
    start = proxy.count()
    made: list[RoundTrip] = []
    try:
        yield made
    finally:
        made.extend(proxy.round_trips[start:])
