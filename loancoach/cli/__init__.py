"""Sub-commands of the ``loancoach`` CLI: one module each, each with ``register(subparsers)``."""
