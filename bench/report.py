"""Ratios to the baseline, the three targets, and the Markdown table of the REST benchmark."""

from __future__ import annotations

from typing import Dict, List, Optional

USERS = (1, 10, 50)
# Targets, as median ratios LoanCoach / baseline over the repeats of one run.
P50_1_MAX = 0.6  # p50 at 1 user
ANSWERED_10_MIN = 1.5  # answered messages per second at 10 users
P99_50_MAX = 1.0  # p99 at 50 users
RSS_MAX = 1.2  # peak RSS of all servers
EVENTS_EXTRA_MAX = 1.0  # events stored per message: at most the baseline's + 1


def ratio(ours: Optional[float], base: Optional[float]) -> Optional[float]:
    if ours is None or base is None or base == 0:
        return None
    return round(ours / base, 2)


def metric_rows(results: Dict) -> List[Dict]:
    """One row per figure: name, LoanCoach value, baseline value, ratio (LoanCoach / baseline)."""
    ours, base = results["loancoach"], results["baseline"]
    rows = []
    for users in USERS:
        o, b = ours["levels"][str(users)], base["levels"][str(users)]
        label = "user" if users == 1 else "users"
        for key, name in (
            ("p50_ms", "p50 ms"),
            ("p99_ms", "p99 ms"),
            ("answered_msg_per_s", "answered msg/s"),
            ("errors", "errors"),
        ):
            rows.append(
                {
                    "metric": f"{name}, {users} {label}",
                    "loancoach": o[key],
                    "baseline": b[key],
                    "ratio": None if key == "errors" else ratio(o[key], b[key]),
                }
            )
        cpu_o, cpu_b = o.get("cpu_ms_per_message", {}), b.get("cpu_ms_per_message", {})
        for server, title in (("rasa", "Rasa"), ("actions", "action")):
            if server in cpu_o or server in cpu_b:
                rows.append(
                    {
                        "metric": f"CPU ms per message, {title} server, {users} {label}",
                        "loancoach": cpu_o.get(server),
                        "baseline": cpu_b.get(server),
                        "ratio": ratio(cpu_o.get(server), cpu_b.get(server)),
                    }
                )
        rows.append(
            {
                "metric": f"failed action calls (Rasa log), {users} {label}",
                "loancoach": o["action_failures_in_log"],
                "baseline": b["action_failures_in_log"],
                "ratio": None,
            }
        )
        rows.append(
            {
                "metric": f"messages answered / completed / sent, {users} {label}",
                "loancoach": f"{o['messages_answered']} / {o['messages_completed']} / {o['messages_sent']}",
                "baseline": f"{b['messages_answered']} / {b['messages_completed']} / {b['messages_sent']}",
                "ratio": None,
            }
        )
    rows.append(
        {
            "metric": "training s",
            "loancoach": ours["training"]["seconds"],
            "baseline": base["training"]["seconds"],
            "ratio": ratio(ours["training"]["seconds"], base["training"]["seconds"]),
        }
    )
    rss_o, rss_b = ours["peak_rss_mb"], base["peak_rss_mb"]
    rows.append(
        {
            "metric": "peak RSS MB, Rasa server",
            "loancoach": rss_o["rasa"],
            "baseline": rss_b["rasa"],
            "ratio": ratio(rss_o["rasa"], rss_b["rasa"]),
        }
    )
    rows.append(
        {
            "metric": "peak RSS MB, action server",
            "loancoach": rss_o["actions"],
            "baseline": None,
            "ratio": None,
        }
    )
    rows.append(
        {
            "metric": "peak RSS MB, all servers (sum of peaks)",
            "loancoach": rss_o["total"],
            "baseline": rss_b["total"],
            "ratio": ratio(rss_o["total"], rss_b["total"]),
        }
    )
    for users in USERS:
        o, b = ours["tracker_check"][str(users)], base["tracker_check"][str(users)]
        label = "user" if users == 1 else "users"
        rows.append(
            {
                "metric": f"events stored per message, {users} {label}",
                "loancoach": o.get("events_per_message"),
                "baseline": b.get("events_per_message"),
                "ratio": ratio(o.get("events_per_message"), b.get("events_per_message")),
            }
        )
        rows.append(
            {
                "metric": f"SQLite lost / out-of-order / no bot reply, {users} {label}",
                "loancoach": f"{o['lost']} / {o['out_of_order']} / {o['without_bot_reply']}",
                "baseline": f"{b['lost']} / {b['out_of_order']} / {b['without_bot_reply']}",
                "ratio": None,
            }
        )
    return rows


def ratios(results: Dict, users: int, key: str) -> List[float]:
    """The per-repeat ratios LoanCoach / baseline of one level figure, sorted."""
    pairs = zip(results["loancoach"]["repeats"], results["baseline"]["repeats"], strict=True)
    found = [ratio(o["levels"][str(users)].get(key), b["levels"][str(users)].get(key)) for o, b in pairs]
    return sorted(r for r in found if r is not None)


def _spread(values: List[float]) -> str:
    if not values:
        return "no data"
    import statistics

    return f"median x{statistics.median(values):.2f} (min x{values[0]:.2f}, max x{values[-1]:.2f}, {len(values)} runs)"


