"""Peak memory of the patrol process stage by stage (Linux /proc), for the scale benchmark.

The whole process's peak (what `wait4` reports) does not say which stage to shrink: crawl,
audit or reports. With GOVPATROL_STAGE_RSS=1 in the environment the patrol reads its peak
resident size (VmHWM) at the end of each stage and resets it (/proc/self/clear_refs "5"), so
each stage's figure is its own. Off by default: the reset also lowers the peak a tool such as
`/usr/bin/time -v` would report for the whole process.
"""

from __future__ import annotations

import os

ENV = "GOVPATROL_STAGE_RSS"


def status_mb(key: str) -> float | None:
    """VmRSS / VmHWM of this process in MB, None where /proc cannot tell."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak() -> bool:
    """Start a new peak window (VmHWM := VmRSS); False where the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


class StagePeaks:
    """`mark(stage)` at the end of each stage; `figures` maps stage -> peak MB (empty when
    not asked for, or where /proc is missing)."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = os.environ.get(ENV) == "1" if enabled is None else enabled
        self.figures: dict[str, float] = {}

    def mark(self, stage: str) -> None:
        if not self.enabled:
            return
        peak = status_mb("VmHWM")
        if peak is None:
            return
        self.figures[stage] = round(peak, 1)
        reset_peak()
