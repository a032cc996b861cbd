"""The site as its own corpus (issue 11, layer 3): a name the site writes on thirty pages and
misspells on one is reported there, and only there; a word the dictionaries doubt but the site
uses throughout (a person's name) is the site's own, not a typo; real text raises nothing.

The first test is a real patrol of a generated portal served on 127.0.0.1; the others run the
real audit driver over pages held in memory.
"""

from __future__ import annotations

import re
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import govpatrol, read_jsonl

from govpatrol.auditors import AuditContext, audit
from govpatrol.auditors.text import check_text, site_corpus
from govpatrol.model import Page, SiteRecords

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
AS_OF = date(2026, 11, 20)
CENTRE = "江河市大数据发展中心"
MISSPELT = "江河市大数据发展中新"  # 新/心: the same reading

#: News items of a municipal portal about one of its institutions, written as such items are.
NEWS = [
    "为加快推进数字政府建设，{c}近日组织召开全市政务数据共享工作推进会，通报了第{q}季度数据"
    "归集情况，并对下一阶段工作作出安排。",
    "{m}月{d}日，{c}党支部开展主题党日活动，全体党员集中学习了有关文件精神，并结合工作实际"
    "进行了交流研讨。",
    "{c}关于公开招聘编外工作人员的公告。报名时间为工作日上午9:00至11:30，下午14:30至17:00。",
    "近日，{c}完成政务云平台扩容，新增计算资源{q}00核，为各部门业务系统迁移上云提供保障。",
    "{m}月{d}日，市委网信办一行到{c}调研数据安全工作，实地察看了机房和监控平台运行情况。",
]
WRONG = "本周，{c}组织开展网络安全应急演练，检验了应急处置能力和各岗位协同配合水平。"


def news(i: int, name: str = CENTRE) -> str:
    return NEWS[i % len(NEWS)].format(c=name, q=i % 4 + 1, m=i % 12 + 1, d=i % 27 + 1)


def article(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><div class="header"><a href="/">首页</a></div><div class="article">'
            f'<h1>{title}</h1><p class="info">发布时间：2026-11-0{title[-1]}</p>'
            f'<div class="content"><p>{body}</p></div></div>'
            f'<div class="footer">主办：江河市人民政府办公室</div></body></html>')


def portal() -> dict[str, str]:
    pages = {f"/art/{i}.html": article(f"工作动态{i % 9 + 1}", news(i)) for i in range(30)}
    pages["/art/drill.html"] = article("工作动态3", WRONG.format(c=MISSPELT))
    links = "".join(f'<li><a href="{path}">{re.search(r"<title>(.*?)</title>", html)[1]}'
                    f"</a></li>" for path, html in pages.items())
    pages["/"] = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>江河市人民政府'
                  f'</title></head><body><ul class="news">{links}</ul></body></html>')
    return pages


@pytest.fixture
def served():
    pages = portal()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = pages.get(self.path)
            data = (body or "<h1>404</h1>").encode("utf-8")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_patrol_reports_the_one_page_that_misspells_the_sites_institution(served, tmp_path):
    assert check_text(WRONG.format(c=MISSPELT), ("typo",)) == []  # no list knows this name
    config = tmp_path / "sites.toml"
    config.write_text(f'[[sites]]\nname = "江河市"\nurl = "{served}/"\n', encoding="utf-8")
    result = govpatrol("patrol", served + "/", "--config", str(config), "--as-of",
                       AS_OF.isoformat(), "--out", str(tmp_path / "out"), "--db",
                       str(tmp_path / "g.db"))
    assert result.returncode == 0, result.stderr[-3000:]
    findings = read_jsonl(tmp_path / "out" / "findings.jsonl")
    typos = [(f["rule"], f["severity"], f["url"].rsplit("/", 1)[-1], f["text"], f["suggestion"])
             for f in findings if f["category"] == "typo"]
    assert typos == [("typo.site_vocabulary", "major", "drill.html", MISSPELT, CENTRE)]
    (found,) = [f for f in findings if f["category"] == "typo"]
    assert MISSPELT in found["context"] and "30个页面" in found["message"]


