"""A pattern skipped where its literal is missing answers as the search would
(auditors/literal.py): the footer items' patterns of the bundled profiles and patterns built
to trip a literal reader (alternation, case folding, inline flags, lookarounds, escapes),
over real text (the seed documents) and real footers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govpatrol.auditors.literal import Prefiltered, required_literal
from govpatrol.auditors.site_identity import IdentityRules
from govpatrol.rules.profile import load_profile

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
FOOTERS = [
    "主办：江河县人民政府办公室 联系电话：0817-2222222 党政机关\n"
    "政府网站标识码5118000022 川公网安备51180202511865号 蜀ICP备13021309号-1",
    "主 办 单 位：某某市人民政府办公厅  电 话：010-12345678  E-mail: ban@example.gov.cn",
    "网站标识码：bm12000001 京ICP 备 05070218 号 京公网安备 11010202000001 号",
    "版权所有 某某县政务服务中心 邮 箱 zwfw@x.gov.cn <img alt=党政机关> _ideConac",
    "技术支持：某公司 EMAIL icp备案 conac.cn/ 我为政府网站找错 pucha.kaipuyun.cn",
    "联系我们 | 联系方式 | https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5118000022",
]
TRICKY = [
    r"ICP|公网安备", r"(?i)icp", r"(?i:icp)备", r"(?<=京)ICP", r"ICP(?=备)", r"^主办",
    r"号$", r"(?m)^政府", r"\u4e3b\s*\u529e", r"a\.b", r"[主]办", r"(?:主办)", r"(主)(办)",
    r"主{2}", r"主?办", r"(?x) 主 \s* 办  # verbose", r"\n政府", r"电话|邮箱", r"\d{3}-\d{8}",
    r"(?s)主.*办", r"京(?!ICP)", r"\bE-mail\b",
]


def profile_patterns() -> list[re.Pattern[str]]:
    out = []
    for name in ("default", "national"):
        for item in IdentityRules.from_profile(load_profile(name)).footer:
            out += [*item.text, *item.links]
    return out


def haystacks() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    lines = [line for text in texts for line in text.split("\n") if line.strip()]
    return [*texts, *lines, *FOOTERS, *(f"{f}\n{t}" for f in FOOTERS for t in texts[:2]),
            *(f.lower() for f in FOOTERS), *(f.upper() for f in FOOTERS), ""]


@pytest.mark.parametrize("pattern", [*profile_patterns(), *map(re.compile, TRICKY)],
                         ids=lambda p: p.pattern)
def test_the_prefiltered_search_answers_as_the_search(pattern) -> None:
    fast = Prefiltered.of(pattern)
    answers = [(fast.search(text), pattern.search(text) is not None) for text in haystacks()]
    assert [a for a, _ in answers] == [b for _, b in answers]


def test_the_literal_is_read_from_the_pattern_not_guessed() -> None:
    assert required_literal(re.compile(r"[\u4e00-\u9fff]\s*ICP\s*备\s*\d{6,}\s*号")) == "ICP"
    assert required_literal(re.compile(r"网站标识码\s*[:：]?\s*(?:bm)?\d+")) == "网站标识码"
    assert required_literal(re.compile(r"conac\.cn")) == "conac.cn"
    assert required_literal(re.compile(r"主?办")) == "办"  # what may be absent is not required
    for pattern in (r"(?i)e-?mail", r"ICP|公网安备", r"\d+", r"(主)(办)"):
        assert required_literal(re.compile(pattern)) is None, pattern


def test_the_footer_items_of_the_profiles_mostly_have_a_literal_and_do_match() -> None:
    """Not vacuous: the bundled patterns are skipped on most texts, and match real footers."""
    patterns = profile_patterns()
    assert sum(required_literal(p) is not None for p in patterns) >= len(patterns) // 2
    assert all(any(p.search(f) for f in FOOTERS) for p in patterns)
