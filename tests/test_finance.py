"""The affordability engine against facts.md (§2.3, §7, §8.3) and numpy-financial as an oracle."""

from decimal import Decimal as D

import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from loancoach.calculator import finance
from loancoach.calculator.finance import (
    APR,
    DAILY_RATE,
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    INTEREST_ONLY,
    MONTHLY_FEE_RATE,
    MONTHLY_RATE,
    InputError,
    LoanTerms,
    annual_rates,
    calculate,
    compare_offers,
    dti_verdict,
    money,
    percent,
)

FACTS_LOAN = dict(amount=10000, months=12, rate=18)


def shown(value):
    return str(money(value))


# --------------------------------------------------------------------------- facts.md reference values


def test_pboc_worked_example_section_2_3():
    # 100,000 loan, 1,000 fee up front, 12 payments of 8,833.3 → 12.80% and 13.58%.
    rates = annual_rates(D(100000) - D(1000), [D("8833.3")] * 12)
    assert percent(rates.apr) == D("12.80")
    assert percent(rates.effective_annual_rate) == D("13.58")


def test_equal_installment_section_7():
    result = calculate(LoanTerms(**FACTS_LOAN, method=EQUAL_INSTALLMENT))
    assert shown(result.monthly_payment) == "916.80"
    assert shown(result.last_payment) == "916.80"
    assert shown(result.total_interest) == "1001.60"
    assert shown(result.total_cost) == "1001.60"
    assert shown(result.total_repayment) == "11001.60"
    assert percent(result.apr) == D("18.00")  # no fees: the real APR is the nominal rate


def test_equal_principal_section_7():
    result = calculate(LoanTerms(**FACTS_LOAN, method=EQUAL_PRINCIPAL))
    assert shown(result.monthly_payment) == "983.33"
    assert shown(result.last_payment) == "845.83"
    assert shown(result.total_interest) == "975.00"
    payments = [row.payment for row in result.schedule]
    assert payments == sorted(payments, reverse=True)  # falling every month


def test_interest_only_section_7():
    result = calculate(LoanTerms(**FACTS_LOAN, method=INTEREST_ONLY))
    assert [shown(row.payment) for row in result.schedule[:-1]] == ["150.00"] * 11
    assert shown(result.last_payment) == "10150.00"
    assert shown(result.total_interest) == "1800.00"
    assert "balloon_payment" in [w.code for w in result.warnings]


def test_monthly_fee_rate_section_7():
    result = calculate(LoanTerms(10000, 12, D("0.6"), MONTHLY_FEE_RATE))
    assert shown(result.monthly_payment) == "893.33"  # 10,000/12 + 10,000 × 0.6%
    assert percent(result.nominal_rate) == D("7.20")
    assert percent(result.apr) == D("13.03")
    assert percent(result.effective_annual_rate) == D("13.84")
    assert result.charge == "fee"
    assert shown(result.total_cost) == "720.00"
    notice = next(w for w in result.warnings if w.code == "fee_rate_understates")
    assert "7.20%" in notice.en and "13.03%" in notice.en and "13.03%" in notice.zh


@pytest.mark.parametrize("fee", ["0.3", "0.5", "0.6"])
@pytest.mark.parametrize("months", [12, 18, 24, 36])
def test_monthly_fee_real_apr_is_about_1_8_to_1_9_times_the_simple_rate(fee, months):
    result = calculate(LoanTerms(10000, months, D(fee), MONTHLY_FEE_RATE))
    ratio = result.apr / (D(fee) * 12)
    assert D("1.78") <= ratio <= D("1.90")


def test_deduction_section_7_ten_thousand_contract_nine_thousand_paid_out():
    result = calculate(LoanTerms(**FACTS_LOAN, deducted=1000))
    assert shown(result.monthly_payment) == "916.80"  # payments still run on the 10,000 contract
    assert round(result.apr, 1) == D("38.8")
    assert shown(result.total_cost) == "2001.60"
    assert [w.code for w in result.warnings] == ["apr_above_24", "apr_above_36"]


