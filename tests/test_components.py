"""The custom NLU components on Rasa messages, without a trained model."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.input_guard import InputGuard
from components.language_detector import LanguageDetector
from components.tokenizer import MixedTextTokenizer


@pytest.fixture()
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture()
def context():
    return ExecutionContext(GraphSchema({}), "test-model")


def tokenizer(storage, context, name="tok"):
    return MixedTextTokenizer.create(
        {**MixedTextTokenizer.get_default_config()}, storage, Resource(name), context
    )


def test_tokenizer_splits_mixed_text_without_whitespace_tokens(storage, context):
    msg = Message(data={TEXT: "what does 逾期 mean ?"})
    tokenizer(storage, context).process([msg])
    texts = [t.text for t in msg.get(TOKENS_NAMES[TEXT])]
    assert texts == ["what", "does", "逾期", "mean"]


def test_tokenizer_dictionary_travels_with_the_model(storage, context):
    tok = tokenizer(storage, context, "tok2")
    tok.train(TrainingData([Message(data={TEXT: "等额本息"})]))
    loaded = MixedTextTokenizer.load(
        MixedTextTokenizer.get_default_config(), storage, Resource("tok2"), context
    )
    msg = Message(data={TEXT: "等额本息和等额本金哪个划算"})
    loaded.process([msg])
    assert [t.text for t in msg.get(TOKENS_NAMES[TEXT])][:3] == ["等额本息", "和", "等额本金"]


@pytest.mark.parametrize("text, language", [("你好", "zh"), ("hello", "en"), ("我的APR是多少", "zh")])
def test_language_detector_sets_the_language_entity(storage, context, text, language):
    msg = Message(data={TEXT: text})
    LanguageDetector.create({}, storage, Resource("lang"), context).process([msg])
    [entity] = [e for e in msg.get(ENTITIES) if e["entity"] == "language"]
    assert entity["value"] == language


def conversation_in(language):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_path("domain.yml")
    tracker = DialogueStateTracker.from_events("someone", [], slots=domain.slots)
    if language:
        from rasa.shared.core.events import SlotSet

        tracker.update(SlotSet("language", language))
    return tracker


@pytest.mark.parametrize(
    "conversation, text, entity",
    [
        ("zh", "逾期会怎样", None),
        ("zh", "what if I pay late", "en"),
        ("en", "what if I pay late", None),
        ("en", "逾期会怎样", "zh"),
        (None, "逾期会怎样", None),
    ],
)
def test_language_entity_only_when_the_message_changes_the_language(
    storage, context, conversation, text, entity
):
    """The slot is set (one stored event) only when the borrower switches language; every message still
    records the language it was read in."""
    msg = Message(data={TEXT: text})
    LanguageDetector.create({}, storage, Resource("lang"), context).process(
        [msg], conversation_in(conversation)
    )
    assert [e["value"] for e in msg.get(ENTITIES, []) if e["entity"] == "language"] == (
        [entity] if entity else []
    )
    assert msg.get("message_language") == ("en" if "pay" in text else "zh")
    assert "message_language" in msg.as_dict(only_output_properties=True)


def test_language_detector_is_silent_without_a_signal(storage, context):
    msg = Message(data={TEXT: "👍"})
    LanguageDetector.create({}, storage, Resource("lang"), context).process([msg])
    assert not msg.get(ENTITIES)


def guard(storage, context, vocabulary_texts=("你好", "hello there")):
    tok = tokenizer(storage, context, "tok3")
    examples = [Message(data={TEXT: t, INTENT: "greet"}) for t in vocabulary_texts]
    tok.process_training_data(TrainingData(examples))
    g = InputGuard.create(InputGuard.get_default_config(), storage, Resource("guard"), context)
    g.train(TrainingData(examples))
    return tok, InputGuard.load(InputGuard.get_default_config(), storage, Resource("guard"), context)


@pytest.mark.parametrize("text, problem", [("", "empty"), ("🙂🙂", "no_words"), ("逾期" * 1500, "too_long")])
def test_input_guard_names_unusable_input(storage, context, text, problem):
    tok, g = guard(storage, context)
    msg = Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.99}})
    tok.process([msg])
    g.process([msg])
    assert msg.get(INTENT)["name"] == "bad_input"
    assert {"entity": "input_problem", "value": problem}.items() <= msg.get(ENTITIES)[0].items()


def test_input_guard_sends_unknown_words_to_fallback(storage, context):
    tok, g = guard(storage, context)
    gibberish = Message(data={TEXT: "asdkjh qwe", INTENT: {"name": "greet", "confidence": 0.97}})
    known = Message(data={TEXT: "hello", INTENT: {"name": "greet", "confidence": 0.97}})
    button = Message(data={TEXT: "/human_handoff", INTENT: {"name": "human_handoff", "confidence": 1.0}})
    for m in (gibberish, known, button):
        tok.process([m])
    g.process([gibberish, known, button])
    assert gibberish.get(INTENT)["name"] == "nlu_fallback"
    assert known.get(INTENT)["name"] == "greet"
    assert button.get(INTENT)["name"] == "human_handoff"


def test_an_over_long_message_is_read_only_from_its_beginning_and_still_named_too_long(storage, context):
    tok, g = guard(storage, context)
    msg = Message(data={TEXT: "逾期怎么办 " * 20_000, INTENT: {"name": "greet", "confidence": 0.9}})  # 120 KB
    tok.process([msg])
    LanguageDetector.create({}, storage, Resource("lang"), context).process([msg])
    g.process([msg])
    assert len(msg.get(TOKENS_NAMES[TEXT])) < 100
    assert {e["entity"]: e["value"] for e in msg.get(ENTITIES)} == {
        "language": "zh",
        "input_problem": "too_long",
    }


def test_intent_classifier_reloads_from_arrays_with_the_same_probabilities(storage, context):
    """Saved as numpy arrays (no skops import, no pickle) and read back: the same predictions."""
    import subprocess
    import sys

    import numpy as np
    from scipy.sparse import random as sparse_random

    from components.classifier import ArrayLogisticRegressionClassifier

    config = {
        **ArrayLogisticRegressionClassifier.get_default_config(),
        "solver": "liblinear",
        "max_iter": 300,
    }
    trained = ArrayLogisticRegressionClassifier.create(config, storage, Resource("intents"), context)
    X = sparse_random(60, 40, density=0.2, format="csr", random_state=1)
    y = np.array(["greet", "ask_late_consequences", "check_ad"] * 20)
    trained.clf.fit(X, y)
    trained.persist()
    loaded = ArrayLogisticRegressionClassifier.load(config, storage, Resource("intents"), context)
    assert list(loaded.clf.classes_) == list(trained.clf.classes_)
    # stored as float32 (half the size): the confidences agree to 1e-5, the intents exactly
    assert loaded.clf.coef_.dtype == np.float32
    assert np.abs(loaded.probabilities(X) - trained.probabilities(X)).max() < 1e-5
    assert (loaded.probabilities(X).argmax(1) == trained.probabilities(X).argmax(1)).all()
    # a message is multiplied by coef_.T: C-contiguous, or scipy copies the whole table per message
    assert loaded.clf.coef_.T.flags["C_CONTIGUOUS"]
    code = "import components.classifier, sys; print('skops' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    )


def test_glued_char_ngrams_cross_the_word_boundaries_a_typo_creates(storage, context):
    """A misspelt term split by jieba still yields the n-grams of the term as written."""
    from components.glued_chars import GluedCharFeaturizer, glue

    config = {**GluedCharFeaturizer.get_default_config(), "analyzer": "char", "min_ngram": 1, "max_ngram": 4}
    texts = ["我的正信花了怎么办", "what is my 征信 report", "逾其了会怎样"]
    messages = [Message(data={TEXT: t}) for t in texts]
    tokenizer(storage, context).process_training_data(TrainingData(messages))
    featurizer = GluedCharFeaturizer.create(config, storage, Resource("glued"), context)
    featurizer.train(TrainingData(messages))
    featurizer.process_training_data(TrainingData(messages))
    tokens = [t.text for t in messages[0].get(TOKENS_NAMES[TEXT])]
    assert "正信" not in tokens  # jieba splits the typo ...
    vocabulary = featurizer.vectorizers[TEXT].vocabulary_
    sequence, sentence = messages[0].get_sparse_features(TEXT)
    assert sentence.features.tocsr()[0, vocabulary["正信"]] == 1  # ... the glued text keeps it
    assert sequence is None or sequence.origin != "glued"  # sentence features only
    # spaces stay next to Latin words
    assert "s my" in vocabulary and "y 征" in vocabulary and "y征" not in vocabulary
    assert glue(["what", "is", "征信", "报告"]) == "what is 征信报告"
    # read back from the model storage: the same features
    featurizer.persist()
    loaded = GluedCharFeaturizer.load(config, storage, Resource("glued"), context)
    again = Message(data={TEXT: texts[0]})
    tokenizer(storage, context).process([again])
    loaded.process([again])
    assert (again.get_sparse_features(TEXT)[1].features != sentence.features).nnz == 0


@pytest.mark.parametrize("analyzer, max_ngram", [("word", 2), ("char_wb", 4)])
def test_sentence_only_featurizer_gives_rasas_sentence_features_and_no_sequence(
    storage, context, analyzer, max_ngram
):
    """The featurizers of config.yml skip the per-token pass; what the classifier reads is Rasa's."""
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

    from components.sentence_counts import SentenceCountVectorsFeaturizer

    texts = ["逾期三天会上征信吗", "can I repay my loan early", "网贷 APR 36% 算高吗", "hi"]
    features = {}
    for cls in (CountVectorsFeaturizer, SentenceCountVectorsFeaturizer):
        config = {**cls.get_default_config(), "analyzer": analyzer, "min_ngram": 1, "max_ngram": max_ngram}
        messages = [Message(data={TEXT: t}) for t in texts]
        tokenizer(storage, context, name=f"tok-{cls.__name__}").process_training_data(TrainingData(messages))
        featurizer = cls.create(config, storage, Resource(cls.__name__), context)
        featurizer.train(TrainingData(messages))
        featurizer.process_training_data(TrainingData(messages))
        features[cls] = [m.get_sparse_features(TEXT) for m in messages]
    for (rasa_seq, rasa_sentence), (seq, sentence) in zip(
        features[CountVectorsFeaturizer], features[SentenceCountVectorsFeaturizer], strict=True
    ):
        assert rasa_seq is not None and seq is None
        assert sentence.features.shape == rasa_sentence.features.shape
        assert (sentence.features.tocsr() != rasa_sentence.features.tocsr()).nnz == 0


