"""Required structure: the six parts of 政府信息公开, policy metadata, annual reports and their
application table (seed 003 adds up; a made-up report does not)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govpatrol.auditors import AuditContext, run_all
from govpatrol.auditors.annual_report import check_table, read_rows
from govpatrol.model import CATEGORIES, Column, Item, Link, Page, SiteRecords

SITE = "示例市人民政府"
HOME = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 20)
SEED_003 = Path(__file__).resolve().parent / "data" / "seeds" / "003_5ead8cc1c8ee6d6d.txt"
PARTS = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报",
         "政府网站工作报表", "依申请公开"]
REPORTS = [Item(f"{HOME}zfxxgk/nb/1.html", "示例市2025年政府信息公开工作年度报告", date(2026, 1, 20)),
           Item(f"{HOME}zfxxgk/nb/2.html", "示例市人民政府网站2025年度工作报表", date(2026, 1, 20))]


def column(name: str, parent: str | None = "政府信息公开", items: list[Item] | None = None,
           slug: str | None = None) -> Column:
    slug = slug or str(abs(hash(name)))
    return Column(site=SITE, name=name, url=f"{HOME}{slug}/index.html", parent=parent,
                  items=items or [Item(f"{HOME}{slug}/1.html", "信息", date(2026, 11, 1))])


def home() -> Page:
    return Page(site=SITE, url=HOME, status=200, kind="home", title="示例市人民政府",
                links=[Link(f"{HOME}zfxxgk/index.html", "a", "政府信息公开")])


def disclosure(missing: str | None = None) -> list[Column]:
    hub = column("政府信息公开", parent=None, slug="zfxxgk")
    parts = [column(p) for p in PARTS if p != missing]
    parts[-1].items.extend(REPORTS)
    return [hub, *parts]


def audit(columns: list[Column], pages: list[Page], as_of: date = AS_OF) -> list:
    records = SiteRecords.from_lists(SITE, HOME, columns, pages)
    return list(run_all(records, AuditContext(as_of=as_of), only=["structure"]))


def rules(findings: list) -> list[str]:
    return sorted(f.rule for f in findings)


def test_complete_disclosure_column_has_no_findings() -> None:
    assert audit(disclosure(), [home()]) == []
    assert CATEGORIES["missing_structure"] == "栏目或要素缺失"


@pytest.mark.parametrize(("missing", "rule"), [
    ("政府网站工作报表", "structure.disclosure.website_report"),
    ("依申请公开", "structure.disclosure.on_request"),
    ("政府信息公开指南", "structure.disclosure.guide"),
])
def test_one_missing_part(missing: str, rule: str) -> None:
    findings = audit(disclosure(missing), [home()])
    assert rules(findings) == [rule]
    assert findings[0].url == f"{HOME}zfxxgk/index.html"
    assert findings[0].column == "政府信息公开"
    assert missing in findings[0].message


def test_parts_found_as_anchors_of_the_hub_page() -> None:
    hub_page = Page(site=SITE, url=f"{HOME}zfxxgk/index.html", status=200, kind="page",
                    title="政府信息公開", links=[Link(f"{HOME}x{i}", "a", p)
                                              for i, p in enumerate(PARTS[:-1])])
    columns = [Column(site=SITE, name="年报", url=f"{HOME}nb/", items=REPORTS)]
    findings = audit(columns, [home(), hub_page])
    assert rules(findings) == ["structure.disclosure.on_request"]
    assert findings[0].url == hub_page.url


def test_no_disclosure_column_at_all() -> None:
    columns = [column("要闻", parent=None, items=REPORTS)]
    assert rules(audit(columns, [home()])) == ["structure.disclosure"]


def test_site_wide_checks_need_a_home_page() -> None:
    assert audit([column("要闻", parent=None)], []) == []


# --- policy metadata --------------------------------------------------------------------------


def policy(slug: str, column_name: str = "政策文件", **metadata: str) -> Page:
    return Page(site=SITE, url=f"{HOME}zcwj/{slug}.html", status=200, kind="detail",
                title=f"关于印发{slug}的通知", column=column_name, department="市司法局",
                metadata=metadata, published=date(2026, 11, 2))


def test_policy_metadata_completeness() -> None:
    complete = policy("a", index_number="11441700007280420Y/2026-00050", doc_number="示府〔2026〕1号",
                      publisher="示例市人民政府", formed="2026-10-30")
    partial = policy("b", publisher="示例市人民政府", formed="2026-10-30")
    interpretation = policy("c", column_name="政策解读")
    findings = audit(disclosure(), [home(), complete, partial, interpretation])
    assert rules(findings) == ["structure.metadata"]
    f = findings[0]
    assert (f.url, f.severity, f.department) == (partial.url, "minor", "市司法局")
    assert "索引号、发文字号" in f.message and "发布日期" not in f.message


# --- annual reports by 31 January -------------------------------------------------------------


def test_annual_reports_due_after_31_january() -> None:
    columns = [c for c in disclosure()]
    columns[-1].items[:] = columns[-1].items[:1]  # no reports
    assert audit(columns, [home()], as_of=date(2026, 1, 31)) == []
    findings = audit(columns, [home()], as_of=date(2026, 2, 1))
    assert rules(findings) == ["structure.annual.disclosure_report",
                               "structure.annual.website_report"]
    assert "2025年度政府信息公开工作年度报告" in findings[0].message


def test_last_years_report_in_traditional_characters_counts() -> None:
    columns = disclosure()
    columns[-1].items[-2] = Item(f"{HOME}nb/3.html", "2025年政府信息公開工作年度報告")
    assert audit(columns, [home()], as_of=date(2026, 3, 1)) == []
    columns[-1].items[-2] = Item(f"{HOME}nb/3.html", "2024年政府信息公开工作年度报告")
    assert rules(audit(columns, [home()], as_of=date(2026, 3, 1))) == [
        "structure.annual.disclosure_report"]


# --- the application table --------------------------------------------------------------------


def report_page(text: str) -> Page:
    return Page(site=SITE, url=f"{HOME}nb/2025.html", status=200, kind="detail",
                title="2025年政府信息公开工作年度报告", text=text, column="政府信息公开年报")


def test_seed_003_adds_up() -> None:
    text = SEED_003.read_text(encoding="utf-8")
    rows = read_rows(text)
    assert len(rows) == 25 and all(len(r.values) == 7 for r in rows)
    assert check_table(text) == []
    assert audit(disclosure(), [home(), report_page(text)]) == []


def html_table(new: int, carried: int, results: list[int], forward: int, total: int) -> str:
    """The table as stored page text: one cell per line (seven applicant columns)."""
    def row(label: str, n: int) -> str:
        return "\n".join([label, str(n), *["0"] * 5, str(n)])
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计",
             row("一、本年新收政府信息公开申请数量", new), row("二、上年结转政府信息公开申请数量", carried),
             "三、本年度办理结果", row("（一）予以公开", results[0]),
             row("（二）部分公开", results[1]), "（三）不予公开", row("1.属于国家秘密", results[2]),
             row("（七）总计", total), row("四、结转下年度继续办理", forward),
             "四、政府信息公开行政复议、行政诉讼情况", "0", "0"]
    return "\n".join(lines)


def test_a_table_that_adds_up() -> None:
    assert check_table(html_table(10, 2, [7, 2, 1], 2, 10)) == []


def test_a_table_that_does_not_add_up_is_a_finding() -> None:
    text = html_table(10, 2, [7, 2, 1], 1, 10)  # 10 + 2 != 10 + 1
    problems = check_table(text)
    assert [(p.check, p.column) for p in problems] == [("balance", "自然人"), ("balance", "总计")]
    findings = audit(disclosure(), [home(), report_page(text)])
    assert rules(findings) == ["structure.annual_table"]
    assert "本年新收10＋上年结转2＝12，办理结果总计10＋结转下年度1＝11" in findings[0].message
    assert findings[0].severity == "major"


def test_a_total_row_that_is_not_the_sum_of_the_results() -> None:
    problems = check_table(html_table(10, 2, [7, 2, 0], 2, 10))  # 7 + 2 + 0 != 10
    assert {p.check for p in problems} == {"total"}
    assert "各项办理结果之和为9，总计行为10" in problems[0].detail


def test_seed_003_with_a_changed_number_no_longer_adds_up() -> None:
    text = SEED_003.read_text(encoding="utf-8").replace(
        "二、上年結轉政府信息公開申請數量 | 0 | 0", "二、上年結轉政府信息公開申請數量 | 4 | 0")
    assert [p.column for p in check_table(text)] == ["自然人"]


def test_hub_page_title_with_the_site_name_after_it() -> None:
    hub_page = Page(site=SITE, url=f"{HOME}xxgk/index.html", status=200, kind="page",
                    title="政府信息公开_示例市人民政府",
                    links=[Link(f"{HOME}x{i}", "a", p) for i, p in enumerate(PARTS)])
    columns = [Column(site=SITE, name="年报", url=f"{HOME}nb/", items=REPORTS)]
    assert audit(columns, [home(), hub_page]) == []


def test_the_scan_keeps_only_names_that_can_answer_and_finds_what_keeping_all_finds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A site's titles are one a page; the parts and annual documents are looked for in a
    few of them. Only names holding a keyword (as they are, or with the year taken out:
    「网站2025年度工作报表」) are kept, and the findings are those of keeping every name."""
    from govpatrol.auditors.structure import Structure, StructureRules

    columns = disclosure()
    columns[-1].items.remove(REPORTS[1])  # the website report only as a page title below
    news = [Page(site=SITE, url=f"{HOME}xw/{i}.html", status=200, kind="detail",
                 title=f"示例市召开第{i}次政府常务会议", column="政务要闻") for i in range(300)]
    report = Page(site=SITE, url=f"{HOME}nb/2.html", status=200, kind="detail",
                  title="示例市人民政府网站2025年度工作报表", column="政府信息公开年报")
    pages = [home(), *news, report]

    kept = audit(columns, pages)
    assert kept == []
    # without that one page, the year's website report is missing: the title was what counted
    assert rules(audit(columns, pages[:-1])) == ["structure.annual.website_report"]

    structure = Structure(SiteRecords.from_lists(SITE, HOME, columns, pages),
                          AuditContext(as_of=AS_OF))
    for page in pages:
        structure.page(page)
    assert structure.scan.names == {"示例市人民政府网站2025年度工作报表"}

    monkeypatch.setattr(StructureRules, "name_matters", lambda self, name: True)
    assert audit(columns, pages) == kept
    assert rules(audit(columns, pages[:-1])) == ["structure.annual.website_report"]
