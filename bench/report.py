"""Ratios to the baseline, the three targets, and the Markdown table of the REST benchmark."""

from __future__ import annotations

from typing import Dict, List, Optional

USERS = (1, 10, 50)
P50_FACTOR = 1.3  # p50 at 1 user may be at most this many times the baseline's


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
            ("msg_per_s", "msg/s"),
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
                "metric": f"SQLite lost / out-of-order / no bot reply, {users} {label}",
                "loancoach": f"{o['lost']} / {o['out_of_order']} / {o['without_bot_reply']}",
                "baseline": f"{b['lost']} / {b['out_of_order']} / {b['without_bot_reply']}",
                "ratio": None,
            }
        )
    return rows


def targets(results: Dict) -> List[Dict]:
    ours, base = results["loancoach"]["levels"], results["baseline"]["levels"]
    p50, p50_base = ours["1"]["p50_ms"], base["1"]["p50_ms"]
    tput, tput_base = ours["10"]["msg_per_s"], base["10"]["msg_per_s"]
    check = results["loancoach"]["tracker_check"]["50"]
    return [
        {
            "target": f"p50 at 1 user <= {P50_FACTOR} x baseline",
            "value": f"{p50} ms vs {P50_FACTOR} x {p50_base} = {_mul(p50_base, P50_FACTOR)} ms",
            "pass": p50 is not None and p50_base is not None and p50 <= p50_base * P50_FACTOR,
        },
        {
            "target": "throughput at 10 users >= baseline",
            "value": f"{tput} msg/s vs {tput_base} msg/s",
            "pass": tput is not None and tput_base is not None and tput >= tput_base,
        },
        {
            "target": "zero errors at 50 users",
            "value": f"{ours['50']['errors']} errors in {ours['50']['messages_sent']} messages, "
            f"{ours['50']['action_failures_in_log']} failed action calls",
            "pass": ours["50"]["errors"] == 0
            and ours["50"]["action_failures_in_log"] == 0
            and ours["50"]["messages_sent"] > 0,
        },
        {
            "target": "SQLite tracker at 50 users: nothing lost or out of order, every message answered",
            "value": f"lost {check['lost']}, out of order {check['out_of_order']}, "
            f"without bot reply {check['without_bot_reply']} of {check['messages_sent']}",
            "pass": bool(check["ok"]) and check["messages_sent"] > 0,
        },
    ]


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
        "LoanCoach runs first, then the baseline (both servers up, the idle one waiting). "
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
