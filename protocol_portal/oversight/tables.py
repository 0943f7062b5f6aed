"""The statistics as tables and charts: each table's rows come once from a selector, and the page, its chart and
its CSV download all show those same rows (issue 7)."""
from dataclasses import dataclass, field

from . import selectors
from .policy import bar_chart

NONE = "No answers"  # a median or percentile of nothing


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart drawn as SVG: every bar has its label and value as text, so colour means nothing."""

    id: str
    title: str
    description: str
    width: int
    height: int
    bars: tuple


@dataclass(frozen=True)
class Table:
    name: str
    heading: str
    about: str
    caption: str
    headers: tuple
    rows: list
    numeric: frozenset = frozenset()   # the columns to right-align
    charts: tuple = field(default=())


def chart(chart_id, title, about, items, *, suffix=""):
    """Return a Chart of ``items`` [(label, value)], wide enough on the left for the longest label."""
    longest = max((len(str(label)) for label, _ in items), default=0)
    label_width = min(440, max(120, round(longest * 8.6) + 16))
    width = label_width + 420
    bars, height = bar_chart(items, width=width, label_width=label_width, suffix=suffix)
    shown = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    drawn = tuple({"bar": bar, "label_x": bar.x - 10, "value_x": bar.x + bar.width + 8,
                   "text_y": bar.y + bar.height / 2} for bar in bars)
    return Chart(id=chart_id, title=title, description=f"{about} {shown}." if shown else about,
                 width=width, height=height, bars=drawn)


def _or_none(value):
    return NONE if value is None else value


def in_time(filters):
    rows = selectors.enquiries_in_time(filters)
    items = [(f"{r['department']}, {r['month']:%b %Y}", r["share"]) for r in rows]
    return Table(
        name="in-time", heading="Enquiries answered within the deadline",
        about="By the month each enquiry was received; enquiries with a full response or declined are counted "
              "(ENQ-DUE).",
        caption="Enquiries answered within the deadline, by department and the month received",
        headers=("Department", "Month received", "Answered", "Answered within the deadline",
                 "Share within the deadline"),
        rows=[(r["department"], f"{r['month']:%B %Y}", r["answered"], r["in_time"], f"{r['share']}%")
              for r in rows],
        numeric=frozenset({2, 3, 4}),
        charts=(chart("chart-in-time", "Share of enquiries answered within the deadline",
                      "The percentage answered within the deadline, for each department and month received.",
                      items, suffix="%"),) if items else ())


def response_times(filters):
    rows = selectors.response_times(filters)
    items = []
    for r in rows:
        items += [(f"{r['department']}: median", r["median"]), (f"{r['department']}: 90th percentile", r["p90"])]
    return Table(
        name="response-times", heading="Response times",
        about="Working days from receipt to the full response (WD-COUNT). Half the answers took the median or "
              "fewer; nine in ten took the 90th percentile or fewer.",
        caption="Response times in working days, by department and for the whole council",
        headers=("Department", "Answered", "Median (working days)", "90th percentile (working days)"),
        rows=[(r["department"], r["answered"], _or_none(r["median"]), _or_none(r["p90"])) for r in rows],
        numeric=frozenset({1, 2, 3}),
        charts=(chart("chart-response-times", "Response times in working days",
                      "The median and the 90th percentile of the working days taken to answer, for each department "
                      "and the whole council.", items),) if rows[-1]["answered"] else ())


def outcomes(filters):
    rows = selectors.access_by_outcome(filters)
    return Table(
        name="outcomes", heading="Requests to see documents by outcome",
        about="Each request's outcome now, by the date it was made; with a department chosen, requests for its "
              "documents.",
        caption="Requests to see documents, by their outcome now",
        headers=("Outcome", "Requests"), rows=[(label, n) for label, n in rows], numeric=frozenset({1}),
        charts=(chart("chart-outcomes", "Requests to see documents by outcome",
                      "The number of requests with each outcome.", rows),))


def rules(filters):
    rows = selectors.access_by_rule(filters)
    return Table(
        name="rules", heading="Requests to see documents by deciding rule",
        about="The access rule that decided each request at once; a request an officer decided is counted under "
              "the rule that referred it to them.",
        caption="Requests to see documents, by the rule that decided them at once",
        headers=("Rule", "Requests"), rows=[(rule, n) for rule, n in rows], numeric=frozenset({1}),
        charts=(chart("chart-rules", "Requests to see documents by deciding rule",
                      "The number of requests each rule decided at once, commonest first.", rows),) if rows else ())


def disputes(filters):
    counts = selectors.disputes(filters)
    rows = [("Upheld", counts["upheld"]), ("Overturned", counts["overturned"]), ("Open", counts["open"])]
    return Table(
        name="disputes", heading="Disputed refusals",
        about="Upheld: the Monitoring Officer agreed with the refusal. Overturned: access was granted. That "
              "decision is final (ACC-DISPUTE).",
        caption="Disputed refusals: upheld and overturned by the Monitoring Officer, and open",
        headers=("Dispute", "Requests"), rows=rows, numeric=frozenset({1}),
        charts=(chart("chart-disputes", "Disputed refusals",
                      "Upheld: the refusal stands. Overturned: access granted. Open: waiting for the Monitoring "
                      "Officer.", rows),))


def complaints(filters):
    from complaints.models import Outcome

    rows = selectors.complaints_by_category_and_outcome(filters)
    # One row per outcome and one column per category: the outcomes' long names read better down the side.
    lines = [(label, [r["outcomes"].get(label, 0) for r in rows]) for _, label in Outcome.choices]
    lines += [("Not yet decided", [r["undecided"] for r in rows]), ("Total", [r["total"] for r in rows])]
    return Table(
        name="complaints", heading="Complaints by category and outcome",
        about="By the date each complaint was received; with a department chosen, complaints made by or about "
              "its officers.",
        caption="Complaints by outcome and category",
        headers=("Outcome", *(r["category"] for r in rows), "All categories"),
        rows=[(label, *counts, sum(counts)) for label, counts in lines],
        numeric=frozenset(range(1, len(rows) + 2)),
        charts=(chart("chart-complaints-category", "Complaints by category",
                      "The number of complaints in each category.", [(r["category"], r["total"]) for r in rows]),
                chart("chart-complaints-outcome", "Complaints by outcome",
                      "The number of complaints with each outcome, in every category.",
                      [(label, sum(counts)) for label, counts in lines[:-1]])))


STATISTICS = {build.__name__.replace("_", "-"): build
              for build in (in_time, response_times, outcomes, rules, disputes, complaints)}
