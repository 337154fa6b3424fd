# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mobile JSON API (version 1): thin handlers that authenticate the
phone, call one model method and answer JSON. The contract is described by
``intake/mobile_openapi.py`` (served at ``/openapi.json``).

Models raise ``MobileError(code, message)``; this module alone turns codes
into HTTP statuses (``http_status``), and ``error_response`` answers every
failure on the API path with JSON, whatever raised it: ``ir.http`` sends
routing errors (404, 405), body limits (411, 413) and unexpected errors
(500, 503) here too. Technical details go to the log only.
"""

import inspect
import json
import logging

import werkzeug.exceptions

from odoo import http
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import config

from ..intake import names, secrets
from ..intake.api_errors import MobileError, http_status
from ..intake.mobile_openapi import API_PREFIX, openapi_document
from ..intake.pages import MAX_PAGES_PER_EXPENSE

_logger = logging.getLogger(__name__)

# Multipart framing around the file, allowed on top of the file size limit.
MULTIPART_OVERHEAD = 64 * 1024
# JSON bodies of this API are a few hundred bytes (a WebAuthn answer ~2 kB).
JSON_BODY_LIMIT = 64 * 1024
# An oversized body is read and dropped up to this size, so the phone gets the
# 413 rather than a connection reset; beyond it the connection is closed.
DRAIN_LIMIT = 32 * 1024 * 1024
READ_CHUNK = 64 * 1024
RETRY_AFTER_BUSY = 2
# Where a request keeps the language of the device its token named.
LANG_KEY = "millennium_inbox.lang"
# (token, device) checked before the body was read: the handler takes the
# device from here instead of looking the same token up a second time.
DEVICE_KEY = "millennium_inbox.device"
# The device model's look-up for each kind of bearer token.
TOKEN_LOOKUP = {"device": "_from_device_token", "access": "_from_access_token"}


def is_api_path(path):
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def json_response(payload, status=200, headers=None):
    response = request.make_response(
        json.dumps(payload, ensure_ascii=False),
        headers=[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Cache-Control", "no-store"),
            *(headers or []),
        ],
    )
    response.status_code = status
    return response


def _error_json(error, headers=None):
    headers = list(headers or [])
    if error.extra.get("retry_after"):
        headers.append(("Retry-After", str(error.extra["retry_after"])))
    return json_response(error.payload(), http_status(error.code), headers)


def api_env():
    """The request's environment speaking the API's language: the device's
    once a token told whose phone it is (``_speak_for``), else the main
    company's (``millennium.inbox.device._lang``). Never the phone's
    Accept-Language: one refusal reads the same on every call."""
    lang = request.httprequest.environ.get(LANG_KEY)
    if not lang:
        lang = request.env["millennium.inbox.device"]._lang()
    return request.env(context=dict(request.env.context, lang=lang))


def _speak_for(device):
    """From now on this request answers in ``device``'s language."""
    request.httprequest.environ[LANG_KEY] = device.env.lang
    return device


def _http_error(exception, env):
    """The MobileError answering a werkzeug HTTP exception."""
    if isinstance(exception, werkzeug.exceptions.NotFound):
        return MobileError("not_found", env._("There is nothing at this address."))
    if isinstance(exception, werkzeug.exceptions.MethodNotAllowed):
        return MobileError(
            "method_not_allowed", env._("This address does not take this method.")
        )
    if isinstance(exception, werkzeug.exceptions.RequestEntityTooLarge):
        return _too_large_error(env)
    return MobileError("invalid_request", env._("The request is not valid."))


def _too_large_error(env):
    if _is_upload():
        # sudo: the size limit is a technical setting, read for any phone
        limit = env["millennium.inbox.document"].sudo()._max_file_size()
        return MobileError(
            "too_large",
            env._(
                "The file is too large (limit %(limit)s MB).",
                limit=limit // (1024 * 1024),
            ),
        )
    return MobileError("body_too_large", env._("The request is too large."))


def _is_upload():
    httprequest = request.httprequest
    return (
        httprequest.path == API_PREFIX + "/documents" and httprequest.method == "POST"
    )


def _error_env():
    try:
        return api_env()
    except Exception:  # noqa: BLE001 - the transaction may be aborted already
        lang = request.httprequest.environ.get(LANG_KEY) or "en_US"
        return request.env(context=dict(request.env.context, lang=lang))


