"""The text engine: normalisation with exact offsets, word lists, caching, config keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govpatrol.auditors import REGISTRY, AuditContext, AuditSettings, run_all
from govpatrol.auditors.text import TextOptions, check_text, get_engine
from govpatrol.auditors.text.normalise import fold, prepare
from govpatrol.auditors.text.wordlist import DEFAULT_LISTS, WORDLIST_DIR, WordlistError, read_tsv
from govpatrol.model import Page, SiteRecords

AS_OF = date(2025, 6, 1)


def test_fold_keeps_length_and_maps_full_width():
    text = "ＡＶ　ｐｋ１０，（一）Ｇｏｖ"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("av pk10，（一）gov")


def test_squeeze_maps_back_to_the_original():
    doc = prepare("网上有法 * 轮·功传单，法輪功")
    at = doc.squeezed.index("法轮功")
    start, end = doc.to_original(at, at + 3)
    assert doc.original[start:end] == "法 * 轮·功"
    assert doc.spans_separator(at, at + 3)
    second = doc.squeezed.rindex("法轮功")  # traditional form, found through t2s
    assert doc.original[slice(*doc.to_original(second, second + 3))] == "法輪功"


def test_findings_quote_the_page_exactly():
    text = "第一段。\n  网上有法 轮 功传单，还有ＡＶ女优视频。\n各部门要做好布署。"
    for finding in check_text(text, as_of=AS_OF):
        assert finding.text in text
        assert finding.context in text
        assert finding.text in finding.context
        assert "\n" not in finding.context


def test_bundled_lists_parse_and_are_big_enough():
    entries = [e for name in DEFAULT_LISTS for e in read_tsv(WORDLIST_DIR / name)]
    kinds = [e.kind for e in entries]
    assert kinds.count("confusion") >= 1500
    assert kinds.count("fixed_expression") >= 300
    for name in DEFAULT_LISTS:  # every file names its source and version
        head = (WORDLIST_DIR / name).read_text(encoding="utf-8").splitlines()[:12]
        assert any(line.startswith("# ") and "version" in line for line in head), name


def test_bad_list_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("word\tcategory\tseverity\tsuggestion\tnote\n布署\tnonsense\tminor\t部署\t\n",
                   encoding="utf-8")
    with pytest.raises(WordlistError, match=r"bad.tsv:2"):
        read_tsv(bad)
    missing = tmp_path / "nohead.tsv"
    missing.write_text("word\tcategory\n", encoding="utf-8")
    with pytest.raises(WordlistError, match="header"):
        read_tsv(missing)


def test_engine_is_built_once_per_options():
    options = TextOptions()
    assert get_engine(options) is get_engine(TextOptions())


def test_user_wordlist_and_whitelist(tmp_path: Path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("# local list, v1\nword\tcategory\tseverity\tsuggestion\tnote\n"
                    "江河县政府办\tbanned_usage\tminor\t江河县人民政府办公室\t简称不规范\n",
                    encoding="utf-8")
    text = "江河县政府办发布通知。支持台独的言论。"
    plain = check_text(text, as_of=AS_OF)
    assert [f.rule for f in plain] == ["sensitive.reactionary"]
    options = TextOptions.from_config({"wordlists": ["mine.tsv"], "config_dir": str(tmp_path),
                                       "whitelist": ["支持台独的言论"]})
    rules = [(f.rule, f.text) for f in check_text(text, as_of=AS_OF, options=options)]
    assert rules == [("expression.banned_usage", "江河县政府办")]


def test_whitelist_only_covers_its_phrase():
    options = TextOptions(whitelist=("反对台独",))
    found = check_text("我们反对台独。也有人支持台独。", as_of=AS_OF, options=options)
    assert [f.text for f in found] == ["台独"]
    assert found[0].context.endswith("支持台独。")


def test_registry_and_audit_over_records():
    for name in ("typo", "sensitive", "wrong_expression", "script_mix"):
        assert name in REGISTRY
    pages = [
        Page(site="demo", url="https://x.gov.cn/a.html", text="各部门要做好布署。",
             column="通知公告", department="办公室", published=date(2025, 1, 2)),
        Page(site="demo", url="https://x.gov.cn/b.html", text="国家工商总局发布通知。",
             published=date(2017, 1, 2)),
        Page(site="demo", url="https://x.gov.cn/c.html", text="国家工商总局发布通知。",
             published=date(2024, 1, 2)),
    ]
    records = SiteRecords.from_lists("demo", "https://x.gov.cn/", [], pages)
    ctx = AuditContext(as_of=AS_OF)
    found = list(run_all(records, ctx, only=["typo", "sensitive", "wrong_expression",
                                             "script_mix"]))
    assert [(f.category, f.url) for f in found] == [
        ("typo", "https://x.gov.cn/a.html"),
        ("wrong_expression", "https://x.gov.cn/c.html"),  # b is dated 2017: not outdated then
    ]
    assert found[0].column == "通知公告" and found[0].department == "办公室"
    assert found[0].site == "demo"
    assert not ctx.warnings


def test_broken_user_list_is_a_warning_not_a_crash(tmp_path: Path):
    pages = [Page(site="demo", url="https://x.gov.cn/a.html", text="做好布署。")]
    records = SiteRecords.from_lists("demo", "https://x.gov.cn/", [], pages)
    ctx = AuditContext(as_of=AS_OF, settings=AuditSettings(wordlists=(str(tmp_path / "none.tsv"),)))
    assert list(run_all(records, ctx, only=["typo"])) == []
    assert any("none.tsv" in w for w in ctx.warnings)


def test_ids_are_stable_and_distinct():
    text = "做好布署。根据《条例规定。再按排。"
    first = [f.id for f in check_text(text, as_of=AS_OF)]
    assert first == [f.id for f in check_text(text, as_of=AS_OF)]
    assert len(set(first)) == len(first) == 3
