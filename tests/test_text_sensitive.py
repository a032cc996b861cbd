"""sensitive: seven categories, veto for the first three, variants, cues, whitelists."""

from __future__ import annotations

from datetime import date

import pytest

from govpatrol.auditors import sensitive
from govpatrol.auditors.text import TextOptions

AS_OF = date(2025, 6, 1)


def found(text: str, options: TextOptions | None = None) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.text)
            for f in sensitive.check(text, as_of=AS_OF, options=options)]


@pytest.mark.parametrize("text, rule, severity, word", [
    ("网页底部出现“法轮大法好”字样。", "sensitive.reactionary", "veto", "法轮大法好"),
    ("有网民留言支持台独。", "sensitive.reactionary", "veto", "台独"),
    ("专业仿真枪出售，货到付款。", "sensitive.violence", "veto", "仿真枪出售"),
    ("点击进入成人视频专区。", "sensitive.pornography", "veto", "成人视频"),
    ("真人荷官在线发牌，注册送彩金。", "sensitive.gambling", "major", "真人荷官"),
    ("出售冰毒，量大从优。", "sensitive.drugs", "major", "出售冰毒"),
    ("扫码加入全能神，得永生。", "sensitive.cult", "major", "全能神"),
    ("回复：你个傻逼。", "sensitive.insult", "major", "傻逼"),
    ("大师算命，一次一百。", "sensitive.cult", "minor", "算命"),
])
def test_categories_and_severity(text, rule, severity, word):
    assert (rule, severity, word) in found(text)


@pytest.mark.parametrize("text, quoted", [
    ("网上有法*轮*功传单。", "法*轮*功"),
    ("网上有法 轮 功传单。", "法 轮 功"),
    ("网上有法·轮·功传单。", "法·轮·功"),
    ("网上有法輪功传单。", "法輪功"),  # traditional form
    ("免费看ＡＶ女优视频。", "ＡＶ女优"),  # full-width letters
    ("六 合 彩 开奖结果。", "六 合 彩"),
])
def test_variants_are_found_and_quoted_as_written(text, quoted):
    assert [w for _, _, w in found(text)] == [quoted]


@pytest.mark.parametrize("text", [
    "这幅画色彩鲜艳。", "请开具增值税发票。", "他在赌气。", "加强吸毒人员服务管理。",
    "开展禁毒宣传，揭露冰毒、海洛因的危害。", "依法打击网络赌博、六合彩等违法犯罪活动。",
    "严厉打击卖淫嫖娼违法犯罪活动。", "坚决打击“台独”分裂活动。", "坚决反对台独分裂势力。",
    "反邪教宣传：法轮功是邪教组织。", "西藏独特的自然风光。", "平台独立运营。", "香港独特的优势。",
    "新疆独特的气候。", "实行统一教育。", "提供综合性服务。", "表情色彩丰富。", "广东突出发展优势。",
    "修改运行参数。", "开支那么大。", "新时代革命老区振兴发展。", "做好羊毛片区销售。",
])
def test_ordinary_and_anti_crime_text_is_clean(text):
    assert found(text) == []


def test_whitelist_overrides_a_hit():
    text = "图书馆收藏《台独问题研究》一书。"
    assert found(text)  # no cue in this sentence
    assert found(text, TextOptions(whitelist=("台独问题研究",))) == []
