"""Generate the project's own invoice corpus: bench/corpus/*.pdf + truth.json.

    python3 bench/make_corpus.py

Deterministic (fixed seed, reportlab invariant mode): running it again gives
the same bytes. Invoices have text layers in varied layouts: Polish first
(Faktura VAT, Rachunek, Paragon; two-column and stacked seller/buyer blocks,
tables, dates as ISO, dd.mm.yyyy, dd-mm-yyyy and "31 stycznia 2024", amounts as
"1 234,56 zł" or "1.234,56 PLN"), then English, German and French, with PLN,
EUR and USD, some multi-page, some with a bank account. VAT ids carry valid
checksums (computed here). truth.json follows the schema of the shared corpus.
"""

import json
import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from stdnum import iban as std_iban
from stdnum.eu import vat as eu_vat
from stdnum.pl import nip as pl_nip

OUT = Path(__file__).resolve().parent / "corpus"
SEED = 20240131
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
]
CENT = Decimal("0.01")

PL_MONTHS = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

PL_SELLERS = [
    "Biuro Rachunkowe Kowalski sp. z o.o.",
    "Hurtownia Papieru Nowak S.A.",
    "Zakład Usług Informatycznych Wiśniewski",
    "Drukarnia Lewandowska sp.j.",
    "Transport Zieliński sp. z o.o.",
    "Kancelaria Prawna Wójcik i Wspólnicy",
    "Serwis Komputerowy Kamiński",
    "Piekarnia Dąbrowski",
]
PL_BUYERS = [
    "Millennium Księgowość sp. z o.o.",
    "Firma Handlowa Mazur",
    "Przedsiębiorstwo Budowlane Krawczyk S.A.",
    "Jan Kaczmarek Usługi Remontowe",
]
EN_SELLERS = ["Northwind Traders Ltd", "Contoso Consulting GmbH", "Fabrikam SARL"]
EN_BUYERS = ["Millennium Ksiegowosc sp. z o.o.", "Adventure Works Sp. z o.o."]
ITEMS_PL = [
    "Usługa księgowa za miesiąc",
    "Papier ksero A4 80g",
    "Toner do drukarki",
    "Transport towarów",
    "Konsultacja prawna",
    "Naprawa laptopa",
    "Licencja oprogramowania",
    "Wynajem sali konferencyjnej",
]
ITEMS_EN = [
    "Consulting services",
    "Software licence",
    "Office supplies",
    "Cloud hosting",
    "Training day",
]


class Doc:
    """A canvas with a cursor: one call per printed line."""

    def __init__(self, path, font):
        self.canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        self.font = font
        self.y = 800
        self.pages = 1

    def text(self, x, s, size=10, y=None):
        self.canvas.setFont(self.font, size)
        self.canvas.drawString(x, self.y if y is None else y, s)

    def line(self, s, x=50, size=10, gap=14):
        self.text(x, s, size)
        self.down(gap)

    def row(self, cells, size=9, gap=13):
        """Cells: (x, text) on one baseline, drawn in the given order."""
        for x, s in cells:
            self.text(x, s, size)
        self.down(gap)

    def down(self, gap):
        self.y -= gap
        if self.y < 60:
            self.new_page()

    def new_page(self):
        self.canvas.showPage()
        self.pages += 1
        self.y = 800

    def save(self):
        self.canvas.save()


# --------------------------------------------------------------------------
# Valid identifiers
# --------------------------------------------------------------------------


def make_nip(rng):
    while True:
        body = "".join(str(rng.randint(0, 9)) for _ in range(9))
        if body[0] == "0":
            continue
        weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
        check = sum(w * int(d) for w, d in zip(weights, body, strict=True)) % 11
        if check != 10:
            assert pl_nip.is_valid(body + str(check))
            return body + str(check)


def make_eu_vat(rng, country, length):
    while True:
        body = country + str(rng.randint(1, 9))
        body += "".join(str(rng.randint(0, 9)) for _ in range(length - 2))
        for last in "0123456789":
            if eu_vat.is_valid(body + last):
                return body + last


