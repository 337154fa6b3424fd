"""The mobile API's contract as an OpenAPI 3 document.

Served by the module at ``API_PREFIX + "/openapi.json"``; an Odoo test
compares its paths and methods with the routes the server really has.
"""

API_PREFIX = "/millennium_inbox/api/v1"

_ERROR_STATUSES = {
    "400": "Malformed JSON, a missing or invalid field",
    "401": "Missing, unknown, expired or revoked token; wrong, used or expired"
    " pairing code; wrong PIN (with attempts_left)",
    "403": "The device's user may not do this (rights or company)",
    "404": "No such document among the user's uploads",
    "409": "Conflict: PIN already set, PIN not set, client_id reused for another"
    " file, a queue of another device (wrong_device), no fingerprint step"
    " started (challenge_missing: ask for the options first)",
    "413": "Too large, nothing is created: a body over the endpoint's limit"
    " (body_too_large), a file over the inbox limit (too_large), more pages than"
    " an expense takes (too_many_pages), a PDF of too many pages"
    " (pdf_too_many_pages), an image of too many pixels (image_bomb)",
    "415": "Not a PDF, JPEG or PNG, or a body of the wrong media type"
    " (nothing is created)",
    "405": "This address does not take this method (Allow lists those it does)",
    "411": "A request body without Content-Length that cannot be bounded",
    "423": "Device locked after 5 wrong PINs or fingerprints in a row: pair it again",
    "429": "Too many failed attempts from this address: wait (Retry-After)",
    "500": "Unexpected server error (details in the server log only)",
    "503": "The server is busy: try again (Retry-After)",
}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema):
    return {"application/json": {"schema": schema}}


def _responses(ok_status, ok_schema, ok_text, *errors):
    responses = {ok_status: {"description": ok_text, "content": _json(ok_schema)}}
    for status in errors:
        responses[status] = {
            "description": _ERROR_STATUSES[status],
            "content": _json(_ref("Error")),
        }
    return responses


def _json_body(required, properties):
    return {
        "required": True,
        "content": _json(
            {"type": "object", "required": required, "properties": properties}
        ),
    }


def _operation(summary, security, responses, body=None, **extra):
    operation = {"summary": summary, "responses": responses, **extra}
    operation["security"] = [{scheme: []} for scheme in security]
    if body:
        operation["requestBody"] = body
    return operation


# A name as typed: 1 to 64 characters, at least one of them neither a space
# nor a control character (those become spaces, and a blank name is refused).
_DEVICE_NAME = {
    "type": "string",
    "minLength": 1,
    "maxLength": 64,
    "pattern": "[^\\s\\u0000-\\u001f\\u007f-\\u009f]",
}
# Four ASCII digits; the length bounds also rule out a trailing line break,
# which "$" would let through.
_PIN = {"type": "string", "pattern": "^[0-9]{4}$", "minLength": 4, "maxLength": 4}
# An identifier field of a credential (base64url from the authenticator).
_CREDENTIAL_ID = {"type": "string", "minLength": 1, "maxLength": 2047}


def _credential(*response_keys):
    """PublicKeyCredential as JSON (base64url fields), as produced by
    navigator.credentials.create (registration) or .get (assertion)."""
    return {
        "type": "object",
        "description": "PublicKeyCredential as JSON (base64url fields), as produced"
        " by navigator.credentials.create/get",
        "required": ["id", "rawId", "type", "response"],
        "properties": {
            "id": _CREDENTIAL_ID,
            "rawId": _CREDENTIAL_ID,
            "type": {**_CREDENTIAL_ID, "example": "public-key"},
            "response": {
                "type": "object",
                "required": list(response_keys),
                "properties": {key: {"type": "string"} for key in response_keys},
            },
        },
    }


_SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "example": "pin_wrong"},
                    "message": {"type": "string"},
                    "attempts_left": {"type": "integer"},
                    "fields": {"type": "array", "items": {"type": "string"}},
                    "retry_after": {"type": "integer"},
                },
            }
        },
    },
    "Device": {
        "type": "object",
        "properties": {
            "device_id": {"type": "integer"},
            "name": {"type": "string"},
            "user": {"type": "string"},
            "company": {"type": "string"},
            "pin_set": {"type": "boolean"},
            "fingerprint_set": {"type": "boolean"},
            "locked": {"type": "boolean"},
        },
    },
    "Paired": {
        "allOf": [
            _ref("Device"),
            {
                "type": "object",
                "required": ["device_token"],
                "properties": {
                    "device_token": {
                        "type": "string",
                        "description": "Shown once; keep it on the device.",
                    }
                },
            },
        ]
    },
    "AccessToken": {
        "type": "object",
        "required": ["access_token", "expires_in"],
        "properties": {
            "access_token": {"type": "string"},
            "expires_in": {"type": "integer", "description": "seconds"},
        },
    },
    "WebAuthnOptions": {
        "type": "object",
        "description": "PublicKeyCredentialCreationOptions / RequestOptions as JSON",
    },
    "Document": {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "nullable": True},
            "name": {"type": "string"},
            "state": {
                "type": "string",
                "enum": [
                    "receiving",
                    "received",
                    "to_approve",
                    "accounting",
                    "other",
                    "rejected",
                    "failed",
                    "split",
                ],
            },
            "state_label": {"type": "string"},
            "client_id": {"type": "string", "nullable": True},
            "file_type": {"type": "string", "nullable": True},
            "file_size": {"type": "integer"},
            "failure_reason": {"type": "string", "nullable": True},
            "received_at": {"type": "string"},
            "new": {
                "type": "boolean",
                "description": "Upload answer only: false when the client_id"
                " already made this document",
            },
        },
    },
    "Session": {
        "type": "object",
        "properties": {
            "device_id": {"type": "integer"},
            "expires_in": {"type": "integer", "description": "Seconds left"},
        },
    },
    "Unpaired": {
        "type": "object",
        "properties": {"revoked": {"type": "boolean"}},
    },
    "DocumentList": {
        "type": "object",
        "properties": {"documents": {"type": "array", "items": _ref("Document")}},
    },
}


