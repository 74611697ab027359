"""The one error a command raises for input it cannot use."""


class UsageError(Exception):
    """Raised by a command for input it cannot use; printed as one line, exit code 2."""
