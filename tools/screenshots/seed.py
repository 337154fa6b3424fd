# Run inside `odoo-bin shell`: a Polish office with a few documents to show.
# (env is given by the shell.)
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo.tools.misc import file_path

INVOICE = """Faktura VAT nr FV/{n}/03/2026
Data wystawienia: 12.03.2026
Data sprzedaży: 10.03.2026
Termin płatności: 26.03.2026
Sprzedawca:
{seller}
ul. Prosta 1, 00-001 Warszawa
NIP: 123-456-32-18
Nabywca:
Biuro Rachunkowe Nowak sp. z o.o.
NIP: 5260250274
Lp. Nazwa                         Ilość   Netto      VAT
1   Obsługa księgowa - marzec        1   {net} zł   23%
Razem netto: {net} zł
VAT: {vat} zł
Razem brutto: {gross} zł
Do zapłaty: {gross} PLN
Rachunek bankowy: PL61 1090 1014 0000 0712 1981 2874"""


def pdf(pages):
    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(
            TTFont("NotoSans", file_path("web/static/fonts/sign/NotoSans-Reg.ttf"))
        )
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for text in pages:
        page.setFont("NotoSans", 11)
        for number, line in enumerate(text.splitlines()):
            page.drawString(60, 780 - 18 * number, line)
        page.showPage()
    page.save()
    return buffer.getvalue()


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
        text = INVOICE.format(n=n, seller=seller, net=net, vat=vat, gross=gross)
        Document._intake(f"faktura-{n}.pdf", data=pdf([text]))
    # processed now, as the job runner would (the shots need them read)
    Document.search([("state", "=", "received")])._process()
    env.cr.commit()
    print("seeded", Document.search_count([]))


seed(env)  # noqa: F821 (the shell defines env)
