"""The lexical typo layer (issue 11, layers 1, 2 and 5): misspellings one confusable character
away from a far more frequent word or 成语 are found without being listed; clean text is silent."""

from __future__ import annotations

import pytest

from govpatrol.auditors.text import check_text, confusables, lexical


def typos(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.suggestion) for f in check_text(text, ("typo",))]


def test_confusion_sets_carry_their_evidence() -> None:
    assert confusables.confusable("署", "暑") == "sound"
    assert confusables.confusable("帧", "祯") == "series"  # one phonetic series: 贞
    assert confusables.confusable("胫", "径") == "series"
    assert confusables.confusable("署", "山") is None


@pytest.mark.parametrize(("window", "idiom"), [
    ("穿流不息", "川流不息"), ("貌和神离", "貌合神离"), ("自抱自弃", "自暴自弃"),
    ("滥芋充数", "滥竽充数"), ("不径而走", "不胫而走"), ("蛛丝蚂迹", "蛛丝马迹"),
])
def test_idiom_near_misses_are_found_by_their_halves(window: str, idiom: str) -> None:
    anchors = lexical.idiom_anchors()
    found = [lexical.idiom_variant(window, i, f)
             for half, offset in ((window[:2], 0), (window[2:], 2))
             for i, off, f in anchors.get(half, []) if off == offset]
    assert any(v is not None and v.word == idiom and v.idiom for v in found)


def test_an_unlisted_idiom_misspelling_is_reported_with_its_evidence() -> None:
    found = check_text("两个部门貌和神离，意见莫衷一事。", ("typo",))
    assert [(f.rule, f.text, f.suggestion) for f in found] == [
        ("typo.idiom", "貌和神离", "貌合神离"), ("typo.idiom", "莫衷一事", "莫衷一是")]
    assert "同音字" in found[0].message and "成语" in found[0].message


def test_a_frequent_word_misspelt_is_found_without_a_list() -> None:
    assert lexical.variants()["部暑"].word == "部署"
    assert ("部暑", "部署") in [(t, s) for _r, t, s in typos("要认真抓好部暑落实工作。")]


@pytest.mark.parametrize("clean", [
    "节日期间街上车辆川流不息。",
    "要认真抓好部署落实工作。",
    "我们认识的人都来了。",  # 的人 reads as two words, whatever 得人 might be
    "国务院办公厅关于印发政府网站发展指引的通知",
    "各地区、各部门要把思想和行动统一到党中央决策部署上来，扎实推进各项工作。",
])
def test_correct_text_is_silent(clean: str) -> None:
    assert [r for r in typos(clean) if r[0] in ("typo.lexical", "typo.idiom")] == []


@pytest.mark.parametrize(("text", "wrong", "right"), [
    # dictionary entries (jieba holds these misspellings), found by the 成语 ten times as frequent
    ("群众反映问题后他总是哀声叹气，显得无精打彩。", "哀声叹气", "唉声叹气"),
    ("群众反映问题后他总是哀声叹气，显得无精打彩。", "无精打彩", "无精打采"),
    ("现场令人毛骨耸然。", "毛骨耸然", "毛骨悚然"),  # 耸/悚: one reading, not in the sets
    ("对受损群众依法予以赔尝。", "赔尝", "赔偿"),  # a word of frequency 1,072 misspelt
])
def test_misspellings_found_by_frequency_evidence(text: str, wrong: str, right: str) -> None:
    assert (wrong, right) in [(t, s) for _r, t, s in typos(text)]


@pytest.mark.parametrize("clean", [
    "对受损群众依法予以赔偿。",
    "群众办事要跑很多趟，大家都唉声叹气。",
    "桃之夭夭，灼灼其华。",  # a 成语 of its own (wordlists/typo_allow.tsv), not 逃之夭夭 misspelt
    "全市接待游客千姿万态的民俗表演吸引了众多市民。",
])
def test_evidence_spares_correct_text(clean: str) -> None:
    assert typos(clean) == []


def test_a_doubled_pronoun_after_a_verb_is_object_then_subject() -> None:
    """Layer 6: 我问他他怎么变了 is 问他 / 他怎么变了; 会上，他他说明了情况 is a doubling."""
    assert typos("我问他他怎么变了那么多。") == []
    assert typos("我告诉她她的申请已经受理。") == []
    assert typos("会上，他他说明了情况。") == [("typo.duplicate", "他他", "他")]
