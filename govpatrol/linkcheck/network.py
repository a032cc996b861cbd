"""IPv6 and HTTPS of the site's hosts (IPv6改造, HTTPS 与证书): what the resolver and a TLS
handshake say, gathered beside the crawl for the `ipv6` and `https` auditors.

IPv6 is read from AAAA answers: a host with A records and no AAAA record has not been
converted. Only DNS answers count: an IP address or a local name (`localhost`, a bare name
answered by /etc/hosts) has none, and a resolver that answers nothing (no network, a failing
DNS server) is not a "no": both are stored as unknown (未检测), never guessed.

The resolver is a component chosen by the site's `resolver` setting: `system` (the machine's
resolver, `socket.getaddrinfo`), `off` (no lookup: 未检测), or the path of a TOML file of
answers (`["www.example.gov.cn"] a = ["1.2.3.4"], aaaa = ["240e::1"]`) for split-horizon
intranets and for tests, which never touch the network.

HTTPS: a site served over http is said to be so (no request); over https, one handshake per
host reads the certificate's expiry, and whether it verifies against the system's CAs.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import tomllib
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from urllib.parse import urlsplit

from govpatrol.model import HostCheck

#: family -> addresses; [] when the DNS answered with no record; None when nothing answered.
Resolve = Callable[[str, int], "list[str] | None"]

_NO_RECORD = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA")
              if hasattr(socket, name)}


def _dns_name(host: str) -> bool:
    """Whether a DNS server would be asked for `host` (not an address, not a local name)."""
    try:
        ipaddress.ip_address(host)
        return False
    except ValueError:
        pass
    return "." in host and host != "localhost" and not host.endswith(".localhost")


def system_resolve(host: str, family: int) -> list[str] | None:
    """The machine's resolver (getaddrinfo): A or AAAA addresses of a DNS name."""
    if not _dns_name(host):
        return None
    try:
        answers = socket.getaddrinfo(host, None, family, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return [] if exc.errno in _NO_RECORD else None
    except (OSError, UnicodeError):
        return None
    return sorted({str(a[4][0]) for a in answers if a[0] == family})


def file_resolver(path: str | Path) -> Resolve:
    """Answers from a TOML file: a table per host with `a` and `aaaa` lists (a missing list:
    no record; a host missing from the file: no answer)."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    hosts = {str(name).lower(): table for name, table in data.items() if isinstance(table, dict)}

    def resolve(host: str, family: int) -> list[str] | None:
        table = hosts.get(host.lower())
        if table is None:
            return None
        key = "aaaa" if family == socket.AF_INET6 else "a"
        return [str(address) for address in table.get(key, [])]

    return resolve


#: Resolvers by the setting's name; any other value is a file of answers.
RESOLVERS: dict[str, Resolve] = {"system": system_resolve}


def resolver(setting: str) -> Resolve | None:
    """The resolver the `resolver` setting names (None: `off`)."""
    if setting == "off":
        return None
    return RESOLVERS.get(setting) or file_resolver(setting)


def ipv6_of(host: str, resolve: Resolve | None) -> tuple[list[str] | None, list[str] | None]:
    """(A answers, AAAA answers) of `host`; AAAA is None (unknown) unless the A lookup
    answered too: a resolver that knows nothing of the host says nothing about IPv6."""
    if resolve is None:
        return None, None
    ipv4 = resolve(host, socket.AF_INET)
    if not ipv4:
        return ipv4, None
    return ipv4, resolve(host, socket.AF_INET6)


def certificate(host: str, port: int, timeout: float) -> tuple[str | None, str | None]:
    """(expiry date ISO, why it does not verify or None) of the certificate `host:port`
    presents; (None, reason) when no handshake was possible."""
    from cryptography import x509

    def handshake(context: ssl.SSLContext) -> bytes:
        with socket.create_connection((host, port), timeout=timeout) as raw, \
                context.wrap_socket(raw, server_hostname=host) as tls:
            return tls.getpeercert(binary_form=True) or b""

    problem = None
    try:
        der = handshake(ssl.create_default_context())
    except ssl.SSLCertVerificationError as exc:
        problem = exc.verify_message or str(exc)
        unverified = ssl.create_default_context()
        unverified.check_hostname = False
        unverified.verify_mode = ssl.CERT_NONE
        try:
            der = handshake(unverified)
        except (OSError, ssl.SSLError) as again:
            return None, f"{problem}; {again}"
    except (OSError, ssl.SSLError) as exc:
        return None, type(exc).__name__ + (f": {exc}" if str(exc) else "")
    if not der:
        return None, problem or "no certificate"
    expires = x509.load_der_x509_certificate(der).not_valid_after_utc.astimezone(UTC)
    return expires.date().isoformat(), problem


def check_hosts(home_url: str, hosts: list[str], resolve: Resolve | None,
                timeout: float = 10.0) -> list[HostCheck]:
    """One HostCheck per host of the site: the home page's host first, then `hosts`."""
    home = urlsplit(home_url)
    names = [home.hostname or ""]
    for entry in hosts:
        name = (urlsplit("//" + entry).hostname or "").lower()
        if name and name not in names:
            names.append(name)
    checks = []
    for name in names:
        ipv4, ipv6 = ipv6_of(name, resolve)
        check = HostCheck(host=name, scheme=home.scheme, ipv4=ipv4, ipv6=ipv6)
        if home.scheme == "https":
            port = home.port if name == home.hostname and home.port else 443
            check.cert_expires, check.tls_error = certificate(name, port, timeout)
        checks.append(check)
    return checks
