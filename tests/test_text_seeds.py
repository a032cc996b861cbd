"""The five seed documents are real government text: the text auditors raise nothing on them
but errors a person has confirmed, listed here with the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govpatrol.auditors.text import TextOptions, check_text

#: Vendored copies of the shared seeds (tests/data/seeds/README.md): always present.
SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
AS_OF = date(2025, 6, 1)

#: (seed prefix, its own date) and the confirmed findings: (rule, text) -> reason.
CONFIRMED: dict[str, tuple[date, dict[tuple[str, str], str]]] = {
    "000": (date(2022, 12, 31), {
        ("expression.outdated_institution", "国土资源局"):
            "2022 document names 示范区国土资源局 (twice) although the 2018-2019 reform renamed "
            "these bureaus 自然资源局; the duties it lists (自然资源和国土空间规划) are a "
            "自然资源局's",
    }),
    "001": (date(2022, 3, 1), {
        ("typo.punctuation", "（锡政办发〔2021〕，旗政府办、各苏木"):
            "the parenthesis is never closed and the document number lacks its serial; the "
            "same citation later in the document reads （锡政办发〔2021〕1号）",
    }),
    "002": (date(2020, 5, 21), {}),
    "003": (date(2025, 1, 20), {
        ("script_mix.traditional_page", "阿拉善高新技術產業開發區 烏蘭布和生態沙產業示范區2024年"):
            "the whole report is in traditional script on a simplified portal: one page-level "
            "finding",
    }),
    "004": (date(2016, 5, 18), {}),
}


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")  # exactly one: a missing seed is an error
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(CONFIRMED))
def test_seeds_raise_only_confirmed_findings(prefix):
    published, confirmed = CONFIRMED[prefix]
    text = seed(prefix)
    found = {(f.rule, f.text) for f in check_text(text, as_of=AS_OF, published=published)}
    assert found == set(confirmed)


@pytest.mark.parametrize("prefix", sorted(CONFIRMED))
def test_seeds_without_a_stored_date_use_their_signoff(prefix):
    """check-text has no page date: the sign-off line dates 004 (2016) and keeps its
    自治区工商局, 质监局, 食药监局 from being called outdated."""
    published, confirmed = CONFIRMED[prefix]
    found = {(f.rule, f.text) for f in check_text(seed(prefix), as_of=AS_OF)}
    assert found == set(confirmed)


def test_traditional_seed_on_a_traditional_site_is_clean():
    found = check_text(seed("003"), as_of=AS_OF, published=date(2025, 1, 20),
                       options=TextOptions(traditional=True))
    assert found == []
