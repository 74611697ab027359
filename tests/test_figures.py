"""Figures in free text, Chinese and English, read into normalised values with their spans."""

from decimal import Decimal as D

import pytest

from loancoach.calculator.figures import (
    Rate,
    extract_figures,
    loan_payment,
    parse_amount,
    parse_money,
    parse_rate,
    parse_term,
    stated_rate,
)


def only(text):
    """The single figure found in ``text`` as (slot, value)."""
    found = extract_figures(text)
    assert len(found) == 1, found
    return found[0].slot, found[0].value


@pytest.mark.parametrize(
    "text, yuan",
    [
        ("5万", "50000"),
        ("五万", "50000"),
        ("3.5万元", "35000"),
        ("两千五", "2500"),
        ("1.2w", "12000"),
        ("8千", "8000"),
        ("50k", "50000"),
        ("$5,000", "5000"),
        ("5,000 yuan", "5000"),
        ("10000", "10000"),
        ("三点五万", "35000"),
        ("一万二", "12000"),
        ("5万5", "55000"),
        ("¥8,000", "8000"),
        ("10 万元", "100000"),
        ("５万", "50000"),  # full-width digit
    ],
)
def test_amounts(text, yuan):
    assert parse_amount(text) == D(yuan)
    assert only(text) == ("amount", D(yuan))


@pytest.mark.parametrize(
    "text, kind, pct",
    [
        ("年化18%", "apr", "18"),
        ("年化利率 18.5%", "apr", "18.5"),
        ("日息万五", "daily_rate", "0.05"),
        ("日息万分之五", "daily_rate", "0.05"),
        ("日利率0.05%", "daily_rate", "0.05"),
        ("月息2分", "monthly_rate", "2"),
        ("月息1分5", "monthly_rate", "1.5"),
        ("月息8厘", "monthly_rate", "0.8"),
        ("月费率0.6%", "monthly_fee_rate", "0.6"),
        ("每期手续费千分之六", "monthly_fee_rate", "0.6"),
        ("一分利", "monthly_rate", "1"),
        ("年化百分之二十四", "apr", "24"),
        ("APR 18%", "apr", "18"),
        ("1.5% a month", "monthly_rate", "1.5"),
        ("18 percent", "apr", "18"),
        ("18% a year", "apr", "18"),
        ("0.05% per day", "daily_rate", "0.05"),
        ("a monthly fee of 0.6%", "monthly_fee_rate", "0.6"),
        ("monthly interest rate 2%", "monthly_rate", "2"),
    ],
)
def test_rates(text, kind, pct):
    assert parse_rate(text) == Rate(kind, D(pct))
    assert only(text) == ("rate", (kind, D(pct)))


@pytest.mark.parametrize(
    "text, months",
    [
        ("12期", 12),
        ("分12期", 12),
        ("分十二期", 12),
        ("一年", 12),
        ("两年半", 30),
        ("一年半", 18),
        ("36个月", 36),
        ("三十六个月", 36),
        ("半年", 6),
        ("3 years", 36),
        ("24 months", 24),
        ("1.5 years", 18),
        ("two years", 24),
        ("a 36-month loan", 36),
        ("half a year", 6),
    ],
)
def test_terms(text, months):
    assert parse_term(text) == months
    assert only(text) == ("term", months)


@pytest.mark.parametrize(
    "text, slot, yuan",
    [
        ("月薪8千", "income", "8000"),
        ("月收入一万二", "income", "12000"),
        ("年薪12万", "income", "10000"),  # per month
        ("每月还信用卡2000", "debts", "2000"),
        ("房贷月供3000", "debts", "3000"),
        ("I make 6000 a month", "income", "6000"),
        ("I earn 8,000 per month", "income", "8000"),
        ("my salary is 9000", "income", "9000"),
        ("monthly debts 1500", "debts", "1500"),
        ("I pay 2000 a month on my credit card", "debts", "2000"),
        ("and repay 1500 a month", "debts", "1500"),
        ("现在每月还款3000", "debts", "3000"),
    ],
)
def test_income_and_debts(text, slot, yuan):
    assert only(text) == (slot, D(yuan))
    assert parse_money(text) == D(yuan)


def test_parse_money_reads_plain_and_yearly_figures():
    assert parse_money("8千") == D(8000)
    assert parse_money("6000 a month") == D(6000)
    assert parse_money("72000 a year") == D(6000)