def test_one_vs_rest_on_several_cores_fits_the_same_model_as_liblinear_alone():
    """The intents' binary problems solved in worker processes give scikit-learn's coefficients."""
    import numpy as np
    from scipy.sparse import random as sparse_random
    from sklearn.linear_model import LogisticRegression

    from components.one_vs_rest import fit_one_vs_rest

    rng = np.random.default_rng(3)
    X = sparse_random(400, 300, density=0.05, format="csr", random_state=3)
    # unbalanced classes, so that the balanced class weights differ between the intents
    y = rng.choice(["greet", "check_ad", "ask_jail", "deny"], size=400, p=[0.5, 0.25, 0.15, 0.1])

    def fresh():
        return LogisticRegression(solver="liblinear", class_weight="balanced", max_iter=300, random_state=42)

    alone = fresh().fit(X, y)
    parallel = fit_one_vs_rest(fresh(), X, y, n_jobs=2)
    assert list(parallel.classes_) == list(alone.classes_)
    assert np.allclose(parallel.coef_, alone.coef_, atol=1e-9)
    assert np.allclose(parallel.intercept_, alone.intercept_, atol=1e-9)
    assert np.allclose(parallel.predict_proba(X), alone.predict_proba(X))
    assert parallel.coef_.flags["F_CONTIGUOUS"]  # as liblinear's: coef_.T is C-contiguous


