"""Latency of `govpatrol check-text` on a one-sentence draft, against jieba's own start-up.

    python benchmarks/check_text.py [--runs 7] [--bytecode both|off|on] [--mb 1]

Each figure is the median wall time of fresh processes, as a user or a CI job starts them:
- `python -c "import jieba; jieba.initialize()"`: the yardstick (issue 15: check-text within
  1.5x of it);
- `python -m govpatrol check-text draft.txt`, cold (an empty cache directory each run: the word
  lists are compiled and jieba's dictionary read) and warm (the cache of a previous run);
- the same command through `govpatrol.commands.check_text` directly, without the CLI group, which shows
  what the text path costs by itself whatever the group imports;
- a 1 MB draft (seed paragraphs) through the warm command: throughput in MB/s.

The environment of this project sets PYTHONDONTWRITEBYTECODE=1, so every import compiles from
source; `--bytecode` measures with it (off), with bytecode written and reused (on: into a
temporary PYTHONPYCACHEPREFIX, the source tree is left alone) or both.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "各部门要进一步贯切落实党中央决策部署，认真做好布署工作。\n"
JIEBA = [sys.executable, "-c", "import jieba; jieba.initialize()"]
DIRECT = [sys.executable, "-c",
          "import sys; from govpatrol.commands.check_text import check_text; "
          "check_text(sys.argv[1:], prog_name='check-text')"]
CLI = [sys.executable, "-m", "govpatrol", "check-text"]


def seed_text(target_bytes: int) -> str:
    """About target_bytes of real government text (the seeds), else a repeated sentence."""
    paragraphs: list[str] = []
    for folder in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        for path in sorted(folder.glob("*.txt")):
            paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
        if paragraphs:
            break
    paragraphs = paragraphs or [SENTENCE.strip()]
    rng = random.Random(4)
    out: list[str] = []
    size = 0
    while size < target_bytes:
        para = rng.choice(paragraphs)
        out.append(para)
        size += len(para.encode("utf-8")) + 1
    return "\n".join(out) + "\n"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def measure(mode: str, runs: int, mb: float, work: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GOVPATROL_CACHE_DIR",)}
    if mode == "off":
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        label = "PYTHONDONTWRITEBYTECODE=1 (every import compiled from source)"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        label = "PYTHONDONTWRITEBYTECODE unset (bytecode written once, then reused)"
    draft = work / "draft.txt"
    draft.write_text(SENTENCE, encoding="utf-8")
    warm_dir = work / f"cache-{mode}"
    warm = {**env, "GOVPATROL_CACHE_DIR": str(warm_dir)}
    counter = iter(range(10_000))

    def cold_env() -> dict[str, str]:
        return {**env, "GOVPATROL_CACHE_DIR": str(work / f"cold-{mode}-{next(counter)}")}

    # Warm-ups: jieba's own cache file, the bytecode (mode on), our cache directory.
    timed(JIEBA, env)
    timed([*CLI, str(draft)], warm)
    timed([*DIRECT, str(draft)], warm)

    print(f"\n== {label}; median of {runs} interleaved runs ==")
    commands: list[tuple[str, Callable[[], float]]] = [
        ("import jieba; jieba.initialize()", lambda: timed(JIEBA, env)),
        ("govpatrol check-text, cold cache", lambda: timed([*CLI, str(draft)], cold_env())),
        ("govpatrol check-text, warm cache", lambda: timed([*CLI, str(draft)], warm)),
        ("check-text command without the group", lambda: timed([*DIRECT, str(draft)], warm)),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _ in commands}
    for _ in range(runs):  # round robin: a burst of load elsewhere hits every figure alike
        for name, once in commands:
            samples[name].append(once())
    rows = [(name, statistics.median(times), times) for name, times in samples.items()]
    jieba_s = rows[0][1]
    for name, med, times in rows:
        spread = ", ".join(f"{t:.2f}" for t in times)
        ratio = f"{med / jieba_s:5.2f}x jieba" if name != rows[0][0] else " " * 11
        print(f"  {name:<38} {med:6.2f} s  {ratio}   [{spread}]")
    warm_ratio = rows[2][1] / jieba_s
    paired = statistics.median(w / j for w, j in zip(rows[2][2], rows[0][2], strict=True))
    verdict = "within" if warm_ratio <= 1.5 else "ABOVE"
    print(f"  one sentence, warm: {warm_ratio:.2f}x jieba's start-up ({verdict} the 1.5x target;"
          f" median of the per-round ratios {paired:.2f}x)")

    big = work / "big.txt"
    big.write_text(seed_text(int(mb * 1_000_000)), encoding="utf-8")
    size_mb = big.stat().st_size / 1_000_000
    pairs = [(timed([*CLI, str(big), "--json"], warm), timed([*CLI, str(draft), "--json"], warm))
             for _ in range(max(1, runs // 2))]
    whole = statistics.median(b for b, _ in pairs)
    extra = statistics.median(b - s for b, s in pairs)  # each against a one-sentence run beside it
    print(f"  {size_mb:.2f} MB draft, warm: {whole:.2f} s = {size_mb / whole:.2f} MB/s overall; "
          f"{extra:.2f} s more than one sentence = {size_mb / max(extra, 1e-3):.2f} MB/s of text "
          f"[{', '.join(f'{b:.2f}/{s:.2f}' for b, s in pairs)}]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--bytecode", choices=("both", "off", "on"), default="both",
                        help="off: PYTHONDONTWRITEBYTECODE=1; on: bytecode reused")
    parser.add_argument("--mb", type=float, default=1.0, help="size of the throughput draft")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f} "
          f"(other work on the machine inflates every figure alike)")
    modes = ("off", "on") if args.bytecode == "both" else (args.bytecode,)
    with tempfile.TemporaryDirectory(prefix="govpatrol-bench-") as tmp:
        for mode in modes:
            measure(mode, args.runs, args.mb, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
