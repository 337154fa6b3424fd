"""The mobile API's refusals: an HTTP status, a stable code and a message.

The Odoo side raises ApiError with a message already translated for the
person holding the phone; the controller turns it into
``{"error": {"code": ..., "message": ...}}`` with the status.
"""

BAD_REQUEST = 400
UNAUTHORIZED = 401
FORBIDDEN = 403
NOT_FOUND = 404
CONFLICT = 409
TOO_LARGE = 413
UNSUPPORTED = 415
LOCKED = 423
TOO_MANY = 429

# Intake refusal codes (core contract) -> HTTP status of the upload answer.
_INTAKE_STATUS = {
    "empty": BAD_REQUEST,
    "too_large": TOO_LARGE,
    "pdf_too_many_pages": TOO_LARGE,
    "image_bomb": TOO_LARGE,
    "too_many_pages": TOO_LARGE,
}


class ApiError(Exception):
    """A refusal answered to the device; ``extra`` adds fields to the error body."""

    def __init__(self, status, code, message, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def payload(self):
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


def intake_refusal_status(code):
    """413 for what is too big, 400 for an empty file, else 415 (not a document)."""
    return _INTAKE_STATUS.get(code, UNSUPPORTED)
