"""``--resolve HOST=ADDRESS``: audit a site under its real host names at another address.

As curl's ``--resolve`` and Chromium's ``--host-resolver-rules``: the name
stays in the URL, the Host header and TLS SNI; only the address connected to
changes. ``HOST`` may be ``*`` (every host); ``ADDRESS`` may carry a port
(``127.0.0.1:8443``), which then replaces the URL's port. The same mapping
drives the notice fetch (httpx, :func:`resolving_transport`) and the browser
(:func:`chromium_rules`), so both see the same servers.
"""
from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

HostMap = tuple[tuple[str, str], ...]
_HOST = re.compile(r"^(?:\*|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)$", re.I)


class HostMapError(ValueError):
    """A ``--resolve`` value that is not HOST=ADDRESS."""


def _split_address(address: str) -> tuple[str, int | None]:
    if address.startswith("["):  # [::1]:8443
        host, _, rest = address[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
    if address.count(":") == 1:
        host, port = address.split(":")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise HostMapError(f"bad port in {address!r}")
        return host, int(port)
    return address, None


def parse(values: tuple[str, ...] | list[str]) -> HostMap:
    """Validate ``HOST=ADDRESS`` values (the address an IP, optionally with a port)."""
    pairs = []
    for value in values:
        host, sep, address = value.strip().partition("=")
        host, address = host.strip().lower().rstrip("."), address.strip()
        if not sep or not host or not address:
            raise HostMapError(f"{value!r} is not HOST=ADDRESS (e.g. www.example.fi=127.0.0.1)")
        if not _HOST.match(host):
            raise HostMapError(f"{host!r} is not a host name (or '*')")
        ip, _ = _split_address(address)
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise HostMapError(f"{address!r} is not an IP address (optionally with :PORT)") from None
        pairs.append((host, address))
    return tuple(pairs)


def lookup(mapping: HostMap, host: str) -> tuple[str, int | None] | None:
    """The (address, port) ``host`` is mapped to: an exact entry first, then ``*``."""
    host = host.lower().rstrip(".")
    exact = next((a for h, a in mapping if h == host), None)
    chosen = exact or next((a for h, a in mapping if h == "*"), None)
    return _split_address(chosen) if chosen else None


def chromium_rules(mapping: HostMap) -> str:
    """The value of Chromium's ``--host-resolver-rules`` (exact names before ``*``)."""
    ordered = sorted(mapping, key=lambda pair: pair[0] == "*")
    return ", ".join(f"MAP {host} {address}" for host, address in ordered)


def resolving_transport(mapping: HostMap, **kwargs: Any) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go to the mapped addresses.

    httpx has no resolver hook, so the mapping sits in httpcore's network
    backend: the URL (and with it the Host header and TLS SNI) is untouched.
    """
    import httpcore
    import httpx

    class _Backend(httpcore.AsyncNetworkBackend):
        def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
            self._inner = inner

        async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                              local_address: str | None = None,
                              socket_options: Any = None) -> httpcore.AsyncNetworkStream:
            target = lookup(mapping, host)
            if target is not None:
                host, port = target[0], target[1] or port
            return await self._inner.connect_tcp(host, port, timeout=timeout,
                                                 local_address=local_address,
                                                 socket_options=socket_options)

        async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                      socket_options: Any = None) -> httpcore.AsyncNetworkStream:
            return await self._inner.connect_unix_socket(path, timeout=timeout,
                                                         socket_options=socket_options)

        async def sleep(self, seconds: float) -> None:
            await self._inner.sleep(seconds)

    transport = httpx.AsyncHTTPTransport(**kwargs)
    pool = transport._pool
    pool._network_backend = _Backend(pool._network_backend)
    return transport
