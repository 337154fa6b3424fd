# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import MethodNotAllowed, NotFound

from odoo import models
from odoo.http import request

from ..controllers import mobile_api


class IrHttp(models.AbstractModel):
    """Every answer on the mobile API's path is JSON, including the ones Odoo
    gives before or after our handlers run: unknown address (404), wrong
    method (405), body limits (411, 413) and unexpected errors (500, 503)."""

    _inherit = "ir.http"

    @classmethod
    def _match(cls, path_info):
        try:
            return super()._match(path_info)
        except MethodNotAllowed as error:
            if not mobile_api.is_api_path(path_info):
                raise
            # Odoo answers a wrong method outside any transaction, in HTML:
            # make it a "not found" that the fallback below answers in JSON.
            raise NotFound() from error

    @classmethod
    def _serve_fallback(cls):
        path = request.httprequest.path
        if not mobile_api.is_api_path(path):
            return super()._serve_fallback()
        adapter = request.env["ir.http"].routing_map().bind("")
        allowed = [
            method
            for method in adapter.allowed_methods(path)
            if method not in ("HEAD", "OPTIONS")
        ]
        error = MethodNotAllowed(valid_methods=allowed) if allowed else NotFound()
        return mobile_api.error_response(error)

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        if mobile_api.is_api_path(request.httprequest.path):
            # who asks first: an unauthenticated body is never read
            mobile_api.check_token_before_body(rule.endpoint)
            mobile_api.bound_request_body(mobile_api.api_env())
        return result

    @classmethod
    def _handle_error(cls, exception):
        if mobile_api.is_api_path(request.httprequest.path):
            return mobile_api.error_response(exception)
        return super()._handle_error(exception)
