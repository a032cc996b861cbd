"""Host checks: IPv6 answers and the certificate of each host of the site, per run."""

from __future__ import annotations

import json
from collections.abc import Iterable

from govpatrol.model import HostCheck
from govpatrol.store.base import StoreBase, now


def _json(value: list[str] | None) -> str | None:
    return None if value is None else json.dumps(value)


def _list(value: str | None) -> list[str] | None:
    return None if value is None else json.loads(value)


class HostsTable(StoreBase):
    def save_host_checks(self, run_id: int, site: str, checks: Iterable[HostCheck]) -> None:
        stamp = now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO host_checks (run_id, site, host, scheme, ipv4, ipv6,"
                " cert_expires, tls_error, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, site, c.host, c.scheme, _json(c.ipv4), _json(c.ipv6), c.cert_expires,
                  c.tls_error, stamp) for c in checks])

    def host_checks(self, run_id: int) -> list[HostCheck]:
        return [HostCheck(host=host, scheme=scheme, ipv4=_list(ipv4), ipv6=_list(ipv6),
                          cert_expires=cert_expires, tls_error=tls_error)
                for host, scheme, ipv4, ipv6, cert_expires, tls_error in self.conn.execute(
                    "SELECT host, scheme, ipv4, ipv6, cert_expires, tls_error FROM host_checks"
                    " WHERE run_id = ? ORDER BY rowid", [run_id])]
