"""`govpatrol check-text FILE|-`: text in any encoding, HTML, .docx, stdin; JSON; bad input."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from govpatrol.cli import main

DRAFT = "各部门要认真做好布署工作。\n国家工商总局发布通知。\n"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, ["check-text", *args, "--as-of", "2025-06-01"], input=input)


def lines(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_plain_text_table(tmp_path: Path):
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert "发现 2 处问题" in result.output
    assert "布署" in result.output and "部署" in result.output


def test_json_lines_follow_the_findings_contract(tmp_path: Path):
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    found = lines(run(str(path), "--json"))
    assert [(f["rule"], f["text"]) for f in found] == [
        ("typo.confusion", "布署"), ("expression.outdated_institution", "国家工商总局")]
    for f in found:
        assert f["site"] == "check-text" and f["url"] == str(path)
        assert list(f)[:6] == ["id", "site", "category", "rule", "severity", "url"]
        assert f["text"] in DRAFT and f["context"] in DRAFT


def test_each_finding_says_where_it_is(tmp_path: Path):
    """Line and column from 1, in the JSON and in the table: an author finds the word without
    searching for it."""
    path = tmp_path / "draft.txt"
    path.write_text("第一段没有问题。\n\n  各部门要认真做好布署工作。\n请联系王某，手机13912345678。\n",
                    encoding="utf-8")
    found = lines(run(str(path), "--json"))
    assert [(f["text"], f["line"], f["col"]) for f in found] == [
        ("布署", 3, 11), ("139****5678", 4, 9)]
    table = run(str(path)).output
    assert "第3行第11字" in table and "第4行第9字" in table


def test_a_long_path_does_not_break_the_headline(tmp_path: Path):
    """rich folds text to the terminal's width; the headline must stay whole however long the
    temporary folder's name is."""
    folder = tmp_path / ("很长的目录名" * 12)
    folder.mkdir()
    (folder / "ok.txt").write_text("各部门要认真做好部署工作。", encoding="utf-8")
    (folder / "bad.txt").write_text(DRAFT, encoding="utf-8")
    assert "未发现问题" in run(str(folder / "ok.txt")).output
    assert "发现 2 处问题" in run(str(folder / "bad.txt")).output


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312", "utf-8-sig"])
def test_chinese_encodings(tmp_path: Path, encoding: str):
    path = tmp_path / "draft.txt"
    path.write_bytes("做好布署工作。".encode(encoding))
    assert [f["text"] for f in lines(run(str(path), "--json"))] == ["布署"]


def test_html_visible_text_only(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><meta charset='gbk'><title>布署</title><style>.a{}</style></head>"
        "<body><div class='TRS_Editor'><p>请拔打热线电话。</p></div>"
        "<script>var s = '布署';</script></body></html>", encoding="gbk")
    assert [f["text"] for f in lines(run(str(path), "--json"))] == ["拔打"]


def test_docx_paragraphs_and_tables(tmp_path: Path):
    path = tmp_path / "draft.docx"
    document = docx.Document()
    document.add_paragraph("要贯切落实好各项工作。")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "台湾政府发言人"
    document.save(path)
    assert [f["text"] for f in lines(run(str(path), "--json"))] == ["贯切落实", "台湾政府"]


def test_stdin():
    result = run("-", "--json", input="测试的的文本".encode())
    assert [(f["text"], f["url"]) for f in lines(result)] == [("的的", "-")]


def test_clean_draft_says_so(tmp_path: Path):
    path = tmp_path / "ok.txt"
    path.write_text("各部门要认真做好部署工作。", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0 and "未发现问题" in result.output
    assert run(str(path), "--json").output == ""


@pytest.mark.parametrize("content, reason", [
    (bytes(range(256)) * 20, "binary file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Office file"),
    (b"%PDF-1.7\n", "cannot read PDF"),
])
def test_unreadable_input_is_one_line_and_exit_1(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 1
    message = result.output.strip()
    assert reason in message and "\n" not in message and "错误" in message


def test_missing_file_and_bad_wordlist(tmp_path: Path):
    result = run(str(tmp_path / "nope.txt"))
    assert result.exit_code == 1 and "file not found" in result.output
    path = tmp_path / "ok.txt"
    path.write_text("文本", encoding="utf-8")
    result = run(str(path), "--wordlist", str(tmp_path / "none.tsv"))
    assert result.exit_code == 1 and "none.tsv" in result.output


def test_user_lists_options_and_config(tmp_path: Path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("word\tcategory\tseverity\tsuggestion\tnote\n本县政府办\tbanned_usage\t"
                    "minor\t县人民政府办公室\t简称\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("本县政府办通知：有人留言支持台独。", encoding="utf-8")
    plain = [f["rule"] for f in lines(run(str(draft), "--json"))]
    assert plain == ["sensitive.reactionary"]
    opts = [f["rule"] for f in lines(run(str(draft), "--json", "--wordlist", str(mine),
                                         "--whitelist", "留言支持台独"))]
    assert opts == ["expression.banned_usage"]
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "本县"\nurl = "https://x.gov.cn/"\n'
                      'wordlists = ["mine.tsv"]\nwhitelist = ["留言支持台独"]\n', encoding="utf-8")
    assert [f["rule"] for f in lines(run(str(draft), "--json", "--config", str(config)))] == opts


def test_traditional_option(tmp_path: Path):
    draft = tmp_path / "d.txt"
    draft.write_text("國務院辦公廳發布通知。", encoding="utf-8")
    assert [f["rule"] for f in lines(run(str(draft), "--json"))] == ["script_mix.traditional"]
    assert lines(run(str(draft), "--json", "--traditional")) == []
