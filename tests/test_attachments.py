"""Attachments audited like pages (issue 13, item 2).

A county portal on 127.0.0.1 publishes notices with their attachments the way TRS sites do
(附件： links under the article): a 公文 PDF set in 宋体 with a planted typo, a 低保 公示 .docx
with unmasked ID numbers in its table, a 招聘 .xlsx with unmasked mobile numbers, a clean PDF of
a real government document (tests/data/seeds), the same document with a broken font encoding
(mojibake), and a decompression-bomb .docx. A real patrol crawls it; each planted problem is
found in its attachment, named with the page linking it, and the controls raise nothing.
"""

from __future__ import annotations

import json
import sqlite3
import textwrap
import threading
import time
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import cli, govpatrol, read_jsonl
from office_files import (
    garble,
    gongshi_docx,
    gongshi_xlsx,
    gongwen_pdf,
    scanned_pdf,
    zip_bomb_docx,
)

from govpatrol.auditors.text.readability import garbled
from govpatrol.crawler.extract import ocr
from govpatrol.crawler.extract.documents import Limits, extract, read_file
from govpatrol.store import SCHEMA_VERSION, Store

pytestmark = pytest.mark.skipif(
    __import__("shutil").which("pdftotext") is None,
    reason="poppler-utils not installed (scripts/install.sh installs it)")

