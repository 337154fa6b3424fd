# Run inside `odoo-bin shell`: a Polish office with a few documents to show.
# (env is given by the shell.)
import sys
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tools.misc import file_path

sys.path.insert(0, str(Path(get_module_path("millennium_inbox")) / "tests"))
from sample_invoice import invoice_text, register_font, text_pdf


def pdf(text):
    font = register_font(file_path("web/static/fonts/sign/NotoSans-Reg.ttf"))
    return text_pdf([text], font=font, size=11, left=60, top=780, leading=18)


def seed(env):
    env["res.lang"]._activate_lang("pl_PL")
    env["ir.module.module"]._load_module_terms(
        ["millennium_inbox"], ["pl_PL"], overwrite=True
    )
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations(
        "pl_PL"
    )
    company = env.company
    company.write({"name": "Biuro Rachunkowe Nowak sp. z o.o.", "vat": "PL5260250274"})
    company.partner_id.lang = "pl_PL"
    pln = env.ref("base.PLN")
    pln.active = True
    if not env["account.journal"].search_count([("type", "=", "purchase")]):
        company.currency_id = pln  # a Polish office books in złoty
        env["account.chart.template"].try_loading("generic_coa", company=company)
    admin = env.ref("base.user_admin")
    admin.write(
        {
            "lang": "pl_PL",
            "name": "Anna Nowak",
            "groups_id": [(4, env.ref("account.group_account_invoice").id)],
        }
    )
    domain = env["mail.alias.domain"].search([("name", "=", "biuro-nowak.pl")]) or env[
        "mail.alias.domain"
    ].create({"name": "biuro-nowak.pl"})
    company.alias_domain_id = domain
    env["millennium.inbox.scan.address"]._configure(company, "faktury kosztowe")
    Document = (
        env["millennium.inbox.document"].with_user(admin).with_context(lang="pl_PL")
    )
    sellers = [
        ("Kowalski i Wspólnicy sp. j.", "1 000,00", "230,00", "1 230,00"),
        ("Drukarnia Pod Lipą s.c.", "2 450,00", "563,50", "3 013,50"),
        ("Serwis IT Wiśniewski", "780,00", "179,40", "959,40"),
    ]
    for n, (seller, net, vat, gross) in enumerate(sellers, start=117):
        text = invoice_text(
            f"FV/{n}/03/2026",
            net,
            vat,
            gross,
            seller=seller,
            buyer=company.name,
            service="Obsługa księgowa - marzec",
        )
        Document._intake(f"faktura-{n}.pdf", data=pdf(text))
    # processed now, as the job runner would (the shots need them read)
    Document.search([("state", "=", "received")])._process()
    env.cr.commit()
    print("seeded", Document.search_count([]))


seed(env)  # noqa: F821 (the shell defines env)
