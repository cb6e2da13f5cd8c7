"""Where CRM calls may go: public addresses only, checked when a URL is saved and again when a socket connects."""
import ipaddress
import logging
import re
import socket

import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from crm_sync.connectors.base import TargetUnavailable
from core.i18n import N_

log = logging.getLogger(__name__)
# Names that never mean a public CRM: loopback, mDNS, and the suffixes of private networks (RFC 6761, 6762, 8375).
PRIVATE_SUFFIXES = ("localhost", "local", "localdomain", "internal", "intranet", "lan", "corp", "home.arpa",
                    "test", "invalid")
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
NUMBER = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
# The connection check overrides urllib3 2's socket factory (HTTPConnection._new_conn). Under another major
# version that hook may not be called at all, so every call is refused rather than sent unchecked.
HOOK_SUPPORTED = urllib3.__version__.split(".")[0] == "2" and hasattr(HTTPConnection, "_new_conn")


def private_targets_allowed(config) -> bool:
    """CRM_ALLOW_HTTP (GUANXI_CRM_ALLOW_HTTP): http:// and private addresses allowed, for local stand-ins only."""
    return str(config.get("CRM_ALLOW_HTTP", False)).lower() in ("1", "true", "yes", "on")


class PrivateAddress(TargetUnavailable):
    """The target's host is (or resolved to) an address inside a private network: nothing was sent."""


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address belongs to the public internet (not private, loopback, link-local, shared,
    multicast, reserved or unspecified), looking through IPv6 forms that embed an IPv4 address."""
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and any(address in net for net in NAT64):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
        if address.is_site_local:
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_private
                                      or address.is_loopback or address.is_link_local or address.is_unspecified)


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host written as a number stands for, in any form a resolver accepts (127.1, 2130706433,
    0x7f.0.0.1, 0177.0.0.1, [::1]); None for a name. ValueError for a number that is no address."""
    host = host.strip("[]")
    if ":" in host:
        return ipaddress.ip_address(host)
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not NUMBER.match(parts[-1]):
        return None  # a name: a number-looking last label would make it an address (WHATWG URL "ends in a number")
    numbers = [_number(part) for part in parts]
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError(f"{host} is not an IPv4 address")
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int:
    if part.startswith("0x"):
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)  # ValueError for 08, like every resolver
    if not part.isdigit():
        raise ValueError(part)
    return int(part)


def host_problem(host: str) -> str | None:
    """Why a URL's host may not be a CRM target (checked when the URL is saved), or None."""
    name = host.lower().rstrip(".")
    try:
        address = ip_literal(name)
    except ValueError:
        return N_("Not a valid host name or address.")
    if address is not None:
        return None if is_public(address) else "Must point at a public address, not a private or local one."
    labels = name.split(".")
    if not name.isascii() or not all(LABEL.match(label) for label in labels):
        return N_("Not a valid host name (write an international name in its xn-- form).")
    if len(labels) < 2 or any(name == s or name.endswith("." + s) for s in PRIVATE_SUFFIXES):
        return N_("Must be a public host name, not a local or internal one.")
    return None


def refuse_private(host: str, sockaddr) -> None:
    """Refuse a socket address outside the public internet."""
    address = ipaddress.ip_address(sockaddr[0].split("%")[0])
    if not is_public(address):
        log.warning("crm egress refused: %s is %s", host, address)
        raise PrivateAddress(f"{host} resolves to a private address; nothing was sent. Use a public https:// URL.")


class _PublicOnly:
    """A connection that resolves its host once, refuses private answers, connects to a vetted address and
    then checks the peer it actually reached (so a name that rebinds between lookups gets nowhere)."""

    def _new_conn(self) -> socket.socket:
        if not HOOK_SUPPORTED:
            raise PrivateAddress(f"Calls to CRMs are disabled: urllib3 {urllib3.__version__} is not a version "
                                 "the address check was written for.")
        try:
            answers = socket.getaddrinfo(self.host, self.port, 0, socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        for *_, sockaddr in answers:  # one private answer is enough to refuse: rebinding hides behind mixed answers
            refuse_private(self.host, sockaddr)
        error: Exception | None = None
        for *_, sockaddr in answers:
            try:
                sock = urllib3_connection.create_connection((sockaddr[0], self.port), self.timeout,
                                                            source_address=self.source_address,
                                                            socket_options=self.socket_options)
            except socket.timeout as exc:
                error = ConnectTimeoutError(self, f"Connection to {self.host} timed out.")
                error.__cause__ = exc
                continue
            except OSError as exc:
                error = NewConnectionError(self, f"Failed to establish a new connection: {exc}")
                continue
            try:
                refuse_private(self.host, sock.getpeername())
            except PrivateAddress:
                sock.close()
                raise
            return sock
        raise error or NewConnectionError(self, f"{self.host} has no address to connect to.")


class PublicHTTPConnection(_PublicOnly, HTTPConnection):
    pass


class PublicHTTPSConnection(_PublicOnly, HTTPSConnection):
    pass


class PublicHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = PublicHTTPConnection


class PublicHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = PublicHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """requests' adapter whose connections only ever reach public addresses."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": PublicHTTPConnectionPool, "https": PublicHTTPSConnectionPool}
