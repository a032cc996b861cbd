"""Imported once by the test forkserver (tests/processes.py PRELOAD): the bundled text engine
and the lexicon tables, loaded from the run's disk cache when it holds them (conftest builds
them there first under xdist), so every `govpatrol` forked for a test starts with them in
memory instead of unpickling them again (about 1.3 s of CPU each). Never built here: a test
that only renders a report should not pay for an engine it does not use.

A patrol whose site brings its own word lists still builds or loads its own engine; nothing
here changes what a patrol finds, only what its process already holds when it starts."""

from __future__ import annotations

from datetime import date

from govpatrol.auditors.text import TextOptions, cachefile, check_text, lexicon
from govpatrol.auditors.text.engine import disk_key

key = disk_key(TextOptions())
if key is not None and cachefile.path_for("engine", key).exists():
    check_text("各部门要认真做好布署工作。", as_of=date(2025, 6, 1))
    lexicon.jieba_words()  # jieba's whole dictionary, which every patrol's audit reads
