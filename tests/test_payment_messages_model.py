"""A borrower who gives the amount, the term and the payment, but no rate, gets the real APR back.

Measured through the trained model and the figures reader (scripts/eval_payments.py) on the payment dev set
(tuned on) and the frozen payment hold-out (never tuned on). The bars were set before the hold-out was
first measured.
"""

import sys

import pytest
from conftest import PROJECT_ROOT

pytestmark = pytest.mark.model

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))


@pytest.mark.parametrize("folder, bar", [("nlu_dev_payment", 0.90), ("nlu_holdout_payment", 0.80)])
def test_messages_with_a_payment_get_the_real_apr(agent, folder, bar):
    from eval_payments import score

    result = score(agent, PROJECT_ROOT / "tests" / folder)
    assert result["messages"] >= 80
    assert result["both"] >= bar * result["messages"], result


def test_the_figures_reader_alone_would_not_pass_without_the_payment_reading():
    """The measure can fail: a message with a rate of its own, or without a payment, does not count."""
    from eval_payments import figures_read

    assert figures_read("借了3万，分12期，每期还2900，贵吗")
    assert not figures_read("借了3万，分12期，年化18%，每期还2900")  # a rate is given
    assert figures_read("借了3万，分12期，每期还2900，年化超过24%了吗")  # 24% is only compared with
    assert not figures_read("借了3万，分12期，贵吗")
