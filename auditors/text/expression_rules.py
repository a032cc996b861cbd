"""Wrong political expressions (category `wrong_expression`).

- `expression.outdated_institution`: an institution abolished or renamed (2008, 2013, 2018,
  2021, 2023 reforms) named as if current. Each entry carries the date it changed; a page
  dated before that, or a sentence that is plainly historical (an earlier year, 原…, 时任,
  更名为, a cited document title), is not a finding.
- `expression.banned_usage`: usages the Xinhua list of banned words rules out (台湾政府 ->
  台湾当局), and 香港/澳门/台湾 listed among countries as "国家".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govpatrol.auditors.text.boundaries import crosses_word
from govpatrol.auditors.text.engine import Match, Scan, match_key, match_rule, page_rule
from govpatrol.auditors.text.hits import Hit
from govpatrol.auditors.text.sensitive_rules import sentence_span
from govpatrol.auditors.text.typo_rules import entry_hit, in_exception, inside_phrase
from govpatrol.auditors.text.wordlist import Entry

#: Words that make a sentence about an institution's past, not its present.
HISTORICAL_MARKERS = (
    "时任", "曾任", "历任", "原任", "更名", "改名", "改称", "改为", "组建", "撤销", "撤并", "合并",
    "不再保留", "机构改革", "划入", "前身", "并入", "成立前",
)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: A few characters before the name: 原国家工商总局, 原自治区工商局.
_FORMER_PREFIX = ("原", "前")
FORMER_REACH = 8


def _inside_title(text: str, start: int, end: int) -> bool:
    """Inside 《…》: the title of a document cited by its (historical) name."""
    opened = text.rfind("《", max(0, start - 80), start)
    if opened == -1 or text.rfind("》", opened, start) != -1:
        return False
    return text.find("》", end, end + 80) != -1


def _former(text: str, start: int) -> bool:
    before = text[max(0, start - FORMER_REACH):start]
    for stop in "，,。；;：:、\n":
        before = before.rpartition(stop)[2]
    return any(p in before for p in _FORMER_PREFIX)


def historical(scan: Scan, start: int, end: int, entry: Entry) -> bool:
    """Is this mention about the past? The sentence's own words decide, then the page date."""
    text = scan.doc.squeezed
    if _former(text, start) or _inside_title(text, start, end):
        return True
    s, e = sentence_span(text, start, end)
    sentence = text[s:e]
    if any(m in sentence for m in HISTORICAL_MARKERS):
        return True
    since = entry.since
    if since is not None:
        if any(int(y) <= since.year for y in _YEAR_RE.findall(sentence)):
            return True
        when = scan.when
        if when is not None and when < since:
            return True
        if scan.as_of is not None and scan.as_of < since:
            return True
    return False


#: A foreign country's ministry keeps its name: 美国农业部, 日本文化部, 蒙古国农业部.
FOREIGN_PREFIXES = (
    "日本", "印度", "俄罗斯", "澳大利亚", "加拿大", "巴西", "新加坡", "越南", "朝鲜", "意大利",
    "西班牙", "埃及", "南非", "以色列", "印尼", "马来西亚", "菲律宾", "新西兰", "墨西哥", "阿根廷",
    "荷兰", "瑞士", "瑞典", "挪威", "芬兰", "丹麦", "比利时", "奥地利", "葡萄牙", "希腊", "土耳其",
    "伊朗", "伊拉克", "沙特", "巴基斯坦", "哈萨克斯坦", "乌克兰", "波兰", "欧盟", "联合国", "各国",
    "外国", "该国", "对方",
)
DOMESTIC = ("中国", "我国", "全国", "本国")


def foreign(text: str, start: int) -> bool:
    """Is the institution named as another country's (美国农业部)?"""
    before = text[max(0, start - 6):start]
    if before.endswith(DOMESTIC):
        return False
    return before.endswith("国") or before.endswith(FOREIGN_PREFIXES)


def glued(text: str, start: int, end: int) -> bool:
    """Is the name only an accident of the words around it? The clause's segmentation decides
    (boundaries.crosses_word): 农业部门 and 建设部署 read 农业部门/…, 建设/部署, while
    工商总局部署, 国土局部分同志 and 农业部门户网站 read …总局/部署, 国土局/部分, 农业部/门户网站,
    so the name stands there even though 局部, 部门 are words too."""
    return crosses_word(text, start, end)


#: How a suggestion lists the current names: 国家铁路局、中国国家铁路集团有限公司,
#: 国家市场监督管理总局（药品：国家药品监督管理局）, 国家乡村振兴局（现由农业农村部加挂牌子）.
_NAME_SPLIT_RE = re.compile("[（）()：:、，,；;/]|或|现由|加挂牌子")
_SHIELDS: dict[tuple, dict[str, tuple[str, ...]]] = {}


def current_names(entries: list[Entry]) -> set[str]:
    """Every institution name the lists give as current: the `current_institution` entries and
    the suggestions of the outdated ones (the name each was renamed to)."""
    names = {e.word for e in entries if e.kind == "current_institution"}
    for entry in entries:
        if entry.kind == "outdated_institution":
            names.update(p.strip() for p in _NAME_SPLIT_RE.split(entry.suggestion)
                         if len(p.strip()) >= 3)
    return names


