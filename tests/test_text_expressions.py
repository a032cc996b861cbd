"""wrong_expression: renamed institutions (date-aware) and banned usages."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import expressions

AS_OF = date(2025, 6, 1)


def found(text: str, published: date | None = date(2025, 3, 1)) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.suggestion)
            for f in expressions.check(text, as_of=AS_OF, published=published)]


@pytest.mark.parametrize("text, name, current", [
    ("国家工商总局发布通知。", "国家工商总局", "国家市场监督管理总局"),
    ("经国家卫生计生委同意。", "国家卫生计生委", "国家卫生健康委员会"),
    ("会同国家安全生产监督管理总局开展检查。", "国家安全生产监督管理总局", "应急管理部"),
    ("报国土资源部备案。", "国土资源部", "自然资源部"),
    ("中国国家旅游局发布。", "国家旅游局", "文化和旅游部"),
    ("环境保护部通报了检查结果。", "环境保护部", "生态环境部"),
    ("由国务院扶贫开发领导小组办公室牵头。", "国务院扶贫开发领导小组办公室",
     "国家乡村振兴局（现由农业农村部加挂牌子）"),
    ("农业部印发通知。", "农业部", "农业农村部"),
    ("文化部、国家旅游局联合发文。", "国家旅游局", "文化和旅游部"),
    ("国家质检总局开展抽查。", "国家质检总局", "国家市场监督管理总局"),
    ("国家食品药品监督管理总局通告。", "国家食品药品监督管理总局",
     "国家市场监督管理总局（药品：国家药品监督管理局）"),
    ("监察部通报。", "监察部", "国家监察委员会"),
    ("国家新闻出版广电总局批准。", "国家新闻出版广电总局",
     "国家广播电视总局（新闻出版：国家新闻出版署）"),
    ("联系县工商局办理。", "工商局", "市场监督管理局"),
    ("中国银保监会发布。", "中国银保监会", "国家金融监督管理总局"),
])
def test_outdated_institutions(text, name, current):
    assert ("expression.outdated_institution", name, current) in found(text)


@pytest.mark.parametrize("text, published", [
    ("国家工商总局发布通知。", date(2017, 6, 1)),  # the page predates the change
    ("2016年，国家旅游局印发通知。", None),  # the sentence is about an earlier year
    ("原国家工商总局的职责已整合。", None),
    ("时任国家旅游局局长出席。", None),
    ("国家旅游局更名为文化和旅游部。", None),
    ("根据《国家卫生计生委关于做好家庭医生签约服务的通知》执行。", None),  # a cited title
    ("农业部门要加强指导。", None), ("文化部门牵头。", None), ("环境保护部门依法查处。", None),
    ("美国农业部发布报告。", None), ("泰国国家旅游局代表来访。", None),
    ("市场监督管理局（原工商局）。", None), ("国家乡村振兴局和农业农村部。", None),
    ("国家海洋局（自然资源部）。", None),
])
def test_outdated_controls(text, published):
    assert found(text, published) == []


def test_page_date_comes_from_its_signoff_line_when_unknown():
    doc = "关于开展检查的通知\n请自治区工商局牵头落实。\n\n2016年5月18日\n"
    assert found(doc, published=None) == []
    assert found(doc.replace("2016年5月18日", "2024年5月18日"), published=None) == [
        ("expression.outdated_institution", "工商局", "市场监督管理局")]


@pytest.mark.parametrize("text, wrong, right", [
    ("台湾政府发言人称。", "台湾政府", "台湾当局"),
    ("台湾总统出席活动。", "台湾总统", "台湾地区领导人"),
    ("中华民国总统蔡某。", "中华民国总统", "台湾地区领导人"),
    ("现行中华民国宪法。", "中华民国", "台湾地区（或写明历史时期）"),
    ("与美国、新加坡、香港等国家开展合作。", "香港等国家", "香港等国家和地区"),
    ("赴日本、澳门等8个国家考察。", "澳门等8个国家", "澳门等8个国家和地区"),
    ("推动大陆与香港的交流。", "大陆与香港", "内地与香港"),
    ("庆祝香港主权移交25周年。", "香港主权移交", "香港回归"),
])
def test_banned_usages(text, wrong, right):
    assert ("expression.banned_usage", wrong, right) in found(text)


@pytest.mark.parametrize("text", [
    "中华民国成立于1912年。", "《中华民国史》出版。", "台湾地区所谓“中华民国”。",
    "与美国、日本、香港等国家和地区开展合作。", "香港国家安全法实施。", "印度支那半岛。",
    "密支那位于缅甸北部。", "台湾国民党主席。", "这回回答得很好。",
])
def test_banned_usage_controls(text):
    assert found(text) == []
