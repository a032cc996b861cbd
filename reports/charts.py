"""Inline SVG charts for report.html: no chart library, no CDN, nothing to load offline.

Every label is escaped here (department and column names come from configs and pages), and the
result is `Markup` so the template inserts it without `|safe`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

#: One colour per category, in CATEGORIES order; more categories cycle.
PALETTE = ("#c0392b", "#e67e22", "#f1c40f", "#8e44ad", "#2c3e50", "#16a085", "#2980b9",
           "#7f8c8d", "#d35400", "#27ae60", "#e84393", "#6c5ce7", "#00b894", "#a0522d")

_FONT = 'font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif" font-size="12"'
LABEL_WIDTH = 170
BAR_HEIGHT = 18
GAP = 8


def _label(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def colour_map(names: Sequence[str]) -> dict[str, str]:
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def stacked_bars(rows: Sequence[tuple[str, Mapping[str, int]]], series: Mapping[str, str],
                 width: int = 720, chart_id: str = "") -> Markup:
    """Horizontal bars, one per row, stacked by series (category -> label), with a legend."""
    rows = [(name, counts) for name, counts in rows if sum(counts.values())]
    if not rows:
        return Markup('<p class="meta">无数据</p>')
    colours = colour_map(list(series))
    used = [key for key in series if any(counts.get(key) for _, counts in rows)]
    biggest = max(sum(counts.values()) for _, counts in rows)
    plot = width - LABEL_WIDTH - 50
    legend_rows = (len(used) + 3) // 4
    height = len(rows) * (BAR_HEIGHT + GAP) + legend_rows * 20 + 16
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" {_FONT}'
             + (f' id="{escape(chart_id)}"' if chart_id else "") + ">"]
    for i, (name, counts) in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP) + 4
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">'
                     f'<title>{escape(name)}</title>{escape(_label(name))}</text>')
        x = float(LABEL_WIDTH)
        for key in used:
            n = counts.get(key, 0)
            if not n:
                continue
            w = plot * n / biggest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                         f'fill="{colours[key]}"><title>{escape(name)} · '
                         f'{escape(series[key])}：{n}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{sum(counts.values())}</text>')
    top = len(rows) * (BAR_HEIGHT + GAP) + 8
    for i, key in enumerate(used):
        lx = 10 + (i % 4) * (width // 4)
        ly = top + (i // 4) * 20
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colours[key]}"/>'
                     f'<text x="{lx + 16}" y="{ly + 11}">{escape(series[key])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(rows: Sequence[tuple[str, int]], width: int = 720, colour: str = "#2980b9",
         chart_id: str = "") -> Markup:
    """Simple horizontal bars (label, value)."""
    return stacked_bars([(name, {"n": n}) for name, n in rows], {"n": "问题数"}, width,
                        chart_id) if rows else Markup('<p class="meta">无数据</p>')


def trend(points: Sequence[tuple[str, int, int]], width: int = 720, height: int = 220,
          chart_id: str = "") -> Markup:
    """Lines of the total and veto findings over runs: (label, total, veto), oldest first."""
    if len(points) < 2:
        return Markup('<p class="meta">巡检次数不足两次，暂无趋势。</p>')
    left, right, top, bottom = 40, 20, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    biggest = max(max(p[1] for p in points), 1)
    step = plot_w / (len(points) - 1)

    def xy(i: int, value: int) -> tuple[float, float]:
        return left + i * step, top + plot_h - plot_h * value / biggest

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" {_FONT}'
             + (f' id="{escape(chart_id)}"' if chart_id else "") + ">",
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
             'stroke="#999"/>',
             f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{biggest}</text>',
             f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>']
    for index, colour, name in ((1, "#2980b9", "问题总数"), (2, "#c0392b", "一票否决")):
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                          (xy(i, p[index]) for i, p in enumerate(points)))
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                     'stroke-width="2"/>')
        for i, p in enumerate(points):
            x, y = xy(i, p[index])
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                         f'<title>{escape(p[0])} {name}：{p[index]}</title></circle>')
        lx = left + (index - 1) * 110
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="12" height="3" '
                     f'fill="{colour}"/><text x="{lx + 16}" y="{height - 9}">{name}</text>')
    for i, p in enumerate(points):
        x, _ = xy(i, 0)
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                     f'{escape(p[0])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
