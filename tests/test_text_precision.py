"""Precision by evidence (issue 17): a listed name, outdated name or misspelling stands unless
the words around it really read otherwise; each filter is shown with the real phrases it hides
and the real phrases it must not hide."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors.text import check_text

AS_OF = date(2025, 6, 1)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in check_text(text, as_of=AS_OF, published=date(2025, 3, 1))]


@pytest.mark.parametrize("text, rule, word", [
    # 局部 is a word, but the sentence reads 国家工商总局/部署
    ("国家工商总局部署开展专项行动。", "expression.outdated_institution", "国家工商总局"),
    ("国家工商总局部署了检查工作。", "expression.outdated_institution", "国家工商总局"),
    ("农业部门户网站发布通知。", "expression.outdated_institution", "农业部"),  # 门户网站
    ("国土局部分同志参加会议。", "expression.outdated_institution", "国土局"),  # 部分同志
    ("印发文化部通知。", "expression.outdated_institution", "文化部"),  # 发文 is a word too
    # 神教 and 会会 are words, yet these read 全能神/教会, 门徒会/会员
    ("扫码加入全能神教会。", "sensitive.cult", "全能神"),
    ("门徒会会员在此聚会。", "sensitive.cult", "门徒会"),
    # a misspelt idiom followed by a word that starts with a character pairing with its last one
    ("全市上下踔励奋发展现新担当。", "typo.confusion", "踔励奋发"),
    ("要贯切落实行业主管部门责任。", "typo.confusion", "贯切落实"),
])
def test_a_listed_word_stands_when_its_neighbour_begins_a_word_of_its_own(text, rule, word):
    assert (rule, word) in found(text)


@pytest.mark.parametrize("text", [
    "农业部门要加强指导。", "环境保护部门依法查处。", "文化部门牵头。",  # 部门: a false tail
    "做好工程建设部署工作。",  # 建设/部署
    "实行统一教育。",  # 统一/教育, not the cult 统一教
    "平台独立运营。", "修改运行参数。",  # two-character entries glued into words
    "予以公布署名文章。",  # 公布/署名, not the misspelling 布署
])
def test_a_match_the_segmentation_reads_through_is_not_a_hit(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "国务院办公厅转发住房城乡建设部关于完善质量保障体系提升建筑工程品质指导意见的通知。",
    "住房和城乡建设部、国家发展改革委联合印发通知。",
    "省住房城乡建设厅组织开展检查。",
    "学校党委组织人事部发布招聘公告。",  # 人事部 inside a current department's name
])
def test_a_current_name_shields_the_outdated_name_inside_it(text):
    assert [r for r, _ in found(text) if r == "expression.outdated_institution"] == []


@pytest.mark.parametrize("text, word", [
    ("建设部印发通知。", "建设部"),
    ("住房和城乡建设部会同建设部原有关司局。", "建设部"),  # the shield covers only its own span
    ("国务院批转城乡建设环境保护部关于改革城市公共交通工作的报告。", "城乡建设环境保护部"),
    ("转发劳动人事部关于企业合理使用奖励基金的若干意见。", "劳动人事部"),
])
def test_an_outdated_name_outside_a_current_one_still_counts(text, word):
    assert ("expression.outdated_institution", word) in found(text)
