"""Layer 6 (issue 11): words right or wrong by what follows them (wordlists/typo_context.tsv),
and a doubled pronoun that is an object and then a subject."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govpatrol.auditors.text import TextOptions, WordlistError, check_text

AS_OF = date(2025, 6, 1)


def typos(text: str, options: TextOptions | None = None) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.suggestion)
            for f in check_text(text, ("typo",), options=options, as_of=AS_OF)]


@pytest.mark.parametrize("text, wrong, right", [
    ("截止2023年底，全市共有市场主体12.3万户。", "截止", "截至"),
    ("截止今年6月底，全县累计完成投资80亿元。", "截止", "截至"),
    ("各单位必需加强安全管理，严防事故发生。", "必需", "必须"),
    ("申报截至时间为2024年5月1日。", "截至", "截止"),
])
def test_a_word_wrong_by_what_follows(text: str, wrong: str, right: str) -> None:
    assert typos(text) == [("typo.context", wrong, right)]


@pytest.mark.parametrize("text", [
    "截至2024年底，全市共有企业3万户。",
    "报名截止2024年5月1日。",  # a verb here: registration closes on that day
    "截止到目前，已完成年度任务。",
    "申报截止时间为5月1日。",
    "这是生产必需的物资，必需品供应充足。",
    "粮食是人民生活所必需，必须保障供应。",
])
def test_the_same_words_used_rightly_are_silent(text: str) -> None:
    assert typos(text) == []


def test_a_users_context_entry_is_read_and_a_bad_one_named(tmp_path: Path) -> None:
    good = tmp_path / "mine.tsv"
    good.write_text("word\tcategory\tseverity\tsuggestion\tnote\tfollowed_by\n"
                    "启用\tcontext\tminor\t起用\t起用干部\tword:干部\n", encoding="utf-8")
    assert typos("要大胆启用干部。", TextOptions(wordlists=(str(good),))) == [
        ("typo.context", "启用", "起用")]
    assert typos("新系统正式启用。", TextOptions(wordlists=(str(good),))) == []
    bad = tmp_path / "bad.tsv"
    bad.write_text("word\tcategory\tseverity\tsuggestion\tnote\tfollowed_by\n"
                   "启用\tcontext\tminor\t起用\t\tsoon\n", encoding="utf-8")
    with pytest.raises(WordlistError, match="bad.tsv:2"):
        check_text("启用", options=TextOptions(wordlists=(str(bad),)))