def test_daily_rate_of_wan_wu_is_18_25_percent_simple():
    daily = calculate(LoanTerms(10000, 12, D("0.05"), DAILY_RATE))
    annual = calculate(LoanTerms(10000, 12, D("18.25"), APR))
    assert daily.nominal_rate == D("18.25")
    assert daily.monthly_payment == annual.monthly_payment


def test_yue_xi_two_fen_is_24_percent_a_year():
    result = calculate(LoanTerms(10000, 12, 2, MONTHLY_RATE))
    assert result.nominal_rate == 24
    assert shown(result.schedule[0].interest) == "200.00"


# --------------------------------------------------------------------------- fees and the real APR


def test_upfront_fee_and_deduction_cost_the_same_and_raise_the_apr():
    fee = calculate(LoanTerms(**FACTS_LOAN, upfront_fee=500))
    cut = calculate(LoanTerms(**FACTS_LOAN, deducted=500))
    plain = calculate(LoanTerms(**FACTS_LOAN))
    assert fee.terms.received == cut.terms.received == D(9500)
    assert fee.apr == cut.apr > plain.apr
    assert fee.total_cost == cut.total_cost == plain.total_cost + 500


def test_zero_rate_with_a_service_fee_is_not_zero_cost():
    result = calculate(LoanTerms(12000, 12, 0, APR, upfront_fee=600))
    assert shown(result.monthly_payment) == "1000.00"
    assert shown(result.total_interest) == "0.00"
    assert shown(result.total_cost) == "600.00"
    assert D(9) < result.apr < D(11)


def test_apr_warnings_at_their_thresholds():
    assert calculate(LoanTerms(10000, 12, 24)).warnings == ()  # exactly 24 is not above it
    above_24 = calculate(LoanTerms(10000, 12, 30))
    assert [w.code for w in above_24.warnings] == ["apr_above_24"]
    above_36 = calculate(LoanTerms(10000, 12, 40))
    assert [w.code for w in above_36.warnings] == ["apr_above_24", "apr_above_36"]
    for warning in above_36.warnings:
        assert "40.00%" in warning.en and "40.00%" in warning.zh
        # facts.md §10: never claim a statutory 24% cap for licensed lenders.
        assert "statutory" not in warning.en.lower()
    assert "2017" in above_36.warnings[0].en and "金规〔2025〕9号" in above_36.warnings[0].zh
    assert "非法经营罪" in above_36.warnings[1].en and "2019" in above_36.warnings[1].zh


# --------------------------------------------------------------------------- DTI


@pytest.mark.parametrize(
    "debts, dti, verdict",
    [
        ("259.94", "35.99", "affordable"),
        ("259.99", "36.00", "stretched"),  # 35.999% is shown as 36.00%, so it is not "below 36"
        ("260", "36.00", "stretched"),
        ("400", "50.00", "stretched"),
        ("400.04", "50.00", "stretched"),
        ("400.05", "50.01", "unaffordable"),
        ("900", "100.00", "unaffordable"),
    ],
)
def test_dti_bands_at_their_boundaries(debts, dti, verdict):
    # Interest-only 10,000 at 12%: the first payment is exactly 100; income 1,000.
    result = calculate(LoanTerms(10000, 12, 12, method=INTEREST_ONLY), income=1000, monthly_debts=D(debts))
    assert percent(result.dti) == D(dti)
    assert result.verdict == verdict


def test_dti_counts_existing_debts_and_the_new_payment():
    result = calculate(LoanTerms(**FACTS_LOAN), income=8000, monthly_debts=2000)
    assert percent(result.dti) == D("36.46")  # (2,000 + 916.80) / 8,000
    assert result.verdict == "stretched"
    assert calculate(LoanTerms(**FACTS_LOAN)).dti is None


def test_dti_verdict_bands():
    assert dti_verdict(D("35.99")) == "affordable"
    assert dti_verdict(D("36")) == "stretched"
    assert dti_verdict(D("50")) == "stretched"
    assert dti_verdict(D("50.01")) == "unaffordable"