def error_response(exception):
    """A JSON answer for any exception raised while serving the API."""
    env = _error_env()
    headers = []
    if isinstance(exception, MobileError):
        error = exception
    elif isinstance(exception, werkzeug.exceptions.HTTPException):
        error = _http_error(exception, env)
        if isinstance(exception, werkzeug.exceptions.MethodNotAllowed):
            headers.append(("Allow", ", ".join(exception.valid_methods or ())))
    elif isinstance(exception, (AccessError, AccessDenied)):
        error = MobileError("forbidden", env._("Access denied."))
    elif isinstance(exception, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
        error = MobileError(
            "busy",
            env._("The server is busy. Try again in a moment."),
            retry_after=RETRY_AFTER_BUSY,
        )
    elif isinstance(exception, UserError):
        _logger.info("Mobile API refused a request: %s", exception)
        error = MobileError("invalid_request", env._("The request is not valid."))
    else:
        # Odoo logs the traceback; the phone gets a plain sentence.
        error = MobileError(
            "internal",
            env._("Something went wrong on the server. Try again later."),
        )
    if http_status(error.code) == 413:
        headers.append(("Connection", "close"))
    return _error_json(error, headers)


# --- request body: bounded before anything reads it -----------------------------
class _CappedStream:
    """A body stream that refuses (413) once more than ``limit`` bytes came:
    chunked bodies carry no Content-Length to refuse them by."""

    def __init__(self, stream, limit):
        self._stream = stream
        self._limit = limit
        self._read = 0

    def _count(self, data):
        self._read += len(data)
        if self._read > self._limit:
            # read the rest (dropped) so the phone gets the answer, up to a bound
            while self._read < DRAIN_LIMIT:
                chunk = self._stream.read(READ_CHUNK)
                if not chunk:
                    break
                self._read += len(chunk)
            raise _too_large_error(_error_env())
        return data

    def read(self, size=-1):  # pylint: disable=method-required-super
        if size is None or size < 0:
            size = self._limit + 1 - self._read
        return self._count(self._stream.read(max(size, 0)))

    def readline(self, size=-1):
        if size is None or size < 0:
            size = self._limit + 1 - self._read
        return self._count(self._stream.readline(max(size, 0)))

    def __iter__(self):
        return iter(self.readline, b"")


def _body_limit(env):
    if _is_upload():
        # sudo: the size limit is a technical setting, read for any phone
        documents = env["millennium.inbox.document"].sudo()
        # several photos of one expense come in one request
        return documents._max_file_size() * MAX_PAGES_PER_EXPENSE + MULTIPART_OVERHEAD
    return JSON_BODY_LIMIT


def bound_request_body(env):
    """Refuse a body over the endpoint's limit before it is read: by its
    Content-Length, or while streaming it when it is sent in chunks."""
    limit = _body_limit(env)
    # Odoo keeps the werkzeug request private; its body stream is only
    # reachable there (and nothing has read it yet).
    wrapped = getattr(request.httprequest, "_HTTPRequest__wrapped", None)
    length = request.httprequest.content_length
    if length is not None:
        if length > limit:
            if wrapped is not None and length <= DRAIN_LIMIT:
                while wrapped.stream.read(READ_CHUNK):
                    pass
            raise _too_large_error(env)
        return
    if wrapped is None:
        raise MobileError(
            "length_required", env._("Send the request with a Content-Length.")
        )
    wrapped.__dict__["stream"] = _CappedStream(wrapped.stream, limit)


# --- token: checked before the body is read -------------------------------------
def check_token_before_body(endpoint):
    """Refuse a request without a live token of the kind its endpoint needs
    before anything reads its body: Odoo parses a multipart body (the upload)
    before the handler runs, so an unauthenticated 3 GB upload would be read
    whole just to be answered 401. The handler takes the device found here
    (``_checked_device``): one token lookup (and for a device token one slow
    hash check) per request, not two.

    Refusals here are not counted by the PIN throttle: it guards PINs, and
    tokens (256 random bits) can be tried unthrottled on GET /device anyway.
    """
    kind = getattr(endpoint, "millennium_token", None)
    if kind is None or request.httprequest.method not in endpoint.routing["methods"]:
        return  # no token needed; or a HEAD/OPTIONS the handler answers 405
    # The lookups word their own refusals (``_unknown_phone_env``): the
    # request's language is only worked out when the token is refused here.
    devices = request.env["millennium.inbox.device"]
    token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
    if not token:
        raise MobileError(
            "missing_token",
            api_env()._("Send the device's token in the Authorization header."),
        )
    token_kind = secrets.token_kind(token)
    if token_kind in TOKEN_LOOKUP and kind in (token_kind, "any"):
        lookup = getattr(devices, TOKEN_LOOKUP[token_kind])
        _checked(token, _speak_for(lookup(token)))
    elif token_kind == "device" and kind == "access":
        raise MobileError(
            "unlock_required",
            api_env()._("Unlock the app with your PIN or fingerprint first."),
        )
    else:
        raise MobileError("invalid_token", api_env()._("This token is not valid."))


def _checked(token, device):
    """Remember that ``token`` is ``device``'s, for the rest of this request."""
    request.httprequest.environ[DEVICE_KEY] = (token, device)


def _checked_device(token):
    """The device ``check_token_before_body`` found for this very token in
    this request (same transaction), else None."""
    checked = request.httprequest.environ.get(DEVICE_KEY)
    if checked and checked[0] == token:
        return checked[1]
    return None


# --- routes -----------------------------------------------------------------------
def api_route(path, methods, token=None):
    """An API endpoint answering JSON only for ``methods``; ``token``: the
    kind of token it needs ("device", "access", "any" of both, None), checked
    before its body is read (``check_token_before_body``).

    Odoo also routes OPTIONS (and werkzeug HEAD for GET) to every endpoint:
    those never reach the handler and get a JSON 405. The app is served from
    this server (same origin), so there is no CORS preflight to answer.
    """

    def decorator(handler):
        accepted = inspect.signature(handler).parameters

        # Odoo passes query and form fields as keyword arguments: the handlers
        # read the body themselves and only take their URL parameters.
        def wrapper(self, *args, **kwargs):
            if request.httprequest.method not in methods:
                return error_response(
                    werkzeug.exceptions.MethodNotAllowed(valid_methods=methods)
                )
            kwargs = {name: value for name, value in kwargs.items() if name in accepted}
            try:
                return handler(self, *args, **kwargs)
            except MobileError as error:
                # Answered, and the transaction commits: handlers refuse before
                # writing; throttle counters must survive the refusal.
                return _error_json(error)

        # No functools.wraps: Odoo would read the handler's signature through
        # __wrapped__ and warn about the form fields it does not take.
        wrapper.__name__ = handler.__name__
        wrapper.__doc__ = handler.__doc__
        wrapper.millennium_token = token
        return http.route(
            API_PREFIX + path,
            type="http",
            auth="none",
            methods=methods,
            csrf=False,
            save_session=False,
            readonly=False,
        )(wrapper)

    return decorator


class MillenniumInboxMobileApi(http.Controller):
    # --- request helpers ------------------------------------------------------
    def _client_key(self):
        """Who is attempting, for the throttle: the socket peer. Only when Odoo
        runs behind a proxy (proxy_mode) is the address the proxy forwarded
        (X-Forwarded-For, applied by Odoo) trusted; without a proxy that header
        is whatever the client chose."""
        httprequest = request.httprequest
        if not config["proxy_mode"]:
            original = httprequest.environ.get("werkzeug.proxy_fix.orig") or {}
            return original.get("REMOTE_ADDR") or httprequest.remote_addr or "unknown"
        return httprequest.remote_addr or "unknown"

    def _json_body(self, *required):
        env = api_env()
        if request.httprequest.mimetype != "application/json":
            raise MobileError(
                "unsupported_media_type",
                env._("Send the request body as JSON (application/json)."),
            )
        try:
            body = json.loads(request.httprequest.get_data(as_text=True) or "null")
        except (ValueError, RecursionError) as error:
            # RecursionError: nesting deeper than the parser goes
            raise MobileError(
                "malformed_json", env._("The request body is not valid JSON.")
            ) from error
        if not isinstance(body, dict):
            raise MobileError(
                "malformed_json", env._("The request body must be a JSON object.")
            )
        missing = [name for name in required if body.get(name) in (None, "")]
        if missing:
            raise MobileError(
                "missing_field",
                env._("Missing field(s): %(fields)s", fields=", ".join(missing)),
                fields=missing,
            )
        return body

    def _bearer(self, kind):
        env = api_env()
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        if not token:
            raise MobileError(
                "missing_token",
                env._("Send the device's token in the Authorization header."),
            )
        if secrets.token_kind(token) != kind:
            if kind == "access" and secrets.token_kind(token) == "device":
                raise MobileError(
                    "unlock_required",
                    env._("Unlock the app with your PIN or fingerprint first."),
                )
            raise MobileError("invalid_token", env._("This token is not valid."))
        return token

    def _device_for(self, kind):
        """The device of the bearer token of ``kind`` ("device" or "access"):
        the one ``check_token_before_body`` found for it, else looked up."""
        token = self._bearer(kind)
        device = _checked_device(token)
        if device is None:
            devices = api_env()["millennium.inbox.device"]
            device = getattr(devices, TOKEN_LOOKUP[kind])(token)
        return _speak_for(device)

    def _device(self):
        """The device of the device token (Authorization: Bearer mid_...)."""
        return self._device_for("device")

    def _unlocked_device(self):
        """The device of a live access token (Authorization: Bearer mia_...)."""
        return self._device_for("access")

    def _device_for_fingerprint_setup(self):
        """A fresh device (device token) or an unlocked one (access token)."""
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        if secrets.token_kind(token) == "access":
            return self._unlocked_device()
        device = self._device()
        if device.state != "setup":
            raise MobileError(
                "unlock_required", device.env._("Unlock the app with your PIN first.")
            )
        return device

    def _throttled(self, scope, attempt):
        """Run ``attempt()`` unless this address failed too often lately; a
        refusal for a wrong secret counts as a failure."""
        throttle = api_env()["millennium.inbox.mobile.throttle"]
        throttle._check(scope, self._client_key())
        try:
            return attempt()
        except MobileError as error:
            if http_status(error.code) in (401, 423):
                throttle._record_failure(scope, self._client_key())
            raise

    def _unlock_throttled(self, unlock):
        def attempt():
            return unlock(self._device())

        token, expires_in = self._throttled("unlock", attempt)
        return json_response({"access_token": token, "expires_in": expires_in})

    # --- pairing and unlocking -----------------------------------------------
    @api_route("/pair", ["POST"])
    def pair(self):
        """Exchange a pairing code for a device token (shown once)."""
        body = self._json_body("code", "device_name")

        def attempt():
            return api_env()["millennium.inbox.device"]._pair(
                body["code"], body["device_name"]
            )

        device, token = self._throttled("pair", attempt)
        return json_response({"device_token": token, **device._status_payload()}, 201)

    @api_route("/device", ["GET"], token="device")
    def device(self):
        """What the app needs to know at start: PIN or fingerprint set, locked."""
        return json_response(self._device()._status_payload())

    @api_route("/device/name", ["POST"], token="access")
    def rename_device(self):
        """Rename this device (unlocked)."""
        device = self._unlocked_device()
        body = self._json_body("device_name")
        name = names.clean_device_name(body["device_name"])
        if not name:
            raise MobileError("device_name_invalid", device._device_name_error())
        device.write({"name": name})
        return json_response(device._status_payload())

    @api_route("/session", ["GET"], token="access")
    def session(self):
        """Is the access token still good, and for how long: the phone asks
        before sending a large photo rather than sending it for a 401."""
        device = self._unlocked_device()
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        seconds = device.env["millennium.inbox.device.token"]._seconds_left(token)
        return json_response({"device_id": device.id, "expires_in": seconds})

    @api_route("/unpair", ["POST"], token="any")
    def unpair(self):
        """The phone disconnects itself: the device is revoked on the server."""
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        if secrets.token_kind(token) == "access":
            device = self._unlocked_device()
        else:
            device = self._device()
        device._revoke_from_phone()
        return json_response({"revoked": True})

    @api_route("/pin", ["POST"], token="device")
    def set_pin(self):
        """Set the 4-digit PIN, entered twice, once right after pairing."""
        device = self._device()
        body = self._json_body("pin", "pin_confirm")
        device._set_pin(body["pin"], body["pin_confirm"])
        return json_response(device._status_payload())

    @api_route("/pin/change", ["POST"], token="access")
    def change_pin(self):
        """Replace the PIN (unlocked; the current PIN counts like an unlock)."""
        body = self._json_body("pin", "new_pin", "new_pin_confirm")

        def attempt():
            device = self._unlocked_device()
            device._change_pin(body["pin"], body["new_pin"], body["new_pin_confirm"])
            return device

        device = self._throttled("unlock", attempt)
        return json_response(device._status_payload())

    @api_route("/unlock", ["POST"], token="device")
    def unlock(self):
        """PIN -> short-lived access token; 5 wrong PINs lock the device."""
        body = self._json_body("pin")
        return self._unlock_throttled(
            lambda device: device._unlock_with_pin(body["pin"])
        )

    @api_route("/webauthn/register/options", ["POST"], token="any")
    def webauthn_register_options(self):
        """Options for navigator.credentials.create (platform authenticator)."""
        device = self._device_for_fingerprint_setup()
        return json_response(device._webauthn_registration_options())

    @api_route("/webauthn/register", ["POST"], token="any")
    def webauthn_register(self):
        """Store the fingerprint credential created by the phone."""
        device = self._device_for_fingerprint_setup()
        body = self._json_body("credential")
        device._webauthn_register(body["credential"])
        return json_response(device._status_payload())

    @api_route("/webauthn/unlock/options", ["POST"], token="device")
    def webauthn_unlock_options(self):
        """Options for navigator.credentials.get."""
        return json_response(self._device()._webauthn_unlock_options())

    @api_route("/webauthn/unlock", ["POST"], token="device")
    def webauthn_unlock(self):
        """Fingerprint assertion -> short-lived access token."""
        body = self._json_body("credential")
        return self._unlock_throttled(
            lambda device: device._webauthn_unlock(body["credential"])
        )

    # --- documents --------------------------------------------------------------
    @api_route("/documents", ["GET", "POST"], token="access")
    def documents(self):
        """GET: the user's mobile uploads; POST: upload one file (multipart)."""
        device = self._unlocked_device()
        if request.httprequest.method == "GET":
            uploads = device._uploads()
            return json_response(
                {"documents": [device._document_payload(doc) for doc in uploads]}
            )
        return self._upload(device)

    @api_route("/documents/<int:document_id>", ["GET"], token="access")
    def document(self, document_id):
        """One of the user's mobile uploads, with its state."""
        device = self._unlocked_device()
        document = device._upload_by_id(document_id)
        if not document:
            raise MobileError("not_found", device.env._("There is no such document."))
        return json_response(device._document_payload(document))

    def _upload(self, device):
        env = device.env
        if request.httprequest.mimetype != "multipart/form-data":
            raise MobileError(
                "unsupported_media_type",
                env._("Send the file as multipart/form-data."),
            )
        # Several "file" parts are the pages of one expense, in order.
        uploads = [f for f in request.httprequest.files.getlist("file") if f]
        client_uid = request.httprequest.form.get("client_id")
        if not uploads or not client_uid:
            missing = [
                name
                for name, value in (("file", uploads), ("client_id", client_uid))
                if not value
            ]
            raise MobileError(
                "missing_field",
                env._("Missing field(s): %(fields)s", fields=", ".join(missing)),
                fields=missing,
            )
        if not secrets.is_valid_client_uid(client_uid):
            raise MobileError(
                "client_id_invalid",
                env._("client_id must be 8 to 64 letters, digits or dashes."),
            )
        pages = []
        for upload in uploads:
            upload.seek(0)  # Odoo replays the request after a serialization failure
            pages.append((self._file_name(env, upload.filename), upload.read()))
        payload, created = device._upload_pages(
            pages, client_uid, self._queue_device_id(env)
        )
        if created:
            status = 201
        elif payload["id"] is None:
            status = 202  # a parallel copy of this upload is being stored
        else:
            status = 200
        return json_response({**payload, "new": created}, status)

    def _queue_device_id(self, env):
        """The device id the phone's queue item was taken under, if sent."""
        value = request.httprequest.form.get("device_id")
        if value in (None, ""):
            return None
        if not value.isdigit() or len(value) > 10:
            raise MobileError(
                "device_id_invalid", env._("device_id must be a device number.")
            )
        return int(value)

    def _file_name(self, env, filename):
        """The sent file name, refused when it holds control characters (a NUL
        cannot even be stored) or is longer than a file system allows."""
        filename = filename or "photo.jpg"
        if (
            names.has_control_characters(filename)
            or len(filename) > names.MAX_FILE_NAME
        ):
            raise MobileError(
                "file_name_invalid",
                env._(
                    "The file name must be at most %(max)s characters, without "
                    "control characters.",
                    max=names.MAX_FILE_NAME,
                ),
            )
        return filename

    # --- contract ---------------------------------------------------------------
    @api_route("/openapi.json", ["GET"])
    def openapi(self):
        """This API described as an OpenAPI 3 document."""
        base = request.httprequest.host_url.rstrip("/")
        return json_response(openapi_document(base))
