"""Errors raised by the intake stages.

Each carries a stable ``code`` that the Odoo side turns into a translated
message for the person who sent the file, and ``params`` for that message.
"""


class IntakeError(Exception):
    """A file cannot be taken in or processed; the reason is for the sender."""

    def __init__(self, code, message, **params):
        super().__init__(message % params if params else message)
        self.code = code
        self.params = params
