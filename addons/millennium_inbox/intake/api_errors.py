"""The mobile channel's refusals: a stable code and a message for the person.

Models raise ``MobileError(code, message)`` with the message already
translated for the person holding the phone; they never choose an HTTP
status. The controller alone turns a code into a status (``http_status``)
and answers ``{"error": {"code": ..., "message": ...}}``.
"""

BAD_REQUEST = 400
UNAUTHORIZED = 401
FORBIDDEN = 403
NOT_FOUND = 404
METHOD_NOT_ALLOWED = 405
CONFLICT = 409
LENGTH_REQUIRED = 411
TOO_LARGE = 413
UNSUPPORTED = 415
LOCKED = 423
TOO_MANY = 429
INTERNAL = 500
BUSY = 503

# code -> HTTP status; a code missing here is a bad request.
_STATUS_BY_CODE = {
    # request shape
    "malformed_json": BAD_REQUEST,
    "missing_field": BAD_REQUEST,
    "invalid_field": BAD_REQUEST,
    "device_name_invalid": BAD_REQUEST,
    "file_name_invalid": BAD_REQUEST,
    "client_id_invalid": BAD_REQUEST,
    "pin_invalid": BAD_REQUEST,
    "pin_mismatch": BAD_REQUEST,
    "fingerprint_invalid": BAD_REQUEST,
    "unsupported_media_type": UNSUPPORTED,
    "length_required": LENGTH_REQUIRED,
    "body_too_large": TOO_LARGE,
    "method_not_allowed": METHOD_NOT_ALLOWED,
    "not_found": NOT_FOUND,
    # who is calling
    "missing_token": UNAUTHORIZED,
    "invalid_token": UNAUTHORIZED,
    "unlock_required": UNAUTHORIZED,
    "access_token_invalid": UNAUTHORIZED,
    "device_revoked": UNAUTHORIZED,
    "pairing_code_invalid": UNAUTHORIZED,
    "pairing_code_used": UNAUTHORIZED,
    "pairing_code_expired": UNAUTHORIZED,
    "pin_wrong": UNAUTHORIZED,
    "device_locked": LOCKED,
    "too_many_attempts": TOO_MANY,
    "forbidden": FORBIDDEN,
    "company_forbidden": FORBIDDEN,
    # state of the device or the upload
    "pin_already_set": CONFLICT,
    "pin_not_set": CONFLICT,
    "fingerprint_not_set": CONFLICT,
    "fingerprint_exists": CONFLICT,
    # no fingerprint step started (or it expired): ask for options first
    "challenge_missing": CONFLICT,
    "client_id_conflict": CONFLICT,
    # intake refusals at upload time (size and type checks of the one door)
    "empty": BAD_REQUEST,
    "too_large": TOO_LARGE,
    "pdf_too_many_pages": TOO_LARGE,
    "image_bomb": TOO_LARGE,
    "too_many_pages": TOO_LARGE,
    "unsupported_type": UNSUPPORTED,
    "wrong_device": CONFLICT,
    "page_not_image": UNSUPPORTED,
    "device_id_invalid": BAD_REQUEST,
    # the server
    "busy": BUSY,
    "internal": INTERNAL,
}


class MobileError(Exception):
    """A refusal for the phone; ``extra`` adds fields to the error body."""

    # An answered refusal, not a server fault: Odoo logs it at this level
    # (logging.INFO) when it reaches its error handler.
    loglevel = 20

    def __init__(self, code, message, **extra):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    def payload(self):
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


def http_status(code):
    """The HTTP status answering a refusal ``code`` (400 when unknown)."""
    return _STATUS_BY_CODE.get(code, BAD_REQUEST)
