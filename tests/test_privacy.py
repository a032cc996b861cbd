"""个人信息泄露: unmasked ID-card, mobile and bank-card numbers on 公示 pages, validated.

The pages are what county sites really publish: a 低保 list with ID numbers and addresses, a
招聘 result list with phones, a 公示送达 notice with one ID. Each has a control: the same page
masked, and numbers that look personal but are not (credit codes, 索引号, 文号, 立案号, 运单号,
landlines, 12345).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from govpatrol.auditors import AuditContext, audit
from govpatrol.auditors.personal_data import (
    find_personal_numbers,
    luhn,
    mask,
    valid_bank_card,
    valid_id15,
    valid_id18,
)
from govpatrol.cli import main
from govpatrol.crawler.extract.page import extract_page
from govpatrol.model import CATEGORIES, Page, SiteRecords

SITE = "江河县人民政府"
AS_OF = date(2025, 6, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_card(first17: str) -> str:
    """A well-formed 18-digit number: `first17` plus its GB 11643 check digit."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def wrong_check_digit(first17: str) -> str:
    right = id_card(first17)[-1]
    return first17 + ("1" if right != "1" else "2")


def card(first: str) -> str:
    """`first` plus the Luhn digit that makes a valid card number."""
    return next(first + d for d in "0123456789" if luhn(first + d))


IDS = [id_card(f"4304211968{m:02d}1{n}31{n}") for m, n in ((3, 2), (7, 5), (11, 8))]
MOBILES = ["13907341234", "15873456789", "18674321098"]


def page_from_html(body: str, url: str = "http://www.jianghe.gov.cn/zwgk/gsgg/1.html") -> Page:
    html = f"<html><head><title>公示</title></head><body><div id='zoom'>{body}</div></body></html>"
    data = extract_page(lxml_html.fromstring(html), url)
    return Page(site=SITE, url=url, status=200, kind="detail", title=data.title,
                text=data.text, column="公示公告", department="县民政局")


def run(*pages: Page):
    records = SiteRecords.from_lists(SITE, "http://www.jianghe.gov.cn/", [], pages)
    return audit(records, AuditContext(as_of=AS_OF), only=["privacy"], strict=True)


def table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


DIBAO = ("<p>关于2025年5月城乡低保新增对象的公示</p>"
         "<p>根据《湖南省最低生活保障工作实施办法》，经审核，现将新增对象公示如下：</p>" + table(
             ["序号", "姓名", "身份证号码", "家庭住址", "保障人数"],
             [[str(i + 1), name, number, f"江河县城关镇{street}", "2"]
              for i, (name, number, street) in enumerate(zip(
                  ("张某某", "李某某", "王某某"), IDS, ("东风路12号", "新华村3组", "河西街8号"), strict=True))])
         + "<p>公示期：2025年5月20日至5月26日。监督电话：0734-6812345，12345热线。</p>")
ZHAOPIN = ("<p>江河县2025年公开招聘教师拟聘用人员名单公示</p>" + table(
    ["序号", "姓名", "性别", "准考证号", "联系电话"],
    [[str(i + 1), name, "女", f"2025043010{i}", phone]
     for i, (name, phone) in enumerate(zip(("刘某", "陈某", "周某"), MOBILES, strict=True))])
    + "<p>联系人：赵老师，联系电话：0734-6823456。</p>")


def test_categories_have_their_chinese_labels():
    assert CATEGORIES["privacy"] == "个人信息泄露"
    assert CATEGORIES["hidden_link"] == "暗链"
    assert CATEGORIES["blocked"] == "访问受限"
    assert {"cloaking", "external_link"} <= set(CATEGORIES)


def test_validators_follow_gb11643_luhn_and_dates():
    assert valid_id18(IDS[0])
    assert not valid_id18(wrong_check_digit(IDS[0][:17]))  # 立案号-like: check digit fails
    assert not valid_id18(id_card("99010519900307001"))  # no province 99
    assert not valid_id18(id_card("11010519900230001"))  # 30 February
    assert not valid_id18(id_card("11010520300307001"), latest_year=2025)  # born in the future
    assert valid_id15("430421680312215")  # 1968-03-12
    assert not valid_id15("430421681312215")  # month 13
    assert valid_bank_card(card("622202123456789012"))
    assert not valid_bank_card(card("123456789012345678"))  # no issuer starts with 1
    assert mask(IDS[0], "id_card") == IDS[0][:6] + "********" + IDS[0][-4:]
    assert mask("13812345678", "mobile") == "138****5678"


