"""What the virtual users of the REST benchmark say: scripted bilingual conversations.

Each script is one borrower's conversation as the assistant understands it (the NLU examples in
data/nlu and tests/conversations): greetings, knowledge questions in Chinese and English, the
calculator form (figures in one sentence, then income, then "no other debts"), an ad check, a
language switch, thanks and goodbye. A virtual user repeats its script from the start when it
reaches the end, so a long run keeps one sender talking like a returning borrower.
"""

from __future__ import annotations

from typing import List, Tuple

SCRIPTS: Tuple[Tuple[str, ...], ...] = (
    (  # Chinese: credit-report questions
        "你好",
        "逾期会影响征信吗",
        "逾期记录要保留多久",
        "征信修复靠谱吗",
        "谢谢",
        "拜拜",
    ),
    (  # English: knowledge questions
        "hi there",
        "What is APR?",
        "how long do overdue records stay on my credit report",
        "which repayment method costs less interest",
        "thanks!",
        "bye",
    ),
    (  # Chinese: the calculator form, then a rate question
        "您好",
        "帮我算一下：借5万，年利率12%，分24期",
        "月收入8000",
        "没有",
        "日息0.05%年化是多少",
        "谢谢你",
        "再见",
    ),
    (  # mixed: an ad check, a rate question, the answer again in English
        "hello",
        "这个广告靠谱吗：不看征信，当天放款，先交服务费",
        "日息0.05%年化是多少",
        "and in English?",
        "thank you",
        "goodbye",
    ),
    (  # English: the calculator form and the schedule, then Chinese questions
        "can you work out a loan for me: 30k at 2% a month for 18 months",
        "my monthly income is 8000",
        "none",
        "show me the repayment schedule",
        "提前还款要付违约金吗",
        "砍头息合法吗",
        "can I negotiate a repayment plan with my lender",
        "bye",
    ),
)

# The baseline (`rasa init`) is asked what it was built to answer (its own intents: greet, mood,
# bot challenge, goodbye), so that its replies count as answers too; LoanCoach gets its own scripts.
BASELINE_SCRIPTS: Tuple[Tuple[str, ...], ...] = (
    ("hello", "I am feeling great", "are you a bot?", "bye"),
    ("hi there", "I am sad", "yes", "goodbye"),
    ("hey", "very good", "am I talking to a human?", "see you later"),
    ("good morning", "unhappy", "no", "have a nice day"),
)
BASELINE_WARM_UP: Tuple[str, ...] = ("hello", "I am sad", "yes", "bye")

# Sent to each server before measuring (not counted): loads lazy parts of the model and the actions.
WARM_UP: Tuple[str, ...] = (
    "你好",
    "逾期会影响征信吗",
    "What is APR?",
    "帮我算一下：借5万，年利率12%，分24期",
    "月收入8000",
    "没有",
    "这个广告靠谱吗：不看征信，当天放款，先交服务费",
    "再见",
)


def script_for(user: int, scripts: Tuple[Tuple[str, ...], ...] = SCRIPTS) -> List[str]:
    """The conversation virtual user number ``user`` repeats (users take the scripts in turn)."""
    return list(scripts[user % len(scripts)])
