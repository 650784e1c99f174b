"""Charts as inline SVG, drawn on the server from plain numbers: no Flask, no JavaScript.

Every chart is an `<svg role="img">` named by its `<title>` and `<desc>` (referenced by
`aria-labelledby`); the page shows the same figures in a table beside it. Colours are
presentation attributes (the CSP forbids `style`), with a class per series for CSS.
Labels arrive translated and numbers are formatted by the caller's `fmt` (the page's
locale), so this module knows no language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Format = Callable[[float], str]
WIDTH = 640
CHAR_WIDTH = 7.2  # average advance of a 13px sans-serif character, for layout only
LINE = 16
# Blue and orange stay apart for every kind of colour blindness; grey and purple differ
# from both in lightness. Each is at least 3:1 against white (WCAG 1.4.11).
COLOURS = {
    "approved": "#0b4f8a",
    "refused": "#b34700",
    "withdrawn": "#5f6468",
    "lapsed": "#7a5c00",
    "pending": "#7b3f98",
    "late": "#b34700",
    "unsanctioned": "#3d4347",
    "value": "#0b4f8a",
}
TRACK = "#e1e3e5"


@dataclass(frozen=True)
class Series:
    """One layer of a stacked chart: its key (colour, class), its label, a value per column."""

    key: str
    label: str
    values: tuple[float, ...]


def axis_steps(largest: float, most: int = 5) -> tuple[float, int]:
    """A round tick step (1, 2 or 5 × 10ⁿ, at least 1) and how many steps reach `largest`."""
    if largest <= 0:
        return 1.0, 1
    rough = largest / most
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return float(step), max(math.ceil(largest / step), 1)


def wrap(text: str, width: float, max_lines: int = 3) -> list[str]:
    """A label cut into lines that fit `width` units; the last one ends with … if cut."""
    limit = max(int(width / CHAR_WIDTH), 8)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: limit - 1].rstrip() + "…"
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]


def _text(x: float, y: float, content: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>'
            f"{escape(content)}</text>")


def _rect(x: float, y: float, w: float, h: float, key: str, tip: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
            f'fill="{COLOURS.get(key, COLOURS["value"])}" class="chart-{escape(key)}">'
            f"<title>{escape(tip)}</title></rect>")


def _svg(chart_id: str, title: str, desc: str, height: float, body: list[str]) -> Markup:
    cid = escape(chart_id)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-size="13" '
        f'font-family="system-ui, sans-serif" fill="#1b1b1b">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _legend(items: Sequence[tuple[str, str]], top: float) -> tuple[list[str], float]:
    """Swatches and labels in rows across the width; returns the parts and the next y."""
    parts: list[str] = []
    x, y = 0.0, top
    for key, label in items:
        needed = 22 + len(label) * CHAR_WIDTH + 18
        if x and x + needed > WIDTH:
            x, y = 0.0, y + LINE + 6
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" '
                     f'fill="{COLOURS.get(key, COLOURS["value"])}" class="chart-{escape(key)}"/>')
        parts.append(_text(x + 20, y + 12, label))
        x += needed
    return parts, y + LINE + 12


def _axis(left: float, top: float, plot_h: float, step: float, steps: int,
          fmt: Format) -> list[str]:
    parts = []
    for i in range(steps + 1):
        value = step * i
        y = top + plot_h - plot_h * i / steps
        parts.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" '
                     f'stroke="{TRACK if i else "#5f6468"}" stroke-width="1"/>')
        parts.append(_text(left - 6, y + 4, fmt(value), "end", "chart-tick"))
    return parts


def stacked_columns(chart_id: str, title: str, desc: str, categories: Sequence[str],
                    series: Sequence[Series], fmt: Format = str, legend: bool = True) -> Markup:
    """Columns (months, years) whose layers add up to the total printed on top of each."""
    body, top = _legend([(s.key, s.label) for s in series], 4) if legend else ([], 4.0)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    step, steps = axis_steps(max(totals, default=0))
    end = step * steps
    left, plot_h = 48.0, 200.0
    top += LINE  # room for the totals above the highest column
    body += _axis(left, top, plot_h, step, steps, fmt)
    slot = (WIDTH - left) / max(len(categories), 1)
    bar_w = min(slot * 0.7, 56)
    base = top + plot_h
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        y = base
        for s in series:
            h = plot_h * s.values[i] / end
            if h > 0:
                tip = " ".join(filter(None, (f"{category}:", s.label, fmt(s.values[i]))))
                body.append(_rect(x, y - h, bar_w, h, s.key, tip))
            y -= h
        body.append(_text(x + bar_w / 2, y - 4, fmt(totals[i]), "middle", "chart-total"))
        body.append(_text(x + bar_w / 2, base + 18, category, "middle"))
    return _svg(chart_id, title, desc, base + 28, body)


def columns(chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, float]],
            fmt: Format = str, key: str = "value") -> Markup:
    """One column per label, its value printed on top."""
    series = Series(key, "", tuple(value for _, value in bars))
    return stacked_columns(chart_id, title, desc, [label for label, _ in bars], [series], fmt,
                           legend=False)


def horizontal_bars(chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, float]],
                    fmt: Format = str, key: str = "value") -> Markup:
    """A bar per row under its (wrapped) label, longest value full width, value at the end."""
    end = max((v for _, v in rows), default=0) or 1
    room = WIDTH - 70
    body: list[str] = []
    y = 4.0
    for label, value in rows:
        for line in wrap(label, WIDTH):
            y += LINE
            body.append(_text(0, y - 3, line))
        w = room * value / end
        body.append(_rect(0, y + 2, w, 20, key, f"{label}: {fmt(value)}"))
        body.append(_text(w + 6, y + 17, fmt(value), "start", "chart-value"))
        y += 34
    return _svg(chart_id, title, desc, y + 4, body)


def donut(chart_id: str, title: str, desc: str, parts: Sequence[tuple[str, str, float]],
          centre: str, fmt: Format = str) -> Markup:
    """A ring cut into `parts` (key, label, value), `centre` written inside, a legend beside."""
    r, cx, cy = 70.0, 90.0, 90.0
    circumference = 2 * math.pi * r
    whole = sum(v for _, _, v in parts)
    body = [f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{TRACK}" '
            f'stroke-width="28"/>']
    offset = 0.0
    for key, label, value in parts:
        length = circumference * value / whole if whole else 0
        if length > 0:
            body.append(
                f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" '
                f'stroke="{COLOURS.get(key, COLOURS["value"])}" class="chart-{escape(key)}" '
                f'stroke-width="28" stroke-dasharray="{length:.2f} {circumference:.2f}" '
                f'stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 {cx} {cy})">'
                f"<title>{escape(label)}: {escape(fmt(value))}</title></circle>"
            )
        offset += length
    body.append(_text(cx, cy + 8, centre, "middle", "chart-centre"))
    y = 60.0
    for key, label, value in parts:
        body.append(f'<rect x="200" y="{y:.1f}" width="14" height="14" '
                    f'fill="{COLOURS.get(key, COLOURS["value"])}" class="chart-{escape(key)}"/>')
        for i, line in enumerate(wrap(f"{label}: {fmt(value)}", WIDTH - 230, 2)):
            body.append(_text(222, y + 12 + i * LINE, line))
        y += 44
    return _svg(chart_id, title, desc, max(y, 184), body)
