"""Errors the user can act on. Each message is one line, fit for stderr or a toast."""


class StoreError(Exception):
    """A problem with the database that the user can act on."""


class StoreLockedError(StoreError):
    """Another program holds the database longer than the busy timeout."""


class BankError(ValueError):
    """The question bank file is missing or malformed."""


class FormatError(ValueError):
    """A file that cannot be imported; the message says why and where."""


class NothingToExport(FormatError):
    """The export would be empty: say so rather than write an empty file."""
