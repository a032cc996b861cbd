"""The text engine's disk cache: a new process loads the compiled word lists instead of
rebuilding them, and whatever changes the lists (or damages the file) makes it build again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from test_text_seeds import CONFIRMED, seed

from govpatrol.auditors.text import (
    TextOptions,
    cachefile,
    check_text,
    clear_caches,
    lexicon,
)

AS_OF = date(2025, 6, 1)
LIST_HEADER = "# local list, v1\nword\tcategory\tseverity\tsuggestion\tnote\n"


@pytest.fixture(scope="module", autouse=True)
def lexicon_in_memory(bundled_text_cache: Path, tmp_path_factory: pytest.TempPathFactory):
    """The tables derived from jieba's dictionary and pypinyin loaded into this process from
    the session's cache, as any earlier check in a long-lived process leaves them: the tests
    below are about the engine's cache file, and whichever of them came first would otherwise
    also build the lexicon tables from scratch (a minute of CPU on a loaded machine)."""
    folder = tmp_path_factory.mktemp("lexicon") / "cache"
    shutil.copytree(bundled_text_cache, folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVPATROL_CACHE_DIR", str(folder))
        clear_caches()
        check_text("各部门要认真做好布署工作。", as_of=AS_OF)
    clear_caches()
    cachefile.stats.clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test, and a process that has compiled nothing yet."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GOVPATROL_CACHE_DIR", str(folder))
    clear_caches()
    cachefile.stats.clear()
    yield folder
    clear_caches()  # the next test starts from the session's cache again


@pytest.fixture
def warm_cache(cache: Path, bundled_text_cache: Path) -> Path:
    """A cache directory of this test holding what the session built for the bundled lists:
    a process that has compiled nothing yet, on a machine where `govpatrol` ran before."""
    shutil.copytree(bundled_text_cache, cache)
    return cache


def new_process() -> None:
    """What a new `govpatrol check-text` starts with: no compiled engine in memory."""
    clear_caches()


def engine_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("engine-*.pickle"))


def test_second_run_loads_the_engine_from_disk(warm_cache: Path):
    """A process finding the engine a previous one stored (here: the session's cold build)
    loads it and leaves the file alone. That a build stores its engine, and that a loaded
    engine finds what a built one finds, is checked on a build of its own by the damaged-file
    and the seed tests below (one cold build of the bundled lists each, not one more here)."""
    [stored] = engine_files(warm_cache)
    written = stored.read_bytes()
    found = check_text("各部门要认真做好布署工作。", as_of=AS_OF)
    assert cachefile.stats["engine"] == {"loaded": 1}  # not built
    assert stored.read_bytes() == written  # not written again (only touched: in use)
    assert [f.text for f in found] == ["布署"]


def test_a_new_process_loads_what_this_one_stored(text_cache_dir: Path):
    clear_caches()
    check_text("", as_of=AS_OF)  # built and stored, or loaded, in the session's cache
    code = ("from datetime import date\n"
            "from govpatrol.auditors.text import cachefile, check_text\n"
            "found = check_text('各部门要认真做好布署工作。', as_of=date(2025, 6, 1))\n"
            "print([f.text for f in found], dict(cachefile.stats['engine']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "GOVPATROL_CACHE_DIR": str(text_cache_dir)}, check=True)
    assert result.stdout.strip() == "['布署'] {'loaded': 1}"


def test_editing_a_user_list_rebuilds_the_engine(cache: Path, tmp_path: Path):
    mine = tmp_path / "mine.tsv"
    mine.write_text(LIST_HEADER + "江河县政府办\tbanned_usage\tminor\t江河县人民政府办公室\t\n",
                    encoding="utf-8")
    options = TextOptions.from_config({"wordlists": [str(mine)]})
    text = "江河县政府办、江河市政府办发布通知。"
    assert [f.text for f in check_text(text, as_of=AS_OF, options=options)] == ["江河县政府办"]

    # Same size, same mtime, other content: only a digest of the contents notices.
    stat = mine.stat()
    mine.write_text(LIST_HEADER + "江河市政府办\tbanned_usage\tminor\t江河市人民政府办公室\t\n",
                    encoding="utf-8")
    os.utime(mine, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert mine.stat().st_size == stat.st_size
    new_process()
    assert [f.text for f in check_text(text, as_of=AS_OF, options=options)] == ["江河市政府办"]
    assert cachefile.stats["engine"]["built"] == 2
    assert len(engine_files(cache)) == 2  # one per version of the list; both may come back

    new_process()  # the edit undone: the first engine is on disk still
    mine.write_text(LIST_HEADER + "江河县政府办\tbanned_usage\tminor\t江河县人民政府办公室\t\n",
                    encoding="utf-8")
    assert [f.text for f in check_text(text, as_of=AS_OF, options=options)] == ["江河县政府办"]
    assert cachefile.stats["engine"]["loaded"] == 1


def test_whitelist_is_part_of_the_key(warm_cache: Path):
    text = "有人支持台独。"
    assert [f.text for f in check_text(text, as_of=AS_OF)] == ["台独"]
    new_process()
    allowed = TextOptions(whitelist=("支持台独",))
    assert check_text(text, as_of=AS_OF, options=allowed) == []
    assert cachefile.stats["engine"] == {"loaded": 1, "built": 1, "saved": 1}


def test_a_damaged_cache_file_is_rebuilt_silently(warm_cache: Path):
    expected = [f.to_dict() for f in check_text("做好布署。支持台独。", as_of=AS_OF)]
    [stored] = engine_files(warm_cache)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte deep inside the pickled automaton
    stored.write_bytes(bytes(data))

    new_process()
    found = [f.to_dict() for f in check_text("做好布署。支持台独。", as_of=AS_OF)]
    assert found == expected
    assert cachefile.stats["engine"] == {"loaded": 1, "built": 1, "saved": 1}
    new_process()  # and the rebuilt file is good again
    check_text("做好布署。", as_of=AS_OF)
    assert cachefile.stats["engine"] == {"loaded": 2, "built": 1, "saved": 1}


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "renamed"])
def test_damaged_files_are_never_unpickled(cache: Path, damage: str):
    """The checksum is verified first: a damaged file is a miss, never pickle's (or
    pyahocorasick's) problem."""
    key, value = "0" * 32, {"automaton": b"x" * 10_000}
    good = cachefile.save("engine", key, value)
    assert cachefile.load("engine", key) == value
    data = bytearray(good.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        data[-100] ^= 0x01
    elif damage == "garbage":
        data = bytearray(b"not a pickle at all" * 100)
    elif damage == "empty":
        data = bytearray()
    else:  # a good file, but under another key's name
        key = "1" * 32
    cachefile.path_for("engine", key).write_bytes(bytes(data))
    assert cachefile.load("engine", key) is None


def test_an_unwritable_cache_directory_is_simply_not_used(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("GOVPATROL_CACHE_DIR", str(blocker / "govpatrol"))
    clear_caches()
    cachefile.stats.clear()
    try:
        assert [f.text for f in check_text("做好布署。", as_of=AS_OF)] == ["布署"]
        assert cachefile.stats["engine"] == {"built": 1}
    finally:
        clear_caches()


def test_cache_directory_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("GOVPATROL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cachefile.cache_dir() == tmp_path / "xdg" / "govpatrol"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cachefile.cache_dir() == tmp_path / "home" / ".cache" / "govpatrol"
    monkeypatch.setenv("GOVPATROL_CACHE_DIR", str(tmp_path / "mine"))
    assert cachefile.cache_dir() == tmp_path / "mine"


def test_a_file_in_use_outlives_newer_ones_nobody_reads(cache: Path):
    """Pruning keeps what was used last: the engine of the lists in daily use stays while
    more than KEEP others are built (one for each list a user tried once)."""
    in_use = cachefile.save("engine", "a" * 32, {"n": 0})
    os.utime(in_use, ns=(1_000_000_000, 1_000_000_000))  # written long ago
    for i in range(cachefile.KEEP - 1):
        other = cachefile.save("engine", f"{i:032d}", {"n": i})
        os.utime(other, ns=(2_000_000_000 + i, 2_000_000_000 + i))
    assert cachefile.load("engine", "a" * 32) == {"n": 0}  # read today
    cachefile.save("engine", "b" * 32, {"n": -1})  # one more built: the oldest goes
    assert in_use.exists()
    assert len(engine_files(cache)) == cachefile.KEEP


def test_old_keys_are_pruned(cache: Path):
    for n in range(cachefile.KEEP + 3):
        cachefile.save("engine", f"{n:032x}", {"n": n})
    assert len(engine_files(cache)) == cachefile.KEEP
    assert not list(cache.glob(".*.tmp"))  # no temporary file left behind


def test_seeds_give_the_same_findings_with_and_without_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_text_cache: Path):
    texts = {prefix: seed(prefix) for prefix in sorted(CONFIRMED)}
    blocker = tmp_path / "no-cache"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GOVPATROL_CACHE_DIR", str(blocker / "x"))  # cannot be created
    clear_caches()
    cachefile.stats.clear()
    try:
        uncached = {p: [f.to_dict() for f in check_text(t, as_of=AS_OF)]
                    for p, t in texts.items()}
        assert cachefile.stats["engine"] == {"built": 1}

        shutil.copytree(bundled_text_cache, tmp_path / "cache")  # what the session stored
        monkeypatch.setenv("GOVPATROL_CACHE_DIR", str(tmp_path / "cache"))
        new_process()
        cached = {p: [f.to_dict() for f in check_text(t, as_of=AS_OF)]
                  for p, t in texts.items()}
        assert cachefile.stats["engine"]["loaded"] == 1
        assert cached == uncached
        assert sum(map(len, cached.values())) >= 3  # the confirmed findings are among them
    finally:
        clear_caches()


def test_stored_readings_are_pypinyins(text_cache_dir: Path):
    """The on-disk reading table answers exactly as pypinyin does (a sample of each range)."""
    from pypinyin import Style, pinyin

    table = lexicon.reading_table()
    sample = [chr(c) for low, high in lexicon.READING_RANGES for c in range(low, high, 13)]
    sample += list("行长重乐和还弹传调")  # heteronyms
    for ch in sample:
        result = pinyin(ch, style=Style.TONE3, heteronym=True, errors="ignore")
        assert lexicon.readings(ch) == (frozenset(result[0]) if result else frozenset()), ch
    assert len(table) > 20_000
    assert lexicon.is_word("上海市人大常委会") and not lexicon.is_word("上海市人大常委会会")
    assert lexicon.is_word("中华人民共和国") and lexicon.is_word("部署") and not lexicon.is_word("布署")


def test_the_text_path_imports_nothing_heavy(text_cache_dir: Path):
    """check-text's own modules stay light: no numpy/pandas (sqlite-utils), aiohttp, Scrapy,
    and once the lists are compiled on disk not even jieba or pypinyin: clause segmentation
    (a four-character typo) and a misspelt long fixed expression included."""
    code = ("import sys\n"
            "from click.testing import CliRunner\n"
            "from govpatrol.commands.check_text import check_text\n"
            "draft = '要贯切落实，做好布署。深入学习习近平新时代中国特色社会主义思相。'\n"
            "result = CliRunner().invoke(check_text, ['-', '--json'], input=draft)\n"
            "for typo in ('贯切落实', '布署', '思相'):\n"
            "    assert typo in result.output, result.output\n"
            "heavy = {'numpy', 'pandas', 'aiohttp', 'scrapy', 'sqlite_utils', 'twisted',\n"
            "         'jieba', 'pypinyin', 'openpyxl', 'docx'}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n")
    env = {**os.environ, "GOVPATROL_CACHE_DIR": str(text_cache_dir)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env) for _ in ("fills the cache", "uses it")]
    for result in runs:
        assert result.returncode == 0, result.stderr
    assert runs[1].stdout.strip() == "[]"


def test_segmentation_is_jiebas_without_jieba():
    """boundaries.py segments clauses with segment.py over the cached dictionary: word for
    word what jieba's own dictionary segmentation gives, on every clause window of the seeds."""
    import logging

    import jieba

    from govpatrol.auditors.text.segment import segmenter

    jieba.setLogLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    reference.initialize()
    ours = segmenter()
    windows = ["工商总局部署", "全能神教会", "统一教育", "农业部门户网站", "a b\r\nc  AB12中文 x", ""]
    for prefix in sorted(CONFIRMED):
        for line in seed(prefix).splitlines():
            windows += [line[at:at + 30] for at in range(0, len(line), 11)]
    assert len(windows) > 1000
    for window in windows:
        assert ours.lcut(window) == reference.lcut(window, HMM=False), window
