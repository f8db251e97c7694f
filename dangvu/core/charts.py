"""Charts drawn on the server by matplotlib: one code path for pages (inline SVG) and
reports (PNG for docx/pdf).

- Agg backend, no pyplot: each chart is its own `Figure`, nothing global is left behind.
- Deterministic: same figures, same bytes (fixed SVG id salt, no date in the metadata).
  Nothing is cached: a chart is drawn from the numbers it is given, every time.
- DejaVu Sans draws every Vietnamese letter; SVG text stays text (selectable, small, and
  readable by screen readers), numbers are written as the current language writes them
  ("1.234,5" in Vietnamese).
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dangvu.core import formatting  # noqa: E402

INK, MUTED, LINE = "#1f2328", "#5f6b76", "#d8dee4"
SERIES, TARGET, GOOD = "#1f4e9a", "#b71c1c", "#1b5e20"

RC = {
    "font.family": ["DejaVu Sans"],
    "font.size": 13,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlesize": 14,
    "xtick.color": INK,
    "ytick.color": MUTED,
    "xtick.labelsize": 13,
    "ytick.labelsize": 12,
    "svg.fonttype": "none",  # text as <text>, with the fallbacks of FONT_STACK
    "svg.hashsalt": "dangvu-charts",  # stable element ids: same input, same bytes
}
# rc_context changes matplotlib's global settings for the duration of a drawing: one at a time.
_LOCK = threading.Lock()


@dataclass
class Trend:
    """A series over periods held against a target line.

    points: (label, value or None) in time order; a point without a value is not drawn
    (a period to come, or one without data). `target_label` is written on the target line
    (default: the target's value); `decimals` of the values as written on the points.
    """

    points: list[tuple[str, Decimal | None]]
    target: Decimal | None = None
    target_label: str = ""
    decimals: int = 0
    title: str = ""


@dataclass
class Bars:
    """Horizontal bars, one per label, in the order given (top to bottom): achievement by
    target (values in %, `reference` 100), or a figure by unit. Each bar has its value
    written at its end (with `suffix`, e.g. "%"); bars short of `reference` are drawn in the
    target colour, the others in the series colour; no reference: all in the series colour."""

    bars: list[tuple[str, Decimal | None]]
    reference: Decimal | None = None
    reference_label: str = ""
    decimals: int = 0
    suffix: str = ""
    title: str = ""


def _fmt(decimals: int):
    def fmt(value) -> str:
        return formatting.decimal(value, decimals)

    return fmt


def trend_figure(trend: Trend, *, width: float = 6.4, height: float = 2.8) -> Figure:
    """The trend as a matplotlib Figure (width, height in inches): the values as a line
    with each point written on it, the target as a dashed red line written at its right
    end. No y axis: the numbers are on the points, which is what a reader looks for."""
    fig = Figure(figsize=(width, height))
    # Fixed margins rather than tight_layout: half the drawing time, and the same frame for
    # every chart of a page so that they line up.
    fig.subplots_adjust(left=0.04, right=0.96, top=0.86, bottom=0.14)
    ax = fig.add_subplot()
    labels = [label for label, _v in trend.points]
    xs = list(range(len(labels)))
    known = [(x, float(v)) for x, (_l, v) in zip(xs, trend.points, strict=True) if v is not None]
    fmt = _fmt(trend.decimals)
    target = float(trend.target) if trend.target is not None else None
    top = max([v for _x, v in known] + ([target] if target is not None else []) + [0.0])
    if known:
        ax.plot([x for x, _v in known], [v for _x, v in known], color=SERIES, linewidth=2.5, marker="o",
                markersize=7, zorder=3, clip_on=False)
        for x, v in known:
            ax.annotate(fmt(v), (x, v), textcoords="offset points", xytext=(0, 10), ha="center",
                        fontsize=14, color=SERIES, fontweight="bold", zorder=4,
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    if target is not None:
        ax.axhline(target, color=TARGET, linewidth=1.8, linestyle=(0, (6, 4)), zorder=2)
        _label_target(ax, trend.target_label or fmt(target), target, known, len(labels), top)
    ax.set_xticks(xs, labels)
    ax.set_xlim(-0.4, max(len(labels) - 0.6, 0.6))
    ax.set_ylim(0, top * 1.22 if top > 0 else 1)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=0, pad=6)
    if trend.title:
        ax.set_title(trend.title, loc="left", color=INK)
    return fig


def bars_figure(spec: Bars, *, width: float = 6.4, height: float | None = None) -> Figure:
    """The bars as a Figure: the height grows with the number of bars (0,42 inch a bar)."""
    n = max(len(spec.bars), 1)
    fig = Figure(figsize=(width, height or 0.7 + 0.42 * n))
    fig.subplots_adjust(left=0.42, right=0.9, top=1 - 0.45 / (0.7 + 0.42 * n), bottom=0.25 / (0.7 + 0.42 * n))
    ax = fig.add_subplot()
    fmt = _fmt(spec.decimals)
    ys = list(range(n))[::-1]
    values = [float(v) if v is not None else 0.0 for _l, v in spec.bars]
    reference = float(spec.reference) if spec.reference is not None else None
    colours = [TARGET if reference is not None and v < reference else SERIES for v in values]
    ax.barh(ys[:len(values)], values, color=colours, height=0.62, zorder=2)
    top = max(values + ([reference] if reference is not None else []) + [0.0]) or 1.0
    for y, (_label, v) in zip(ys, spec.bars, strict=False):
        text = "—" if v is None else fmt(v) + spec.suffix
        ax.annotate(text, (float(v or 0), y), textcoords="offset points", xytext=(4, 0), va="center",
                    fontsize=11, color=INK)
    if reference is not None:
        ax.axvline(reference, color=GOOD, linewidth=1.4, linestyle=(0, (5, 3)), zorder=3)
        if spec.reference_label:
            ax.annotate(spec.reference_label, (reference, 1), xycoords=("data", "axes fraction"),
                        textcoords="offset points", xytext=(0, 3), ha="center", fontsize=10, color=GOOD)
    ax.set_yticks(ys[:len(values)], [_shorten(label) for label, _v in spec.bars])
    ax.set_xlim(0, top * 1.18)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=10.5)
    if spec.title:
        ax.set_title(spec.title, loc="left", color=INK)
    return fig


def _shorten(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# Where DejaVu Sans is not installed (most Windows machines), fonts that also have every
# Vietnamese letter.
FONT_STACK = "'DejaVu Sans', 'Segoe UI', Arial, sans-serif"


def _label_target(ax, text: str, target: float, known: list[tuple[int, float]], n: int, top: float) -> None:
    """Write the target on its line at the end (left or right) where no point is close to
    it, above the line, or below it when the point at that end sits above."""
    span = top * 1.22 or 1

    def clearance(x: int) -> float:
        near = [v for px, v in known if px == x]
        return abs(near[0] - target) / span if near else 1.0

    right = clearance(n - 1) >= min(clearance(0), 0.12)
    end = n - 1 if right else 0
    point = next((v for px, v in known if px == end), None)
    below = point is not None and point > target and clearance(end) < 0.12
    ax.annotate(text, (1 if right else 0, target), xycoords=("axes fraction", "data"), textcoords="offset points",
                xytext=(0, -16 if below else 5), ha="right" if right else "left", fontsize=12, color=TARGET)


_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def svg(fig: Figure, *, label: str = "") -> str:
    """An <svg> element to inline in a page: no XML prologue, no fixed size (it scales to
    its container through its viewBox), `role="img"` with `label` for screen readers."""
    buffer = io.StringIO()
    FigureCanvasSVG(fig)
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1), count=1)
    text = _SIZE.sub(r"<svg\1", text, count=1).replace("font-family: 'DejaVu Sans'", f"font-family: {FONT_STACK}")
    aria = f' role="img" aria-label="{_escape(label)}"' if label else ' aria-hidden="true"'
    return text.replace("<svg", f'<svg class="chart"{aria}', 1)


def png(fig: Figure, *, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (for Word and PDF reports)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))


def _figure(spec, size: dict) -> Figure:
    return bars_figure(spec, **size) if isinstance(spec, Bars) else trend_figure(spec, **size)


def draw_svg(spec: Trend | Bars, *, label: str = "", **size) -> str:
    """Any chart spec as inline SVG: the one path pages and the HTML report draw through."""
    with _LOCK, matplotlib.rc_context(RC):
        return svg(_figure(spec, size), label=label)


def draw_png(spec: Trend | Bars, *, dpi: int = 150, **size) -> bytes:
    """Any chart spec as PNG bytes: what Word and PDF reports embed."""
    with _LOCK, matplotlib.rc_context(RC):
        return png(_figure(spec, size), dpi=dpi)