def test_dibao_list_with_ids_and_addresses_is_major_and_masked():
    findings = run(page_from_html(DIBAO))
    assert [(f.category, f.rule, f.severity) for f in findings] == [
        ("privacy", "privacy.id_card", "major")]
    finding = findings[0]
    assert finding.text == IDS[0][:6] + "********" + IDS[0][-4:]
    assert "3 个未脱敏的身份证号码" in finding.message and "公示表格" in finding.message
    assert finding.department == "县民政局" and finding.column == "公示公告"
    dumped = json.dumps(finding.to_dict(), ensure_ascii=False)
    assert not any(number in dumped for number in IDS)


def test_recruitment_list_with_phones_is_major():
    findings = run(page_from_html(ZHAOPIN))
    assert [(f.rule, f.severity, f.text) for f in findings] == [
        ("privacy.mobile", "major", "139****1234")]
    assert not any(m in json.dumps(findings[0].to_dict()) for m in MOBILES)


def test_one_id_in_a_notice_is_minor_and_its_context_masked():
    notice = page_from_html(
        f"<p>公示送达</p><p>当事人：张某某，公民身份号码{IDS[1]}，住江河县城关镇。</p>"
        "<p>本局于2025年3月1日作出江环罚〔2025〕12号行政处罚决定书。</p>")
    (finding,) = run(notice)
    assert (finding.rule, finding.severity) == ("privacy.id_card", "minor")
    assert IDS[1] not in finding.context and finding.text in finding.context


def test_masked_lists_are_compliant():
    masked_dibao = DIBAO
    for number in IDS:
        masked_dibao = masked_dibao.replace(number, number[:6] + "********" + number[-4:])
    masked_zhaopin = ZHAOPIN
    for phone in MOBILES:
        masked_zhaopin = masked_zhaopin.replace(phone, phone[:3] + "****" + phone[-4:])
    assert run(page_from_html(masked_dibao), page_from_html(masked_zhaopin)) == []


def test_lookalike_numbers_are_not_personal_data():
    uscc_digits = "911101051234567890"  # an all-digit 统一社会信用代码-shaped value
    lookalikes = page_from_html(
        f"<p>统一社会信用代码：91430421MA4L2X3Y5K；信用代码 {uscc_digits}</p>"
        f"<p>索引号：{id_card('43042100000000001')}/2025-00123</p>"
        "<p>文号：江政发〔2025〕3号 发布日期：2025-05-20</p>"
        f"<p>立案号：{wrong_check_digit('43042119681231231')}</p>"
        f"<p>顺丰运单号：SF1234567890123，中通快递单号：{id_card('43042119680312215')}</p>"
        "<p>咨询电话：0734-6812345、(0734)6823456，市民热线12345，传真 0734-6812346</p>"
        "<p>营业执照注册号：430421680312215</p>"
        "<p>联系人：王科长，联系电话：13907349876</p>"
        "<p>项目编号：JHCG-2025-0012，预算金额：1380000000元</p>")
    assert run(lookalikes) == []


def test_digit_boundaries_keep_longer_runs_whole():
    assert list(find_personal_numbers("编码 2013800138000123 与 138001380001")) == []
    assert [n.kind for n in find_personal_numbers("电话13800138000。")] == ["mobile"]


def test_other_findings_never_quote_a_full_number():
    """A typo beside an ID number: its context goes out masked, like the privacy finding."""
    text = f"申请人张某某身份证号{IDS[2]}，请拔打电话核实。"
    records = SiteRecords.from_lists(SITE, "http://www.jianghe.gov.cn/", [], [
        Page(site=SITE, url="http://www.jianghe.gov.cn/a.html", status=200, text=text)])
    findings = audit(records, AuditContext(as_of=AS_OF), only=["typo", "privacy"], strict=True)
    assert {f.category for f in findings} == {"typo", "privacy"}
    assert not any(IDS[2] in json.dumps(f.to_dict(), ensure_ascii=False) for f in findings)


def test_check_text_reports_unmasked_numbers_masked(tmp_path: Path):
    draft = tmp_path / "公示.txt"
    draft.write_text("低保对象公示\n序号 姓名 身份证号码 家庭住址\n"
                     + "".join(f"{i} 张某 {n} 城关镇\n" for i, n in enumerate(IDS, 1)),
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["check-text", str(draft), "--json", "--as-of",
                                       "2025-06-01"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [(r["category"], r["severity"]) for r in rows] == [("privacy", "major")]
    assert not any(number in result.output for number in IDS)


#: Real government documents, vendored with the tests (never skipped for want of ../shared).
SEEDS = Path(__file__).parent / "data" / "seeds"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_documents_raise_no_privacy_finding(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    from govpatrol.auditors import privacy

    assert privacy.check(path.read_text(encoding="utf-8"), latest_year=2025) == []