def test_naive_bayes_on_present_ngrams_is_added_to_the_scores_and_survives_a_save_and_load(storage, context):
    """With bayes_weight 0 the classifier is the regression alone; with a weight, the log posterior of a
    presence Naive Bayes (scikit-learn's, relative to the best intent) is added to the logits, and the
    model read back from its arrays gives the same confidences."""
    import numpy as np
    from scipy.sparse import random as sparse_random
    from scipy.special import expit
    from sklearn.naive_bayes import MultinomialNB

    from components.classifier import ArrayLogisticRegressionClassifier
    from components.presence_bayes import PresenceNaiveBayes, presence

    X = sparse_random(90, 50, density=0.15, format="csr", random_state=4)
    y = np.array(["greet", "ask_jail", "check_ad"] * 30)
    config = {
        **ArrayLogisticRegressionClassifier.get_default_config(),
        "solver": "liblinear",
        "max_iter": 300,
    }
    plain = ArrayLogisticRegressionClassifier.create(config, storage, Resource("plain"), context)
    plain.clf.fit(X, y)
    assert np.allclose(plain.probabilities(X), plain.clf.predict_proba(X))  # weight 0: the regression

    mixed_config = {**config, "bayes_weight": 0.2, "bayes_alpha": 0.01}
    mixed = ArrayLogisticRegressionClassifier.create(mixed_config, storage, Resource("mixed"), context)
    mixed.clf = plain.clf
    mixed.bayes = PresenceNaiveBayes.fit(X, y, plain.clf.classes_, 0.01)
    nb = MultinomialNB(alpha=0.01).fit(presence(X), y)
    log_posterior = presence(X) @ nb.feature_log_prob_.T + nb.class_log_prior_
    log_posterior -= log_posterior.max(axis=1, keepdims=True)
    expected = expit(plain.clf.decision_function(X) + 0.25 * log_posterior)
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.allclose(mixed.probabilities(X), expected)
    assert not np.allclose(mixed.probabilities(X), plain.probabilities(X))

    mixed.persist()
    loaded = ArrayLogisticRegressionClassifier.load(mixed_config, storage, Resource("mixed"), context)
    assert np.allclose(loaded.probabilities(X), mixed.probabilities(X))