def _median(values: List[float]) -> Optional[float]:
    import statistics

    return statistics.median(values) if values else None


def targets(results: Dict) -> List[Dict]:
    ours, base = results["loancoach"], results["baseline"]
    p50 = ratios(results, 1, "p50_ms")
    answered = ratios(results, 10, "answered_msg_per_s")
    p99 = ratios(results, 50, "p99_ms")
    rss = ratio(ours["peak_rss_mb"]["total"], base["peak_rss_mb"]["total"])
    ev_o = ours["tracker_check"]["50"].get("events_per_message")
    ev_b = base["tracker_check"]["50"].get("events_per_message")
    level50, check50 = ours["levels"]["50"], ours["tracker_check"]["50"]
    return [
        {
            "target": f"p50 at 1 user <= {P50_1_MAX} x baseline",
            "value": _spread(p50),
            "pass": bool(p50) and _median(p50) <= P50_1_MAX,
        },
        {
            "target": f"answered msg/s at 10 users >= {ANSWERED_10_MIN} x baseline",
            "value": _spread(answered),
            "pass": bool(answered) and _median(answered) >= ANSWERED_10_MIN,
        },
        {
            "target": f"p99 at 50 users <= {P99_50_MAX} x baseline",
            "value": _spread(p99),
            "pass": bool(p99) and _median(p99) <= P99_50_MAX,
        },
        {
            "target": f"peak RSS of all servers <= {RSS_MAX} x baseline",
            "value": f"{ours['peak_rss_mb']['total']} MB vs {base['peak_rss_mb']['total']} MB (x{rss})",
            "pass": rss is not None and rss <= RSS_MAX,
        },
        {
            "target": "0 errors and 0 lost at 50 users (all repeats)",
            "value": f"{level50['errors']} errors, {check50['lost']} lost, {level50['action_failures_in_log']} "
            f"failed action calls in {level50['messages_sent']} messages",
            "pass": level50["errors"] == 0
            and check50["lost"] == 0
            and level50["action_failures_in_log"] == 0
            and level50["messages_sent"] > 0,
        },
        {
            "target": f"events stored per message <= baseline + {EVENTS_EXTRA_MAX:g}",
            "value": f"{ev_o} vs {ev_b}",
            "pass": ev_o is not None and ev_b is not None and ev_o <= ev_b + EVENTS_EXTRA_MAX,
        },
    ]


def failures(results: Dict) -> List[str]:
    """What no noise explains, at any level of any repeat: errors, lost messages, failed action calls."""
    out = []
    for users in USERS:
        level, check = (
            results["loancoach"]["levels"][str(users)],
            results["loancoach"]["tracker_check"][str(users)],
        )
        if level["errors"]:
            out.append(f"{level['errors']} errors at {users} users")
        if check["lost"] or check["out_of_order"]:
            out.append(f"{check['lost']} lost, {check['out_of_order']} out of order at {users} users")
        if level["action_failures_in_log"]:
            out.append(f"{level['action_failures_in_log']} failed action calls at {users} users")
    return out


def _mul(value: Optional[float], factor: float) -> Optional[float]:
    return None if value is None else round(value * factor, 1)


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def markdown(results: Dict) -> str:
    machine, settings = results["machine"], results["settings"]
    lines = [
        f"# REST benchmark: LoanCoach vs a `rasa init` bot ({results['date']})",
        "",
        f"Machine: {machine['cores']} cores ({machine['cpu']}), Python {machine['python']}, "
        f"Rasa {machine['rasa']}, rasa-sdk {machine['rasa_sdk']}; load average at start "
        f"{machine['load_average_start']}, at end {machine['load_average_end']}.",
        "",
        "Both bots: `rasa run` on loopback, REST webhook, the same SQLite tracker store (Rasa's "
        "SQLTrackerStore, `dialect: sqlite`) in a temp dir, the same scripted bilingual messages; LoanCoach "
        "with its action server. Each virtual user sends its next message after the reply; at each level "
        "the bots take turns, in alternating order over the repeats (both servers up, the idle one waiting); "
        "figures are medians over the repeats. "
        f"Levels ({' / '.join(str(u) for u in USERS)} users): at most "
        f"{' / '.join(str(settings['messages'][str(u)]) for u in USERS)} messages and {settings['max_seconds']:.0f} s each; "
        f"request timeout {settings['timeout_s']:.0f} s; {settings['warm_up_messages']} warm-up messages "
        "per server not counted. Ratio = LoanCoach / baseline.",
        "",
        "| metric | LoanCoach | baseline | ratio |",
        "|---|---:|---:|---:|",
    ]
    for row in results["rows"]:
        lines.append(
            f"| {row['metric']} | {_cell(row['loancoach'])} | {_cell(row['baseline'])} | "
            f"{_cell(row['ratio'])} |"
        )
    lines += ["", "| target | measured | verdict |", "|---|---|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | {'PASS' if t['pass'] else 'FAIL'} |")
    if results.get("notes"):
        lines += ["", "Notes:", ""] + [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"