def site_audit(texts: list[str], profile: dict | None = None,
               ) -> tuple[list[tuple[str, str, str | None]], AuditContext]:
    pages = [Page(site="江河市", url=f"http://127.0.0.1/art/{i}.html", status=200, text=text,
                  kind="detail") for i, text in enumerate(texts)]
    ctx = AuditContext(as_of=AS_OF, profile=profile)
    found = audit(SiteRecords.from_lists("江河市", "http://127.0.0.1/", [], pages), ctx,
                  only=["typo"], strict=True)
    return [(f.rule, f.text or "", f.suggestion) for f in found], ctx


def test_a_name_misspelt_on_one_page_of_thirty_one_is_that_one_finding() -> None:
    found, ctx = site_audit([news(i) for i in range(30)] + [WRONG.format(c=MISSPELT)])
    assert found == [("typo.site_vocabulary", MISSPELT, CENTRE)]
    assert ctx.warnings == []


def test_a_name_on_few_pages_is_no_evidence() -> None:
    """Nine pages are not many: the rare form may be the right one."""
    found, _ = site_audit([news(i) for i in range(9)] + [WRONG.format(c=MISSPELT)])
    assert found == []


OFFICIAL = "欧阳铮"  # a person's name the lexical layer takes for 欧阳锋 misspelt


def test_the_sites_own_names_are_its_vocabulary_not_typos() -> None:
    said = f"{OFFICIAL}同志主持召开专题会议，研究部署冬季安全生产工作。"
    assert [f.text for f in check_text(said, ("typo",))] == [OFFICIAL]  # alone: doubted
    texts = [f"{m}月{m}日，副市长{OFFICIAL}带队检查安全生产工作，要求压实企业主体责任。"
             for m in range(1, 7)]
    found, _ = site_audit([*texts, said])
    assert found == []


def test_a_misspelling_repeated_beside_its_right_form_is_still_reported() -> None:
    """部暑 on six pages that also write 部署: a habit of one editor, not the site's word."""
    texts = [f"会议对第{m}季度重点工作作出部署，要求各单位认真抓好部暑落实。" for m in range(1, 7)]
    found, _ = site_audit(texts)
    assert [t for _r, t, _s in found] == ["部暑"] * 6


def test_real_documents_raise_nothing_at_site_level() -> None:
    """The five seed documents, each paragraph a page: a real site's repeated names (锡林郭勒盟,
    政务公开) and their neighbours give no site-level finding."""
    texts = [part for path in sorted(SEEDS.glob("*.txt"))
             for part in path.read_text(encoding="utf-8").split("\n") if len(part) > 20]
    assert len(texts) > 200
    found, _ = site_audit(texts)
    assert [f for f in found if f[0] == "typo.site_vocabulary"] == []


def test_a_vocabulary_that_outgrows_its_bound_says_the_result_is_partial(monkeypatch) -> None:
    monkeypatch.setattr(site_corpus, "MAX_FORMS", 50)
    found, ctx = site_audit([news(i) for i in range(30)] + [WRONG.format(c=MISSPELT)])
    assert any("部分" in w and "partial" in w for w in ctx.warnings)


def test_the_counts_are_the_profiles_to_change() -> None:
    """[typo] in the rules profile (per site: [sites.rules.typo]): a site that wants forty pages
    of evidence gets no finding from thirty; one content with five reports the nine-page case."""
    thirty = [news(i) for i in range(30)] + [WRONG.format(c=MISSPELT)]
    assert site_audit(thirty, {"typo": {"site_twin_pages": 40}})[0] == []
    nine = [news(i) for i in range(9)] + [WRONG.format(c=MISSPELT)]
    assert site_audit(nine, {"typo": {"site_twin_pages": 5}})[0] == [
        ("typo.site_vocabulary", MISSPELT, CENTRE)]
    # the ratio: 30 pages against 2 is 15 times, not 20
    twice = [*thirty, WRONG.format(c=MISSPELT) + "（二）"]
    assert site_audit(twice, {"typo": {"site_twin_ratio": 20}})[0] == []
    assert [r for r, _t, _s in site_audit(twice)[0]] == ["typo.site_vocabulary"] * 2


