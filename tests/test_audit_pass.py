"""The audit as one pass: every auditor a visitor, the pages read once, a failing auditor a
warning. Usage examples of govpatrol.auditors.audit / run_all and of adding an auditor."""

from __future__ import annotations

import gc
import sqlite3
import weakref
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from typing import ClassVar

import pytest

from govpatrol.auditors import REGISTRY, AuditContext, AuditSettings, PageAuditor, audit, run_all
from govpatrol.auditors.driver import audit as audit_with
from govpatrol.auditors.facts import SiteFacts
from govpatrol.model import Column, Finding, Item, Link, Page, SiteRecords
from govpatrol.rules.profile import load_profile

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 20)


def pages() -> list[Page]:
    """A small site with something for most auditors: a typo, a dead page, a late item,
    a message answered late, a page without identity tags."""
    home = Page(site=SITE, url=HOME, kind="home", title="首页", status=200,
                text="欢迎访问 2026-11-19 政务要闻", footer="网站标识码：1234567890",
                links=[Link(url=HOME + "news/1.html", kind="a", anchor="要闻一")])
    news = Page(site=SITE, url=HOME + "news/1.html", kind="detail", title="要闻一", status=200,
                published=date(2026, 11, 18), column="政务要闻",
                metadata={"formed": "2026-11-02"}, text="我局按装了新的设备。")
    board = Page(site=SITE, url=HOME + "hd/1.html", kind="detail", title="咨询", status=200,
                 column="咨询投诉",
                 text="留言时间：2026-10-01\n回复时间：2026-10-30\n问：办事流程？")
    dead = Page(site=SITE, url=HOME + "gone.html", kind="detail", status=503)
    return [home, news, board, dead]


class Tracked(Page):
    """A Page that can be weakly referenced (Page has slots), to see who keeps it."""


def records(counter: list[int] | None = None, made: list[Page] | None = None) -> SiteRecords:
    """Records whose page stream counts how often it is read (the store's iter_pages is one
    SQL query per call: the cost the one pass saves)."""
    def stream() -> Iterator[Page]:
        if counter is not None:
            counter.append(1)
        for page in pages():
            if made is not None:
                page = Tracked(**{f.name: getattr(page, f.name) for f in fields(page)})
                made.append(page)
            yield page

    column = Column(site=SITE, name="政务要闻", url=HOME + "news/",
                    items=[Item(url=HOME + "news/1.html", title="要闻一",
                                list_date=date(2026, 11, 18))])
    return SiteRecords(SITE, HOME, [column], stream)


def test_every_auditor_reads_the_pages_once_and_finds_what_each_finds_alone() -> None:
    reads: list[int] = []
    ctx = AuditContext(as_of=AS_OF, profile=load_profile("national"))
    together = audit(records(reads), ctx)
    assert len(reads) == 1  # not once per auditor (11 passes before)
    alone = [f for name in REGISTRY
             for f in audit(records(), AuditContext(as_of=AS_OF, profile=load_profile("national")),
                            only=[name])]
    assert [f.to_dict() for f in together] == [f.to_dict() for f in alone]
    categories = {f.category for f in together}
    assert {"typo", "unreachable", "late_publication", "interaction"} <= categories
    assert ctx.warnings == []


def test_run_all_keeps_its_signature_and_registry_order() -> None:
    ctx = AuditContext(as_of=AS_OF)
    found = list(run_all(records(), ctx, only=["typo", "unreachable"]))
    assert [f.category for f in found] == ["typo", "unreachable"]  # the order asked for


class Broken(PageAuditor):
    """Crashes on its second page, after one finding."""

    seen = 0

    def page(self, page: Page) -> list[Finding]:
        Broken.seen += 1
        if Broken.seen == 2:
            raise ValueError("boom")
        return [Finding(site=SITE, category="typo", rule="test.broken", severity="info",
                        url=page.url, message="m")]


class PageCount(PageAuditor):
    """An auditor is a class with page() and finish(): this one counts pages per kind."""

    def __init__(self, records: SiteRecords, ctx: AuditContext) -> None:
        super().__init__(records, ctx)
        self.details = 0

    def page(self, page: Page) -> tuple[()]:
        self.details += page.kind == "detail"
        return ()

    def finish(self, facts: SiteFacts) -> list[Finding]:
        return [Finding(site=SITE, category="missing_structure", rule="test.count",
                        severity="info", url=facts.home.url if facts.home else HOME,
                        message=f"{self.details}个文章页")]


