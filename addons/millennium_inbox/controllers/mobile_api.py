# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mobile JSON API (version 1): thin handlers that authenticate the
phone, call one model method and answer JSON. The contract is described by
``intake/mobile_openapi.py`` (served at ``/openapi.json``)."""

import inspect
import json
import logging

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from ..intake import secrets
from ..intake.api_errors import (
    BAD_REQUEST,
    NOT_FOUND,
    TOO_LARGE,
    UNAUTHORIZED,
    UNSUPPORTED,
    ApiError,
)
from ..intake.mobile_openapi import API_PREFIX, openapi_document
from ..intake.pages import MAX_PAGES_PER_EXPENSE

_logger = logging.getLogger(__name__)

# Multipart framing around the file, allowed on top of the file size limit.
_MULTIPART_OVERHEAD = 64 * 1024


def _route(path, methods):
    return http.route(
        API_PREFIX + path,
        type="http",
        auth="none",
        methods=methods,
        csrf=False,
        save_session=False,
        readonly=False,
    )


def _json_response(payload, status=200, headers=None):
    body = json.dumps(payload, ensure_ascii=False)
    response = request.make_response(
        body,
        headers=[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Cache-Control", "no-store"),
            *(headers or []),
        ],
    )
    response.status_code = status
    return response


def _api(handler):
    """Turn refusals (ApiError, AccessError) into JSON error answers.

    The transaction still commits: failed-attempt counters must survive the
    refusal; handlers raise before writing anything else.
    """

    accepted = inspect.signature(handler).parameters

    # Odoo passes query and form fields as keyword arguments: the handlers read
    # the body themselves and only take their URL parameters.
    def wrapper(self, *args, **kwargs):
        kwargs = {name: value for name, value in kwargs.items() if name in accepted}
        try:
            return handler(self, *args, **kwargs)
        except ApiError as error:
            headers = []
            if error.extra.get("retry_after"):
                headers.append(("Retry-After", str(error.extra["retry_after"])))
            return _json_response(error.payload(), error.status, headers)
        except AccessError:
            return _json_response(
                {"error": {"code": "forbidden", "message": "Access denied."}}, 403
            )

    # No functools.wraps: Odoo would read the handler's signature through
    # __wrapped__ and warn about the form fields it does not take.
    wrapper.__name__ = handler.__name__
    wrapper.__doc__ = handler.__doc__
    return wrapper


class MillenniumInboxMobileApi(http.Controller):
    # --- request helpers ------------------------------------------------------
    def _env(self):
        # Messages in the phone's language until we know whose phone it is.
        lang = request.best_lang
        installed = dict(request.env["res.lang"].get_installed())
        if lang not in installed:
            lang = lang and next((c for c in installed if c[:2] == lang[:2]), None)
        return request.env(context=dict(request.env.context, lang=lang or "en_US"))

    def _client_key(self):
        return request.httprequest.remote_addr or "unknown"

    def _json_body(self, *required):
        env = self._env()
        if request.httprequest.mimetype != "application/json":
            raise ApiError(
                UNSUPPORTED,
                "unsupported_media_type",
                env._("Send the request body as JSON (application/json)."),
            )
        try:
            body = json.loads(request.httprequest.get_data(as_text=True) or "null")
        except ValueError as error:
            raise ApiError(
                BAD_REQUEST,
                "malformed_json",
                env._("The request body is not valid JSON."),
            ) from error
        if not isinstance(body, dict):
            raise ApiError(
                BAD_REQUEST,
                "malformed_json",
                env._("The request body must be a JSON object."),
            )
        missing = [name for name in required if body.get(name) in (None, "")]
        if missing:
            raise ApiError(
                BAD_REQUEST,
                "missing_field",
                env._("Missing field(s): %(fields)s", fields=", ".join(missing)),
                fields=missing,
            )
        return body

    def _bearer(self, kind):
        env = self._env()
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        if not token:
            raise ApiError(
                UNAUTHORIZED,
                "missing_token",
                env._("Send the device's token in the Authorization header."),
            )
        if secrets.token_kind(token) != kind:
            if kind == "access" and secrets.token_kind(token) == "device":
                raise ApiError(
                    UNAUTHORIZED,
                    "unlock_required",
                    env._("Unlock the app with your PIN or fingerprint first."),
                )
            raise ApiError(
                UNAUTHORIZED, "invalid_token", env._("This token is not valid.")
            )
        return token

    def _device(self):
        """The device of the device token (Authorization: Bearer mid_...)."""
        devices = self._env()["millennium.inbox.device"]
        return devices._from_device_token(self._bearer("device"))

    def _unlocked_device(self):
        """The device of a live access token (Authorization: Bearer mia_...)."""
        devices = self._env()["millennium.inbox.device"]
        return devices._from_access_token(self._bearer("access"))

    def _device_for_fingerprint_setup(self):
        """A fresh device (device token) or an unlocked one (access token)."""
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        if secrets.token_kind(token) == "access":
            return self._unlocked_device()
        device = self._device()
        if device.state != "setup":
            raise ApiError(
                UNAUTHORIZED,
                "unlock_required",
                device.env._("Unlock the app with your PIN first."),
            )
        return device

    def _unlock_throttled(self, unlock):
        throttle = self._env()["millennium.inbox.mobile.throttle"]
        throttle._check("unlock", self._client_key())
        device = self._device()
        try:
            token, expires_in = unlock(device)
        except ApiError:
            throttle._record_failure("unlock", self._client_key())
            raise
        return _json_response({"access_token": token, "expires_in": expires_in})

    # --- pairing and unlocking -----------------------------------------------
    @_route("/pair", ["POST"])
    @_api
    def pair(self):
        """Exchange a pairing code for a device token (shown once)."""
        throttle = self._env()["millennium.inbox.mobile.throttle"]
        throttle._check("pair", self._client_key())
        body = self._json_body("code", "device_name")
        try:
            device, token = self._env()["millennium.inbox.device"]._pair(
                body["code"], body["device_name"]
            )
        except ApiError as error:
            if error.status == UNAUTHORIZED:
                throttle._record_failure("pair", self._client_key())
            raise
        return _json_response({"device_token": token, **device._status_payload()}, 201)

    @_route("/device", ["GET"])
    @_api
    def device(self):
        """What the app needs to know at start: PIN or fingerprint set, locked."""
        return _json_response(self._device()._status_payload())

    @_route("/session", ["GET"])
    @_api
    def session(self):
        """Is the access token still good, and for how long: the phone asks
        before sending a large photo rather than sending it for a 401."""
        device = self._unlocked_device()
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        seconds = device.env["millennium.inbox.device.token"]._seconds_left(token)
        return _json_response({"device_id": device.id, "expires_in": seconds})

    @_route("/unpair", ["POST"])
    @_api
    def unpair(self):
        """The phone disconnects itself: the device is revoked on the server."""
        token = secrets.bearer_token(request.httprequest.headers.get("Authorization"))
        if secrets.token_kind(token) == "access":
            device = self._unlocked_device()
        else:
            device = self._device()
        device._revoke_from_phone()
        return _json_response({"revoked": True})

    @_route("/pin", ["POST"])
    @_api
    def set_pin(self):
        """Set the 4-digit PIN, entered twice, once right after pairing."""
        device = self._device()
        body = self._json_body("pin", "pin_confirm")
        device._set_pin(body["pin"], body["pin_confirm"])
        return _json_response(device._status_payload())

    @_route("/unlock", ["POST"])
    @_api
    def unlock(self):
        """PIN -> short-lived access token; 5 wrong PINs lock the device."""
        body = self._json_body("pin")
        return self._unlock_throttled(
            lambda device: device._unlock_with_pin(body["pin"])
        )

    @_route("/webauthn/register/options", ["POST"])
    @_api
    def webauthn_register_options(self):
        """Options for navigator.credentials.create (platform authenticator)."""
        device = self._device_for_fingerprint_setup()
        return _json_response(device._webauthn_registration_options())

    @_route("/webauthn/register", ["POST"])
    @_api
    def webauthn_register(self):
        """Store the fingerprint credential created by the phone."""
        device = self._device_for_fingerprint_setup()
        body = self._json_body("credential")
        device._webauthn_register(body["credential"])
        return _json_response(device._status_payload())

    @_route("/webauthn/unlock/options", ["POST"])
    @_api
    def webauthn_unlock_options(self):
        """Options for navigator.credentials.get."""
        return _json_response(self._device()._webauthn_unlock_options())

    @_route("/webauthn/unlock", ["POST"])
    @_api
    def webauthn_unlock(self):
        """Fingerprint assertion -> short-lived access token."""
        body = self._json_body("credential")
        return self._unlock_throttled(
            lambda device: device._webauthn_unlock(body["credential"])
        )

    # --- documents --------------------------------------------------------------
    @_route("/documents", ["GET", "POST"])
    @_api
    def documents(self):
        """GET: the user's mobile uploads; POST: upload one file (multipart)."""
        device = self._unlocked_device()
        if request.httprequest.method == "GET":
            uploads = device._uploads()
            return _json_response(
                {"documents": [device._document_payload(doc) for doc in uploads]}
            )
        return self._upload(device)

    @_route("/documents/<int:document_id>", ["GET"])
    @_api
    def document(self, document_id):
        """One of the user's mobile uploads, with its state."""
        device = self._unlocked_device()
        document = device._upload_by_id(document_id)
        if not document:
            raise ApiError(
                NOT_FOUND, "not_found", device.env._("There is no such document.")
            )
        return _json_response(device._document_payload(document))

    def _upload(self, device):
        env = device.env
        self._check_upload_size(device)
        if request.httprequest.mimetype != "multipart/form-data":
            raise ApiError(
                UNSUPPORTED,
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
            raise ApiError(
                BAD_REQUEST,
                "missing_field",
                env._("Missing field(s): %(fields)s", fields=", ".join(missing)),
                fields=missing,
            )
        if not secrets.is_valid_client_uid(client_uid):
            raise ApiError(
                BAD_REQUEST,
                "client_id_invalid",
                env._("client_id must be 8 to 64 letters, digits or dashes."),
            )
        pages = []
        for upload in uploads:
            upload.seek(0)  # Odoo replays the request after a serialization failure
            pages.append((upload.filename or "photo.jpg", upload.read()))
        document, created = device._upload_pages(
            pages, client_uid, self._queue_device_id(env)
        )
        payload = device._document_payload(document)
        return _json_response({**payload, "new": created}, 201 if created else 200)

    def _queue_device_id(self, env):
        """The device id the phone's queue item was taken under, if sent."""
        value = request.httprequest.form.get("device_id")
        if value in (None, ""):
            return None
        if not value.isdigit() or len(value) > 10:
            raise ApiError(
                BAD_REQUEST,
                "device_id_invalid",
                env._("device_id must be a device number."),
            )
        return int(value)

    def _check_upload_size(self, device):
        """413 before reading a body that cannot fit under the size limit."""
        limit = device._upload_size_limit()
        length = request.httprequest.content_length
        if length and length > limit * MAX_PAGES_PER_EXPENSE + _MULTIPART_OVERHEAD:
            # Consume the body (werkzeug spools files to disk, nothing is read
            # into memory or kept) so the phone gets this answer rather than a
            # connection reset mid-upload.
            request.httprequest.files.getlist("file")
            raise ApiError(
                TOO_LARGE,
                "too_large",
                device.env._(
                    "The file is too large (limit %(limit)s MB).",
                    limit=limit // (1024 * 1024),
                ),
            )

    # --- contract ---------------------------------------------------------------
    @_route("/openapi.json", ["GET"])
    @_api
    def openapi(self):
        """This API described as an OpenAPI 3 document."""
        base = request.httprequest.host_url.rstrip("/")
        return _json_response(openapi_document(base))
