"""Rasa's LogisticRegressionClassifier, stored as plain arrays instead of a skops file.

Rasa 3.6 saves the fitted scikit-learn model with skops, and loading it imports ``skops.io``: with
TensorFlow already loaded (as it is in every Rasa process) that import alone took 5.9 s of CPU here,
because skops 0.9 scans every loaded module - more than the rest of the model load. Every ``rasa run``,
``rasa shell``, evaluation and test server paid it. A fitted logistic regression is three arrays
(coefficients, intercepts, class names), so this component writes them with numpy (``allow_pickle=False``:
nothing executable is read back) and rebuilds the estimator from them (tests/test_components.py compares
the probabilities before and after a save and load). Features are Rasa's; ``process`` is Rasa's, with the
confidences below. Training is liblinear's one-vs-rest fit with the intents' binary problems spread over
``n_jobs`` processes (components/one_vs_rest.py): the same model, its fit ~50 -> ~36 s on two cores.

A Naive Bayes over the n-grams present (components/presence_bayes.py) is added to the regression's scores
with weight ``bayes_weight`` (0 turns it off): score = logit + w / (1 - w) * NB log posterior relative to
its best intent; the confidences are then normalised one-vs-rest, as scikit-learn does for liblinear.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy.special import expit

from components.one_vs_rest import fit_one_vs_rest
from components.presence_bayes import PresenceNaiveBayes

logger = logging.getLogger(__name__)

ARRAYS = "arrays.npz"
CLASSES = "classes.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ArrayLogisticRegressionClassifier(LogisticRegressionClassifier):
    """LogisticRegressionClassifier persisted as numpy arrays (no skops, no pickle)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # n_jobs: processes for the one-vs-rest problems (joblib: -1 = every core, 1 = no workers);
        # bayes_weight / bayes_alpha: the Naive Bayes' share of the score and its smoothing
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "n_jobs": -1,
            "bayes_weight": 0.0,
            "bayes_alpha": 0.01,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bayes: PresenceNaiveBayes | None = None

    def probabilities(self, X) -> np.ndarray:
        """Each intent's confidence for each row of ``X`` (the rows sum to 1)."""
        # in the table's own precision: a float64 message against a float32 table made scipy copy the table
        scores = self.clf.decision_function(X.astype(self.clf.coef_.dtype, copy=False))
        weight = float(self.config["bayes_weight"])
        if self.bayes is not None and weight > 0:
            scores = scores + weight / (1.0 - weight) * self.bayes.log_posterior(X)
        confidences = expit(scores)
        return confidences / confidences.sum(axis=1, keepdims=True)

    def process(self, messages: List[Message]) -> List[Message]:
        """The intent and the ranking of each message (Rasa's, with the confidences above)."""
        if not messages:
            return messages
        probabilities = self.probabilities(self._create_X(messages))
        intents = self.clf.classes_
        for message, row in zip(messages, probabilities, strict=True):
            ranking = sorted(
                ({"name": str(name), "confidence": float(p)} for name, p in zip(intents, row, strict=True)),
                key=lambda entry: -entry["confidence"],
            )
            intent = ranking[0]
            if self.config[RANKING_LENGTH] > 0:
                ranking = ranking[: self.config[RANKING_LENGTH]]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def train(self, training_data: TrainingData) -> Resource:
        X, y = self._create_training_matrix(training_data)
        if X.shape[0] == 0:
            return self._resource
        parallel = self.clf.solver == "liblinear" and self.clf.class_weight == "balanced"  # as Rasa sets it
        if parallel and len(set(y)) > 2 and self.config["n_jobs"] != 1:
            fit_one_vs_rest(self.clf, X, y, self.config["n_jobs"])
        else:
            self.clf.fit(X, y)
        if float(self.config["bayes_weight"]) > 0:
            self.bayes = PresenceNaiveBayes.fit(X, y, self.clf.classes_, float(self.config["bayes_alpha"]))
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            extra = self.bayes.arrays() if self.bayes is not None else {}
            # float32: half the 63 x 246,000 table (124 -> 62 MB) on disk and in every server, for confidences
            # that differ by < 1e-5 (README "Training speed")
            coef = self.clf.coef_.astype(np.float32)
            np.savez(model_dir / ARRAYS, coef=coef, intercept=self.clf.intercept_, **extra)
            (model_dir / CLASSES).write_text(json.dumps([str(c) for c in self.clf.classes_]), "utf-8")

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ArrayLogisticRegressionClassifier:
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                with np.load(model_dir / ARRAYS, allow_pickle=False) as arrays:
                    coef, intercept = arrays["coef"], arrays["intercept"]
                    component.bayes = PresenceNaiveBayes.from_arrays(arrays)
                classes = json.loads((model_dir / CLASSES).read_text("utf-8"))
        except (ValueError, OSError) as error:
            logger.debug(f"No trained {cls.__name__} in '{resource.name}' ({error}): an untrained one.")
            return component
        # Fortran order: scikit-learn multiplies a message by ``coef_.T``, which is then C-contiguous; in C
        # order scipy copied the whole 63 x 210,000 table on every message (~50 ms a message)
        component.clf.coef_ = np.asfortranarray(coef)
        component.clf.intercept_ = intercept
        component.clf.classes_ = np.array(classes)
        component.clf.n_features_in_ = coef.shape[1]
        return component
