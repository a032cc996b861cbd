""".xls and WPS .et attachments (issue 13): the binary BIFF workbooks many county offices still
publish their 公示 lists in, read with xlrd and audited like every other attachment.

The workbook is tests/data/office/gongshi.xls (a real BIFF8 file: Python has no writer for it,
tests/data/office/README.md says how it was made): a 招聘 公示 with one unmasked ID-card number,
one unmasked mobile number in a number cell, a masked row, a typo in its notice and an office
landline. WPS saves .et in the same format; an .et in WPS's own format is refused with a reason.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import cli, govpatrol, read_jsonl

from govpatrol.crawler.extract.documents import Limits, extract

XLS = (Path(__file__).parent / "data" / "office" / "gongshi.xls").read_bytes()
ID_CARD = "430421196807153157"
MOBILE = "13645678901"
#: an .et in WPS's own (non-BIFF) format: what the reader cannot open
WPS_NATIVE = b"\x00\x00\x00\x00WPS-ET" + bytes(range(256)) * 8


def test_xls_text_reads_rows_with_whole_numbers_and_dates():
    got = extract(XLS, "xls")
    assert got.state == "ok", got.detail
    lines = got.text.splitlines()
    assert lines[0] == "拟聘用人员" and "联系方式" in lines  # every sheet, named
    assert f"1\t赵某\t{ID_CARD}\t{MOBILE}\t初中语文教师\t2026-11-05" in lines  # not 13645678901.0
    assert "咨询电话\t0731-5551234" in lines


def test_et_is_read_as_biff_and_other_formats_are_refused_with_the_reason():
    assert extract(XLS, "et").text == extract(XLS, "xls").text
    native = extract(WPS_NATIVE, "et")
    assert native.state == "broken" and "BIFF" in native.detail
    cut = extract(XLS[:1500], "xls")
    assert cut.state == "broken" and cut.detail.startswith("无法解析 .xls")
    capped = extract(XLS, "xls", Limits(max_cells=12))
    assert capped.state == "truncated" and "12 个单元格" in capped.detail
    assert MOBILE not in capped.text


def test_check_text_accepts_xls(tmp_path, capsys):
    path = tmp_path / "拟聘用人员名单.xls"
    path.write_bytes(XLS)
    result = cli("check-text", str(path), "--json", "--as-of", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert '"rule": "privacy.mobile"' in result.stdout and '"text": "布署"' in result.stdout
    assert MOBILE not in result.stdout and ID_CARD not in result.stdout  # quoted masked
    assert capsys.readouterr().out == ""  # xlrd's warnings never reach the terminal


ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_江河县人民政府</title>
</head><body><div class="header"><a href="/">首页</a></div><div class="article"><h1>{title}</h1>
<table class="xxgk"><tr><td>发布机构：江河县人力资源和社会保障局</td><td>发布日期：2026-11-05</td></tr>
</table><p>现将有关名单予以公示，公示期为5个工作日。</p>
<p>附件：<a href="{href}">{anchor}</a></p></div></body></html>"""


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "www"
    docs = root / "zwgk" / "gsgg"
    docs.mkdir(parents=True)
    (docs / "P020261105_zp.xls").write_bytes(XLS)
    (docs / "P020261106_zp.et").write_bytes(XLS)
    (docs / "P020261107_wps.et").write_bytes(WPS_NATIVE)
    pages = {"t20261105_1.html": ("拟聘用人员名单公示", "./P020261105_zp.xls", "拟聘用人员名单.xls"),
             "t20261106_2.html": ("拟聘用人员名单公示（二）", "./P020261106_zp.et", "名单.et"),
             "t20261107_3.html": ("补充名单公示", "./P020261107_wps.et", "补充名单.et")}
    for name, (title, href, anchor) in pages.items():
        (docs / name).write_text(ARTICLE.format(title=title, href=href, anchor=anchor),
                                 encoding="utf-8")
    (root / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>江河县人民政府</title></head>'
        '<body><div class="gsgg"><h2>公示公告</h2><ul>'
        + "".join(f'<li><a href="/zwgk/gsgg/{name}">{title}</a><span>2026-11-0{5 + i}</span></li>'
                  for i, (name, (title, _h, _a)) in enumerate(pages.items()))
        + "</ul></div></body></html>", encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.e2e
def test_patrol_audits_xls_and_et_attachments(site, tmp_path):
    result = govpatrol("patrol", site + "/", "--as-of", "2026-11-20", "--out",
                       str(tmp_path / "out"), "--db", str(tmp_path / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    findings = read_jsonl(tmp_path / "out" / "findings.jsonl")
    base = site + "/zwgk/gsgg/"
    for name, page in (("P020261105_zp.xls", "t20261105_1.html"),
                       ("P020261106_zp.et", "t20261106_2.html")):
        found = [f for f in findings if f["url"] == base + name]
        assert {(f["rule"], f["text"]) for f in found} == {
            ("privacy.id_card", ID_CARD[:6] + "********" + ID_CARD[-4:]),
            ("privacy.mobile", MOBILE[:3] + "****" + MOBILE[-4:]),
            ("typo.confusion", "布署")}, found
        assert all(f["page_url"] == base + page for f in found)
    [native] = [f for f in findings if f["url"] == base + "P020261107_wps.et"]
    assert (native["rule"], native["status"]) == ("unreadable_text.refused", "broken")
    assert "补充名单.et" in native["message"]
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert ID_CARD not in report and MOBILE not in report
