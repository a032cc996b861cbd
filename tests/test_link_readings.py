"""One form attached to many articles is read once (govpatrol.linkcheck.readings).

A county portal on 127.0.0.1 attaches the same 报名表 PDF to five notices, each upload under
the CMS's own new name, beside one other PDF. The link-check process checks and reads them:
every URL gets its reading, the copies the same text as the first, and pdftotext runs once per
distinct file. A reading that timed out is not handed on; the memo stays bounded.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from office_files import gongwen_pdf

from govpatrol.crawler.extract.documents import Extracted
from govpatrol.linkcheck import worker
from govpatrol.linkcheck.readings import SharedReadings
from govpatrol.linkcheck.worker import LinkCheckJob, run_job
from govpatrol.model import Link, Page
from govpatrol.store import Store

pytestmark = pytest.mark.skipif(
    __import__("shutil").which("pdftotext") is None,
    reason="poppler-utils not installed (scripts/install.sh installs it)")

FORM = gongwen_pdf("江河县2026年公开招聘社区工作者报名表",
                   ["姓名、性别、出生年月、身份证号码、联系电话、学历及毕业院校。",
                    "本人承诺所填信息真实有效，如有不实，自愿取消聘用资格。"])
NOTICE = gongwen_pdf("江河县人民政府办公室关于做好2026年冬季供暖保障工作的通知",
                     ["各乡镇人民政府，县直各单位：",
                      "为切实做好今冬明春供暖保障工作，确保群众温暖过冬，现将有关事项通知如下。"])


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_copies_of_one_form_are_read_once_and_each_gets_its_text(tmp_path, monkeypatch):
    root = tmp_path / "www" / "uploadfiles" / "202611"
    root.mkdir(parents=True)
    copies = [f"P02026110{i}58{i}3{i}.pdf" for i in range(5)]
    for name in copies:
        (root / name).write_bytes(FORM)
    (root / "P020261107_tz.pdf").write_bytes(NOTICE)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path / "www")))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [f"{site}/uploadfiles/202611/{name}" for name in [*copies, "P020261107_tz.pdf"]]

    db = tmp_path / "g.db"
    store = Store(db)
    run_id = store.start_run("jianghe", site + "/", date(2026, 11, 20), {})
    store.save_page(run_id, Page(site="jianghe", url=site + "/zwgk/t20261102_1.html", status=200,
                                 links=[Link(url, "attachment") for url in urls]))
    store.close()
    reads: list[str] = []
    real_extract = worker.extract

    def counted(data: bytes, ext: str, limits):
        reads.append(ext)
        return real_extract(data, ext, limits)

    monkeypatch.setattr(worker, "extract", counted)
    done = threading.Event()
    done.set()
    try:
        counts = run_job(LinkCheckJob(db=str(db), run_id=run_id, site="jianghe",
                                      home_url=site + "/", robots=False, timeout=10), done)
    finally:
        server.shutdown()
        server.server_close()

    with sqlite3.connect(db) as conn:
        rows = {url: (text, state, content_hash) for url, text, state, content_hash in conn.execute(
            "select url, text, state, content_hash from attachments where run_id = ?", [run_id])}
        broken = conn.execute("select count(*) from link_checks where broken = 1").fetchone()[0]
    assert broken == 0
    assert set(rows) == set(urls)
    form_rows = {rows[url] for url in urls[:5]}
    assert len(form_rows) == 1  # the five copies: one text, one state, one hash
    text, state, _ = form_rows.pop()
    assert state == "ok" and "公开招聘社区工作者报名表" in text
    assert rows[urls[5]][1] == "ok" and "确保群众温暖过冬" in rows[urls[5]][0]
    assert len(reads) == 2  # pdftotext once per distinct file
    assert counts["attachments_read"] == 6 and counts["attachments_shared"] == 4


def test_a_reading_under_way_serves_its_copies_and_a_timeout_is_read_again():
    calls: list[str] = []

    async def run():
        memo = SharedReadings()

        async def slow_ok() -> Extracted:
            calls.append("form")
            await asyncio.sleep(0.05)
            return Extracted("报名表正文")

        async def timed_out() -> Extracted:
            calls.append("notice")
            return Extracted(state="timeout", detail="pdftotext 超过 30 秒")

        async def notice_ok() -> Extracted:
            calls.append("notice again")
            return Extracted("通知正文")

        together = await asyncio.gather(*(memo.read("aa", "pdf", slow_ok) for _ in range(3)))
        first = await memo.read("bb", "pdf", timed_out)
        second = await memo.read("bb", "pdf", notice_ok)
        other_ext = await memo.read("aa", "doc", notice_ok)
        return together, first, second, other_ext, memo.shared

    together, first, second, other_ext, shared = asyncio.run(run())
    assert [r.text for r in together] == ["报名表正文"] * 3
    assert together[1] is not together[0]  # each caller its own object
    assert first.state == "timeout" and second.text == "通知正文"
    assert other_ext.text == "通知正文"  # same bytes, another extension: its own reader
    assert calls == ["form", "notice", "notice again", "notice again"]
    assert shared == 2


def test_the_memo_forgets_when_full():
    calls: list[str] = []

    def reader(name: str):
        async def read() -> Extracted:
            calls.append(name)
            return Extracted("字" * 10)
        return read

    async def run():
        memo = SharedReadings(max_entries=2, max_chars=1000)
        for digest in ("a", "b", "c", "a"):  # "c" finds the memo full: it starts over
            await memo.read(digest, "pdf", reader(digest))
        memo_chars = SharedReadings(max_entries=100, max_chars=15)
        for digest in ("x", "y", "z", "x"):  # x and y hold 20 characters: z starts over
            await memo_chars.read(digest, "pdf", reader(digest))
        return len(memo.readings), len(memo_chars.readings)

    sizes = asyncio.run(run())
    assert calls == ["a", "b", "c", "a", "x", "y", "z", "x"]
    assert sizes == (2, 2)
