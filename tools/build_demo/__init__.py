"""Write the demo portal (govpatrol/demo/site/**) and its ground truth (expected.json) from one
model. A developer tool: it is not installed; the runtime package ships only its output.

Run `python -m tools.build_demo` (or `python tools/build_demo/__main__.py`) from the repository
root. The output is committed: the generator is deterministic (fixed seed, fixed timestamps), so
running it again gives the same bytes and a diff shows exactly what a change did
(tests/test_build_demo.py regenerates into a temporary folder and compares).

Why generated rather than hand-written: the crawler tests compare a real crawl with the truth
(every column, item, date, metadata value, late item, planted problem), and that truth is only
trustworthy when it comes from the same model as the pages. The freshness facts are checked
here against the official Chinese calendar (`chinese_calendar`), so a stale/fresh claim in
expected.json is right by construction, not by someone counting days by hand.

The markup imitates what real CMSs publish (docs/page-structures.md): TRS WCM lists with a
script-only pager, Hanweb jpage datastores and the dataproxy endpoint, plain 下一页 pagers,
table lists, GBK pages declared only in <meta>, a GB18030 page declared only in the HTTP
header, 信息索引 metadata tables with padded labels, and one page of broken HTML.

The modules, along the generator's seams:
- model.py, state.py, workdays.py: the model, the build's state, the official calendar;
- content.py, articles.py, files.py: the words, the articles of every column, binary files;
- planted.py: the problems planted on purpose and the controls;
- render/: one module per CMS family (trs, hanweb, plain, gbk, generic); portal.py: the other pages;
- truth.py, checks.py: expected.json, and the self-checks that it agrees with the files;
- build.py: the steps in order, and writing the output.
"""
