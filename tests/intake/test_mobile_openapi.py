from intake.api_errors import MobileError, http_status
from intake.mobile_openapi import API_PREFIX, openapi_document, operations


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_document_is_openapi_3_with_the_server_prefix():
    doc = openapi_document("http://127.0.0.1:8069/")
    assert doc["openapi"].startswith("3.")
    assert doc["servers"][0]["url"] == "http://127.0.0.1:8069" + API_PREFIX


def test_every_reference_resolves():
    doc = openapi_document()
    for ref in _refs(doc):
        name = ref.rsplit("/", 1)[1]
        assert name in doc["components"]["schemas"], ref


def test_every_error_answer_uses_the_error_schema():
    doc = openapi_document()
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status >= "400":
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (
                        path,
                        method,
                    )


def test_upload_documents_idempotent_and_size_statuses():
    doc = openapi_document()
    upload = doc["paths"]["/documents"]["post"]["responses"]
    assert {"200", "201", "409", "413", "415"} <= set(upload)
    assert ("/documents", "POST") in operations(doc)
    assert ("/documents", "GET") in operations(doc)


def test_refusal_codes_map_to_http_statuses():
    assert http_status("too_large") == 413
    assert http_status("unsupported_type") == 415
    assert http_status("empty") == 400
    assert http_status("pin_wrong") == 401
    assert http_status("device_locked") == 423
    assert http_status("busy") == 503
    assert http_status("something_new") == 400


def test_api_error_payload():
    error = MobileError("pin_wrong", "Wrong PIN.", attempts_left=3)
    assert error.payload() == {
        "error": {"code": "pin_wrong", "message": "Wrong PIN.", "attempts_left": 3}
    }
