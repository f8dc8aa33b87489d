"""Which URLs webhooks may go to: checked when an endpoint is saved and again before every POST.

http and https only, no credentials, at most `MAX_URL_LENGTH` characters; the host must not be (or
resolve to) a private, loopback, link-local, multicast, reserved or otherwise non-global address,
unless `WEBHOOKS_ALLOW_PRIVATE` is set. At delivery time the host is resolved, every address checked,
and the request sent to the checked address itself (Host header and TLS SNI keep the name), so a DNS
answer that changes between the check and the connection (DNS rebinding) cannot reach inside.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from app.webhooks.exceptions import UrlRefused

MAX_URL_LENGTH = 2000
RESOLVE_SECONDS = 3  # at save time; delivery resolves within the request's timeout
SCHEMES = {"http": 80, "https": 443}

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    """Where a POST goes: the checked address to connect to, and the name the URL gave."""

    url: str  # the URL with its host replaced by `address`
    host_header: str
    server_name: str | None  # the TLS SNI name (https with a host name)


def parse(url: str, *, field: str = "url") -> SplitResult:
    """The parts of `url` if its shape is acceptable (no address check)."""
    if not url or len(url) > MAX_URL_LENGTH:
        raise UrlRefused(f"Give a URL of 1 to {MAX_URL_LENGTH} characters.", field=field)
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise UrlRefused("A URL holds no spaces or control characters.", field=field)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused(f"Not a URL: {exc}.", field=field) from exc
    if parts.scheme.lower() not in SCHEMES:
        raise UrlRefused("Only http and https URLs receive webhooks.", field=field)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UrlRefused("Put no credentials in the URL; verify the signature instead.", field=field)
    if not parts.hostname:
        raise UrlRefused("The URL needs a host.", field=field)
    if port == 0:
        raise UrlRefused("Port 0 is not a port to send to.", field=field)
    return parts


def refused_address(address: Address) -> bool:
    """Whether `address` is inside (private, loopback, link-local, multicast, reserved, unspecified…)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[Address]:
    """Every address `host` resolves to now (an IP literal is itself)."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[Address] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


async def check(url: str, *, allow_private: bool, field: str = "url") -> str:
    """`url` if webhooks may be sent there now (a name that does not resolve yet is accepted)."""
    parts = parse(url, field=field)
    if allow_private:
        return url
    host = parts.hostname or ""
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            addresses = await resolve(host, parts.port or SCHEMES[parts.scheme.lower()])
    except (OSError, TimeoutError):
        return url  # a name that does not resolve (yet) is checked again, and refused if need be, at every delivery
    if any(refused_address(address) for address in addresses):
        raise UrlRefused(
            f"{host} is a private, loopback, link-local or multicast address; webhooks go to public addresses "
            "(set WEBHOOKS_ALLOW_PRIVATE=1 to allow them).",
            field=field,
        )
    return url


async def target(url: str, *, allow_private: bool, timeout_seconds: float) -> Target:
    """Where to POST `url` now: resolved once, checked, pinned (raises UrlRefused or OSError)."""
    parts = parse(url)
    host = parts.hostname or ""
    scheme = parts.scheme.lower()
    port = parts.port or SCHEMES[scheme]
    async with asyncio.timeout(timeout_seconds):
        addresses = await resolve(host, port)
    allowed = [address for address in addresses if allow_private or not refused_address(address)]
    if not allowed:
        raise UrlRefused(f"{host} resolves to no public address.")
    if not allow_private and len(allowed) < len(addresses):
        raise UrlRefused(f"{host} resolves to a private address.")
    address = allowed[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = parts._replace(netloc=netloc, scheme=scheme).geturl()
    host_header = parts.netloc.rpartition("@")[2]
    server_name = host if scheme == "https" and _literal(host) is None else None
    return Target(url=pinned, host_header=host_header, server_name=server_name)
