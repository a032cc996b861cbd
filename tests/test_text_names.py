"""Names that must be exact (issue 11, layer 4): institutions, meetings and a site's own
leaders, written with one character that reads the same or looks alike, are major typos; the
names written correctly, and the real seed documents, stay silent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import once

from govpatrol.auditors.text import TextOptions, check_text
from govpatrol.auditors.text.wordlist import WORDLIST_DIR, read_tsv
from govpatrol.cli import main

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
AS_OF = date(2025, 6, 1)


def names(text: str, options: TextOptions | None = None) -> list[tuple[str, str, str]]:
    return [(f.text, f.suggestion, f.severity)
            for f in check_text(text, ("typo",), options=options, as_of=AS_OF)
            if f.rule == "typo.proper_noun"]


def test_check_text_flags_a_misspelt_state_council_office(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("国务院办工厅关于印发政府网站发展指引的通知\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-text", str(draft), "--json",
                                       "--as-of", "2025-06-01"])
    assert result.exit_code == 0, result.output
    assert '"rule": "typo.proper_noun"' in result.output
    assert '"severity": "major"' in result.output and "国务院办公厅" in result.output


@pytest.mark.parametrize("text, wrong, right", [
    ("国务院办工厅关于印发政府网站发展指引的通知", "国务院办工厅", "国务院办公厅"),
    ("市人民政府办工室关于做好2024年春节假期有关工作的通知", "人民政府办工室", "人民政府办公室"),
    ("县住房和城乡建没局开展安全生产大检查", "住房和城乡建没局", "住房和城乡建设局"),
    ("旗卫生建康委员会发布健康提示", "卫生建康委员会", "卫生健康委员会"),
    ("区人力资源和社会保账局发布招聘公告", "人力资源和社会保账局", "人力资源和社会保障局"),
    ("自治区人民检查院召开会议", "人民检查院", "人民检察院"),
    ("市农业农材局开展春耕检查", "农业农材局", "农业农村局"),
    ("中央经济工做会议在北京举行", "中央经济工做会议", "中央经济工作会议"),
    ("国务院长务会议审议通过《条例（草案）》", "国务院长务会议", "国务院常务会议"),
])
def test_a_misspelt_institution_or_meeting_is_major(text: str, wrong: str, right: str) -> None:
    assert names(text) == [(wrong, right, "major")]


def test_every_bundled_name_written_correctly_is_silent() -> None:
    listed = [e.word for e in read_tsv(WORDLIST_DIR / "proper_nouns.tsv")]
    assert len(listed) >= 100
    text = "\n".join(f"{name}召开会议，部署下一阶段工作。" for name in listed)
    assert names(text) == []


@pytest.fixture(scope="session")
def leaders(tmp_path_factory: pytest.TempPathFactory) -> TextOptions:
    """A site's own list of its leaders, as a user writes it (nothing is bundled). One file
    for the whole run: the engine compiled with it is built once and loaded from the disk
    cache by every other test process."""
    def write(folder: Path) -> dict:
        (folder / "leaders.tsv").write_text(
            "# 本市领导\nword\tcategory\tseverity\tsuggestion\tnote\n"
            "张建国\tproper_noun\tmajor\t张建国\t市长\n"
            "李明华\tproper_noun\tmajor\t李明华\t常务副市长\n", encoding="utf-8")
        return {}

    folder, _ = once(tmp_path_factory, "leaders-list", write)
    return TextOptions(wordlists=(str(folder / "leaders.tsv"),))


@pytest.mark.parametrize("text, wrong, right", [
    ("市长张健国主持召开市政府常务会议。", "张健国", "张建国"),  # 健/建: the same reading
    ("常务副市长李明桦带队检查安全生产工作。", "李明桦", "李明华"),
])
def test_a_misspelt_leader_from_the_users_list_is_major(leaders: TextOptions, text: str,
                                                        wrong: str, right: str) -> None:
    assert names(text) == []  # nothing bundled: the names come from the list
    assert names(text, leaders) == [(wrong, right, "major")]


@pytest.mark.parametrize("text", [
    "市长张建国主持召开市政府常务会议。",
    "常务副市长李明华带队检查安全生产工作，张建国市长出席。",
    "加强基层建设国防教育。",  # 建国 in other words: not a three-character window
])
def test_leaders_written_correctly_are_silent(leaders: TextOptions, text: str) -> None:
    assert names(text, leaders) == []


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_raise_nothing_new_with_a_leaders_list(leaders: TextOptions, seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    plain = {(f.rule, f.text) for f in check_text(text, as_of=AS_OF)}
    with_list = {(f.rule, f.text) for f in check_text(text, options=leaders, as_of=AS_OF)}
    assert with_list == plain
    assert not any(rule == "typo.proper_noun" for rule, _ in plain)
