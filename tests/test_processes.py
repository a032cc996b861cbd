"""The tests' forkserver (tests/processes.py): the patrols it forks start with what they load.

multiprocessing's forkserver skips a preloaded module it cannot import without a word, and
Python 3.11's ignores the sys.path it is handed: tests/preload_text.py was silently never
loaded, and every forked patrol loaded the text engine itself. This is what would say so.
"""

from __future__ import annotations

import gc
import sys

import processes


def _what_the_child_holds(queue) -> None:
    queue.put(([name for name in processes.PRELOAD if name not in sys.modules],
               gc.get_freeze_count()))


def test_a_forked_patrol_starts_with_every_preloaded_module_and_a_frozen_heap():
    context = processes._forkserver()
    queue = context.SimpleQueue()
    child = context.Process(target=_what_the_child_holds, args=(queue,))
    child.start()
    missing, frozen = queue.get()
    child.join(60)
    assert child.exitcode == 0
    assert missing == []
    assert frozen > 100_000  # the preloaded modules' objects, left out of every collection
