"""Two witnesses against a dictionary word (issue 11, layer 2: twins.py): jieba holds frequent
misspellings as words (松驰, 渡假, 暴燥, 气慨, 渲泄); one whose confusable twin is far more frequent
in jieba's counts and in wordfreq's, by a known confusion, is reported with both ratios.
The correct twins, and the real words that the two ratios alone would convict, stay silent."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from govpatrol.auditors.text import check_text, lexical, twins
from govpatrol.auditors.text.lexicon import jieba_words


def typos(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.suggestion) for f in check_text(text, ("typo",))]


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("受货币政策松驰影响，市场流动性保持合理充裕。", "松驰", "松弛"),
    ("这里将建成集休闲、渡假、康养于一体的旅游目的地。", "渡假", "度假"),
    ("周末去海边渡假区游玩。", "渡假", "度假"),  # the correction inside a longer word: 度假区
    ("个别窗口工作人员态度暴燥，群众反映强烈。", "暴燥", "暴躁"),
    ("展现了新时代青年的英雄气慨。", "气慨", "气概"),  # 英雄气概
    ("为青少年提供合理渲泄情绪的渠道。", "渲泄", "宣泄"),
])
def test_a_dictionary_word_misspelt_is_reported(text: str, wrong: str, right: str) -> None:
    assert ("typo.lexical", wrong, right) in typos(text)


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("双方于当日签定合作框架协议。", "签定", "签订"),
    ("该书装祯精美，获评年度最美图书。", "装祯", "装帧"),
])
def test_what_the_ratios_cannot_convict_the_bundled_list_names(text: str, wrong: str,
                                                                 right: str) -> None:
    """签定 is too frequent in jieba and 装帧 too rare for the two witnesses: the list has them."""
    assert any(found[1:] == (wrong, right) for found in typos(text))


def test_the_finding_states_both_witnesses() -> None:
    [found] = check_text("个别窗口工作人员态度暴燥，群众反映强烈。", ("typo",))
    variant = lexical.variants()["暴燥"]
    jieba_ratio = round(variant.word_freq / variant.variant_freq)
    assert f"在jieba词典中是“暴燥”的{jieba_ratio}倍" in found.message
    assert f"在wordfreq语料中是其{variant.wordfreq_ratio:.0f}倍" in found.message
    assert variant.wordfreq_ratio >= twins.WORDFREQ_RATIO["homophone"]


@pytest.mark.parametrize("clean", [
    "要防止松弛的货币政策带来资产价格泡沫。",
    "建设一批国家级旅游度假区。",
    "用人单位应当依法与劳动者签订劳动合同。",
    "引导群众通过合法渠道宣泄情绪。",
    "展现了新时代青年的英雄气概。",
    "个别工作人员脾气暴躁，群众反映强烈。",
    "该书装帧精美，获评年度最美图书。",
])
def test_the_correct_twins_are_silent(clean: str) -> None:
    assert typos(clean) == []


def _wordfreq_ratio(word: str, variant: str) -> float:
    from wordfreq import word_frequency

    return (word_frequency(word, "zh", wordlist=twins.WORDLIST)
            / word_frequency(variant, "zh", wordlist=twins.WORDLIST))


@pytest.mark.parametrize(("text", "variant", "twin"), [
    # real phrases of government text (policy titles, a 政务公开 plan) whose word the two
    # ratios alone would convict: no known confusion of 夏/假, 察/查, 工/公
    ("国务院办公厅关于做好电力迎峰度夏工作的通知", "度夏", "度假"),
    ("加大在线监测、项目稽察、执法检查力度。", "稽察", "稽查"),
    ("国务院关于抓紧今年工交生产努力增产增收,保证完成国家计划的通知", "工交", "公交"),
    # look-alike by pycorrector's stroke data only, not by the phonetic series: 暑/理
    ("今日处暑，秋意渐浓。", "处暑", "处理"),
])
def test_the_known_confusion_filter_spares_real_words(text: str, variant: str, twin: str) -> None:
    words = jieba_words()
    assert twins.candidate(words[twin], words[variant], "sound") or twins.candidate(
        words[twin], words[variant], "shape")  # jieba's witness alone would convict ...
    assert _wordfreq_ratio(twin, variant) >= twins.WORDFREQ_RATIO["homophone"]  # ... and wordfreq's
    assert variant not in lexical.variants()
    assert typos(text) == []


@pytest.mark.parametrize("clean", [
    "开通12345民声热线，倾听群众呼声。",  # 民声: a word of its own (typo_allow.tsv)
    "干部要常到群众家中拉家常。",  # 家常/家长: above the frequency cap
    "把为民办实事当作正事来抓。",  # 正事/正是
])
def test_real_words_with_a_frequent_twin_are_silent(clean: str) -> None:
    assert typos(clean) == []


def test_check_text_does_not_load_wordfreq_once_the_table_is_cached() -> None:
    """wordfreq is read when the lexical table is built, then the table comes from the text
    cache: a one-sentence check must not pay wordfreq's (and its jieba's) start-up."""
    lexical.variants()  # built (or loaded) into this session's cache directory
    code = ("import sys; from govpatrol.auditors.text import check_text; "
            "found = check_text('个别窗口工作人员态度暴燥。', ('typo',)); "
            "print(len(found), 'wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ), check=True)
    assert out.stdout.split() == ["1", "False"]
