"""The ad checker's own tokenizers and matchers (no spaCy at run time).

The expected spans and tokens below were produced by the spaCy pipelines this code replaces
(spaCy 3.4.4: ``spacy.blank("zh")`` with our jieba segmenter, ``spacy.blank("en")`` with the typo
normaliser, PhraseMatcher and Matcher on NORM) and checked equal to this code's output on every text
of data/redflags/corpus.jsonl, data/redflags/natural.jsonl and tests/redflags/dev.jsonl; the cases
here are a fixed sample of the tricky ones (contractions, hyphens, percentages, .apk links, URLs,
line breaks, dashes, mixed Chinese and English).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loancoach.redflags.detector import find_spans
from loancoach.redflags.entokens import base_norm, tokenize
from loancoach.redflags.textnorm import prepare

ROOT = Path(__file__).resolve().parent.parent

# fmt: off
SPAN_CASES = [
    (
        "We don't check your credit history. Blacklisted borrowers accepted.",
        [('no_credit_check', 3, 26), ('no_credit_check', 36, 66)],
        [('neg', 3, 8), ('neg_post', 5, 8)],
    ),
    (
        'Professional anti-collection team - stop collectors calling you.',
        [('paid_negotiation', 13, 28)],
        [],
    ),
    (
        '100%必过！不看征信，黑户可贷，当天放款。',
        [('guaranteed_approval', 0, 6), ('no_credit_check', 7, 11), ('no_credit_check', 12, 16), ('instant_approval', 17, 21)],
        [],
    ),
    (
        'Dear customer, your credit limit is ready. Click here to download the app: www.xx-loan.cc/app.apk',
        [('remote_control', 43, 65), ('remote_control', 75, 97)],
        [],
    ),
    (
        'Bad credit也能贷！No credit check，当天下款',
        [('no_credit_check', 14, 29), ('instant_approval', 30, 34)],
        [('neg_det', 14, 16)],
    ),
    (
        "AB loan: use a friend's credit to get the loan for you.",
        [('insider_channel', 0, 7), ('insider_channel', 9, 30)],
        [],
    ),
    (
        'Credit repair for a fee is a scam; accurate records cannot be removed.',
        [],
        [('fee', 20, 23), ('warn', 29, 33), ('neg', 52, 58), ('neg_post', 55, 58)],
    ),
    (
        'The agent called me five or six times saying "if you don\'t do it now, we give your limit to someone else".',
        [],
        [('quote', 38, 44), ('quote', 45, 46), ('neg', 53, 58), ('neg_post', 55, 58), ('quote', 104, 105)],
    ),
    (
        '利率：年化（单利）10.8%；费用：无服务费、无管理费、无保险费；还款方式：等额本息，12/24/36期可选。',
        [],
        [('annual', 3, 5), ('fee', 15, 17), ('neg_det', 18, 19), ('fee', 19, 22), ('neg_det', 23, 24), ('fee', 24, 27), ('neg_det', 28, 29), ('fee', 29, 32)],
    ),
    (
        'Pop-up: "Security upgrade required. Install LoanGuard.apk to continue your application."',
        [('remote_control', 36, 57)],
        [('quote', 8, 9), ('quote', 87, 88)],
    ),
    (
        '打开链接安装贷款app：http://dk-app.example.com/loan.apk 应用商店搜不到是正常的，内部版本',
        [('remote_control', 0, 6), ('remote_control', 38, 46)],
        [],
    ),
    (
        '客服：您的放款已到最后一步，请在10分钟内完成。\n客服：请打开支付宝扫这个二维码，支付999元“账户激活费”。\n客服：支付后把收到的验证码发给我，我帮您确认放款。',
        [('pressure_urgency', 16, 23), ('fee_before_disbursement', 50, 53), ('remote_control', 62, 72)],
        [('quote', 47, 48), ('quote', 53, 54)],
    ),
    (
        '反诈宣传海报：“内部渠道”“包装资料”“AB贷”——一律不碰！轻则被骗，重则违法。',
        [('insider_channel', 8, 12), ('insider_channel', 14, 18), ('insider_channel', 20, 23)],
        [('warn', 0, 2), ('quote', 2, 4), ('quote', 7, 8), ('quote', 12, 13), ('quote', 13, 14), ('quote', 18, 19), ('quote', 19, 20), ('quote', 23, 24), ('neg', 26, 29), ('warn', 33, 35)],
    ),
    (
        'I\'m thinking of borrowing to pay my credit card, but I\'ve heard that\'s "borrowing to repay" and risky. Any better options?',
        [('borrowing_to_repay', 72, 90)],
        [('contrast', 49, 52), ('quote', 71, 72), ('quote', 90, 91)],
    ),
    (
        'Our decision is based on your credit report and income. We cannot guarantee approval. Please borrow responsibly.',
        [('guaranteed_approval', 66, 84)],
        [('neg', 59, 65), ('neg_post', 62, 65)],
    ),
    (
        "Text message: approved on the spot, can't repay this month? borrow from us to cover it, Low rates. WA only",
        [],
        [('neg', 36, 41), ('neg_post', 38, 41)],
    ),
    (
        'My f-r-i-3-n-d g0t a call, the man said cash in 5 minutes, funds sent in minutes. What sh0uld he do?',
        [('instant_approval', 40, 57)],
        [('quote', 35, 39)],
    ),
    (
        'Poster: Daily rate 0.02%, APR 7.3% (simple interest), no other charges',
        [('hidden_cost:periodic_rate', 8, 24)],
        [('annual', 26, 29), ('neg_det', 54, 56), ('fee', 63, 70)],
    ),
    (
        '客服：您好，月费率低至0.5%，申请即批，马上到账，请先支付首月利息500元，再安排放款，不用跑银行。',
        [('hidden_cost:periodic_rate', 6, 15), ('instant_approval', 21, 25), ('fee_before_disbursement', 27, 30)],
        [('fee', 6, 9), ('neg', 45, 47)],
    ),
    (
        '对方让我仅限今天！请安装我们发的安装包 dk-app.apk，靠谱吗',
        [('pressure_urgency', 4, 8), ('remote_control', 20, 30)],
        [('quote', 2, 4), ('quote', 31, 34)],
    ),
    (
        '✅手机申请\n银行内部渠道，资料不全也能办\n✅审核简单\n👉tg@dk_vip',
        [('insider_channel', 8, 12)],
        [('neg', 15, 16)],
    ),
    (
        "Me: What's the APR?\nAgent: Is there a penalty for paying off early?, Will a late payment hurt my credit report?",
        [],
        [('annual', 15, 18), ('annual', 61, 66)],
    ),
]
TOKEN_CASES = [
    (
        "Don't pay up-front fees!!",
        [('Do', 0, 'do'), ("n't", 2, 'not'), ('pay', 6, 'pay'), ('up', 10, 'up'), ('-', 12, '-'), ('front', 13, 'front'), ('fees', 19, 'fees'), ('!', 23, '!'), ('!', 24, '!')],
    ),
    (
        "We cant/won't check (credit) -- ever...",
        [('We', 0, 'we'), ('cant', 3, 'cant'), ('/', 7, '/'), ("won't", 8, "won't"), ('check', 14, 'check'), ('(', 20, '('), ('credit', 21, 'credit'), (')', 27, ')'), ('--', 29, '-'), ('ever', 32, 'ever'), ('...', 36, '...')],
    ),
    (
        'Get $500 at 10a.m. via http://bit.ly/x.apk, e.g. today :)',
        [('Get', 0, 'get'), ('$', 4, '$'), ('500', 5, '500'), ('at', 9, 'at'), ('10', 12, '10'), ('a.m.', 14, 'a.m.'), ('via', 19, 'via'), ('http://bit.ly/x.apk', 23, 'http://bit.ly/x.apk'), (',', 42, ','), ('e.g.', 44, 'e.g.'), ('today', 49, 'today'), (':)', 55, ':)')],
    ),
    (
        '  two  spaces\tand\nlines’ ok',
        [('  ', 0, '  '), ('two', 2, 'two'), (' ', 6, ' '), ('spaces', 7, 'spaces'), ('\t', 13, '\t'), ('and', 14, 'and'), ('\n', 17, '\n'), ('lines', 18, 'lines'), ('’', 23, "'"), ('ok', 25, 'ok')],
    ),
    (
        'A/B loans: 0.5%/day; U.S. only.',
        [('A', 0, 'a'), ('/', 1, '/'), ('B', 2, 'b'), ('loans', 4, 'loans'), (':', 9, ':'), ('0.5%/day', 11, '0.5%/day'), (';', 19, ';'), ('U.S.', 21, 'u.s.'), ('only', 26, 'only'), ('.', 30, '.')],
    ),
]
# fmt: on


@pytest.mark.parametrize(("text", "triggers", "cues"), SPAN_CASES)
def test_spans_are_those_spacy_found(text, triggers, cues):
    found_triggers, found_cues = find_spans(prepare(text).text)
    assert [(s.label, s.start, s.end) for s in found_triggers] == triggers
    assert [(s.label, s.start, s.end) for s in found_cues] == cues


@pytest.mark.parametrize(("text", "tokens"), TOKEN_CASES)
def test_english_tokens_are_spacys(text, tokens):
    got = [
        (orth, start, norm if norm is not None else base_norm(orth)) for orth, norm, start in tokenize(text)
    ]
    assert got == tokens


def test_english_typos_and_app_links_are_normalised():
    from loancoach.redflags.pipelines import tools

    tokens = tools("en").tokenize("Garanteed aproval, install fastcash.apk now")
    assert tokens.norms[:2] == ["guaranteed", "approval"]
    assert "apk-link" in tokens.norms
    assert tokens.orths[0] == "Garanteed" and tokens.starts[1] == 10


def test_jieba_dictionary_read_in_one_piece_is_jiebas_own():
    import jieba

    from loancoach.redflags.pipelines import _route_tokenizer_class

    fast = _route_tokenizer_class()()
    fast.initialize()
    stock = jieba.Tokenizer()
    stock.initialize()
    assert fast.total == stock.total
    assert fast.FREQ == stock.FREQ


def _run(code: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )


def test_check_does_not_import_spacy():
    code = (
        "import sys, json\n"
        "from loancoach.redflags import check\n"
        "a = check('不看征信，先交保证金')\n"
        "b = check('No credit check! Pay a processing fee before the loan is released.')\n"
        "print(json.dumps([a.verdict, b.verdict, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('spacy', 'thinc', 'tensorflow'))]))"
    )
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    verdict_zh, verdict_en, heavy = json.loads(proc.stdout.splitlines()[-1])
    assert (verdict_zh, verdict_en) == ("misleading", "misleading")
    assert heavy == []


def test_a_cold_check_ad_command_answers(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'cold.db'}")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from loancoach.cli.app import main; raise SystemExit(main())",
            "check-ad",
            "不看征信，先交保证金",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert payload["verdict"] == "misleading"
    assert {"fee_before_disbursement", "no_credit_check"} <= set(payload["categories"])


def test_fast_jieba_cut_equals_jiebas_on_mixed_scripts_and_whitespace():
    """Blocks of Chinese, Latin letters, digits and symbols, whitespace runs and \\r\\n: the faster
    route search and block splitting give jieba's own words (HMM off)."""
    import jieba

    from loancoach.redflags.pipelines import tools

    fast = tools("zh").tokenize.segmenter.jieba_tokenizer
    stock = jieba.Tokenizer()
    stock.FREQ, stock.total, stock.initialized = fast.FREQ, fast.total, True
    texts = [
        "",
        "贷",
        "  ",
        "APP下载，a1b2c3 征信  不好\r\n也能贷款！！100%必过，日息0.05%。",
        "解冻费3,000元+手续费#2&3_x.y-z，请加微信abc123\t\t联系\n\n客服",
        "中华人民共和国国务院办公厅关于规范民间借贷的通知",
        "a b c d e f g 借 款 人 ab贷 AB贷款 e租宝",
    ]
    for text in texts:
        assert fast.cut_plain(text) == list(stock.cut(text, HMM=False)), text


def test_the_documented_regenerate_command_reproduces_the_committed_rules(tmp_path):
    # README: `python -m loancoach.redflags.entokens --regenerate` rewrites en_rules.py and norm_rules.py
    # from the installed spaCy; run on a copy of the package, it must give the committed files back.
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import loancoach

    source = Path(loancoach.__file__).resolve().parent
    shutil.copytree(source, tmp_path / "loancoach", ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [sys.executable, "-m", "loancoach.redflags.entokens", "--regenerate"],
        cwd=tmp_path,
        env={**__import__("os").environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for name in ("en_rules.py", "norm_rules.py"):
        regenerated = (tmp_path / "loancoach" / "redflags" / name).read_text(encoding="utf-8")
        assert regenerated == (source / "redflags" / name).read_text(encoding="utf-8"), name
