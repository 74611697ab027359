"""Rasa SDK actions: thin adapters from trackers to the loancoach engine and back."""
