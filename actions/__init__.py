"""Rasa SDK actions: thin adapters from trackers to the loancoach engine and back."""

import threading

from loancoach.redflags import load as _load_red_flag_pipelines

# The red-flag pipelines take several seconds to build; build them while the action server starts so
# the first borrower's answer does not wait for them (they are built under a lock, so a check that
# arrives meanwhile simply waits for the same build).
threading.Thread(target=_load_red_flag_pipelines, name="warm-red-flags", daemon=True).start()