def _paths():
    device, access = ["deviceToken"], ["accessToken"]
    either = ["deviceToken", "accessToken"]
    return {
        "/pair": {
            "post": _operation(
                "Exchange a pairing code for a device token",
                [],
                _responses("201", _ref("Paired"), "Paired", "400", "401", "415", "429"),
                _json_body(
                    ["code", "device_name"],
                    {
                        "code": {
                            "type": "string",
                            "minLength": 1,
                            "example": "K7QD-M3XP",
                        },
                        "device_name": _DEVICE_NAME,
                    },
                ),
            )
        },
        "/device": {
            "get": _operation(
                "The device's state",
                device,
                _responses("200", _ref("Device"), "The device", "401", "423"),
            )
        },
        "/device/name": {
            "post": _operation(
                "Rename this device",
                access,
                _responses("200", _ref("Device"), "Renamed", "400", "401", "415"),
                _json_body(
                    ["device_name"],
                    {"device_name": _DEVICE_NAME},
                ),
            )
        },
        "/pin/change": {
            "post": _operation(
                "Replace the PIN; a wrong current PIN counts like a wrong unlock",
                access,
                _responses(
                    "200",
                    _ref("Device"),
                    "PIN changed",
                    "400",
                    "401",
                    "409",
                    "415",
                    "423",
                    "429",
                ),
                _json_body(
                    ["pin", "new_pin", "new_pin_confirm"],
                    {
                        "pin": _PIN,
                        "new_pin": _PIN,
                        "new_pin_confirm": _PIN,
                    },
                ),
            )
        },
        "/session": {
            "get": _operation(
                "Is the access token still valid, and for how many seconds",
                access,
                _responses("200", _ref("Session"), "Valid", "401", "423"),
            )
        },
        "/unpair": {
            "post": _operation(
                "Disconnect this phone: the device is revoked on the server",
                either,
                _responses("200", _ref("Unpaired"), "Revoked", "401", "423"),
            )
        },
        "/pin": {
            "post": _operation(
                "Set the 4-digit PIN (twice), once, right after pairing",
                device,
                _responses(
                    "200", _ref("Device"), "PIN set", "400", "401", "409", "415", "423"
                ),
                _json_body(
                    ["pin", "pin_confirm"],
                    {
                        "pin": _PIN,
                        "pin_confirm": _PIN,
                    },
                ),
            )
        },
        "/unlock": {
            "post": _operation(
                "PIN -> short-lived access token (5 wrong in a row lock the device)",
                device,
                _responses(
                    "200",
                    _ref("AccessToken"),
                    "Unlocked",
                    "400",
                    "401",
                    "409",
                    "415",
                    "423",
                    "429",
                ),
                _json_body(["pin"], {"pin": _PIN}),
            )
        },
        "/webauthn/register/options": {
            "post": _operation(
                "Options to create a fingerprint (platform) credential",
                either,
                _responses("200", _ref("WebAuthnOptions"), "Options", "401", "423"),
            )
        },
        "/webauthn/register": {
            "post": _operation(
                "Register the fingerprint credential",
                either,
                _responses(
                    "200", _ref("Device"), "Registered", "400", "401", "409", "415"
                ),
                _json_body(
                    ["credential"],
                    {"credential": _credential("clientDataJSON", "attestationObject")},
                ),
            )
        },
        "/webauthn/unlock/options": {
            "post": _operation(
                "Options to unlock with the fingerprint",
                device,
                _responses(
                    "200", _ref("WebAuthnOptions"), "Options", "401", "409", "423"
                ),
            )
        },
        "/webauthn/unlock": {
            "post": _operation(
                "Fingerprint assertion -> short-lived access token",
                device,
                _responses(
                    "200",
                    _ref("AccessToken"),
                    "Unlocked",
                    "400",
                    "401",
                    "409",
                    "415",
                    "423",
                    "429",
                ),
                _json_body(
                    ["credential"],
                    {
                        "credential": _credential(
                            "clientDataJSON", "authenticatorData", "signature"
                        )
                    },
                ),
            )
        },
        "/documents": {
            "get": _operation(
                "The user's uploads from the app, newest first, with their states",
                access,
                _responses("200", _ref("DocumentList"), "Uploads", "401", "403"),
            ),
            "post": _operation(
                "Upload a photo or PDF into the Inbox (idempotent per client_id);"
                " several file parts are the pages of one expense, one document",
                access,
                {
                    **_responses(
                        "201",
                        _ref("Document"),
                        "Created",
                        "400",
                        "401",
                        "403",
                        "409",
                        "413",
                        "415",
                        "423",
                    ),
                    "200": {
                        "description": "Retry: this client_id already made it",
                        "content": _json(_ref("Document")),
                    },
                    "202": {
                        "description": "Retry sent while the first copy is still"
                        " being stored (id null, state receiving): nothing to"
                        " resend, ask for the list later",
                        "content": _json(_ref("Document")),
                    },
                },
                {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file", "client_id"],
                                "properties": {
                                    "file": {
                                        "type": "array",
                                        "items": {
                                            "type": "string",
                                            "format": "binary",
                                            "minLength": 1,
                                        },
                                        "minItems": 1,
                                        "maxItems": 10,
                                        "description": "One file, or the photos of"
                                        " the pages of one expense in order",
                                    },
                                    "device_id": {
                                        "type": "integer",
                                        "minimum": 0,
                                        "maximum": 9999999999,
                                        "description": "The device the queued photo"
                                        " was taken under; another device's queue"
                                        " is refused (409 wrong_device)",
                                    },
                                    "client_id": {
                                        "type": "string",
                                        "pattern": "^[A-Za-z0-9_.:-]{8,64}$",
                                    },
                                },
                            }
                        }
                    },
                },
            ),
        },
        "/documents/{document_id}": {
            "get": _operation(
                "One of the user's uploads",
                access,
                _responses("200", _ref("Document"), "The document", "401", "404"),
                parameters=[
                    {
                        "name": "document_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
            )
        },
        "/openapi.json": {
            "get": _operation(
                "This document",
                [],
                {"200": {"description": "OpenAPI 3 document", "content": _json({})}},
            )
        },
    }


def _declare_common_errors(paths):
    """Answers any operation of a kind can give, whatever it does: a token
    route can meet a locked device (423); a body can be over the endpoint's
    limit (413) or sent without a length (411); any route can find the
    database busy (503)."""
    for item in paths.values():
        for operation in item.values():
            responses = operation["responses"]
            statuses = ["503"]
            if operation["security"]:
                statuses += ["401", "423"]
            if "requestBody" in operation:
                statuses += ["400", "411", "413", "415"]
            for status in statuses:
                responses.setdefault(
                    status,
                    {
                        "description": _ERROR_STATUSES[status],
                        "content": _json(_ref("Error")),
                    },
                )
    return paths


def openapi_document(server_url=""):
    """The OpenAPI 3.0 document of the mobile API, for ``server_url``."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Millennium Inbox mobile API",
            "version": "1.0.0",
            "description": "Pair a phone, unlock it with a PIN or fingerprint, upload"
            " cost documents into the Inbox. Errors are JSON:"
            ' {"error": {"code": ..., "message": ...}}.',
        },
        "servers": [{"url": server_url.rstrip("/") + API_PREFIX}],
        "paths": _declare_common_errors(_paths()),
        "components": {
            "schemas": _SCHEMAS,
            "securitySchemes": {
                "deviceToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Device token from /pair (mid_...)",
                },
                "accessToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Access token from /unlock (mia_...), 15 minutes",
                },
            },
        },
    }


def operations(document):
    """{(path, METHOD)} of a document, paths relative to API_PREFIX."""
    return {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
    }