# --------------------------------------------------------------------------- reverse and compare


def test_compare_offers_fee_rate_against_apr():
    comparison = compare_offers(LoanTerms(**FACTS_LOAN), LoanTerms(10000, 12, D("0.6"), MONTHLY_FEE_RATE))
    assert comparison.cheaper_by_cost == "second" and comparison.cost_difference == D("281.60")
    assert comparison.cheaper_by_apr == "second" and comparison.apr_difference == D("4.97")
    same = compare_offers(LoanTerms(**FACTS_LOAN), LoanTerms(**FACTS_LOAN))
    assert same.cheaper_by_cost is None and same.cheaper_by_apr is None


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "terms, field",
    [
        (dict(amount=0, months=12, rate=18), "amount"),
        (dict(amount=-100, months=12, rate=18), "amount"),
        (dict(amount="10000000.01", months=12, rate=18), "amount"),
        (dict(amount="lots", months=12, rate=18), "amount"),
        (dict(amount=10000, months=0, rate=18), "months"),
        (dict(amount=10000, months=361, rate=18), "months"),
        (dict(amount=10000, months="1.5", rate=18), "months"),
        (dict(amount=10000, months=12, rate=0), "rate"),
        (dict(amount=10000, months=12, rate=-1), "rate"),
        (dict(amount=10000, months=12, rate="1000.01"), "rate"),
        (dict(amount=10000, months=12, rate=3, rate_kind=DAILY_RATE), "rate"),  # 1095% a year
        (dict(amount=10000, months=12, rate=18, upfront_fee=-1), "upfront_fee"),
        (dict(amount=10000, months=12, rate=18, deducted=10000), "deducted"),
        (dict(amount=10000, months=12, rate=18, method="balloon"), "method"),
        (dict(amount=10000, months=12, rate=1, rate_kind=MONTHLY_FEE_RATE, method=EQUAL_PRINCIPAL), "method"),
    ],
)
def test_bad_terms_are_refused_with_field_and_both_languages(terms, field):
    with pytest.raises(InputError) as info:
        calculate(LoanTerms(**terms))
    error = info.value
    assert isinstance(error, ValueError)
    assert error.field == field
    assert error.en and str(error) == error.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.zh)


def test_limits_themselves_are_accepted():
    assert calculate(LoanTerms(10000000, 360, 1000)).terms.months == 360
    assert calculate(LoanTerms(1, 1, D("0.01"))).monthly_payment > 1


@pytest.mark.parametrize("income", [0, -5000])
def test_income_must_be_positive(income):
    with pytest.raises(InputError) as info:
        calculate(LoanTerms(**FACTS_LOAN), income=income)
    assert info.value.field == "income"


def test_irr_refuses_flows_without_a_sign_change():
    with pytest.raises(ValueError):
        finance.irr([D(100), D(10), D(10)])


# ------------------------------------------------------------------ properties (numpy-financial as oracle)

amounts = st.decimals(min_value=D(100), max_value=D(10000000), places=2)
aprs = st.decimals(min_value=D("0.01"), max_value=D(200), places=2)
methods = st.sampled_from([EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, INTEREST_ONLY])


@settings(max_examples=200, deadline=None)
@given(amount=amounts, months=st.integers(1, 360), apr=aprs)
def test_equal_installment_payment_matches_numpy_financial_pmt(amount, months, apr):
    ours = calculate(LoanTerms(amount, months, apr, method=EQUAL_INSTALLMENT)).monthly_payment
    oracle = -npf.pmt(float(apr) / 1200, months, float(amount))
    assert float(ours) == pytest.approx(oracle, rel=1e-9)


