"""The generator's working state: the seeded random source, the columns, the files written so far
and the truth recorded as it goes. Every step of the build takes it as `b`.

One random source drives the whole build, so the order of the steps in build.py is part of the
output: moving a step changes the bytes (the regeneration test shows it).
"""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

from tools.build_demo.model import SEED, Article, column_specs
from tools.build_demo.workdays import back_workdays


class Build:
    """The model being built, the files rendered from it, and the truth recorded as it goes."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.columns = {c.key: c for c in column_specs()}
        self.files: dict[str, bytes] = {}
        self.content_types: dict[str, str] = {}
        self.planted: list[dict[str, Any]] = []
        self.controls: list[dict[str, Any]] = []
        self.late: list[dict[str, Any]] = []
        self.encodings: list[dict[str, Any]] = []
        self.malformed: dict[str, str] = {}
        self.interpretations: dict[str, Article] = {}  # interpretation path -> policy
        self.html_text: dict[str, str] = {}  # path -> HTML as text (for the checks)
        # the articles planted.plant_problems() picks, for the truth written later
        self.late_news: Article
        self.dead_image: Article
        self.hacked: Article
        self.missing_attachment: Article

    # -- helpers -----------------------------------------------------------------------------------
    def at(self, day: date, earliest: int = 8, latest: int = 17) -> datetime:
        hour = self.rng.randint(earliest, latest)
        return datetime(day.year, day.month, day.day, hour, self.rng.choice(range(0, 60, 5)))

    def dates_back(self, newest: date, count: int, gaps: tuple[int, ...],
                   forced: tuple[date, ...] = ()) -> list[date]:
        """`count` publication days, newest first, `gaps` working days apart; `forced` included."""
        days = [newest]
        while len(days) < count:
            days.append(back_workdays(days[-1], self.rng.choice(gaps)))
        for day in forced:
            if day not in days:
                nearest = min(range(1, len(days)), key=lambda i: abs((days[i] - day).days))
                days[nearest] = day
        return sorted(days, reverse=True)

    def add(self, path: str, data: bytes, content_type: str | None = None) -> None:
        assert path not in self.files, f"two files at {path}"
        self.files[path] = data
        if content_type:
            self.content_types[path] = content_type

    def add_html(self, path: str, html: str, encoding: str = "utf-8",
                 content_type: str | None = None) -> None:
        self.html_text[path] = html
        self.add(path, html.encode(encoding), content_type)
