# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, models


class MillenniumInboxDocument(models.Model):
    """What people are told: one catalogue of intake and processing errors."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    @api.model
    def _intake_error_message(self, error, filename):
        """The reason for the sender, in their language, naming the file."""
        params = dict(error.params, detail=str(error))
        for key in ("size", "max_size"):
            if key in params:
                params[key] = _format_megabytes(params[key])
        key = error.code
        if error.code == "ranges_invalid":
            key = f"ranges_invalid/{params.get('reason')}"
            if "page" not in params and "first" in params:
                key += "/range"
        template = self._intake_error_templates().get(key, "%(detail)s")
        try:
            reason = template % params
        except (KeyError, TypeError, ValueError):
            # A translation with a wrong placeholder must not hide the reason.
            reason = str(error)
        return _("%(name)s: %(reason)s", name=filename or _("file"), reason=reason)

    @api.model
    def _intake_error_templates(self):
        return {
            "empty": _("The file is empty."),
            "too_large": _("The file is %(size)s, over the limit of %(max_size)s."),
            "unsupported_type": _(
                "Only PDF, JPEG and PNG documents are accepted; this file looks "
                "like: %(found)s."
            ),
            "pdf_corrupt": _(
                "The PDF file is damaged or incomplete and cannot be read. "
                "Please send the file again."
            ),
            "pdf_encrypted": _(
                "The PDF file is protected with a password. "
                "Please send it without the password."
            ),
            "pdf_too_many_pages": _(
                "The PDF has %(page_count)s pages; at most %(max_pages)s pages are "
                "accepted in one file. Please split it into smaller files."
            ),
            "pdf_all_blank": _(
                "All %(page_count)s pages of the PDF are blank; there is no "
                "document in it."
            ),
            "image_bomb": _(
                "The image is too large to open safely: %(width)s x %(height)s "
                "pixels (%(megapixels)s megapixels); at most %(max_megapixels)s "
                "megapixels are accepted."
            ),
            "image_corrupt": _(
                "The image is damaged or incomplete and cannot be read. "
                "Please send it again."
            ),
            "ranges_invalid/empty": _(
                "No page ranges given. Write them like 1-2, 3, 4-7."
            ),
            "ranges_invalid/garbage": _(
                '"%(token)s" is not a page or a page range. '
                "Write them like 1-2, 3, 4-7."
            ),
            "ranges_invalid/reversed": _(
                "The range %(token)s is reversed; write %(last)s-%(first)s."
            ),
            "ranges_invalid/out_of_range": _(
                "Page %(page)s does not exist: the document has %(page_count)s pages."
            ),
            "ranges_invalid/out_of_range/range": _(
                "The range %(first)s-%(last)s does not fit a document of "
                "%(page_count)s pages."
            ),
            "ranges_invalid/overlap": _(
                "Page %(page)s is in two ranges (%(first)s and %(second)s)."
            ),
            "ranges_invalid/uncovered": _(
                "Pages %(pages)s are not in any range. Add them to a range so "
                "that no page is lost."
            ),
            "job_failed": _(
                "Processing was tried several times and failed each time "
                "(%(detail)s). The file is kept: retry, or tell your administrator."
            ),
            "internal": _(
                "An unexpected error stopped the processing (%(detail)s). "
                "The file is kept: retry, or tell your administrator."
            ),
        }


def _format_megabytes(size):
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB"