@settings(max_examples=120, deadline=None)
@given(
    amount=amounts,
    months=st.integers(2, 120),
    apr=aprs,
    method=methods,
    fee_share=st.decimals(min_value=D(0), max_value=D("0.3"), places=3),
    deducted_share=st.decimals(min_value=D(0), max_value=D("0.3"), places=3),
)
def test_real_apr_matches_numpy_financial_irr(amount, months, apr, method, fee_share, deducted_share):
    fee, deducted = money(amount * fee_share), money(amount * deducted_share)
    terms = LoanTerms(amount, months, apr, method=method, upfront_fee=fee, deducted=deducted)
    result = calculate(terms)
    flows = [float(result.terms.received)] + [-float(row.payment) for row in result.schedule]
    oracle = npf.irr(flows)
    assume(oracle == oracle)  # numpy-financial gives NaN when it finds no real root
    assert float(result.apr) == pytest.approx(oracle * 1200, rel=1e-7, abs=1e-7)
    effective = ((1 + oracle) ** 12 - 1) * 100
    assert float(result.effective_annual_rate) == pytest.approx(effective, rel=1e-7, abs=1e-7)


@settings(max_examples=200, deadline=None)
@given(
    amount=amounts,
    months=st.integers(1, 360),
    rate=st.decimals(min_value=D("0.01"), max_value=D(3), places=2),
    kind_method=st.sampled_from(
        [
            (MONTHLY_RATE, EQUAL_INSTALLMENT),
            (MONTHLY_RATE, EQUAL_PRINCIPAL),
            (MONTHLY_RATE, INTEREST_ONLY),
            (MONTHLY_FEE_RATE, None),
        ]
    ),
)
def test_schedule_repays_exactly_the_principal(amount, months, rate, kind_method):
    kind, method = kind_method
    result = calculate(LoanTerms(amount, months, rate, kind, method))
    rows = result.schedule
    assert [row.period for row in rows] == list(range(1, months + 1))
    assert sum(row.principal for row in rows) == amount
    assert rows[-1].balance == 0
    for row in rows:
        assert row.payment == row.principal + row.interest
    assert result.total_cost == result.total_repayment - amount
    assert result.apr >= 0 and result.effective_annual_rate >= result.apr


# --------------------------------------------------------------------------- the rate behind a payment


def test_the_pboc_worked_example_from_its_payments():
    # facts.md §2.3 again, from what the borrower knows: 99,000 received, 12 payments of 8,833.3.
    result = calculate(finance.terms_from_payment(D(99000), 12, D("8833.3")))
    assert (percent(result.apr), percent(result.effective_annual_rate)) == (D("12.80"), D("13.58"))
    assert shown(result.monthly_payment) == "8833.30" and shown(result.total_repayment) == "105999.60"


def test_a_total_is_spread_over_the_term():
    by_total = calculate(finance.terms_from_payment(D(10000), 12, total=D(13000)))
    by_payment = calculate(finance.terms_from_payment(D(10000), 12, payment=D(13000) / 12))
    assert percent(by_total.apr) == percent(by_payment.apr) == D("51.44")


@pytest.mark.parametrize(
    "payment, fragment",
    [
        (800, "less than the 10,000 borrowed"),
        (1000, "real APR is 0%"),
        (200000, "more than 1000%"),
        (0, "more than 0"),
    ],
)
def test_payments_that_cannot_be_this_loans(payment, fragment):
    months = 1 if payment == 200000 else 10 if payment == 1000 else 12
    with pytest.raises(InputError) as err:
        finance.terms_from_payment(D(10000), months, D(payment))
    assert fragment in err.value.en and err.value.zh


@given(
    amount=st.integers(min_value=1000, max_value=1_000_000),
    months=st.integers(min_value=2, max_value=120),
    apr=st.decimals(min_value=1, max_value=200, places=2),
)
@settings(max_examples=60, deadline=None)
def test_the_payment_of_a_loan_gives_back_its_rate(amount, months, apr):
    stated = calculate(LoanTerms(D(amount), months, apr, APR, EQUAL_INSTALLMENT))
    back = finance.terms_from_payment(D(amount), months, stated.monthly_payment)
    assert abs(back.rate - apr) < D("1e-6")
