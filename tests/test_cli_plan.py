"""``loancoach plan``: the JSON contract, the text answer, bad arguments (exit 2) and the stored record."""

import json
import subprocess
import sys
from decimal import Decimal as D

import pytest

from loancoach.cli import app as cli
from loancoach.records.store import DebtPlan, session_scope

pytestmark = pytest.mark.filterwarnings("ignore:Dialect sqlite\\+pysqlite does \\*not\\* support Decimal")

ISSUE = ["--loan", "balance=20000 apr=24 min=1000", "--loan", "balance=5000 apr=36 min=300 overdue=yes"]


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run(capsys, *argv):
    try:
        code = cli.main(["plan", *argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def stored(url):
    with session_scope(url) as session:
        return list(session.query(DebtPlan).order_by(DebtPlan.id))


def test_issue_example_json(capsys, database):
    data = run_json(capsys, *ISSUE, "--budget", "3000")
    assert data["months"] == 10
    assert data["total_interest"] == "2736.65"
    assert data["minimums_months"] == 26
    assert D(data["saving_vs_minimums"]) == D(data["minimums_interest"]) - D(data["total_interest"])
    assert D(data["saving_vs_minimums"]) > 0
    assert data["shortfall"] == "0.00"
    assert data["payoff_order"] == [{"loan": 2, "month": 3}, {"loan": 1, "month": 10}]
    assert data["order"] == [2, 1]
    assert len(data["schedule"]) == 10
    assert data["schedule"][0] == {
        "month": 1,
        "paid": "3000.00",
        "loans": [
            {"loan": 1, "interest": "400.00", "payment": "1000.00", "balance": "19400.00"},
            {"loan": 2, "interest": "150.00", "payment": "2000.00", "balance": "3150.00"},
        ],
    }
    assert all(row["balance"] == "0.00" for row in data["schedule"][-1]["loans"])
    assert "以贷养贷" in data["message_zh"] and "overdue" in data["message"]
    (row,) = stored(database)
    assert (row.source, row.loans, row.overdue_loans, row.strategy, row.months) == (
        "cli",
        2,
        1,
        "avalanche",
        10,
    )
    assert D(str(row.total_interest)) == D("2736.65") and D(str(row.shortfall)) == 0
    assert row.conversation is None


def test_strategies_differ_and_minimums_has_no_saving(capsys):
    loans = ["--loan", "balance=3000 apr=12 min=100", "--loan", "name=借呗 balance=2万 apr=30 min=600"]
    avalanche = run_json(capsys, *loans, "--budget", "2000")
    snowball = run_json(capsys, *loans, "--budget", "2000", "--strategy", "snowball")
    minimums = run_json(capsys, *loans, "--budget", "2000", "--strategy", "minimums")
    assert avalanche["order"] == [2, 1] and snowball["order"] == [1, 2]
    assert D(avalanche["total_interest"]) < D(snowball["total_interest"]) < D(minimums["total_interest"])
    assert minimums["saving_vs_minimums"] == "0.00"
    assert snowball["payoff_order"][0]["loan"] == 1
    assert "借呗" in avalanche["message_zh"]


def test_shortfall(capsys, database):
    data = run_json(capsys, *ISSUE, "--budget", "1000")
    assert data["shortfall"] == "300.00"
    assert data["months"] is None and data["total_interest"] is None and data["schedule"] == []
    assert "300.00 yuan short" in data["message"] and "每月差300.00元" in data["message_zh"]
    assert D(str(stored(database)[0].shortfall)) == 300


def test_minimum_that_never_ends(capsys):
    data = run_json(
        capsys,
        "--loan",
        "balance=10000 monthly-rate=2 min=200",
        "--loan",
        "balance=2000 daily-rate=0.05 min=500",
        "--budget",
        "1500",
    )
    assert data["never_end_on_minimums"] == [1]
    assert data["minimums_months"] is None and data["saving_vs_minimums"] is None
    assert data["months"] is not None
    assert "never ends" in data["message"]


def test_text_output(capsys):
    code, out, err = run(capsys, *ISSUE, "--budget", "3000", "--no-record")
    assert code == 0 and err == ""
    assert "debt-free in 10 months" in out
    assert "Pay loan 2 first because it is overdue" in out
    assert "Month 1: #1 1,000.00, #2 2,000.00" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--loan", "balance=1000 min=100", "--budget", "500"], "no rate given"),
        (["--loan", "balance=1000 apr=18 daily-rate=0.05 min=100", "--budget", "500"], "more than one rate"),
        (["--loan", "apr=18 min=100", "--budget", "500"], "balance= is missing"),
        (["--loan", "balance=1000 apr=18", "--budget", "500"], "min= is missing"),
        (["--loan", "balance=1000 apr=18 min=100 colour=red", "--budget", "500"], "cannot read"),
        (["--loan", "balance=1000 apr=18 min=100 overdue=maybe", "--budget", "500"], "overdue="),
        (["--loan", "balance=lots apr=18 min=100", "--budget", "500"], "balance="),
        (["--loan", "balance=1000 apr=abc min=100", "--budget", "500"], "not a percent"),
        (["--loan", "balance=-1000 apr=18 min=100", "--budget", "500"], "must be more than 0"),
        (["--loan", "balance=1000 apr=18 min=100", "--budget", "0"], "--budget"),
        (
            ["--loan", "balance=1000 apr=18 min=100", "--budget", "500", "--strategy", "fast"],
            "invalid choice",
        ),
        (["--budget", "500"], "--loan"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, database, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert stored(database) == []


def test_runs_as_a_program(tmp_path):
    env_url = f"sqlite:///{tmp_path / 'script.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "loancoach.cli.app", "plan", *ISSUE, "--budget", "3000", "--json"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": env_url, "PATH": ""},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["months"] == 10


def test_the_counselors_report_counts_plans(capsys, database):
    from loancoach.counsel.reporting import store_figures

    run_json(capsys, *ISSUE, "--budget", "3000")
    run_json(capsys, *ISSUE, "--budget", "1000")
    run_json(capsys, "--loan", "balance=5000 apr=18 min=500", "--budget", "800")
    # The CLI's plans are counselors' uses: counted apart from borrowers' (the report's `cli` counter).
    assert store_figures(url=database).cli["debt_plans"] == 3
    figures = store_figures(url=database, include_cli=True)
    assert figures.plans == 3
    assert figures.plan_loans == {2: 2, 1: 1}
    assert figures.plan_shortfalls == 1 and figures.plan_overdue == 2
