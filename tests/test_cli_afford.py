"""``loancoach afford`` (and ``compare``): in-process through cli.main, and once as the installed script."""

import json
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from loancoach.cli import app as cli
from loancoach.records.store import Calculation, session_scope

# The store keeps money as Numeric; SQLite holds it as a float, which SQLAlchemy warns about on reading.
pytestmark = pytest.mark.filterwarnings("ignore:Dialect sqlite\\+pysqlite does \\*not\\* support Decimal")


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'calc.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run_cli(capsys, argv):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def run(capsys, *argv):
    return run_cli(capsys, ["afford", *argv])


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def stored(url):
    with session_scope(url) as session:
        return list(session.query(Calculation).order_by(Calculation.id))


def test_equal_installment_json_matches_facts(capsys):
    data = run_json(capsys, "--amount", "10000", "--months", "12", "--apr", "18")
    assert data["monthly_payment"] == "916.80"
    assert data["last_payment"] == "916.80"
    assert data["total_repayment"] == "11001.60"
    assert data["total_cost"] == "1001.60"
    assert data["apr"] == "18.00"
    assert data["effective_annual_rate"] == "19.56"
    assert data["dti"] is None and data["verdict"] is None
    assert len(data["schedule"]) == 12
    assert data["schedule"][0] == {
        "period": 1,
        "payment": "916.80",
        "principal": "766.80",
        "interest": "150.00",
        "balance": "9233.20",
    }
    assert data["schedule"][-1]["balance"] == "0.00"
    assert data["warnings"] == []


def test_equal_principal_and_free_text_amount(capsys):
    data = run_json(capsys, "--amount", "1万", "--months", "12", "--apr", "18", "--method", "equal-principal")
    assert data["amount"] == "10000.00"
    assert data["monthly_payment"] == "983.33"
    assert data["last_payment"] == "845.83"
    assert data["total_cost"] == "975.00"


def test_fee_rate_shows_the_real_apr(capsys):
    data = run_json(capsys, "--amount", "10000", "--months", "12", "--monthly-fee-rate", "0.6")
    assert (data["apr"], data["effective_annual_rate"], data["nominal_rate"]) == ("13.03", "13.84", "7.20")
    assert data["charge"] == "fee"
    assert [w["code"] for w in data["warnings"]] == ["fee_rate_understates"]


def test_deduction_is_a_cost_and_warns_above_24_and_36(capsys):
    data = run_json(capsys, "--amount", "10000", "--months", "12", "--apr", "18", "--deducted", "1000")
    assert data["received"] == "9000.00"
    assert data["apr"] == "38.80"
    assert data["total_cost"] == "2001.60"
    assert [w["code"] for w in data["warnings"]] == ["apr_above_24", "apr_above_36"]
    assert all(w["message"] and w["message_zh"] for w in data["warnings"])


def test_upfront_fee_raises_the_apr(capsys):
    data = run_json(capsys, "--amount", "100000", "--months", "12", "--apr", "11.3", "--upfront-fee", "1000")
    assert D(data["apr"]) > D("11.3")
    assert D(data["total_cost"]) == D(data["total_repayment"]) - D(100000) + D(1000)


@pytest.mark.parametrize(
    "income, debts, dti, verdict",
    [
        ("8000", "500", "17.71", "affordable"),
        ("8000", "2000", "36.46", "stretched"),
        ("3000", "1000", "63.89", "unaffordable"),
    ],
)
def test_income_gives_dti_and_verdict(capsys, income, debts, dti, verdict):
    loan = ["--amount", "10000", "--months", "12", "--apr", "18"]
    data = run_json(capsys, *loan, "--income", income, "--monthly-debts", debts)
    assert (data["dti"], data["verdict"]) == (dti, verdict)


def test_daily_rate_and_monthly_rate_options(capsys):
    daily = run_json(capsys, "--amount", "10000", "--months", "12", "--daily-rate", "0.05")
    assert daily["nominal_rate"] == "18.25"
    monthly = run_json(capsys, "--amount", "10000", "--months", "12", "--monthly-rate", "2")
    assert monthly["nominal_rate"] == "24.00"
    assert monthly["schedule"][0]["interest"] == "200.00"


def test_readable_table(capsys):
    loan = ["--amount", "100000", "--months", "36", "--apr", "12"]
    code, out, err = run(capsys, *loan, "--income", "20000", "--no-record")
    assert code == 0 and err == ""
    assert "3,321.43" in out  # first payment, with thousands separators
    assert "Real APR (IRR x 12)" in out and "12.00%" in out
    assert "affordable" in out
    assert "23 more rows" in out  # 12 rows shown, then the last one
    assert out.rstrip().splitlines()[-1].split()[0] == "36"


def test_calculation_is_recorded_anonymised(capsys, database):
    loan = ["--amount", "10000", "--months", "12", "--apr", "18"]
    run_json(capsys, *loan, "--deducted", "1000", "--income", "8000")
    (row,) = stored(database)
    assert (row.source, row.language, row.method, row.rate_kind) == ("cli", "en", "equal_installment", "apr")
    assert row.principal == D("10000.00") and row.months == 12 and row.rate_value == D(18)
    assert row.upfront_fee == D("1000.00")
    assert row.monthly_payment == D("916.80") and row.total_cost == D("2001.60")
    assert round(row.apr, 2) == D("38.80")
    assert row.verdict == "affordable" and row.conversation is None


