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


def test_refusals_any_operation_can_give_are_declared():
    """A locked device answers 423 on any token route, any body can be too
    large (413) or of the wrong type (415): the document says so everywhere."""
    doc = openapi_document()
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            declared = set(operation["responses"])
            assert "503" in declared, (path, method)
            if operation["security"]:
                assert {"401", "423"} <= declared, (path, method)
            if "requestBody" in operation:
                assert {"400", "411", "413", "415"} <= declared, (path, method)


def test_a_missing_fingerprint_step_is_a_conflict_the_document_declares():
    doc = openapi_document()
    assert http_status("challenge_missing") == 409
    for path in ("/webauthn/register", "/webauthn/unlock"):
        assert "409" in doc["paths"][path]["post"]["responses"]


def test_string_fields_declare_what_the_api_refuses():
    doc = openapi_document()

    def body(path):
        content = doc["paths"][path]["post"]["requestBody"]["content"]
        return content["application/json"]["schema"]["properties"]

    name = body("/pair")["device_name"]
    assert (name["minLength"], name["maxLength"]) == (1, 64)
    assert body("/pair")["code"]["minLength"] == 1
    for path, field in (("/unlock", "pin"), ("/pin", "pin_confirm")):
        pin = body(path)[field]
        assert (pin["minLength"], pin["maxLength"]) == (4, 4), path
