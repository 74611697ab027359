"""The report's PNG charts (matplotlib, Agg, no pyplot state): messages per day, top topics, fallback rate.

Labels are English (intent and topic ids, dates), so the default DejaVu Sans font renders them all.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Dict

from loancoach.counsel.reporting import TrackerFigures

FILES = {
    "messages_per_day": "messages_per_day.png",
    "topics": "topics.png",
    "fallback_rate": "fallback_rate.png",
}
COLORS = {"zh": "#d62728", "en": "#1f77b4", "button": "#bcbd22", "unknown": "#7f7f7f"}
LANGUAGE_ORDER = ["zh", "en", "button", "unknown"]
AREA_COLORS = {"loan_terms": "#1f77b4", "overdue": "#ff7f0e", "credit_repair": "#2ca02c", "other": "#7f7f7f"}
TOP_TOPICS = 10
DPI = 110


def _figure(width: float = 8, height: float = 4.5):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#555555", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _date_axis(ax, days) -> None:
    """Day ticks, with half a day of margin so one day is not spread over years."""
    import matplotlib.dates as mdates

    first, last = (datetime.combine(d, time()) for d in (min(days), max(days)))
    ax.set_xlim(first - timedelta(hours=17), last + timedelta(hours=17))
    if (last - first).days <= 14:
        ax.xaxis.set_major_locator(mdates.DayLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.tick_params(axis="x", labelrotation=30)
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def messages_per_day(figures: TrackerFigures, path: Path) -> None:
    fig = _figure()
    ax = fig.subplots()
    ax.set_title("User messages per day, by language")
    if not figures.days:
        _empty(ax, "No messages in this period")
    else:
        days = list(figures.days)
        bottom = [0] * len(days)
        languages = sorted(figures.languages, key=lambda x: (LANGUAGE_ORDER + [x]).index(x))
        for language in languages:
            counts = [figures.days[d].messages[language] for d in days]
            label = "button clicks" if language == "button" else language
            ax.bar(days, counts, bottom=bottom, width=0.8, label=label, color=COLORS.get(language))
            bottom = [b + c for b, c in zip(bottom, counts, strict=False)]
        ax.set_xlabel("Day")
        ax.set_ylabel("User messages")
        ax.legend(title="Language")
        ax.yaxis.get_major_locator().set_params(integer=True)
        _date_axis(ax, days)
    fig.savefig(path)


def topics(figures: TrackerFigures, areas: Dict[str, str], path: Path) -> None:
    fig = _figure(10, 5)
    fig.suptitle("Knowledge questions (ask_* intents)")
    if not figures.topics:
        _empty(fig.subplots(), "No knowledge questions in this period")
    else:
        by_topic, by_area = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2, 1]})
        top = figures.topics.most_common(TOP_TOPICS)[::-1]
        names = [name.replace("_", " ") for name, _ in top]
        colors = [AREA_COLORS.get(areas.get(name, "other"), "#7f7f7f") for name, _ in top]
        from matplotlib.patches import Patch

        by_topic.barh(names, [n for _, n in top], color=colors, height=0.6)
        by_topic.set_ylim(-0.6, max(len(top), 4) - 0.4)  # a few topics keep slim bars
        by_topic.set_title(f"Top topics (at most {TOP_TOPICS})")
        shown_areas = sorted({areas.get(name, "other") for name, _ in top})
        by_topic.legend(
            handles=[
                Patch(color=AREA_COLORS.get(a, "#7f7f7f"), label=a.replace("_", " ")) for a in shown_areas
            ],
            title="Area",
            loc="upper right",
        )
        by_topic.set_xlabel("Questions")
        by_topic.xaxis.get_major_locator().set_params(integer=True)
        area_counts = figures.areas.most_common()
        by_area.bar(
            [a.replace("_", " ") for a, _ in area_counts],
            [n for _, n in area_counts],
            width=0.6 if len(area_counts) > 1 else 0.3,
            color=[AREA_COLORS.get(a, "#7f7f7f") for a, _ in area_counts],
        )
        by_area.set_title("By area")
        by_area.set_xlabel("Area")
        by_area.set_ylabel("Questions")
        by_area.yaxis.get_major_locator().set_params(integer=True)
        by_area.tick_params(axis="x", labelrotation=20)
    fig.savefig(path)


def fallback_rate(figures: TrackerFigures, path: Path) -> None:
    fig = _figure()
    ax = fig.subplots()
    ax.set_title("Fallback rate per day (share of typed messages not understood)")
    points = [(d, day.fallback_rate) for d, day in figures.days.items() if day.fallback_rate is not None]
    if not points:
        _empty(ax, "No typed messages in this period")
    else:
        days, rates = zip(*points, strict=False)
        ax.plot(days, [100 * r for r in rates], marker="o", color="#d62728", label="per day")
        if figures.fallback_rate is not None:
            ax.axhline(100 * figures.fallback_rate, linestyle="--", color="#555555", label="whole period")
        ax.set_ylim(0, max(100 * max(rates), 10) * 1.15)
        ax.set_xlabel("Day")
        ax.set_ylabel("Fallback rate (%)")
        ax.legend()
        _date_axis(ax, days)
    fig.savefig(path)


def write_charts(figures: TrackerFigures, areas: Dict[str, str], out_dir: Path) -> Dict[str, str]:
    """Write the three PNGs into ``out_dir``; returns chart name -> file name (relative to out_dir)."""
    messages_per_day(figures, out_dir / FILES["messages_per_day"])
    topics(figures, areas, out_dir / FILES["topics"])
    fallback_rate(figures, out_dir / FILES["fallback_rate"])
    return dict(FILES)
