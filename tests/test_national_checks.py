"""The national indicators' page checks on a real patrol of tests/national_site.py: the footer
identity items and the 我为政府网站找错 entry on every page, 解读关联 both ways, 办事指南
elements and catch-all wordings. Each check is planted once; the clean twin raises none."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from helpers import govpatrol, read_jsonl
from lxml import html as lxml_html
from national_site import AS_OF, CONAC, JIUCUO, PLANTED, NationalSite, footer

from govpatrol.crawler.extract.page import footer_text, header_text

CHECKED = ("identity.footer.", "identity.header.", "interpretation_link.", "service_guide.",
           "column_age.", "interaction.", "service_stats.", "page_tags.")


def patrol(tmp_path, planted: bool) -> list[dict]:
    with NationalSite(planted) as site:
        config = tmp_path / "sites.toml"
        config.write_text(f'[[sites]]\nname = "江河县人民政府"\nurl = "{site.url}"\n'
                          'profile = "national"\ntimeout = 10\n', encoding="utf-8")
        result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                           AS_OF.isoformat(), "--out", str(tmp_path / "out"), "--db",
                           str(tmp_path / "db.sqlite"))
    assert result.returncode == 0, result.stderr[-3000:]
    return [f for f in read_jsonl(tmp_path / "out" / "findings.jsonl")
            if f["rule"].startswith(CHECKED)]


@pytest.mark.e2e
@pytest.mark.parametrize("planted", [True, False], ids=["planted", "clean twin"])
def test_each_check_planted_once_and_the_clean_twin(tmp_path, planted: bool) -> None:
    findings = patrol(tmp_path, planted)
    got = {(f["rule"], urlsplit(f["url"]).path) for f in findings}
    assert got == (PLANTED if planted else set()), findings
    if planted:
        by_rule = {f["rule"]: f for f in findings}
        police = by_rule["identity.footer.police"]
        assert "共2个页面缺少" in police["message"] and "/zwgk/zcjd/" in police["message"]
        assert by_rule["service_guide.vague"]["text"] == "根据有关法律法规规定应提交的其他材料"
        assert by_rule["interpretation_link.to_interpretation"]["link_url"].endswith(
            "/zwgk/zcjd/202610/t20261022_3102.html")
        assert "/wzdt.html" in by_rule["identity.header.site_name"]["message"]
        assert by_rule["interaction.publication.fields"]["text"] == "答复单位"
        assert by_rule["service_stats.stale_1m"]["last_updated"] == "2026-09-06"
        assert by_rule["page_tags.column"]["text"] == "ColumnName、ColumnType"
        assert by_rule["interaction.publication.stale"]["last_updated"] == "2026-08-12"  # the newest reply


def test_footer_keeps_badge_scripts_and_image_alts() -> None:
    """The conac badge and the 找错 entry are scripts: their addresses follow the footer text
    (conac's written by document.write(unescape(...))); image alts too."""
    doc = lxml_html.fromstring(f"<html><body><div class='main'>正文</div>{footer()}"
                               "<div class='bottom'><img src='/a.png' alt='党政机关'></div>"
                               "</body></html>")
    text = footer_text(doc)
    assert "主办单位：江河县人民政府办公室" in text
    assert "https://zfwzgl.www.gov.cn/exposure/jiucuo.js" in text
    assert "https://dcs.conac.cn/js/45/000/0000/60444133/CA450000000604441330002.js" in text
    assert "党政机关" in text.splitlines()
    assert CONAC in footer() and JIUCUO in footer()


def test_header_keeps_text_and_logo_alts_not_the_footer() -> None:
    doc = lxml_html.fromstring(
        '<html><body><div class="topbar">欢迎访问</div><div class="header"><a class="logo" '
        'href="/"><img src="/logo.png" alt="江河县人民政府"></a></div><div class="main">'
        '<h1>正文标题</h1></div><div class="footer"><div class="top">返回顶部</div></div>'
        "</body></html>")
    assert header_text(doc).splitlines() == ["欢迎访问", "江河县人民政府"]
    assert header_text(lxml_html.fromstring("<html><body><p>x</p></body></html>")) == ""
