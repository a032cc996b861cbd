"""`ipv6` (IPv6改造) and `https` (HTTPS 与证书): the site's hosts as the resolver and a TLS
handshake saw them (govpatrol/linkcheck/network.py, stored in `host_checks`). Pure: the
auditor reads the stored answers and the run's date.

- `ipv6.missing`: hosts with A records and no AAAA record, one finding for the site naming
  them (the national table's IPv6改造, -1);
- `ipv6.unchecked` (info, 未检测): hosts no DNS answered for (an IP address, a local name, no
  network): nothing is guessed;
- `https.http` (info): the site is served over http;
- `https.certificate` (info): the certificate's expiry date, said as expired or expiring when
  within the profile's `expiring_days`, and a certificate that does not verify.

A run without host checks (`host_check = false`, an older run) gives nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from govpatrol.auditors.base import AuditContext, PageAuditor
from govpatrol.auditors.facts import SiteFacts
from govpatrol.auditors.freshness import profile_from
from govpatrol.auditors.sections import section
from govpatrol.model import Finding, HostCheck, SiteRecords


class HostChecks(PageAuditor):
    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        profile = profile_from(ctx.profile)
        ipv6 = section(profile, "ipv6")
        https = section(profile, "https")
        self.severity = {"ipv6.missing": ipv6.severity("missing_severity", "minor"),
                         "ipv6.unchecked": ipv6.severity("unchecked_severity", "info"),
                         "https": https.severity("severity", "info")}
        self.expiring_days = https.integer("expiring_days", 30)
        self.department = ctx.settings.department

    def _finding(self, category: str, rule: str, severity: str, message: str,
                 **fields) -> Finding:
        return Finding(site=self.records.site, category=category, rule=rule, severity=severity,
                       url=self.records.home_url, department=self.department, message=message,
                       **fields)

    def finish(self, facts: SiteFacts) -> Iterator[Finding]:
        checks = self.records.hosts
        if not checks:
            return
        yield from self._ipv6(checks)
        yield from self._https(checks)

    def _ipv6(self, checks: list[HostCheck]) -> Iterator[Finding]:
        lacking = [c.host for c in checks if c.ipv6 == []]
        unknown = [c.host for c in checks if c.ipv6 is None]
        if lacking:
            yield self._finding(
                "ipv6", "ipv6.missing", self.severity["ipv6.missing"],
                f"网站域名 {'、'.join(lacking)} 无 IPv6 地址（DNS 无 AAAA 记录），未完成 IPv6 改造",
                text="、".join(lacking))
        if unknown:
            yield self._finding(
                "ipv6", "ipv6.unchecked", self.severity["ipv6.unchecked"],
                f"IPv6 未检测：{'、'.join(unknown)} 无 DNS 应答"
                "（IP 地址、本机名称或解析服务不可用），需人工核查", text="、".join(unknown))

    def _https(self, checks: list[HostCheck]) -> Iterator[Finding]:
        severity = self.severity["https"]
        if checks[0].scheme != "https":
            yield self._finding("https", "https.http", severity,
                                "网站通过 HTTP 访问，未使用 HTTPS 加密传输", text=checks[0].host)
            return
        for check in checks:
            yield self._certificate(check, severity)

    def _certificate(self, check: HostCheck, severity: str) -> Finding:
        host = check.host
        if check.cert_expires is None:
            return self._finding("https", "https.certificate", severity,
                                 f"{host} 的 HTTPS 证书未能读取（{check.tls_error}），需人工核查",
                                 text=host, status=check.tls_error)
        expires = date.fromisoformat(check.cert_expires)
        left = (expires - self.ctx.as_of).days
        if left < 0:
            state = f"已于 {expires.isoformat()} 过期"
        elif left <= self.expiring_days:
            state = f"将于 {expires.isoformat()} 过期（剩余 {left} 天），请及时更换"
        else:
            state = f"有效期至 {expires.isoformat()}（剩余 {left} 天）"
        verify = f"；证书校验未通过：{check.tls_error}" if check.tls_error else ""
        return self._finding("https", "https.certificate", severity,
                             f"{host} 的 HTTPS 证书{state}{verify}", text=host,
                             status=check.tls_error)