def test_own_word_pages_is_the_profiles_to_change() -> None:
    said = f"{OFFICIAL}同志主持召开专题会议，研究部署冬季安全生产工作。"
    texts = [f"{m}月{m}日，副市长{OFFICIAL}带队检查安全生产工作，要求压实企业主体责任。"
             for m in range(1, 7)]
    found, _ = site_audit([*texts, said], {"typo": {"own_word_pages": 10}})
    assert {t for _r, t, _s in found} == {OFFICIAL}  # seven pages are no longer the site's own


@pytest.mark.parametrize(("table", "key"), [
    ({"site_twin_ratio": "many"}, "typo.site_twin_ratio"),
    ({"site_rare_pages": 0}, "typo.site_rare_pages"),
    ({"site_twin_pages": 2}, "typo.site_twin_pages"),  # not more than site_rare_pages
    ({"site_twin_page": 20}, "typo.site_twin_page"),  # a misspelt key
])
def test_a_bad_count_is_a_warning_naming_the_key_and_page_findings_stand(table, key) -> None:
    texts = [*(news(i) for i in range(30)), WRONG.format(c=MISSPELT), "要认真抓好部暑落实工作。"]
    found, ctx = site_audit(texts, {"typo": table})
    assert [(t, s) for _r, t, s in found] == [("部暑", "部署")]
    assert len(ctx.warnings) == 1 and key in ctx.warnings[0]
    assert "site vocabulary layer skipped" in ctx.warnings[0]


def test_a_bad_count_in_sites_toml_stops_the_patrol_before_crawling(tmp_path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "江河市"\nurl = "http://127.0.0.1:9/"\n\n'
                      "[sites.rules.typo]\nsite_twin_pages = 1\n", encoding="utf-8")
    result = govpatrol("patrol", "http://127.0.0.1:9/", "--config", str(config), "--as-of",
                       AS_OF.isoformat(), "--out", str(tmp_path / "out"), "--db",
                       str(tmp_path / "g.db"))
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if "typo.site_twin_pages" in ln]
    assert len(lines) == 1 and "site_rare_pages" in lines[0]
    assert "Traceback" not in result.stderr


def _counted_one_by_one(pages: list[str]) -> tuple[dict[str, int], dict[str, list]]:
    """The vocabulary as the rule states it, one character at a time (the first version of
    SiteVocabulary.add): what the faster `add` must count and keep, form for form."""
    ends = site_corpus.name_ends()
    counts: dict[str, int] = {}
    seen: dict[str, list] = {}
    for page, text in enumerate(pages):
        found: dict[str, tuple[int, int]] = {}
        for run in re.finditer(f"[{site_corpus.CJK}]{{4,}}", text):
            begin, stop = run.span()
            for end in range(begin + site_corpus.SHORTEST, stop + 1):
                if text[end - 1] in ends:
                    for start in range(max(begin, end - site_corpus.LONGEST),
                                       end - site_corpus.SHORTEST + 1):
                        found.setdefault(text[start:end], (start, end))
        for form, (start, end) in found.items():
            counts[form] = counts.get(form, 0) + 1
            if counts[form] <= site_corpus.SiteSettings().rare_pages:
                left, right = site_corpus.context_span(text, max(0, end - 10), end)
                seen.setdefault(form, []).append(site_corpus.Sighting(
                    page, start, end, text[left:right], start - left))
            else:
                seen.pop(form, None)
    return counts, seen