SEEDS = Path(__file__).parent / "data" / "seeds"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_card(first17: str) -> str:
    """A well-formed 18-digit number: `first17` plus its GB 11643 check digit."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


IDS = [id_card(f"4304211968{m:02d}1{n}31{n}") for m, n in ((3, 2), (7, 5), (11, 8))]
MOBILES = ["13907341234", "15873456789", "18674321098"]

NOTICE_TITLE = "江河县人民政府办公室关于做好2026年冬季供暖保障工作的通知"
NOTICE = [
    "各乡镇人民政府，县直各单位：",
    "为切实做好今冬明春供暖保障工作，确保群众温暖过冬，经县人民政府同意，现将有关事项通知如下。",
    "一、提高思想认识。各部门要认真做好布署工作，把供暖保障作为重要民生工程抓紧抓实。",
    "二、加强统筹协调。县住建局要会同有关部门加强煤炭、天然气等能源供应保障，及时协调解决供暖中出现的问题。",
    "三、强化督促检查。县政府督查室将适时开展专项督查，对工作不力的单位予以通报。",
    "江河县人民政府办公室",
    "2026年11月2日",
]


def seed_paragraphs(name: str = "002_c1e3442480fa7097.txt", limit: int = 3000) -> list[str]:
    text = (SEEDS / name).read_text(encoding="utf-8")[:limit]
    return [line.strip() for line in text.splitlines() if line.strip()]


def article(title: str, body: str, attachments: list[tuple[str, str]]) -> str:
    links = "".join(f'<p><a href="{href}">{name}</a></p>' for href, name in attachments)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2026-11-02 09:00">
</head><body><div class="header"><a href="/">首页</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<div class="article"><h1>{title}</h1><div class="info">发布时间：2026-11-02 来源：县政府办公室</div>
<div class="TRS_Editor"><p>{body}</p></div>
<div class="fj">附件：{links}</div></div>
<div class="footer">主办：江河县人民政府办公室</div></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    docs = root / "zwgk" / "tzgg" / "202611"
    docs.mkdir(parents=True)
    files = {
        "P020261102_gn.pdf": gongwen_pdf(NOTICE_TITLE, NOTICE, "江政办发〔2026〕18号"),
        "P020261103_db.docx": gongshi_docx(
            "城关镇2026年11月城乡低保新增对象公示",
            "经个人申请、入户调查和民主评议，现将新增低保对象公示如下：",
            ["序号", "姓名", "身份证号码", "家庭住址", "保障人数"],
            [[str(i + 1), name, number, f"城关镇{street}", "2"] for i, (name, number, street)
             in enumerate(zip(("张某某", "李某某", "王某某"), IDS, ("东街12号", "南村3组", "西街8号"),
                              strict=True))],
            "公示期为2026年11月3日至11月9日，监督电话：0734-6812345。"),
        "P020261104_zp.xlsx": gongshi_xlsx(
            "江河县2026年公开招聘教师拟聘用人员名单",
            ["序号", "姓名", "报考岗位", "联系电话"],
            [[str(i + 1), name, "初中语文教师", mobile] for i, (name, mobile)
             in enumerate(zip(("赵某", "钱某", "孙某"), MOBILES, strict=True))]),
        "P020261105_yd.pdf": gongwen_pdf("2020年全市政务公开工作要点", seed_paragraphs()),
        "P020261106_lm.pdf": garble(gongwen_pdf("2020年全市政务公开工作要点", seed_paragraphs())),
        "P020261107_zb.docx": zip_bomb_docx(),
    }
    for name, data in files.items():
        (docs / name).write_bytes(data)
    pages = {
        "t20261102_1.html": article(NOTICE_TITLE, "现将通知全文公布如下。", [
            ("./P020261102_gn.pdf", "江政办发〔2026〕18号.pdf")]),
        "t20261103_2.html": article("城关镇2026年11月城乡低保新增对象公示", "现将名单予以公示。", [
            ("./P020261103_db.docx", "低保新增对象名单.docx"),
            ("./P020261104_zp.xlsx", "拟聘用人员名单.xlsx")]),
        "t20261105_3.html": article("关于印发政务公开工作要点的通知", "请结合实际认真贯彻落实。", [
            ("./P020261105_yd.pdf", "政务公开工作要点.pdf"),
            ("./P020261106_lm.pdf", "政务公开工作要点（扫描版）.pdf"),
            ("./P020261107_zb.docx", "附件材料.docx")]),
    }
    for name, html in pages.items():
        (docs / name).write_text(html, encoding="utf-8")
    (root / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>江河县人民政府</title></head>'
        '<body><div class="tzgg"><h2>通知公告</h2><ul>'
        + "".join(f'<li><a href="/zwgk/tzgg/202611/{name}">通知{i}</a><span>2026-11-0{i + 2}'
                  f'</span></li>' for i, name in enumerate(pages))
        + "</ul></div></body></html>", encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", files
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def patrol(site, tmp_path_factory):
    url, files = site
    out = tmp_path_factory.mktemp("out")
    result = govpatrol("patrol", url + "/", "--as-of", "2026-11-20", "--out", str(out / "report"),
                       "--db", str(out / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    base = url + "/zwgk/tzgg/202611/"
    findings = read_jsonl(out / "report" / "findings.jsonl")
    return base, findings, out


def of(findings: list[dict], url: str) -> list[dict]:
    return [f for f in findings if f["url"] == url]


@pytest.mark.e2e
def test_typo_in_a_gongwen_pdf_is_found_and_names_the_attachment(patrol):
    base, findings, _ = patrol
    found = of(findings, base + "P020261102_gn.pdf")
    assert [(f["category"], f["text"], f["suggestion"]) for f in found] == [
        ("typo", "布署", "部署")]
    assert found[0]["message"].startswith(
        f"附件《江政办发〔2026〕18号.pdf》（链接自 {base}t20261102_1.html）：")
    assert found[0]["page_url"] == base + "t20261102_1.html"  # findings.md: the linking page


@pytest.mark.e2e
def test_the_ledger_and_the_report_show_the_linking_page(patrol):
    from openpyxl import load_workbook

    base, findings, out = patrol
    sheet = load_workbook(out / "report" / "report.xlsx", read_only=True)["全部问题"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    where = {row[header.index("页面链接")]: row[header.index("所在页面")] for row in rows}
    assert where[base + "P020261106_lm.pdf"] == base + "t20261105_3.html"  # unreadable_text too
    assert where[base + "P020261104_zp.xlsx"] == base + "t20261103_2.html"
    pages = {f["page_url"] for f in findings if not f["url"].startswith(base + "P0")}
    assert pages == {None}  # a page's own findings have no linking page
    report = (out / "report" / "report.html").read_text(encoding="utf-8")
    assert f'所在页面：<a href="{base}t20261105_3.html"' in report


@pytest.mark.e2e
def test_unmasked_numbers_in_docx_and_xlsx_tables_are_found_masked(patrol):
    base, findings, out = patrol
    docx = of(findings, base + "P020261103_db.docx")
    assert [(f["rule"], f["severity"]) for f in docx] == [("privacy.id_card", "major")]
    assert docx[0]["text"] == IDS[0][:6] + "********" + IDS[0][-4:]
    assert "3 个未脱敏的身份证号码" in docx[0]["message"] and "公示表格" in docx[0]["message"]
    assert docx[0]["message"].startswith(f"附件《低保新增对象名单.docx》（链接自 {base}t20261103_2.html）")
    xlsx = of(findings, base + "P020261104_zp.xlsx")
    assert [(f["rule"], f["severity"], f["text"]) for f in xlsx] == [
        ("privacy.mobile", "major", "139****1234")]
    assert "拟聘用人员名单.xlsx" in xlsx[0]["message"]
    report = (out / "report" / "report.html").read_text(encoding="utf-8")
    assert all(number not in report for number in IDS + MOBILES)  # never the full number


@pytest.mark.e2e
def test_clean_attachment_raises_nothing(patrol):
    base, findings, _ = patrol
    assert of(findings, base + "P020261105_yd.pdf") == []


@pytest.mark.e2e
def test_garbled_pdf_is_unreadable_not_typos(patrol):
    base, findings, _ = patrol
    found = of(findings, base + "P020261106_lm.pdf")
    assert [(f["category"], f["rule"]) for f in found] == [
        ("unreadable_text", "unreadable_text.garbled")]
    assert "乱码" in found[0]["message"] and "政务公开工作要点（扫描版）.pdf" in found[0]["message"]


@pytest.mark.e2e
def test_zip_bomb_is_refused_with_a_finding(patrol):
    base, findings, out = patrol
    found = of(findings, base + "P020261107_zb.docx")
    assert [(f["rule"], f["status"]) for f in found] == [("unreadable_text.refused", "zip_bomb")]
    assert "压缩炸弹" in found[0]["message"]
    stored = sqlite3.connect(out / "g.db").execute(
        "SELECT url, state FROM attachments ORDER BY url").fetchall()
    assert [(u.rsplit("/", 1)[-1], s) for u, s in stored] == [
        ("P020261102_gn.pdf", "ok"), ("P020261103_db.docx", "ok"), ("P020261104_zp.xlsx", "ok"),
        ("P020261105_yd.pdf", "ok"), ("P020261106_lm.pdf", "ok"), ("P020261107_zb.docx", "zip_bomb")]


def test_pdftotext_reads_the_cid_fonts_of_a_gongwen():
    got = extract(gongwen_pdf(NOTICE_TITLE, NOTICE, "江政办发〔2026〕18号"), "pdf")
    assert got.state == "ok" and got.pages == 1
    assert "江政办发〔2026〕18号" in got.text and "认真做好布署工作" in got.text
    assert garbled(got.text) is None


def test_a_word_cut_by_the_line_break_is_still_found():
    """公文 lines break where they are full: 布 / 署工作 must be read as 布署 again."""
    paragraph = "为确保群众温暖过冬，各乡镇、县直有关部门要认真做好布署工作，切实抓紧抓实。"
    assert textwrap.wrap(paragraph, 26)[0].endswith("布")  # the PDF's first line ends there
    got = extract(gongwen_pdf(NOTICE_TITLE, [NOTICE[0], paragraph, *NOTICE[2:]],
                              "江政办发〔2026〕18号"), "pdf")
    assert "要认真做好布署工作，切实" in got.text
    assert got.text.splitlines()[0].strip() == "江政办发〔2026〕18号"  # centred lines stay apart
    assert "  江河县人民政府办公室\n  2026年11月2日" in got.text  # so do the signature's
    findings = cli("check-text", "-", "--json", "--as-of", "2026-11-20", input=got.text)
    assert findings.stdout.count('"text": "布署"') == 2


def test_page_cap_reads_the_first_pages_and_says_so():
    long = gongwen_pdf("2020年全市政务公开工作要点", seed_paragraphs(limit=20000))
    whole = extract(long, "pdf")
    assert whole.state == "ok" and whole.pages > 3
    capped = extract(long, "pdf", Limits(max_pages=2))
    assert capped.state == "truncated" and capped.pages == 2
    assert f"共 {whole.pages} 页" in capped.detail
    assert len(capped.text) < len(whole.text) / 2


def test_guards_end_in_named_states():
    pdf = gongwen_pdf(NOTICE_TITLE, NOTICE)
    assert extract(pdf, "pdf", Limits(max_bytes=1000)).state == "too_large"
    assert extract(pdf, "pdf", Limits(timeout=0.000001)).state == "timeout"
    assert extract(pdf[: len(pdf) // 3], "pdf").state == "broken"
    bomb = extract(zip_bomb_docx(40), "docx")
    assert bomb.state == "zip_bomb" and "压缩比" in bomb.detail
    docx = gongshi_docx("公示", "如下：", ["姓名"], [["张某"]], "特此公示。")
    assert extract(docx, "docx").state == "ok"
    total = extract(docx, "docx", Limits(max_unzipped=1000))  # declared sizes, added up
    assert total.state == "zip_bomb" and "上限 1000" in total.detail
    assert extract(b"PK\x03\x04 not really", "xlsx").state == "broken"


SCAN = ["江河县人民政府办公室关于做好冬季供暖保障工作的通知", "各乡镇人民政府，县直各单位：",
        "一、提高思想认识。各部门要认真做好布署工作，", "把供暖保障作为重要民生工程抓紧抓实。"]


def test_scanned_pdf_without_ocr_is_no_text_and_says_why():
    got = extract(scanned_pdf(SCAN), "pdf")
    assert got.state == "no_text" and "未启用 OCR" in got.detail


@pytest.mark.e2e
@pytest.mark.skipif(not ocr.available(), reason="rapidocr-onnxruntime not installed (pip "
                    "install '.[ocr]')")
def test_ocr_reads_a_scan_once_and_caches_it(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVPATROL_CACHE_DIR", str(tmp_path))
    scan = scanned_pdf(SCAN)
    got = extract(scan, "pdf", Limits(ocr=True, ocr_pages=1))
    assert got.state == "ocr" and got.pages == 1 and "OCR" in got.detail
    assert "认真做好布署工作" in got.text and "江河县人民政府办公室" in got.text
    (entry,) = (tmp_path / "ocr").glob("*.json")
    assert json.loads(entry.read_text(encoding="utf-8"))["text"] == got.text
    started = time.monotonic()
    assert extract(scan, "pdf", Limits(ocr=True, ocr_pages=1)).text == got.text
    assert time.monotonic() - started < 2  # the cache, not another OCR pass


def test_garbled_detector_signals_and_clean_seeds():
    for seed in sorted(SEEDS.glob("*.txt")):  # simplified, traditional, Mongolian letterhead
        assert garbled(seed.read_text(encoding="utf-8")) is None, seed.name
    clean = "\n".join(seed_paragraphs())
    assert "乱码" in garbled(extract(garble(gongwen_pdf("要点", seed_paragraphs())), "pdf").text).reason
    assert "U+FFFD" in garbled(clean[:200] + "\ufffd" * 10 + clean[200:400]).reason
    assert "cid" in garbled("(cid:1234)(cid:567)" * 5 + clean[:200]).reason
    assert "私用区" in garbled("".join(chr(0xE000 + i) for i in range(20)) + clean[:300]).reason
    assert garbled(clean[:600] + "\ufffd") is None  # one stray mark condemns nothing


def test_check_text_reads_pdf_and_xlsx(tmp_path):
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(gongwen_pdf(NOTICE_TITLE, NOTICE))
    result = cli("check-text", str(pdf), "--json", "--as-of", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert '"text": "布署"' in result.stdout
    xlsx = tmp_path / "名单.xlsx"
    xlsx.write_bytes(gongshi_xlsx("名单", ["姓名", "联系电话"], [["赵某", MOBILES[0]]]))
    result = cli("check-text", str(xlsx), "--json", "--as-of", "2026-11-20")
    assert result.returncode == 0 and '"rule": "privacy.mobile"' in result.stdout
    garbage = tmp_path / "乱码.pdf"
    garbage.write_bytes(garble(gongwen_pdf("要点", seed_paragraphs())))
    result = cli("check-text", str(garbage))
    assert result.returncode == 1 and "乱码" in result.stdout + result.stderr


def test_read_file_refuses_a_large_file_before_reading(tmp_path):
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    assert read_file(path, Limits(max_bytes=1000)).state == "too_large"


def test_findings_name_the_attachment_its_page_and_an_ocr_reading():
    from govpatrol.auditors.attachments import where
    from govpatrol.model import Attachment

    pdf = Attachment("s", "http://127.0.0.1/P1.pdf", anchor="名单.pdf",
                     page_url="http://127.0.0.1/t1.html")
    assert where(pdf) == "附件《名单.pdf》（链接自 http://127.0.0.1/t1.html）"
    scan = Attachment("s", "http://127.0.0.1/files/P2.pdf", state="ocr")
    assert where(scan) == "附件《P2.pdf》（扫描件，文字经 OCR 识别，请对照原件核实）"


def test_what_the_patrol_could_not_read_is_a_warning_not_a_finding():
    """No .doc reader here, a scan with OCR off, a PDF past the page cap: limits of this
    patrol, told once each with a count, never findings against the site."""
    from datetime import date

    from govpatrol.auditors import AuditContext, audit
    from govpatrol.model import Attachment, SiteRecords

    files = [Attachment("s", f"http://127.0.0.1/P{i}.doc", state="unsupported", anchor=f"{i}.doc",
                        detail="未安装 antiword 或 catdoc") for i in range(5)]
    files.append(Attachment("s", "http://127.0.0.1/scan.pdf", state="no_text", anchor="扫描件.pdf",
                            detail="未启用 OCR"))
    files.append(Attachment("s", "http://127.0.0.1/long.pdf", state="truncated", anchor="年鉴.pdf",
                            text="江河县人民政府工作报告。", detail="共 400 页，只读取前 200 页"))
    records = SiteRecords("s", "http://127.0.0.1/", [], lambda: iter(()),
                          attachments=lambda: iter(files))
    ctx = AuditContext(as_of=date(2026, 11, 20))
    assert audit(records, ctx, ["unreadable_text", "typo"], strict=True) == []
    assert any(w.startswith("5 个附件因本机缺少读取程序未检查：0.doc") and w.endswith("等")
               for w in ctx.warnings)
    assert any(w.startswith("1 个 PDF 附件没有文字层") and "扫描件.pdf" in w for w in ctx.warnings)
    assert any("年鉴.pdf（共 400 页，只读取前 200 页）" in w for w in ctx.warnings)


def test_version_6_store_gains_the_attachments_table(tmp_path):
    db = tmp_path / "old.db"
    Store(str(db)).close()
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE attachments")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    store = Store(str(db))
    assert list(store.iter_attachments(1)) == []
    store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_attachment_names_the_same_linking_page_whatever_page_came_first(tmp_path):
    """Two articles and their list link one PDF: the finding names the first article in URL
    order, not the list, and not whichever page the crawl happened to store first (the same
    site gives the same findings)."""
    from govpatrol.model import Link, Page

    pdf = "http://127.0.0.1/P020261105.pdf"
    named = []
    for order in (("b", "0list", "a"), ("a", "b", "0list"), ("0list", "a", "b")):
        store = Store(str(tmp_path / f"{''.join(order)}.db"))
        run = store.start_run("s", "http://127.0.0.1/", date(2026, 11, 20), {})
        for name in order:
            store.save_page(run, Page(site="s", url=f"http://127.0.0.1/{name}.html", status=200,
                                      title=name, text="通知",
                                      kind="list" if name == "0list" else "detail",
                                      links=[Link(url=pdf, kind="a", anchor=f"附件（{name}）")]))
        store.save_attachments(run, "s", [{"url": pdf, "text": "江河县通知", "state": "ok",
                                           "detail": "", "pages": 1}])
        named += [(a.page_url, a.anchor) for a in store.iter_attachments(run)]
        store.close()
    assert named == [("http://127.0.0.1/a.html", "附件（a）")] * 3
    # pages the crawl could not classify: the article's written link text, not the bare file
    # name of a directory listing (whose URL sorts first)
    named = []
    for order in (("0dir/", "z.html"), ("z.html", "0dir/")):
        store = Store(str(tmp_path / f"{order[0][0]}-kinds.db"))
        run = store.start_run("s", "http://127.0.0.1/", date(2026, 11, 20), {})
        for name in order:
            anchor = "P020261105.pdf" if name == "0dir/" else "江政办发〔2026〕18号.pdf"
            store.save_page(run, Page(site="s", url=f"http://127.0.0.1/{name}", status=200,
                                      title=name, text="通知", kind="page",
                                      links=[Link(url=pdf, kind="a", anchor=anchor)]))
        store.save_attachments(run, "s", [{"url": pdf, "text": "江河县通知", "state": "ok",
                                           "detail": "", "pages": 1}])
        named += [(a.page_url, a.anchor) for a in store.iter_attachments(run)]
        store.close()
    assert named == [("http://127.0.0.1/z.html", "江政办发〔2026〕18号.pdf")] * 2