def shields(scan: Scan) -> dict[str, tuple[str, ...]]:
    """Outdated name (as scanned) -> the current names that contain it: 建设部 -> 住房城乡建设部,
    住房和城乡建设部. Built once per engine."""
    engine = scan.engine
    table = _SHIELDS.get(engine.key)
    if table is None:
        current = {match_key(n) for n in current_names(engine.entries)}
        outdated = {match_key(e.word) for e in engine.entries
                    if e.kind == "outdated_institution"}
        current -= outdated
        table = {w: tuple(sorted(c for c in current if w in c)) for w in outdated}
        table = {w: names for w, names in table.items() if names}
        if len(_SHIELDS) >= 8:
            _SHIELDS.pop(next(iter(_SHIELDS)))
        _SHIELDS[engine.key] = table
    return table


def _since_text(entry: Entry) -> str:
    return f"{entry.since.year}年{entry.since.month}月" if entry.since else "机构改革时"


@match_rule("outdated_institution")
def outdated(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    sq = scan.doc.squeezed
    for start, end, entry in matches:
        if scan.doc.spans_separator(start, end):
            continue
        if entry.exceptions and in_exception(sq, start, end, entry):
            continue
        if inside_phrase(sq, start, end, shields(scan).get(sq[start:end], ())):
            continue  # 住房城乡建设部 is not an outdated 建设部
        if glued(sq, start, end):  # 农业部门, 泰国国家旅游局
            continue
        if foreign(sq, start) or historical(scan, start, end, entry):
            continue
        yield entry_hit(scan, start, end, entry, since=_since_text(entry))


#: "所谓“中华民国”": the writer is distancing themselves, which is the approved usage.
_QUOTES_BEFORE = ("“", "\"", "「", "‘", "'")
_QUOTES_AFTER = ("”", "\"", "」", "’", "'")
_HISTORY_WORDS = ("时期", "年间", "北洋", "国民政府", "辛亥", "孙中山", "袁世凯", "民国时",
                  "旧中国", "成立于", "建立", "纪年", "解放前", "新中国成立前", "1949年以前",
                  "1949年前")


def _distanced(text: str, start: int, end: int) -> bool:
    if text[max(0, start - 2):start].endswith("所谓"):
        return True
    before = text[start - 1:start] if start else ""
    if before in _QUOTES_BEFORE:
        return True
    return text[end:end + 1] in _QUOTES_AFTER and before != ""


def _republican_era(scan: Scan, start: int, end: int) -> bool:
    """中华民国 in a sentence about 1912-1949 is history, not a claim about today."""
    text = scan.doc.squeezed
    s, e = sentence_span(text, start, end)
    sentence = text[s:e]
    if any(w in sentence for w in _HISTORY_WORDS):
        return True
    if any(1911 <= int(y) <= 1949 for y in _YEAR_RE.findall(sentence)):
        return True
    return bool(re.match(r"[〇零一二三四五六七八九十元]{1,4}年", text[end:end + 5]))


@match_rule("banned_usage")
def banned(scan: Scan, matches: list[Match]) -> Iterator[Hit]:
    sq = scan.doc.squeezed
    for start, end, entry in matches:
        if scan.doc.spans_separator(start, end):
            continue
        if entry.exceptions and in_exception(sq, start, end, entry):
            continue
        if glued(sq, start, end):
            continue
        if _distanced(sq, start, end) or _inside_title(sq, start, end):
            continue
        if "民国" in entry.word and _republican_era(scan, start, end):
            continue
        yield entry_hit(scan, start, end, entry)


# 香港/澳门/台湾 in an enumeration summed up as "等国家" (not "等国家和地区").
_REGION = "(?:中国)?(?:香港|澳门|台湾)(?:特别行政区|地区)?"
_ITEM = "[^，,。；;：:！？\n、和及与等]{1,10}"
_COUNTRY_LIST_RE = re.compile(
    f"{_REGION}(?:[、和及与]{_ITEM}){{0,8}}等(?:[0-9一二三四五六七八九十几多]+个)?国家"
    "(?!和地区|或地区|与地区|及地区|地区|（地区）|\\(地区\\))"
)
_COUNTRY_HINT_RE = re.compile("香港|澳门|台湾")
_LIST_JOINERS = ("、", "和", "及", "与")


@page_rule("expression.region_as_country")
def region_as_country(scan: Scan) -> Iterator[Hit]:
    text = scan.doc.simp
    if "等" not in text or not _COUNTRY_HINT_RE.search(text):
        return
    for match in _COUNTRY_LIST_RE.finditer(text):
        start, end = match.span()
        listed = text[start - 1:start] in _LIST_JOINERS or any(
            j in match.group() for j in _LIST_JOINERS)
        if not listed:
            continue  # "香港等国家" with no list around it: too little to go on
        original = scan.doc.original[start:end]
        yield Hit("wrong_expression", "expression.banned_usage", "major", start, end,
                  f"“{original}”把港澳台地区与国家并列称为“国家”，应称“国家和地区”。",
                  original + "和地区")