def make_pl_iban(rng):
    bank = "".join(str(rng.randint(0, 9)) for _ in range(24))
    check = std_iban.calc_check_digits("PL00" + bank)
    value = "PL" + check + bank
    assert std_iban.is_valid(value)
    return value


def make_de_iban(rng):
    bank = "".join(str(rng.randint(0, 9)) for _ in range(18))
    value = "DE" + std_iban.calc_check_digits("DE00" + bank) + bank
    assert std_iban.is_valid(value)
    return value


def grouped(value, size=4):
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


def nip_dashes(nip):
    return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"


# --------------------------------------------------------------------------
# Amounts and dates as printed
# --------------------------------------------------------------------------


def money(value, style):
    """'pl' 1 234,56 / 'dot' 1.234,56 / 'en' 1,234.56 / 'plain' 1234,56."""
    whole, cents = f"{value:.2f}".split(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    sep = {"pl": " ", "dot": ".", "en": ",", "plain": ""}[style]
    dec = "." if style == "en" else ","
    return sign + sep.join(groups) + dec + cents


def day_text(d, style):
    if style == "iso":
        return d.isoformat()
    if style == "dots":
        return d.strftime("%d.%m.%Y")
    if style == "dashes":
        return d.strftime("%d-%m-%Y")
    if style == "slash_dmy":
        return d.strftime("%d/%m/%Y")
    if style == "pl_words":
        return f"{d.day} {PL_MONTHS[d.month - 1]} {d.year}"
    if style == "en_words":
        return f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "en_short":
        return f"{d.day} {EN_MONTHS[d.month - 1][:3]} {d.year}"
    raise ValueError(style)


# --------------------------------------------------------------------------
# Invoice data
# --------------------------------------------------------------------------


def make_lines(rng, names, count, rates):
    lines = []
    for _ in range(count):
        qty = rng.randint(1, 12)
        price = Decimal(rng.randint(500, 250000)) / 100
        rate = rng.choice(rates)
        net = (price * qty).quantize(CENT, ROUND_HALF_UP)
        vat = (net * rate / 100).quantize(CENT, ROUND_HALF_UP)
        lines.append(
            {
                "name": rng.choice(names),
                "qty": qty,
                "price": price,
                "rate": rate,
                "net": net,
                "vat": vat,
            }
        )
    return lines


def make_invoice(rng, n, lang, currency="PLN", items=None, rates=(23, 8, 5)):
    issue = date(2024, 1, 1) + timedelta(days=rng.randint(0, 360))
    lines = make_lines(
        rng, ITEMS_PL if lang == "pl" else ITEMS_EN, items or rng.randint(1, 4), rates
    )
    net = sum(x["net"] for x in lines)
    vat = sum(x["vat"] for x in lines)
    return {
        "n": n,
        "lang": lang,
        "currency": currency,
        "issue": issue,
        "sale": issue - timedelta(days=rng.randint(0, 5)),
        "due": issue + timedelta(days=rng.choice((7, 14, 21, 30))),
        "lines": lines,
        "net": net,
        "vat": vat,
        "gross": net + vat,
        "seller": rng.choice(PL_SELLERS if lang == "pl" else EN_SELLERS),
        "buyer": rng.choice(PL_BUYERS if lang == "pl" else EN_BUYERS),
        "seller_nip": make_nip(rng),
        "buyer_nip": make_nip(rng),
        "iban": make_pl_iban(rng),
    }


def truth_record(inv, filename, doc_type, **shown):
    """shown: which values the document prints (None = not shown)."""
    record = {
        "file": filename,
        "document_type": doc_type,
        "seller_name": inv["seller"],
        "seller_vat": None,
        "seller_nip_digits": None,
        "buyer_vat": None,
        "buyer_nip_digits": None,
        "invoice_number": inv["number"],
        "issue_date": inv["issue"].isoformat(),
        "sale_date": None,
        "due_date": None,
        "currency": inv["currency"],
        "total_gross": float(inv["gross"]),
        "total_net": float(inv["net"]),
        "total_vat": float(inv["vat"]),
        "seller_iban": None,
        "has_text_layer": True,
        "language": inv["lang"],
        "notes": "",
    }
    record.update(shown)
    return record


def pl_ids(inv, seller=True, buyer=True):
    out = {}
    if seller:
        out.update(
            seller_vat="PL" + inv["seller_nip"], seller_nip_digits=inv["seller_nip"]
        )
    if buyer:
        out.update(buyer_vat="PL" + inv["buyer_nip"], buyer_nip_digits=inv["buyer_nip"])
    return out


def pl_invoice_truth(inv, iban=None):
    """A Polish invoice's truth: both parties' NIPs, its sale and due dates,
    and the seller's account `iban` (None: not printed)."""
    return truth_record(
        inv,
        "",
        "invoice",
        sale_date=inv["sale"].isoformat(),
        due_date=inv["due"].isoformat(),
        seller_iban=iban,
        **pl_ids(inv),
    )


# --------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------


def summary(inv):
    return " ".join(money(inv[k], "pl") for k in ("net", "vat", "gross"))


def items_table(doc, inv, style, headers, suffix=""):
    doc.row(
        [
            (50, headers[0]),
            (260, headers[1]),
            (300, headers[2]),
            (360, headers[3]),
            (420, headers[4]),
            (490, headers[5]),
        ]
    )
    for i, item in enumerate(inv["lines"], 1):
        gross = item["net"] + item["vat"]
        doc.row(
            [
                (50, f"{i}. {item['name']}"),
                (260, str(item["qty"])),
                (300, money(item["price"], style)),
                (360, f"{item['rate']}%"),
                (420, money(item["net"], style)),
                (490, money(gross, style) + suffix),
            ]
        )


def layout_pl_two_column(doc, inv, rng):
    """KSeF-like: title, two-column Sprzedawca | Nabywca, table, summary row."""
    date_style = rng.choice(["iso", "dots", "dashes"])
    inv["number"] = f"FV/{inv['n']:03d}/{inv['issue']:%m}/{inv['issue'].year}"
    doc.line(f"Faktura VAT nr {inv['number']}", size=16, gap=24)
    doc.line(f"Data wystawienia: {day_text(inv['issue'], date_style)}")
    doc.line(f"Data sprzedaży: {day_text(inv['sale'], date_style)}", gap=24)
    doc.row([(50, "Sprzedawca:"), (320, "Nabywca:")], size=10)
    doc.row([(50, inv["seller"]), (320, inv["buyer"])])
    doc.row(
        [(50, "ul. Długa 5, 00-950 Warszawa"), (320, "ul. Krótka 7, 30-001 Kraków")]
    )
    seller_nip = (
        inv["seller_nip"] if rng.random() < 0.5 else nip_dashes(inv["seller_nip"])
    )
    doc.row([(50, f"NIP: {seller_nip}"), (320, f"NIP: {inv['buyer_nip']}")], gap=24)
    items_table(
        doc, inv, "pl", ["Nazwa", "Ilość", "Cena netto", "VAT", "Netto", "Brutto"]
    )
    doc.down(10)
    doc.line(
        "Razem: " + summary(inv),
        x=250,
    )
    doc.line(f"Do zapłaty: {money(inv['gross'], 'pl')} zł", size=12, gap=20)
    doc.line(f"Termin płatności: {day_text(inv['due'], date_style)}")
    doc.line("Forma płatności: przelew")
    nrb = inv["iban"][2:]
    doc.line(f"Nr rachunku: {nrb[:2]} {grouped(nrb[2:])}")
    return pl_invoice_truth(inv, inv["iban"])


def layout_pl_stacked(doc, inv, rng):
    """Seller block, then buyer block; words for dates; 'Wartość netto' lines."""
    inv["number"] = f"{inv['n']}/{inv['issue'].year}"
    money_style = rng.choice(["pl", "dot"])
    cur = rng.choice(["zł", "PLN"])
    doc.line(f"FAKTURA nr {inv['number']}", size=15, gap=22)
    doc.line(f"Warszawa, {day_text(inv['issue'], 'pl_words')}")
    doc.line(f"Data wystawienia: {day_text(inv['issue'], 'pl_words')}")
    doc.line(f"Data dostawy: {day_text(inv['sale'], 'pl_words')}", gap=20)
    doc.line("Sprzedawca")
    doc.line(inv["seller"])
    doc.line("ul. Polna 12, 60-001 Poznań")
    doc.line(f"NIP: PL {nip_dashes(inv['seller_nip'])}", gap=20)
    doc.line("Nabywca")
    doc.line(inv["buyer"])
    doc.line("ul. Leśna 3, 80-001 Gdańsk")
    doc.line(f"NIP {inv['buyer_nip']}", gap=20)
    items_table(
        doc,
        inv,
        money_style,
        ["Towar/usługa", "Ilość", "Cena", "Stawka", "Wartość netto", "Wartość brutto"],
    )
    doc.down(8)
    doc.line(f"Wartość netto: {money(inv['net'], money_style)} {cur}", x=300)
    doc.line(f"Kwota VAT: {money(inv['vat'], money_style)} {cur}", x=300)
    doc.line(f"Wartość brutto: {money(inv['gross'], money_style)} {cur}", x=300, gap=20)
    doc.line(f"Termin zapłaty: {day_text(inv['due'], 'dots')}")
    has_bank = rng.random() < 0.5
    if has_bank:
        doc.line(f"Rachunek bankowy: {grouped(inv['iban'])}")
    return pl_invoice_truth(inv, inv["iban"] if has_bank else None)


def layout_pl_rachunek(doc, inv, rng):
    """A bill from a VAT-exempt seller: no VAT amount, gross = net."""
    inv["vat"] = Decimal("0.00")
    for item in inv["lines"]:
        item["vat"], item["rate"] = Decimal("0.00"), "zw"
    inv["gross"] = inv["net"]
    inv["number"] = f"R/{inv['n']}/{inv['issue']:%m}/{inv['issue'].year}"
    doc.line(f"Rachunek nr {inv['number']}", size=15, gap=22)
    doc.line(f"Data wystawienia: {day_text(inv['issue'], 'dots')}", gap=20)
    doc.line(f"Sprzedawca: {inv['seller']}")
    doc.line(f"NIP: {inv['seller_nip']}")
    doc.line("Sprzedawca zwolniony z VAT na podstawie art. 113 ust. 1", gap=20)
    doc.line(f"Nabywca: {inv['buyer']}", gap=20)
    for i, item in enumerate(inv["lines"], 1):
        doc.row([(50, f"{i}. {item['name']}"), (400, money(item["net"], "pl"))])
    doc.down(8)
    doc.line(f"Razem do zapłaty: {money(inv['gross'], 'pl')} zł", size=12)
    doc.line(f"Płatne do: {day_text(inv['due'], 'dots')}")
    return truth_record(
        inv,
        "",
        "bill",
        due_date=inv["due"].isoformat(),
        total_net=None,
        total_vat=None,
        **pl_ids(inv, buyer=False),
    )


def layout_pl_paragon(doc, inv, rng):
    """A till receipt: seller header, NIP, lines, SUMA PLN."""
    inv["number"] = f"{rng.randint(1000, 99999):06d}"
    doc.line(inv["seller"], x=150, size=11)
    doc.line("ul. Handlowa 1, 90-001 Łódź", x=150)
    doc.line(f"NIP {nip_dashes(inv['seller_nip'])}", x=150, gap=20)
    doc.line(f"{day_text(inv['issue'], 'iso')} 14:{rng.randint(10, 59)}", x=150)
    doc.line(f"Paragon fiskalny nr {inv['number']}", x=150, gap=18)
    for item in inv["lines"]:
        doc.row(
            [
                (
                    150,
                    f"{item['name']} {item['qty']} x {money(item['price'], 'plain')}",
                ),
                (400, money(item["net"] + item["vat"], "plain")),
            ]
        )
    doc.line(f"Sprzedaż opodatkowana A {money(inv['net'], 'plain')}", x=150)
    doc.line(f"PTU A 23% {money(inv['vat'], 'plain')}", x=150)
    doc.line(f"Suma PTU {money(inv['vat'], 'plain')}", x=150)
    doc.line(f"SUMA PLN {money(inv['gross'], 'plain')}", x=150, size=12)
    return truth_record(inv, "", "receipt", total_net=None, **pl_ids(inv, buyer=False))


def layout_pl_values_first(doc, inv, rng):
    """Header table whose values are drawn before their labels (as some
    generators do): the text layer reads 'FV/1/2024Numer faktury:'."""
    inv["number"] = f"FS-{inv['issue'].year}-{inv['n']:04d}"
    style = rng.choice(["dots", "iso"])
    for label, value in (
        ("Numer faktury:", inv["number"]),
        ("Data wystawienia:", day_text(inv["issue"], style)),
        ("Data sprzedaży:", day_text(inv["sale"], style)),
        ("Termin płatności:", day_text(inv["due"], style)),
    ):
        doc.text(400, value)
        doc.text(250, label)
        doc.down(14)
    doc.down(10)
    doc.line("Sprzedawca:")
    doc.line(inv["seller"])
    doc.line(f"NIP: {inv['seller_nip']}", gap=18)
    doc.line("Nabywca:")
    doc.line(inv["buyer"])
    doc.line(f"NIP: {inv['buyer_nip']}", gap=18)
    items_table(doc, inv, "pl", ["Nazwa", "Ilość", "Cena", "VAT", "Netto", "Brutto"])
    doc.down(8)
    doc.line(f"Razem netto: {money(inv['net'], 'pl')} PLN", x=300)
    doc.line(f"Razem VAT: {money(inv['vat'], 'pl')} PLN", x=300)
    doc.line(f"Razem brutto: {money(inv['gross'], 'pl')} PLN", x=300)
    doc.line(f"Do zapłaty: {money(inv['gross'], 'pl')} PLN", x=300)
    return pl_invoice_truth(inv)


def layout_pl_multipage(doc, inv, rng):
    """Many lines over two or three pages; totals and bank on the last page."""
    inv["number"] = f"FV {inv['n']}/{inv['issue']:%m}/{inv['issue']:%y}"
    doc.line(f"Faktura VAT nr {inv['number']}", size=15, gap=22)
    doc.line(f"Data wystawienia: {day_text(inv['issue'], 'dashes')}")
    doc.line(f"Data wykonania usługi: {day_text(inv['sale'], 'dashes')}", gap=18)
    doc.row([(50, "Sprzedawca"), (320, "Nabywca")])
    doc.row([(50, inv["seller"]), (320, inv["buyer"])])
    doc.row(
        [(50, f"NIP: {inv['seller_nip']}"), (320, f"NIP: {inv['buyer_nip']}")], gap=20
    )
    items_table(doc, inv, "pl", ["Nazwa", "Ilość", "Cena", "VAT", "Netto", "Brutto"])
    doc.down(8)
    doc.line("Podsumowanie: netto / VAT / brutto")
    doc.line("Razem " + summary(inv))
    doc.line(f"Do zapłaty: {money(inv['gross'], 'pl')} zł")
    doc.line(f"Termin płatności: {day_text(inv['due'], 'dashes')}")
    doc.line(f"Konto: {inv['iban'][:2]} {grouped(inv['iban'][2:])}")
    return pl_invoice_truth(inv, inv["iban"])


def layout_en_table(doc, inv, rng):
    """English invoice: 'Invoice No', 'Bill To', 'VAT ID', Subtotal/VAT/Total."""
    sign = {"USD": "$", "EUR": "€", "PLN": "PLN "}[inv["currency"]]
    date_style = rng.choice(["en_words", "en_short", "iso"])
    inv["number"] = f"INV-{inv['issue'].year}-{inv['n']:05d}"
    country = rng.choice(["DE", "FR", "PL"])
    vat_id = (
        "PL" + inv["seller_nip"]
        if country == "PL"
        else make_eu_vat(rng, country, 11 if country == "FR" else 9)
    )
    doc.line("INVOICE", size=18, gap=26)
    doc.line(f"Invoice No: {inv['number']}")
    doc.line(f"Invoice Date: {day_text(inv['issue'], date_style)}")
    doc.line(f"Due Date: {day_text(inv['due'], date_style)}", gap=20)
    doc.line("From:")
    doc.line(inv["seller"])
    doc.line("1 Market Street, London" if country != "PL" else "ul. Prosta 1, Warszawa")
    doc.line(f"VAT ID: {vat_id}", gap=18)
    doc.line("Bill To:")
    doc.line(inv["buyer"])
    doc.line(f"VAT ID: PL{inv['buyer_nip']}", gap=18)
    items_table(doc, inv, "en", ["Description", "Qty", "Price", "Tax", "Net", "Amount"])
    doc.down(8)
    doc.line(f"Subtotal: {sign}{money(inv['net'], 'en')}", x=350)
    doc.line(f"VAT: {sign}{money(inv['vat'], 'en')}", x=350)
    doc.line(f"Total: {sign}{money(inv['gross'], 'en')}", x=350, size=12)
    has_bank = country == "DE"
    if has_bank:
        inv["iban"] = make_de_iban(rng)
        doc.line(f"IBAN: {grouped(inv['iban'])}")
    return truth_record(
        inv,
        "",
        "invoice",
        seller_vat=vat_id,
        seller_nip_digits=inv["seller_nip"] if country == "PL" else None,
        buyer_vat="PL" + inv["buyer_nip"],
        buyer_nip_digits=inv["buyer_nip"],
        due_date=inv["due"].isoformat(),
        seller_iban=inv["iban"] if has_bank else None,
    )


def layout_en_summary(doc, inv, rng):
    """Invoice #, a summary table with 'Amount due', seller id in the footer."""
    inv["number"] = f"{inv['issue']:%Y%m}-{inv['n']:03d}"
    vat_id = make_eu_vat(rng, "DE", 9)
    doc.line(inv["seller"], size=14, gap=20)
    doc.line(f"Invoice # {inv['number']}")
    doc.line(f"Date of issue: {day_text(inv['issue'], 'en_short')}")
    doc.line(f"Date of supply: {day_text(inv['sale'], 'en_short')}", gap=20)
    doc.line("Customer:")
    doc.line(inv["buyer"], gap=20)
    items_table(
        doc, inv, "en", ["Item", "Qty", "Unit", "VAT", "Net", "Gross"], suffix=" USD"
    )
    doc.down(8)
    doc.line(f"Net amount {money(inv['net'], 'en')} USD", x=330)
    doc.line(f"VAT amount {money(inv['vat'], 'en')} USD", x=330)
    doc.line(f"Amount due {money(inv['gross'], 'en')} USD", x=330, gap=30)
    doc.line(f"{inv['seller']} - Registered office Berlin - VAT No. {vat_id}", size=8)
    return truth_record(
        inv, "", "invoice", seller_vat=vat_id, sale_date=inv["sale"].isoformat()
    )


def layout_de(doc, inv, rng):
    """German: Rechnung Nr., Rechnungsdatum, Verkäufer/Käufer, Gesamtbetrag."""
    inv["number"] = f"RE-{inv['issue'].year}-{inv['n']:04d}"
    vat_id = make_eu_vat(rng, "DE", 9)
    inv["iban"] = make_de_iban(rng)
    doc.line(f"Rechnung Nr. {inv['number']}", size=15, gap=22)
    doc.line(f"Rechnungsdatum: {day_text(inv['issue'], 'dots')}")
    doc.line(f"Leistungsdatum: {day_text(inv['sale'], 'dots')}", gap=20)
    doc.line("Verkäufer:")
    doc.line(inv["seller"])
    doc.line(f"USt-IdNr.: {vat_id}", gap=18)
    doc.line("Käufer:")
    doc.line(inv["buyer"])
    doc.line(f"USt-IdNr.: PL{inv['buyer_nip']}", gap=18)
    items_table(
        doc, inv, "dot", ["Beschreibung", "Menge", "Preis", "USt.", "Netto", "Brutto"]
    )
    doc.down(8)
    doc.line(f"Nettobetrag: {money(inv['net'], 'dot')} €", x=330)
    doc.line(f"USt. Gesamt: {money(inv['vat'], 'dot')} €", x=330)
    doc.line(f"Gesamtbetrag: {money(inv['gross'], 'dot')} €", x=330, gap=20)
    doc.line(
        f"Zahlbar bis {day_text(inv['due'], 'dots')} auf IBAN {grouped(inv['iban'])}"
    )
    return truth_record(
        inv,
        "",
        "invoice",
        seller_vat=vat_id,
        buyer_vat="PL" + inv["buyer_nip"],
        buyer_nip_digits=inv["buyer_nip"],
        sale_date=inv["sale"].isoformat(),
        due_date=inv["due"].isoformat(),
        seller_iban=inv["iban"],
    )


def layout_fr(doc, inv, rng):
    """French: Facture N°, Date de facture (a day after the 12th: no DD/MM
    doubt), Total HT / TVA / Total TTC."""
    inv["issue"] = inv["issue"].replace(day=rng.randint(13, 28))
    inv["due"] = inv["issue"] + timedelta(days=30)
    inv["number"] = f"F{inv['issue']:%y}-{inv['n']:04d}"
    vat_id = make_eu_vat(rng, "FR", 11)
    doc.line(f"{inv['seller']} - TVA : {vat_id}", size=8, gap=20)
    doc.line(f"Facture N° {inv['number']}", size=15, gap=22)
    doc.line(f"Date de facture {day_text(inv['issue'], 'slash_dmy')}")
    doc.line(f"Date d'échéance {day_text(inv['due'], 'slash_dmy')}", gap=20)
    doc.line(inv["buyer"], x=320)
    doc.line(f"N° TVA client PL{inv['buyer_nip']}", x=320, gap=20)
    items_table(doc, inv, "pl", ["Désignation", "Qté", "P.U.", "TVA", "HT", "TTC"])
    doc.down(8)
    doc.line(f"Total HT {money(inv['net'], 'pl')} €", x=350)
    doc.line(f"TVA {money(inv['vat'], 'pl')} €", x=350)
    doc.line(f"Total TTC {money(inv['gross'], 'pl')} €", x=350)
    return truth_record(
        inv,
        "",
        "invoice",
        seller_vat=vat_id,
        buyer_vat="PL" + inv["buyer_nip"],
        buyer_nip_digits=inv["buyer_nip"],
        issue_date=inv["issue"].isoformat(),
        due_date=inv["due"].isoformat(),
    )


LAYOUTS = [
    # (layout, language, currency, items, count)
    (layout_pl_two_column, "pl", "PLN", None, 5),
    (layout_pl_stacked, "pl", "PLN", None, 5),
    (layout_pl_rachunek, "pl", "PLN", None, 3),
    (layout_pl_paragon, "pl", "PLN", None, 3),
    (layout_pl_values_first, "pl", "PLN", None, 3),
    (layout_pl_multipage, "pl", "PLN", 70, 2),
    (layout_en_table, "en", "EUR", None, 3),
    (layout_en_table, "en", "USD", None, 2),
    (layout_en_summary, "en", "USD", None, 2),
    (layout_de, "de", "EUR", None, 2),
    (layout_fr, "fr", "EUR", None, 2),
]


def main():
    font_path = next((p for p in FONT_PATHS if Path(p).is_file()), None)
    if not font_path:
        raise SystemExit("DejaVuSans.ttf not found (needed for Polish letters)")
    pdfmetrics.registerFont(TTFont("DejaVu", font_path))
    rng = random.Random(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.pdf"):
        old.unlink()
    truth, n = [], 0
    for layout, lang, currency, items, count in LAYOUTS:
        for _ in range(count):
            n += 1
            rates = (0,) if layout is layout_pl_rachunek else (23, 8, 5)
            if layout is layout_pl_paragon:
                rates = (23,)
            inv = make_invoice(rng, n, lang, currency, items, rates)
            name = f"{n:02d}_{layout.__name__.removeprefix('layout_')}.pdf"
            doc = Doc(OUT / name, "DejaVu")
            record = layout(doc, inv, rng)
            doc.save()
            record["file"] = name
            record["notes"] = (layout.__doc__ or "").split("\n")[
                0
            ] + f" ({doc.pages} page(s))"
            truth.append(record)
    (OUT / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(truth)} invoices written to {OUT}")


if __name__ == "__main__":
    main()
