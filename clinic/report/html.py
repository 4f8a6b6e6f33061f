"""The report as one self-contained HTML page: inline CSS, charts as embedded PNG.

Nothing is loaded from elsewhere (no fonts, scripts or images by URL), so the
file can be mailed or opened offline. All text from conversations is escaped.
"""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from datetime import datetime
from html import escape
from typing import Dict, List, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402

from clinic.report.summary import Summary  # noqa: E402

MAX_UNANSWERED_ROWS = 50
COLOURS = ["#2f6f9f", "#e0803a", "#7a9a3a", "#9a5ab0"]

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d2733;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
  border-bottom: 1px solid #d5dde5; padding-bottom: .2rem; }
.lead { color: #4a5866; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1.2rem 0; }
.card { border: 1px solid #d5dde5; border-radius: .5rem; padding: .6rem 1rem; min-width: 9rem; }
.card b { display: block; font-size: 1.6rem; }
.card span { color: #4a5866; font-size: .9rem; }
.alert b { color: #b3261e; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e6ebf0; vertical-align: top; }
th { background: #f3f6f9; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; }
.note { color: #4a5866; font-size: .9rem; }
"""


def render(summary: Summary, clinic_name: str, timezone_name: str, generated: datetime) -> str:
    """The whole page for `summary`, as HTML text."""
    period = f"{summary.first_day:%a %d %b %Y} – {summary.last_day:%a %d %b %Y}"
    after_share = _share(summary.after_hours, summary.conversations)
    escalations = sum(summary.red_flags.values())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(clinic_name)}: what patients asked, {escape(period)}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>What patients asked the assistant</h1>",
        f'<p class="lead">{escape(clinic_name)} · {escape(period)} · times in {escape(timezone_name)} · '
        f"made {generated:%Y-%m-%d %H:%M}</p>",
        '<div class="cards">',
        _card(summary.conversations, "conversations"),
        _card(summary.messages, "patient messages"),
        _card(sum(summary.unanswered.values()), "messages not answered"),
        _card(escalations, "red-flag escalations", alert=escalations > 0),
        _card(summary.funnel.get("sent", 0), "booking requests sent"),
        _card(after_share, "of conversations outside opening hours"),
        "</div>",
        "<h2>Conversations per day</h2>",
        _img(_per_day_chart(summary), "Bar chart of conversations per day"),
        "<h2>Questions per topic and procedure</h2>",
        _questions(summary),
        "<h2>Messages the assistant could not answer</h2>",
        _unanswered(summary),
        "<h2>Red-flag escalations</h2>",
        _red_flags(summary),
        "<h2>Booking requests</h2>",
        _funnel(summary),
        "<h2>Outside opening hours</h2>",
        f"<p>{summary.after_hours} of {summary.conversations} conversations ({after_share}) started while "
        "the office was closed (opening hours from clinic.yml).</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _card(value: object, label: str, alert: bool = False) -> str:
    cls = "card alert" if alert else "card"
    return f'<div class="{cls}"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    def cell(tag: str, i: int, value: object) -> str:
        cls = ' class="n"' if i in numeric else ""
        return f"<{tag}{cls}>{escape(str(value))}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _questions(summary: Summary) -> str:
    if not summary.questions:
        return '<p class="note">No questions about the procedures in this period.</p>'
    procedures = sorted({p for _, p in summary.questions})
    by_topic: Dict[str, Dict[str, int]] = defaultdict(dict)
    for (topic, procedure), count in summary.questions.items():
        by_topic[topic][procedure] = count
    topics = sorted(by_topic, key=lambda t: -sum(by_topic[t].values()))
    rows = [[t, *(by_topic[t].get(p, 0) for p in procedures), sum(by_topic[t].values())] for t in topics]
    numeric = range(1, len(procedures) + 2)
    return _img(_questions_chart(topics, procedures, by_topic), "Bar chart of questions per topic") + _table(
        ["topic", *procedures, "total"], rows, numeric
    )


def _unanswered(summary: Summary) -> str:
    if not summary.unanswered:
        return '<p class="note">Every message in this period got an answer.</p>'
    ranked = summary.unanswered.most_common()
    rows = [[count, reason, text] for (reason, text), count in ranked[:MAX_UNANSWERED_ROWS]]
    note = (
        '<p class="note">Grouped by their wording, most frequent first; email addresses and phone '
        "numbers are masked. These are the questions to add to the clinic's information, or to teach "
        "the assistant.</p>"
    )
    if len(ranked) > MAX_UNANSWERED_ROWS:
        note += f'<p class="note">Showing {MAX_UNANSWERED_ROWS} of {len(ranked)} groups.</p>'
    return note + _table(["times", "why", "message"], rows, numeric=[0])


def _red_flags(summary: Summary) -> str:
    if not summary.red_flags:
        return '<p class="note">No red-flag escalations in this period.</p>'
    order = ["crisis", "emergency", "urgent"]
    tiers = sorted(summary.red_flags, key=lambda t: order.index(t) if t in order else len(order))
    rows = [[t, summary.red_flags[t], summary.red_flag_conversations[t]] for t in tiers]
    return (
        '<p class="note">Messages the assistant treated as warning signs and answered with the '
        "emergency or urgent-care advice.</p>" + _table(["tier", "messages", "conversations"], rows, numeric=[1, 2])
    )


def _funnel(summary: Summary) -> str:
    labels = {
        "started": "started the booking form",
        "consented": "agreed to be contacted",
        "sent": "booking request sent",
    }
    started = summary.funnel.get("started", 0)
    rows = [[labels[s], n, _share(n, started)] for s, n in summary.funnel.items()]
    return _img(_funnel_chart(summary), "Bar chart of the booking funnel") + _table(
        ["conversations that…", "count", "of those started"], rows, numeric=[1, 2]
    )


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'


def _png(figure: "plt.Figure") -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _axes(width: float, height: float) -> Tuple["plt.Figure", "plt.Axes"]:
    figure, axes = plt.subplots(figsize=(width, height))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def _per_day_chart(summary: Summary) -> bytes:
    days = sorted(summary.per_day)
    figure, axes = _axes(8, 2.6)
    axes.bar([d.strftime("%a\n%d %b") for d in days], [summary.per_day[d] for d in days], color=COLOURS[0])
    axes.set_ylabel("conversations")
    axes.yaxis.get_major_locator().set_params(integer=True)
    if len(days) > 10:
        axes.tick_params(axis="x", labelrotation=60)
    return _png(figure)


def _questions_chart(topics: List[str], procedures: List[str], by_topic: Dict[str, Dict[str, int]]) -> bytes:
    figure, axes = _axes(8, 0.35 * len(topics) + 1)
    left = [0] * len(topics)
    for i, procedure in enumerate(procedures):
        values = [by_topic[t].get(procedure, 0) for t in topics]
        axes.barh(topics, values, left=left, label=procedure, color=COLOURS[i % len(COLOURS)])
        left = [a + b for a, b in zip(left, values, strict=False)]
    axes.invert_yaxis()
    axes.set_xlabel("questions")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="lower right")
    return _png(figure)


def _funnel_chart(summary: Summary) -> bytes:
    figure, axes = _axes(8, 1.6)
    stages = list(summary.funnel)
    axes.barh(stages, [summary.funnel[s] for s in stages], color=COLOURS[0])
    axes.invert_yaxis()
    axes.set_xlabel("conversations")
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _png(figure)