def test_chinese_message_with_every_slot():
    text = "我想借五万，分12期，月息2分，月薪8千，每月还信用卡两千"
    found = extract_figures(text)
    assert [(f.slot, f.value) for f in found] == [
        ("amount", D(50000)),
        ("term", 12),
        ("rate", Rate("monthly_rate", D(2))),
        ("income", D(8000)),
        ("debts", D(2000)),
    ]
    for figure in found:
        assert text[figure.start : figure.end] == figure.text
    assert [f.text for f in found] == ["五万", "分12期", "月息2分", "月薪8千", "每月还信用卡两千"]


def test_english_message_with_every_slot():
    text = "I want to borrow 50k over 3 years at 18% APR. I make 6000 a month and my monthly debts are 1500."
    found = extract_figures(text)
    assert [(f.slot, f.value) for f in found] == [
        ("amount", D(50000)),
        ("term", 36),
        ("rate", Rate("apr", D(18))),
        ("income", D(6000)),
        ("debts", D(1500)),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)


# --------------------------------------------------------------------------- ambiguity


def test_fen_12_qi_is_a_term_not_an_amount():
    assert parse_amount("分12期") is None
    assert parse_term("分12期") == 12
    assert [(f.slot, f.value) for f in extract_figures("借5万分12期")] == [("amount", D(50000)), ("term", 12)]


def test_wan_wu_in_a_daily_rate_is_not_fifty_thousand():
    found = extract_figures("日息万五")
    assert [(f.slot, f.value) for f in found] == [("rate", Rate("daily_rate", D("0.05")))]
    assert parse_amount("日息万五") is None


def test_yue_xi_2_fen_is_two_percent_a_month_not_two_cents():
    assert parse_rate("月息2分") == Rate("monthly_rate", D(2))
    assert parse_amount("月息2分") is None


def test_a_bare_number_is_the_slot_asked_about():
    assert parse_amount("12") == D(12)
    assert parse_term("12") == 12
    assert parse_rate("18") == Rate("apr", D(18))
    assert extract_figures("12") == []  # in free text a bare 12 could be anything


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "今天天气不错",
        "十分感谢",
        "千万不要借高利贷",
        "万一借不到怎么办",
        "第一期还了",
        "我2025年12月借的",
        "打电话13800138000",
        "I have 2 kids",
        "asdf 12abc",
    ],
)
def test_text_without_figures(text):
    assert extract_figures(text) == []


@pytest.mark.parametrize("text", ["", "hello", "很多钱", "a lot", "n/a", "万", "%"])
def test_unreadable_text_returns_none(text):
    assert parse_amount(text) is None
    assert parse_rate(text) is None
    assert parse_term(text) is None
    assert parse_money(text) is None


def test_single_slot_parsers_ignore_other_slots():
    assert parse_amount("月薪8千") is None
    assert parse_rate("36个月") is None
    assert parse_term("年化18%") is None
    assert parse_term("0.5") is None  # not a whole number of months


def test_negative_amounts_keep_their_sign_but_ranges_do_not():
    from loancoach.calculator.figures import extract_figures

    assert [f.value for f in extract_figures("-5000")] == [D("-5000")]
    assert [f.value for f in extract_figures("借款 -3万")] == [D("-30000")]
    assert all(f.value > 0 for f in extract_figures("借1-2万"))


# --------------------------------------------------------------------------- this loan's payment


@pytest.mark.parametrize(
    "text, slot, yuan",
    [
        ("每期还2900", "payment", "2900"),
        ("每期應還金額：1,025.50元", "payment", "1025.5"),  # traditional, as an app shows it
        ("月供2900", "payment", "2900"),
        ("2900一期", "payment", "2900"),  # not a term of one month
        ("一共还一万三", "total", "13000"),
        ("合计应还11,680元", "total", "11680"),
        ("monthly payment is 1000", "payment", "1000"),
        ("installments of 950", "payment", "950"),
        ("total repayment 13000", "total", "13000"),
        ("pay back 34800 in total", "total", "34800"),
    ],
)
def test_payments_and_totals(text, slot, yuan):
    assert only(text) == (slot, D(yuan))


