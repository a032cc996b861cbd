"""Imported once by the test forkserver (tests/processes.py PRELOAD): the bundled text engine
and the lexicon tables, loaded from the run's disk cache, so every `govpatrol` forked for a
test starts with them in memory instead of unpickling them again (about 1.3 s of CPU each).

A patrol whose site brings its own word lists still builds or loads its own engine; nothing
here changes what a patrol finds, only what its process already holds when it starts."""

from __future__ import annotations

from datetime import date

from govpatrol.auditors.text import check_text

check_text("各部门要认真做好布署工作。", as_of=date(2025, 6, 1))
