"""Exceptions that mean PostgreSQL or Redis cannot be reached right now, rather than a bug."""

from __future__ import annotations

import socket

import asyncpg
import redis.exceptions
from tortoise.exceptions import DBConnectionError

SERVER_UNREACHABLE: tuple[type[Exception], ...] = (
    ConnectionError,  # refused, reset, aborted, broken pipe
    TimeoutError,
    socket.gaierror,  # the server's host name does not resolve
    asyncpg.PostgresConnectionError,  # the connection dropped or could not be made (SQLSTATE class 08)
    asyncpg.exceptions.AdminShutdownError,  # the server is shutting down
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,  # starting up or shutting down
    asyncpg.exceptions.TooManyConnectionsError,
    DBConnectionError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
