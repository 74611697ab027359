"""Custom Rasa NLU components: thin adapters from Rasa messages to the loancoach engine."""

import logging as _logging
import warnings as _warnings

# numpy.distutils lowers the root logger to WARNING the first time it is imported, which scikit-learn
# does when Rasa loads the LogisticRegressionClassifier: every Rasa INFO line after that (among them
# "Rasa server is up and running.") went missing. Import it here, when Rasa first loads one of our
# components, and put the level back.
_root = _logging.getLogger()
_level = _root.level
try:
    import numpy.distutils.log  # noqa: F401
except ImportError:  # pragma: no cover - numpy without distutils
    pass
_root.setLevel(_level)

# One BLAS and OpenMP thread: training and serving here make no large dense products, and OpenBLAS's
# second thread only spun - `rasa train nlu` took 185 s of CPU (58 s of it system time) for 116 s of
# wall-clock time, and 88 s of CPU for 89 s with this limit (2026-12-05, this 2-core machine, fresh cache).
from threadpoolctl import threadpool_limits as _threadpool_limits  # noqa: E402

_threadpool_limits(limits=1)

# Rasa's recipe validator warns that lookup tables and regexes feed only DIET or CRF, and only through Rasa's
# own RegexFeaturizer (it compares exact classes, not subclasses); the logistic regression here
# (components/classifier.py) reads every featurizer's sentence features, among them
# components/lookup_featurizer.py's "a credit product is named" and the shapes of an ad
# (data/nlu/regex_ad_shapes.yml; tests/test_product_names_model.py checks that the model reads both).
_warnings.filterwarnings("ignore", message="You have defined training data consisting of lookup tables")
_warnings.filterwarnings("ignore", message="You have defined training data with regexes")