@pytest.mark.parametrize(
    "text, yuan",
    [
        ("借1万 12期 每个月还1000", "1000"),  # a loan described by its payment
        ("I borrowed 10000 over 12 months and I pay 1000 a month", "1000"),
        ("6000 loan, 560 a month for 12 months", "560"),
        ("loan of 20k, 24 installments of 1100", "1100"),
        ("我有房贷，借1万 12期 每个月还1000", "1000"),  # the 房贷 is not next to the figure
    ],
)
def test_a_monthly_repayment_in_a_described_loan_is_its_payment(text, yuan):
    figure = loan_payment(text)
    assert figure is not None and figure.value == D(yuan)
    kinds = {f.slot for f in extract_figures(text)}
    assert {"amount", "term"} <= kinds


@pytest.mark.parametrize(
    "text",
    [
        "每个月还1000",  # alone it is an existing debt (the income and debts questions)
        "借1万 12期 房贷每月还3000",  # names another debt
        "borrowed 10000 over 12 months, I pay 1000 a month on my credit card",
        "借3万 年化18% 12期 每个月还1000",  # a rate is given: the 1000 is something else
        "I can pay 2500 a month",  # a budget
    ],
)
def test_other_monthly_money_is_not_the_loans_payment(text):
    assert loan_payment(text) is None


def test_at_the_rate_question_a_monthly_repayment_is_the_payment():
    assert loan_payment("每个月还1000", asked=True).value == D(1000)
    assert loan_payment("房贷每个月还1000", asked=True) is None


def test_a_year_after_a_number_is_not_a_count_when_it_starts_an_annual_rate():
    assert only("利息是日息万三年化算下来呢") == ("rate", Rate("daily_rate", D("0.03")))
    found = extract_figures("借1万分12期每期还1000 年化多少")
    assert [(f.slot, f.value) for f in found] == [("amount", D(10000)), ("term", 12), ("payment", D(1000))]
    assert [(f.slot, f.value) for f in extract_figures("借5万5年")] == [("amount", D(50000)), ("term", 60)]


@pytest.mark.parametrize(
    "text, amount, months, slot, paid",
    [
        ("借款金额：8,000.00 还款期数：10 每期应还：900.00", "8000", 10, "payment", "900"),  # an app's screen
        ("借了4000，分八次还，一次还560", "4000", 8, "payment", "560"),
        ("一万借一年，连本带息一共还12600", "10000", 12, "total", "12600"),
        ("还款总额26,400，借款2万，24期", "20000", 24, "total", "26400"),
        ("每月扣款1300，贷了3万，期限30期", "30000", 30, "payment", "1300"),
        ("贷款9000，九期，期供1100", "9000", 9, "payment", "1100"),
        ("贷了叁万元整，分十二期，每期本息贰仟柒佰元", "30000", 12, "payment", "2700"),  # 大写 numerals
        ("8,000 borrowed, x10, 900 each", "8000", 10, "payment", "900"),
        ("a 9 grand loan, 820 each month for a year", "9000", 12, "payment", "820"),
        ("9,000 loan, twenty-four payments of 430", "9000", 24, "payment", "430"),
        ("amount 6,000 / term 10 / installment 700", "6000", 10, "payment", "700"),
        ("6,000 loan, 10 months, 7,000 altogether", "6000", 10, "total", "7000"),
        ("borrowed 6k, 10 payments, total comes to 7,000", "6000", 10, "total", "7000"),
        ("in total I repay 7000 on a 6000 loan over 10 months", "6000", 10, "total", "7000"),
    ],
)
def test_a_loan_told_by_its_payments_in_many_formats(text, amount, months, slot, paid):
    found = extract_figures(text)
    payment = loan_payment(text, found=found)
    assert payment is not None and (payment.slot, payment.value) == (slot, D(paid)), found
    assert [f.value for f in found if f.slot == "amount" and f.start != payment.start][0] == D(amount)
    assert [f.value for f in found if f.slot == "term"][0] == months


def test_a_claimed_zero_rate_or_a_compared_rate_is_not_the_loans_rate():
    assert stated_rate("说是0利息，借2万分12期每期还1800") is None
    assert stated_rate('they said "0% interest", 24 instalments of 500 on 10,000') is None
    assert stated_rate("每期还1750，年化有没有超过24%") is None
    assert stated_rate("年化18%，借3万").value == Rate("apr", D(18))


def test_on_installments_is_not_a_payment_label():
    found = extract_figures("tablet on installments: 3,000 price, 6 months, 560 per month")
    assert loan_payment(
        "tablet on installments: 3,000 price, 6 months, 560 per month", found=found
    ).value == D(560)