def test_the_vocabulary_counts_every_form_of_real_text_as_the_rule_states_it() -> None:
    """Every paragraph of the seed documents a page, plus a site's repeated news: the same
    forms, page counts, sightings and order as counting one character at a time."""
    pages = [p for path in sorted(SEEDS.glob("*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    pages += [NEWS[i % len(NEWS)].format(c=CENTRE, q=i % 4 + 1, m=i % 12 + 1, d=i % 28 + 1)
              for i in range(30)] + [WRONG.format(c=MISSPELT)]
    vocabulary = site_corpus.SiteVocabulary()
    for text in pages:
        vocabulary.add(text)
    counts, seen = _counted_one_by_one(pages)
    assert len(counts) > 5000  # real text: thousands of forms, not a toy
    assert list(vocabulary.pages.items()) == list(counts.items())
    assert list(vocabulary.rare()) == list(seen)  # the rare forms, in first-seen order
    assert vocabulary.complete
    asked: list[list[str]] = []

    def read(forms: list[str]):
        asked.append(forms)
        return ((page, text) for page, text in enumerate(pages) if any(f in text for f in forms))

    (miss,) = vocabulary.misspellings(read)
    # the pages read again, once: those of the form found and of its shorter tails (the
    # longest form at a place is the one reported)
    assert len(asked) == 1 and MISSPELT in asked[0]
    assert all(MISSPELT.endswith(form) for form in asked[0])
    # where it was seen, read again afterwards: what counting one by one kept while reading
    assert (miss.form, miss.sightings) == (MISSPELT, tuple(seen[MISSPELT]))


def test_every_rare_forms_sightings_read_again_are_those_kept_while_counting() -> None:
    """The sightings `misspellings` reads afterwards, for every rare form of real text (not
    only the few it reports): the same pages, spans and contexts as kept while counting."""
    pages = [p for path in sorted(SEEDS.glob("*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    _counts, seen = _counted_one_by_one(pages)
    forms = list(seen)
    read = site_corpus._sightings(
        forms, lambda fs: ((page, text) for page, text in enumerate(pages)
                           if any(f in text for f in fs)))
    assert len(forms) > 5000
    assert read == seen


def _whole_documents() -> list[str]:
    """Each seed document one page (a name in many clauses of a page: the runs of Han
    characters a page shares forms between), and pages that write a name twice in one run
    and in two clauses."""
    pages = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    pages += [f"{CENTRE}{CENTRE}召开会议，{CENTRE}主任出席，{MISSPELT}和{CENTRE}办公室参加。",
              news(3) + news(4) + news(3), WRONG.format(c=MISSPELT) * 2]
    return pages


def _counts_of(pages: list[str], *, forget: bool = False) -> site_corpus.SiteVocabulary:
    vocabulary = site_corpus.SiteVocabulary()
    for text in pages:
        if forget:  # the memo of runs cut into forms is a cache, not a state
            site_corpus.clear_memo()
        vocabulary.add(text)
    return vocabulary


@pytest.mark.parametrize("forget", [False, True])
def test_counting_runs_gives_the_forms_counts_of_whole_pages(forget) -> None:
    """Whole documents as pages, where names recur in many clauses: counting runs of Han
    characters and correcting the forms two runs of a page share gives every form's page
    count, in first-seen order, as counting the forms page by page."""
    pages = _whole_documents() * 2 + [news(i) for i in range(12)]
    counts, _seen = _counted_one_by_one(pages)
    vocabulary = _counts_of(pages, forget=forget)
    assert list(vocabulary.pages.items()) == list(counts.items())
    assert vocabulary.complete


@pytest.mark.parametrize("bound", [1, 40, 400])
def test_past_max_runs_the_forms_are_counted_with_the_same_result(monkeypatch, bound) -> None:
    """A site with more distinct runs than MAX_RUNS (memory) switches to counting forms on
    the page that crosses it: the counts and their order are the same."""
    monkeypatch.setattr(site_corpus, "MAX_RUNS", bound)
    pages = _whole_documents() + [news(i) for i in range(12)]
    counts, _seen = _counted_one_by_one(pages)
    vocabulary = _counts_of(pages)
    assert list(vocabulary.pages.items()) == list(counts.items())


@pytest.mark.parametrize("max_runs", [10, 1_000_000])
def test_max_forms_keeps_the_forms_seen_first_whether_runs_or_forms_are_counted(
        monkeypatch, max_runs) -> None:
    """MAX_FORMS: the forms first seen before the bound are kept, each with its page count,
    later ones dropped and the result says it is partial, as counting page by page did."""
    bound = 3000
    monkeypatch.setattr(site_corpus, "MAX_FORMS", bound)
    monkeypatch.setattr(site_corpus, "MAX_RUNS", max_runs)
    pages = _whole_documents() + [news(i) for i in range(12)]
    expected: dict[str, int] = {}
    for text in pages:
        for form in dict.fromkeys(site_corpus._forms(text)):
            if form in expected or len(expected) < bound:
                expected[form] = expected.get(form, 0) + 1
    assert len(_counted_one_by_one(pages)[0]) > bound  # the bound is hit
    vocabulary = _counts_of(pages)
    assert list(vocabulary.pages.items()) == list(expected.items())
    assert not vocabulary.complete
