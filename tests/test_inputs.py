import pytest

from loancoach.text.inputs import EMPTY, NO_WORDS, TOO_LONG, han_characters, input_problem, is_known_word


@pytest.mark.parametrize(
    "text, problem",
    [
        (None, EMPTY),
        ("", EMPTY),
        ("   \n\t", EMPTY),
        ("😀😀😀", NO_WORDS),
        ("？！…", NO_WORDS),
        ("\x00\x01\x07", NO_WORDS),
        ("a" * 2001, TOO_LONG),
        ("逾期" * 1001, TOO_LONG),
    ],
)
def test_unusable_input_is_named(text, problem):
    assert input_problem(text) == problem


@pytest.mark.parametrize("text", ["你好", "hi", "5万", "😀 你好", "\x00hello", "a" * 2000])
def test_usable_input_passes(text):
    assert input_problem(text) is None


def test_known_words():
    vocab = {"逾期", "征信", "hello"}
    chars = han_characters(vocab)
    assert is_known_word("Hello", vocab, chars)
    assert is_known_word("5万", vocab, chars)  # figures are never gibberish
    assert is_known_word("逾期了", vocab, chars)  # a seen character counts
    assert not is_known_word("asdkjh", vocab, chars)
    assert not is_known_word("乱码", vocab, chars)


def test_the_model_reads_all_of_a_normal_message_and_the_beginning_of_an_over_long_one():
    from loancoach.text.inputs import LONG_MESSAGE_PREFIX, MAX_CHARS, text_to_read

    normal = "逾期会影响征信吗" * 10
    assert text_to_read(normal) == normal
    assert text_to_read("贷" * MAX_CHARS) == "贷" * MAX_CHARS
    long = "利率" * 50_000  # 100 KB
    assert text_to_read(long) == long[:LONG_MESSAGE_PREFIX]
