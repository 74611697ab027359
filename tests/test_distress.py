"""The distress detector (loancoach/text/distress.py): many phrasings in both languages, traditional
characters, negations, and everyday words that must not set it off."""

import re

import pytest

from loancoach.text import distress

DISTRESSED_ZH = [
    "我真的不想活了",
    "欠了二十多万，活不下去了",
    "每天被催收，我想死",
    "网贷压得我喘不过气",
    "撑不下去了，怎么办",
    "我快崩溃了，七八个平台都逾期",
    "感觉人生完了，这辈子完了",
    "看不到任何希望",
    "已经走投无路了",
    "好绝望啊",
    "活着没意思，欠这么多钱",
    "有时候想一了百了",
    "每天都在哭，还不上钱",
    "真的好累，不想再这样了",
    "整夜睡不着，全是债",
    "我扛不住了",
    "心态崩了，利息越滚越多",
    "想跳楼算了",
    "没有活路了",
    "还不上钱只想自杀",
    # traditional characters and full-width punctuation
    "我真的撐不下去了",
    "欠債太多，好絕望",
    "我快崩潰了！",
    "看不到希望，活著沒意思",
    "想輕生",
    # rambling, with the distress at the end
    "本来借了两万，后来借新还旧，现在八个平台一共欠了十五万，工资才五千，家里也不知道，我真的撑不住了",
]

DISTRESSED_EN = [
    "I want to die",
    "i dont want to live anymore",
    "I can't go on like this",
    "I can't take it anymore, the debts keep growing",
    "everything feels hopeless",
    "there is no way out for me",
    "I'm desperate, I owe 6 lenders",
    "I'm so exhausted by these debts",
    "Im drowning in debt",
    "I've been thinking about suicide",
    "sometimes I think about killing myself",
    "my life is ruined",
    "I feel overwhelmed and can't sleep",
    "I'm at the end of my rope",
    "better off dead honestly",
    "I cry every night because of the loans",
    "I just want to end it all",
    "I'm breaking down, what do I do",
    "I CAN'T COPE",
    "I can’t go on",  # curly apostrophe
]

NOT_DISTRESSED = [
    # negated
    "我不是想死，就是问问利息",
    "我没有绝望，只是想了解一下",
    "别绝望，这是我朋友说的",
    "我不想死，但想知道能不能协商",
    "I'm not suicidal, just asking about rates",
    "I don't feel hopeless, I want a plan",
    "I am not desperate",
    "I'm not overwhelmed, just curious",
    # everyday words that contain a pattern's characters
    "App系统崩溃了登录不了",
    "跳楼价甩卖，贷款广告靠谱吗",
    "笑死，这个利息",
    "I have exhausted my credit limit",
    "can you break down the costs",
    "desperate for a loan of 5000",
    # ordinary questions
    "逾期会上征信吗",
    "what is the APR of 0.05% a day",
    "花呗逾期会怎样",
    "",
    "/ask_jail",
]


@pytest.mark.parametrize("text", DISTRESSED_ZH + DISTRESSED_EN)
def test_distress_is_detected(text):
    assert distress.is_distressed(text), text


@pytest.mark.parametrize("text", NOT_DISTRESSED)
def test_no_distress_in_negated_or_ordinary_messages(text):
    assert distress.detect(text) is None, distress.detect(text)


def test_clause_break_ends_a_negation():
    # the negation belongs to the first clause; the second clause is despair
    assert distress.is_distressed("我不知道还能问谁，真的活不下去了")
    assert distress.is_distressed("I'm not sure who to ask, I feel hopeless")


def test_match_reports_the_phrase_from_normalised_text():
    match = distress.detect("我真的撐不下去了")
    assert match and match.language == "zh" and match.phrase.startswith("撑不下去")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_reply_is_calm_first_then_concrete_help(language):
    text = distress.reply(language)
    first_sentence = re.split(r"[。.]", text)[0]
    # the first sentence is human, not a hotline or a rule
    assert not re.search(r"\d", first_sentence)
    for number in ("12356", "110"):
        assert number in text
    if language == "zh":
        assert "贷款机构" in text and "转人工" in text and "你" not in text and "您" in text
    else:
        assert "lender" in text and "counselor" in text
        assert not re.search(r"[\u4e00-\u9fff]", text)


def test_distress_reply_is_none_without_distress_and_in_the_users_language_with_it():
    assert distress.distress_reply("提前还款要手续费吗", "zh") is None
    assert distress.distress_reply("I want to die", "en") == distress.reply("en")
    # a Chinese message in an English conversation gets the English answer (the conversation's language)
    assert distress.distress_reply("活不下去了", "en") == distress.reply("en")
