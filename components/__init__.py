"""Custom Rasa NLU components: thin adapters from Rasa messages to the loancoach engine."""

import logging as _logging

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