def test_a_new_auditor_is_a_class_and_a_registry_line() -> None:
    registry = {**REGISTRY, "count": f"{__name__}:PageCount"}
    found = audit_with(records(), AuditContext(as_of=AS_OF), registry, only=["count"])
    assert [(f.rule, f.url, f.message) for f in found] == [("test.count", HOME, "3个文章页")]


def test_a_failing_auditor_is_a_warning_and_the_others_go_on() -> None:
    Broken.seen = 0
    registry = {**REGISTRY, "broken": f"{__name__}:Broken"}
    ctx = AuditContext(as_of=AS_OF)
    found = audit_with(records(), ctx, registry, only=["broken", "typo", "unreachable"])
    assert Broken.seen == 2  # dropped after it raised: not shown the other pages
    assert [f.rule for f in found if f.rule == "test.broken"] == ["test.broken"]  # kept
    assert {"typo", "unreachable"} <= {f.category for f in found}
    assert any("broken" in w and "boom" in w for w in ctx.warnings)
    Broken.seen = 0
    with pytest.raises(ValueError, match="boom"):
        audit_with(records(), AuditContext(as_of=AS_OF), registry, only=["broken"], strict=True)


def test_a_bad_interaction_table_fails_only_the_auditors_that_read_messages() -> None:
    profile = load_profile("national", overrides={"interaction": {"unanswered_days": "x"}})
    ctx = AuditContext(as_of=AS_OF, profile=profile)
    found = audit(records(), ctx)
    assert any("interaction" in w for w in ctx.warnings)
    assert not any(f.category == "interaction" for f in found)
    assert any(f.category == "late_publication" for f in found)  # freshness unharmed


class KeepFacts(PageAuditor):
    """Holds on to the facts it is given, as a careless auditor might."""

    kept: ClassVar[list[SiteFacts]] = []

    def finish(self, facts: SiteFacts) -> tuple[()]:
        KeepFacts.kept.append(facts)
        return ()


def test_no_page_outlives_the_audit_but_the_home_page() -> None:
    """Memory stays bounded: visitors and facts keep small facts, not pages."""
    made: list[Page] = []
    KeepFacts.kept.clear()
    registry = {**REGISTRY, "keep": f"{__name__}:KeepFacts"}
    ctx = AuditContext(as_of=AS_OF, profile=load_profile("national"))
    found = audit_with(records(made=made), ctx, registry)
    refs = [weakref.ref(p) for p in made]
    urls = [p.url for p in made]
    made.clear()
    gc.collect()
    alive = [url for url, ref in zip(urls, refs, strict=True) if ref() is not None]
    assert alive == [HOME]  # the shared facts keep the home page, nothing keeps the rest
    facts = KeepFacts.kept[0]
    assert facts.home is not None and facts.home.url == HOME
    assert facts.published[HOME + "news/1.html"] == date(2026, 11, 18)
    assert [m.asked for m in facts.messages] == [date(2026, 10, 1)]
    assert found  # the audit did run


def test_nightly_reused_pages_are_audited_with_todays_word_lists(demo_patrol, tmp_path) -> None:
    """Pages a nightly run copied from the night before get today's lists: no stale cache."""
    from govpatrol.run import audit_run
    from govpatrol.store import Store

    db = tmp_path / "night.db"
    with sqlite3.connect(demo_patrol.db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    store = Store(db)
    first = store.run(1)
    second = store.start_run(first["site"], first["url"], AS_OF, {})
    for url in sorted(store.crawled_urls(1)):
        store.copy_page(1, second, url)
    words = tmp_path / "words.txt"
    words.write_text("word\tcategory\tseverity\tsuggestion\tnote\n"
                     "营商环境\tbanned_usage\tmajor\t营商环境（测试）\t今晚新加的词\n",
                     encoding="utf-8")
    before = audit_run(store, second, AuditContext(as_of=AS_OF))
    after = audit_run(store, second, AuditContext(
        as_of=AS_OF, settings=AuditSettings(config_dir=str(tmp_path), wordlists=("words.txt",))))
    new = {f.url for f in after if f.text == "营商环境"} - {f.url for f in before}
    reused = store.reused_urls(second, 1)
    assert new and new <= reused
    store.close()
