"""Custom Rasa NLU components: thin adapters from Rasa messages to the loancoach engine."""