def test_no_record_stores_nothing(capsys, database):
    run_json(capsys, "--amount", "10000", "--months", "12", "--apr", "18", "--no-record")
    assert stored(database) == []


@pytest.mark.parametrize(
    "argv, mentions",
    [
        (["--amount", "10000", "--months", "12"], "exactly one of"),
        (["--amount", "10000", "--months", "12", "--apr", "18", "--daily-rate", "1"], "more than one rate"),
        (["--amount", "-5", "--months", "12", "--apr", "18"], "--amount"),
        (["--amount", "0", "--months", "12", "--apr", "18"], "--amount"),
        (["--amount", "a lot", "--months", "12", "--apr", "18"], "--amount"),
        (["--amount", "10000", "--months", "0", "--apr", "18"], "--months"),
        (["--amount", "10000", "--months", "400", "--apr", "18"], "--months"),
        (["--amount", "10000", "--months", "12", "--apr", "eighteen"], "--apr"),
        (["--amount", "10000", "--months", "12", "--apr", "-1"], "--apr"),
        (["--amount", "10000", "--months", "12", "--apr", "0"], "--apr"),
        (["--amount", "10000", "--months", "12", "--daily-rate", "5"], "--daily-rate"),
        (["--amount", "10000", "--months", "12", "--apr", "18", "--income", "0"], "--income"),
        (["--amount", "10000", "--months", "12", "--apr", "18", "--monthly-debts", "500"], "--income"),
        (["--amount", "10000", "--months", "12", "--apr", "18", "--upfront-fee", "-1"], "--upfront-fee"),
        (["--amount", "10000", "--months", "12", "--apr", "18", "--deducted", "10000"], "--deducted"),
        (
            ["--amount", "1", "--months", "12", "--monthly-fee-rate", "1", "--method", "interest-only"],
            "--method",
        ),
        (["--amount", "10000", "--months", "12", "--apr", "18", "--method", "balloon"], "--method"),
        (["--months", "12", "--apr", "18"], "--amount"),
        (["--amount", "10000", "--months", "12", "--payment", "800"], "--payment: 12 payments of 800 add up"),
        (["--amount", "10000", "--months", "12", "--total", "10000"], "real APR is 0%"),
        (["--amount", "10000", "--months", "12", "--payment", "900", "--apr", "18"], "not both"),
        (["--amount", "10000", "--months", "12", "--payment", "900", "--total", "10800"], "not both"),
        (
            ["--amount", "10000", "--months", "12", "--payment", "900", "--method", "equal-principal"],
            "--method",
        ),
        (["--amount", "10000", "--months", "12", "--payment", "lots"], "--payment"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, database, argv, mentions):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1
    assert err.startswith("loancoach afford: error:")
    assert mentions in err
    assert "Traceback" not in err
    assert stored(database) == []


def test_the_real_apr_from_the_payment_facts_section_2_3(capsys, database):
    # 100,000 borrowed, 1,000 fee up front, 12 payments of 8,833.3 -> 12.80% and 13.58% (PBOC's example)
    data = run_json(
        capsys, "--amount", "100000", "--months", "12", "--payment", "8833.3", "--upfront-fee", "1000"
    )
    assert (data["apr"], data["effective_annual_rate"]) == ("12.80", "13.58")
    assert data["payment"] == data["monthly_payment"] == "8833.30" and data["total_repayment"] == "105999.60"
    assert data["received"] == "99000.00" and data["rate"] == "10.90"  # the payments' own rate, on 100,000
    code, out, _ = run(capsys, "--amount", "1万", "--months", "12", "--total", "1.3万")
    assert code == 0 and out.startswith(
        "Loan 10,000.00 yuan over 12 months, equal instalments (等额本息), 13,000.00"
    )
    assert "Real APR (IRR x 12)           51.44%" in out and len(stored(database)) == 2


def test_compare_two_offers(capsys):
    offers = ["amount=10000 months=12 apr=18", "amount=1万 months=12 monthly-fee-rate=0.6"]
    code, out, err = run_cli(capsys, ["compare", *offers, "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert (data["first"]["apr"], data["second"]["apr"]) == ("18.00", "13.03")
    assert (data["cheaper_by_cost"], data["cost_difference"]) == ("second", "281.60")
    assert (data["cheaper_by_apr"], data["apr_difference"]) == ("second", "4.97")


def test_compare_bad_offer_exit_2(capsys):
    offers = ["amount=10000 months=12 apr=18", "amount=10000 months=12 apr=-3"]
    code, out, err = run_cli(capsys, ["compare", *offers])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "second offer" in err


SCRIPT = Path(sys.executable).with_name("loancoach")


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed in this environment")
def test_installed_script_json(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'sub.db'}"}
    done = subprocess.run(
        [
            str(SCRIPT),
            "afford",
            "--amount",
            "5万",
            "--months",
            "24",
            "--apr",
            "18",
            "--upfront-fee",
            "500",
            "--income",
            "8000",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["monthly_payment"] == "2496.21"
    assert D(data["apr"]) > D(18)
    assert data["verdict"] == "affordable"
    assert stored(env["DATABASE_URL"])[0].principal == D("50000.00")

    no_rate = [str(SCRIPT), "afford", "--amount", "5万", "--months", "24"]
    bad = subprocess.run(no_rate, capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2
    assert bad.stdout == "" and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
