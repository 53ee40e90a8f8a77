"""The one exception a bad source raises: its message is the reason shown to the user."""


class SourceError(Exception):
    """A source could not be read, fetched or parsed; str(exc) is the reason."""
