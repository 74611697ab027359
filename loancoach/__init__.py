"""LoanCoach engine: pure Python, no Rasa imports.

Everything the assistant knows or computes lives here so that the Rasa components in
``components/`` and the actions in ``actions/`` stay thin adapters.
"""

__version__ = "0.1.0"
