"""Sensitive words as spam writes them (issue 17 items 7 and 11): cue words excuse a hit only
when the sentence fights it, pinyin and mixed-script names, oaths told from possessives."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors.text import check_text

AS_OF = date(2025, 6, 1)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in check_text(text, as_of=AS_OF, published=date(2025, 3, 1))
            if f.category in ("sensitive", "wrong_expression")]


@pytest.mark.parametrize("text, rule, word", [
    ("温馨提醒：六合彩特码今晚开奖，加微信领取。", "sensitive.gambling", "六合彩"),
    ("出售冰毒，远离烦恼。", "sensitive.drugs", "出售冰毒"),
    ("举报有奖！真人荷官在线发牌，加微信领取彩金。", "sensitive.gambling", "真人荷官"),
])
def test_spam_carrying_a_cue_word_is_still_spam(text, rule, word):
    assert (rule, word) in found(text)


@pytest.mark.parametrize("text", [
    "温馨提醒：请广大群众远离六合彩等非法赌博。",
    "请远离毒品，拒绝出售冰毒等违法行为。",
    "依法打击网络赌博、六合彩等违法犯罪活动。",
    "开展禁毒宣传，揭露冰毒、海洛因的危害。",
    "欢迎举报六合彩、私彩等赌博线索。",
])
def test_a_notice_fighting_the_thing_is_clean(text):
    assert found(text) == []


@pytest.mark.parametrize("text, word", [
    ("小区出现falungong传单。", "falungong"),
    ("他在FaLunGong网站发帖。", "FaLunGong"),
    ("小区出现法lun功传单。", "法lun功"),
    ("转发li洪志讲法。", "li洪志"),
])
def test_pinyin_and_mixed_script_names(text, word):
    assert ("sensitive.cult", word) in found(text)


def test_a_latin_spelling_inside_a_longer_word_is_not_the_name():
    assert found("访问 www.xfalungongx.com 查看。") == []


@pytest.mark.parametrize("text, expected", [
    ("他妈的电话打不通，请联系社区。", []),  # his mother's telephone
    ("他妈的身体不好，需要照顾。", []),
    ("他妈的，什么玩意。", [("sensitive.insult", "他妈的")]),
    ("这他妈的太过分了。", [("sensitive.insult", "他妈的")]),
])
def test_an_oath_is_told_from_a_possessive_by_the_word_after_it(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text, rule, quoted", [
    ("新用户首充100送38元，天天返水。", "sensitive.gambling", "首充100送38元"),
    ("充值即送88元彩金，提款秒到。", "sensitive.gambling", "充值即送88元"),
    ("在家兼职日赚500元，轻松上手。", "sensitive.fraud", "日赚500元"),
    ("宝妈兼职，日入过千，当天结算。", "sensitive.fraud", "日入过千"),
    ("代开各类发票，可验证，电话13800138000。", "sensitive.fraud", "代开各类发票"),
    ("办证刻章，联系13800138000。", "sensitive.fraud", "办证刻章"),
    ("代办毕业证、学位证，微信abc123。", "sensitive.fraud", "代办毕业证"),
    ("百家乐下注返水高，加微信abc123。", "sensitive.gambling", "百家乐下注返水高，加微信"),
])
def test_ads_are_found_as_written_with_amounts_and_hooks_between_the_words(text, rule, quoted):
    assert (rule, quoted) in found(text)


@pytest.mark.parametrize("text", [
    "纳税人可向税务机关申请代开增值税发票，咨询电话12366。",
    "办证大厅咨询电话：0471-1234567。",
    "充值缴费请到营业厅办理。",
    "关注政务微信公众号，获取办事指南。",
    "居民身份证办理须本人到场，咨询电话：0471-1234567。",
])
def test_government_services_that_share_the_words_are_clean(text):
    assert found(text) == []


@pytest.mark.parametrize("text, wrong", [
    ("推动中港合作迈上新台阶。", "中港合作"),
    ("促进中台关系发展。", "中台关系"),
    ("中国和台湾的贸易往来日益密切。", "中国和台湾"),
])
def test_regions_are_not_run_together_with_china(text, wrong):
    assert ("expression.banned_usage", wrong) in found(text)


@pytest.mark.parametrize("text", [
    "中国台湾地区的企业来访。", "中澳自由贸易协定生效。", "推动两岸关系和平发展。",
    "内地与香港合作不断深化。",
])
def test_approved_usages_are_clean(text):
    assert found(text) == []
