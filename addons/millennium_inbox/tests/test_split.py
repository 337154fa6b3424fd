# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

from pypdf import PdfReader

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import InboxCase, make_pdf, make_scanned_page, make_scanned_pdf


def page_texts(data):
    return [page.extract_text().strip() for page in PdfReader(io.BytesIO(data)).pages]


@tagged("post_install", "-at_install")
class TestCollective(InboxCase):
    def collective(self, data, mode, ranges=None):
        document = self.intake(
            data,
            filename="zbiorczy.pdf",
            collective=True,
            split_mode=mode,
            split_ranges=ranges,
        )
        self.assertEqual(
            document.state, "received", "a collective PDF is split in a job"
        )
        self.run_jobs()
        return document

    def test_one_document_per_page(self):
        data = make_pdf(["Faktura A", "Faktura B", "Faktura C"])
        parent = self.collective(data, "page")
        self.assertEqual(parent.state, "split")
        self.assertEqual(
            parent.attachment_id.raw, data, "the collective original is kept"
        )
        children = parent.child_ids.sorted("page_from")
        self.assertEqual(len(children), 3)
        self.assertEqual(children.mapped("state"), ["to_approve"] * 3)
        self.assertEqual(
            [page_texts(c.attachment_id.raw) for c in children],
            [["Faktura A"], ["Faktura B"], ["Faktura C"]],
        )
        self.assertEqual(children[1].name, "zbiorczy (page 2)")
        self.assertEqual(children.mapped("sender_user_id"), self.inbox_user)

    def test_manual_page_ranges(self):
        data = make_pdf([f"Strona {n}" for n in range(1, 8)])
        parent = self.collective(data, "ranges", "1-2, 3, 4-7")
        children = parent.child_ids.sorted("page_from")
        self.assertEqual(
            [(c.page_from, c.page_to, c.page_count) for c in children],
            [(1, 2, 2), (3, 3, 1), (4, 7, 4)],
        )
        self.assertEqual(page_texts(children[2].attachment_id.raw)[0], "Strona 4")

    def test_invalid_ranges_fail_with_reason_and_can_be_resplit(self):
        data = make_pdf(["A", "B", "C"])
        parent = self.collective(data, "ranges", "1-2, 5")
        self.assertEqual(parent.state, "failed")
        self.assertEqual(parent.failure_code, "ranges_invalid")
        self.assertIn("Page 5 does not exist", parent.failure_reason)
        wizard = self.env["millennium.inbox.split"].create(
            {"document_id": parent.id, "split_mode": "ranges", "split_ranges": "1-2, 3"}
        )
        wizard.action_split()
        self.assertEqual(parent.state, "split")
        self.assertEqual(len(parent.child_ids), 2)

    def test_split_at_blank_pages_with_text_and_scanned_blanks(self):
        data = make_pdf(
            ["Faktura A", "Faktura A str. 2", "", "Faktura B", "", "Faktura C"]
        )
        parent = self.collective(data, "blank")
        children = parent.child_ids.sorted("page_from")
        self.assertEqual([c.page_count for c in children], [2, 1, 1])
        self.assertEqual(page_texts(children[1].attachment_id.raw), ["Faktura B"])

    def test_split_at_scanned_blank_pages(self):
        pages = [
            make_scanned_page(),
            make_scanned_page(seed=1),
            make_scanned_page(blank=True, seed=2),
            make_scanned_page(seed=3),
        ]
        parent = self.collective(make_scanned_pdf(pages), "blank")
        self.assertEqual(
            sorted(parent.child_ids.mapped("page_count")), [1, 2], parent.failure_reason
        )

    def test_manual_resplit_of_a_single_document(self):
        document = self.intake(make_pdf(["A", "B", "C", "D"]), filename="skan.pdf")
        self.assertEqual(document.state, "to_approve")
        action = document.action_open_split_wizard()
        wizard = (
            self.env["millennium.inbox.split"]
            .with_user(self.inbox_user)
            .with_context(**action["context"])
            .create({"split_mode": "ranges", "split_ranges": "1, 2-4"})
        )
        wizard.action_split()
        self.assertEqual(document.state, "split")
        self.assertEqual(sorted(document.child_ids.mapped("page_count")), [1, 3])
        with self.assertRaises(UserError):
            wizard.action_split()  # already split: nothing is cut twice

    def test_upload_wizard_single_and_collective(self):
        Attachment = self.env["ir.attachment"].with_user(self.inbox_user)
        files = Attachment.create(
            [
                {"name": "a.pdf", "raw": make_pdf(["A"])},
                {"name": "b.pdf", "raw": make_pdf(["B"])},
            ]
        )
        wizard = (
            self.env["millennium.inbox.upload"]
            .with_user(self.inbox_user)
            .create({"attachment_ids": [(6, 0, files.ids)], "upload_mode": "single"})
        )
        action = wizard.action_upload()
        documents = self.Document.search(action["domain"])
        self.assertEqual(sorted(documents.mapped("file_name")), ["a.pdf", "b.pdf"])
        self.assertEqual(documents.mapped("attachment_id"), files, "uploads reused")
        self.assertEqual(set(documents.mapped("state")), {"to_approve"})

        collective = Attachment.create({"name": "z.pdf", "raw": make_pdf(["X", "Y"])})
        wizard = (
            self.env["millennium.inbox.upload"]
            .with_user(self.inbox_user)
            .create(
                {
                    "attachment_ids": [(6, 0, collective.ids)],
                    "upload_mode": "collective",
                    "split_mode": "page",
                }
            )
        )
        parent = self.Document.search(wizard.action_upload()["domain"])
        self.assertTrue(parent.is_collective)
        self.run_jobs()
        self.assertEqual(len(parent.child_ids), 2)

    def test_upload_wizard_without_files(self):
        wizard = (
            self.env["millennium.inbox.upload"].with_user(self.inbox_user).create({})
        )
        with self.assertRaises(UserError):
            wizard.action_upload()
