"""Liblinear's one-vs-rest logistic regression, its binary problems solved on several cores.

With ``solver: liblinear`` scikit-learn hands all the intents to liblinear in one call, which solves the
one-vs-rest problems one after another on one core (``n_jobs`` is ignored for liblinear). Each problem is
independent: for intent k, liblinear's own multi-class loop (linear.cpp ``train``) solves "k against the
rest" with the cost ``C * class_weight[k]`` on the intent's examples and ``C`` on all the others. This
module solves the same binary problems, with the same costs, in joblib worker processes, and stacks the
rows: the coefficients equal scikit-learn's multi-class fit to rounding (tests/test_components.py), so
the trained model is the same - only its fit is shorter on two cores (~50 -> ~36 s here).

Kept free of Rasa imports: joblib's worker processes import this module, not Rasa's.
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

import numpy as np
from joblib import Parallel, delayed
from joblib.externals.loky import get_reusable_executor
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight


def _fit_one(X: csr_matrix, positive: np.ndarray, weight: float, params: Dict[str, Any]) -> Tuple:
    binary = LogisticRegression(**params, class_weight={1: weight, 0: 1.0})
    binary.fit(X, positive.astype(int))
    return binary.coef_[0], binary.intercept_[0], int(binary.n_iter_[0])


def fit_one_vs_rest(
    clf: LogisticRegression, X: csr_matrix, y: Sequence[str], n_jobs: int
) -> LogisticRegression:
    """Fit ``clf`` (liblinear, balanced class weights, three classes or more) one intent per job."""
    labels = np.asarray(y)
    classes = np.unique(labels)
    weights = compute_class_weight("balanced", classes=classes, y=labels)
    kept = (
        "C",
        "dual",
        "fit_intercept",
        "intercept_scaling",
        "max_iter",
        "penalty",
        "random_state",
        "solver",
        "tol",
    )
    params = {key: value for key, value in clf.get_params().items() if key in kept}
    X = csr_matrix(X, dtype=np.float64)
    rows: List[Tuple] = Parallel(n_jobs=n_jobs)(
        delayed(_fit_one)(X, labels == label, weight, params)
        for label, weight in zip(classes, weights, strict=True)
    )
    # the worker processes end with the fit: their memory is returned and their CPU time is counted
    get_reusable_executor().shutdown(wait=True)
    clf.classes_ = classes
    clf.coef_ = np.asfortranarray(np.vstack([row[0] for row in rows]))  # as liblinear's (classifier.py)
    clf.intercept_ = np.array([row[1] for row in rows])
    clf.n_iter_ = np.array([max(row[2] for row in rows)], dtype=np.int32)
    clf.n_features_in_ = X.shape[1]
    return clf
