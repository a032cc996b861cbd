"""IPv6改造 and HTTPS (issue 12 item 3): AAAA answers for the site's hosts through the resolver
the site's `resolver` setting names, 未检测 where no DNS answers (always the case for
127.0.0.1), the certificate of an https site read from a real TLS handshake.

Patrols of tests/search_site.py on 127.0.0.1 (http); answers are supplied as a TOML file of
answers, the resolver a split-horizon intranet would use, so nothing touches the network."""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from helpers import free_port, govpatrol, read_jsonl
from search_site import AS_OF, SITE_NAME, SearchSite

from govpatrol.auditors import audit
from govpatrol.auditors.context import make_context
from govpatrol.config import load_config
from govpatrol.linkcheck.network import certificate, check_hosts, system_resolve
from govpatrol.model import HostCheck, SiteRecords
from govpatrol.rules.profile import load_profile
from govpatrol.rules.scoring import ScoringRules, score


def patrol(tmp_path, extra: str = "", answers: str | None = None) -> list[dict]:
    with SearchSite("working") as site:
        if answers is not None:
            (tmp_path / "dns.toml").write_text(answers, encoding="utf-8")
            extra += 'resolver = "dns.toml"\n'
        config = tmp_path / "sites.toml"
        config.write_text(f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{site.url}"\n'
                          'profile = "national"\ntimeout = 10\ncloaking_sample = 0\n'
                          f"search_probe = false\n{extra}", encoding="utf-8")
        result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                           AS_OF.isoformat(), "--out", str(tmp_path / "out"), "--db",
                           str(tmp_path / "db.sqlite"))
    assert result.returncode == 0, result.stderr[-3000:]
    return [f for f in read_jsonl(tmp_path / "out" / "findings.jsonl")
            if f["category"] in ("ipv6", "https")]


@pytest.mark.e2e
def test_loopback_site_says_unchecked_and_http(tmp_path) -> None:
    findings = patrol(tmp_path)
    got = {(f["rule"], f["severity"]) for f in findings}
    assert got == {("ipv6.unchecked", "info"), ("https.http", "info")}
    unchecked = next(f for f in findings if f["rule"] == "ipv6.unchecked")
    assert "127.0.0.1" in unchecked["message"] and "未检测" in unchecked["message"]


@pytest.mark.e2e
def test_answers_without_aaaa_are_a_missing_ipv6(tmp_path) -> None:
    findings = patrol(tmp_path, extra='hosts = ["www.qsq.gov.cn"]\n',
                      answers='["127.0.0.1"]\na = ["127.0.0.1"]\n'
                              '["www.qsq.gov.cn"]\na = ["127.0.0.1"]\naaaa = ["240e:1:2::3"]\n')
    assert [f["rule"] for f in findings if f["category"] == "ipv6"] == ["ipv6.missing"]
    missing = next(f for f in findings if f["rule"] == "ipv6.missing")
    assert missing["text"] == "127.0.0.1" and missing["severity"] == "minor"
    rules = ScoringRules.from_profile(load_profile("national"))
    assert rules.item_for(_finding(missing)).name == "ipv6"  # IPv6改造, -1


@pytest.mark.e2e
def test_answers_with_aaaa_raise_nothing_and_off_checks_nothing(tmp_path) -> None:
    findings = patrol(tmp_path, answers='["127.0.0.1"]\na = ["127.0.0.1"]\naaaa = ["::1"]\n')
    assert [f["rule"] for f in findings] == ["https.http"]
    (tmp_path / "off").mkdir()
    assert patrol(tmp_path / "off", extra="host_check = false\n") == []


def _finding(row: dict):
    from govpatrol.model import Finding

    return Finding(**{k: row.get(k) for k in ("site", "category", "rule", "severity", "url",
                                              "message", "text")})


def test_no_dns_name_is_never_asked() -> None:
    assert system_resolve("127.0.0.1", 10) is None
    assert system_resolve("localhost", 10) is None
    checks = check_hosts("http://127.0.0.1:8080/", ["localhost"], system_resolve)
    assert [(c.host, c.ipv6) for c in checks] == [("127.0.0.1", None), ("localhost", None)]


def test_a_bad_answers_file_is_a_config_error(tmp_path) -> None:
    from govpatrol.config import ConfigError

    (tmp_path / "dns.toml").write_text("[oops", encoding="utf-8")
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "x"\nurl = "http://127.0.0.1/"\nresolver = "dns.toml"\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert str(info.value).startswith(f"{config}:4 [resolver]: ")


# --- HTTPS: a real TLS handshake on 127.0.0.1 -------------------------------------------------

@pytest.fixture
def tls_server(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.qsq.gov.cn")])
    expires = dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime(2025, 12, 10, tzinfo=dt.UTC)).not_valid_after(expires)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_certificate_expiry_is_read_even_when_it_does_not_verify(tls_server) -> None:
    expires, problem = certificate("127.0.0.1", tls_server, 5)
    assert expires == "2026-12-10"
    assert problem and "self" in problem.lower()  # self-signed: said, not hidden
    checks = check_hosts(f"https://127.0.0.1:{tls_server}/", [], system_resolve)
    assert checks[0].cert_expires == "2026-12-10" and checks[0].ipv6 is None


def test_closed_port_is_no_handshake() -> None:
    port = free_port()  # a port nobody listens on
    expires, problem = certificate("127.0.0.1", port, 2)
    assert expires is None and "ConnectionRefused" in problem


@pytest.mark.parametrize("expires,said", [
    ("2026-12-10", "将于 2026-12-10 过期（剩余 20 天）"),
    ("2026-11-01", "已于 2026-11-01 过期"),
    ("2027-06-30", "有效期至 2027-06-30（剩余 222 天）"),
])
def test_certificate_is_information(expires: str, said: str) -> None:
    config_site = load_config_text()
    ctx = make_context(None, config_site, date(2026, 11, 20))
    records = SiteRecords.from_lists(SITE_NAME, "https://www.qsq.gov.cn/", [], [])
    records.hosts = [HostCheck(host="www.qsq.gov.cn", scheme="https", ipv4=["1.2.3.4"],
                               ipv6=["240e::1"], cert_expires=expires)]
    findings = audit(records, ctx, only=["network"])
    assert [(f.rule, f.severity) for f in findings] == [("https.certificate", "info")]
    assert said in findings[0].message
    assert score(findings, ScoringRules.from_profile(load_profile("national")), SITE_NAME
                 ).deduction == 0  # information, never scored


def load_config_text():
    from govpatrol.config import parse_config

    return parse_config('[[sites]]\nname = "青山区人民政府"\nurl = "https://www.qsq.gov.cn/"\n'
                        'profile = "national"\n').sites[0]
