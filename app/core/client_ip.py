"""The address of the client behind a request: the socket peer, or what trusted proxies say it is."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's IP: the peer, unless the peer is a trusted proxy; then X-Forwarded-For read from the right.

    Each trusted proxy appends the address it received the request from, so the first address from
    the right that is not a trusted proxy is the client; anything left of it is the client's own claim.
    """
    address = peer or "unknown"
    if not trusted or forwarded_for is None or not _trusted(address, trusted):
        return address
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop if _is_ip(hop) else address
        address = hop
    return address


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
