# A year of bills from the same suppliers: what the accountant still edits.
# bench: odoo-shell
# bench-modules: l10n_pl
#
# Issue 26 (supplier memory). A Polish company (l10n_pl, PLN) receives, for
# each of 12 suppliers, 12 monthly invoices: Polish PDFs drawn with reportlab
# in the layout of the shared corpus's KSeF visualisations (ksef-pdf/),
# some with the due date printed, some without. Each is uploaded through
# millennium.inbox.document._intake, processed, accepted as an invoice by an
# accountant (billing rights), and an accountant script books it as a real
# one would: per line the expense account, the tax (a car cost's half
# deductible VAT), the analytic distribution (department), and the payment
# terms when no due date is printed; it counts every field it has to change,
# then posts the bill. Some suppliers' documents change during the year (a
# line of a new rate appears, a line of another kind of cost).
#
# Two runs over the same documents, each rolled back: "memory" (the Inbox
# learns from each posted bill) and "Odoo alone" (every bill marked "Don't
# remember": only Odoo's own most frequent account of the partner helps).
#
#   bash bench/odoo_bench.sh bench/bench_memory.py [--suppliers N]
#        [--months N] [--json PATH]
import argparse
import datetime
import io
import json
import os
import shlex
import sys
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import Command
from odoo.tools.misc import file_path

env = globals()["env"]  # given by odoo-bin shell
ROOT = Path(os.environ.get("BENCH_ROOT", ".")).resolve()
sys.path.insert(0, str(ROOT / "bench"))
import odoo_shell_tools

COMPANY_VAT = "PL1111111111"
YEAR = 2026

# Expense accounts the accountant books to (code, name).
ACCOUNTS = {
    "fuel": ("401910", "Paliwo"),
    "telecom": ("402910", "Usługi telekomunikacyjne"),
    "rent": ("402920", "Najem biura"),
    "energy": ("401920", "Energia elektryczna"),
    "leasing": ("402930", "Leasing samochodów"),
    "service": ("402940", "Serwis samochodów"),
    "software": ("402950", "Oprogramowanie i usługi IT"),
    "legal": ("402960", "Usługi prawne i doradcze"),
    "food": ("409910", "Reprezentacja — catering"),
    "drinks": ("409920", "Reprezentacja — napoje"),
    "courier": ("402970", "Usługi kurierskie"),
    "office": ("401930", "Materiały biurowe"),
    "hotel": ("409930", "Podróże służbowe — noclegi"),
    "parking": ("409940", "Podróże służbowe — parkingi"),
}
DEPARTMENTS = ("Administracja", "Sprzedaż", "Flota")


def plan(months, name, net, rate, **changes):
    """[(month, [(item, net, rate)])]: one item every month, with `changes`
    {month_from: [(item, net, rate)...]} replacing the items from then on."""
    items = [(name, net, rate)]
    result = []
    for month in range(1, months + 1):
        items = changes.get(month, items)
        result.append(items)
    return result


# Each supplier: name, NIP, number prefix, items per month (item, net, rate),
# due date printed, and how its lines are booked, per VAT rate:
# (account, car tax (half deductible VAT) or not, department or None);
# `term`: the payment terms the accountant sets when no due date is printed.
SUPPLIERS = [
    {
        "name": "Telekom Polska S.A.",
        "prefix": "FT",
        "items": lambda m: [
            (f"Abonament komórkowy {m:02d}/{YEAR}", 400.0, 23),
        ],
        "due": True,
        "book": {23: ("telecom", False, "Administracja")},
    },
    {
        "name": "Stacja Paliw Petro sp. z o.o.",
        "prefix": "PAL",
        "items": lambda m: [(f"Paliwo ON — {m:02d}.{YEAR}", 1200.0 + 10 * m, 23)],
        "due": True,
        "book": {23: ("fuel", True, "Flota")},
    },
    {
        "name": "Biurowiec Centrum sp. z o.o.",
        "prefix": "NAJ",
        "items": lambda m: [(f"Najem lokalu biurowego za {m:02d}/{YEAR}", 5000.0, 23)],
        "due": False,
        "term": "account.account_payment_term_30days",
        "book": {23: ("rent", False, "Administracja")},
    },
    {
        "name": "Energia Plus S.A.",
        "prefix": "EN",
        "items": lambda m: [(f"Energia elektryczna {m:02d}/{YEAR}", 600.0 + 7 * m, 23)],
        "due": True,
        "book": {23: ("energy", False, "Administracja")},
    },
    {
        # from July a service line at 8% (a new kind of line, booked elsewhere)
        "name": "AutoLeasing Polska S.A.",
        "prefix": "LS",
        "items": lambda m: (
            [(f"Rata leasingowa {m:02d}/{YEAR}", 2000.0, 23)]
            + ([(f"Serwis pogwarancyjny {m:02d}/{YEAR}", 150.0, 8)] if m >= 7 else [])
        ),
        "due": True,
        "book": {23: ("leasing", True, "Flota"), 8: ("service", False, "Flota")},
    },
    {
        "name": "Chmura Software sp. z o.o.",
        "prefix": "SAAS",
        "items": lambda m: [(f"Licencja SaaS — {m:02d}/{YEAR}", 890.0, 23)],
        "due": False,
        "term": "account.account_payment_term_15days",
        "book": {23: ("software", False, "Sprzedaż")},
    },
    {
        "name": "Kancelaria Prawna Lex sp.k.",
        "prefix": "KP",
        "items": lambda m: [(f"Obsługa prawna za {m:02d}/{YEAR}", 3000.0, 23)],
        "due": True,
        "book": {23: ("legal", False, None)},
    },
    {
        # two kinds of cost every month: food at 8%, drinks at 23%
        "name": "Catering Smak sp. z o.o.",
        "prefix": "CAT",
        "items": lambda m: [
            (f"Catering — spotkania {m:02d}/{YEAR}", 700.0, 8),
            (f"Napoje — {m:02d}/{YEAR}", 120.0, 23),
        ],
        "due": True,
        "book": {8: ("food", False, "Sprzedaż"), 23: ("drinks", False, "Sprzedaż")},
    },
    {
        "name": "Kurier Ekspres sp. z o.o.",
        "prefix": "KUR",
        "items": lambda m: [(f"Przesyłki kurierskie {m:02d}/{YEAR}", 310.0 + m, 23)],
        "due": False,
        "term": "account.account_payment_term_21days",
        "book": {23: ("courier", False, "Sprzedaż")},
    },
    {
        # from September books at 5% too: the same kind of cost, another rate
        "name": "Papiernik Hurt sp. z o.o.",
        "prefix": "PH",
        "items": lambda m: (
            [(f"Materiały biurowe {m:02d}/{YEAR}", 250.0, 23)]
            + ([("Książki fachowe", 90.0, 5)] if m >= 9 else [])
        ),
        "due": True,
        "book": {
            23: ("office", False, "Administracja"),
            5: ("office", False, "Administracja"),
        },
    },
    {
        # from October a parking line at 23% (another kind of cost)
        "name": "Hotel Pod Lipami sp. z o.o.",
        "prefix": "HPL",
        "items": lambda m: (
            [(f"Nocleg — delegacja {m:02d}/{YEAR}", 480.0, 8)]
            + ([("Parking hotelowy", 60.0, 23)] if m >= 10 else [])
        ),
        "due": True,
        "book": {8: ("hotel", False, "Sprzedaż"), 23: ("parking", False, "Sprzedaż")},
    },
    {
        "name": "Warsztat Auto-Serwis s.c.",
        "prefix": "WAS",
        "items": lambda m: [(f"Przegląd i naprawy {m:02d}/{YEAR}", 420.0, 23)],
        "due": False,
        "term": "account.account_payment_term_30days",
        "book": {23: ("service", True, "Flota")},
    },
]


def parse_args():
    parser = argparse.ArgumentParser(prog="bench_memory.py")
    parser.add_argument("--suppliers", type=int, default=len(SUPPLIERS))
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--json", help="where the JSON goes (default bench/results/)")
    parser.add_argument(
        "--smoke", action="store_true", help="2 suppliers × 2 months: the bench runs"
    )
    args = parser.parse_args(shlex.split(os.environ.get("BENCH_ARGS", "")))
    if args.smoke:
        args.suppliers, args.months = 2, 2
    return args


# ----------------------------------------------------------------------
# Documents
# ----------------------------------------------------------------------
def nip(seed):
    """A NIP with valid check digits."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    base = 521000000 + seed * 7919
    while True:
        digits = [int(d) for d in f"{base:09d}"]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check != 10:
            return f"{base:09d}{check}"
        base += 1


def amount(value):
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def draw(lines):
    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        font = file_path("web/static/fonts/sign/NotoSans-Reg.ttf")
        pdfmetrics.registerFont(TTFont("NotoSans", font))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("NotoSans", 9)
    y = 810
    for line in lines:
        page.drawString(40, y, line)
        y -= 12
    page.save()
    return buffer.getvalue()


def invoice_pdf(supplier, month):
    """A KSeF visualisation's text (the corpus's ksef-pdf layout)."""
    number = f"{supplier['prefix']}/{month:02d}/{YEAR}/{supplier['index'] + 1:03d}"
    issue = datetime.date(YEAR, month, 5)
    items = supplier["items"](month)
    lines = [
        "Krajowy System e-Faktur",
        "Numer Faktury:",
        number,
        "Faktura podstawowa",
        " ",
        "Sprzedawca",
        f"NIP: {supplier['nip']}",
        f"Nazwa: {supplier['name']}",
        "Adres",
        "ul. Kwiatowa 1",
        "00-001 Warszawa",
        "Polska",
        "Nabywca",
        f"NIP: {COMPANY_VAT[2:]}",
        "Nazwa: Biuro Testowe sp. z o.o.",
        "Adres",
        "ul. Polna 2",
        "00-002 Warszawa",
        "Polska",
        " ",
        "Szczegóły",
        "Data wystawienia, z zastrzeżeniem art. 106na ust. 1 ustawy: "
        + issue.strftime("%d.%m.%Y"),
        "Data dokonania lub zakończenia dostawy towarów lub wykonania usługi: "
        + issue.strftime("%d.%m.%Y"),
        "Miejsce wystawienia: Warszawa",
        "Kod waluty: PLN",
        " ",
        "Pozycje",
        "Faktura wystawiona w walucie PLN",
        (
            "Lp. Nazwa towaru lub usługi Cena jedn. netto Ilość Miara Stawka "
            "podatku Wartość sprzedaży netto"
        ),
    ]
    rates = {}
    for index, (name, net, rate) in enumerate(items, 1):
        lines.append(f"{index} {name} {amount(net)} 1 szt. {rate}% {amount(net)}")
        row = rates.setdefault(rate, [0.0, 0.0])
        row[0] += net
        row[1] += round(net * rate / 100, 2)
    gross = round(sum(net + vat for net, vat in rates.values()), 2)
    lines += [
        f"Kwota należności ogółem: {amount(gross)} PLN",
        "Podsumowanie stawek podatku",
        "Lp. Stawka podatku Kwota netto Kwota podatku Kwota brutto",
    ]
    for index, (rate, (net, vat)) in enumerate(sorted(rates.items(), reverse=True), 1):
        lines.append(
            f"{index} {rate}% {amount(net)} {amount(vat)} {amount(net + vat)} "
        )
    lines += [" ", "Płatność", "Forma płatności: Przelew"]
    if supplier["due"]:
        due = issue + datetime.timedelta(days=14)
        lines += ["Termin płatności", due.strftime("%d.%m.%Y")]
    lines += [
        "Numer rachunku bankowego",
        "Pełny numer rachunku 73 1111 1111 1111 1111 1111 1111",
    ]
    return number, draw(lines), gross


# ----------------------------------------------------------------------
# The company and the accountant
# ----------------------------------------------------------------------
def prepare_company():
    company = odoo_shell_tools.polish_company(env, COMPANY_VAT)
    accounts = {
        key: env["account.account"].create(
            {"code": code, "name": name, "account_type": "expense"}
        )
        for key, (code, name) in ACCOUNTS.items()
    }
    analytic_plan = env["account.analytic.plan"].create({"name": "Działy"})
    departments = {
        name: env["account.analytic.account"].create(
            {"name": name, "plan_id": analytic_plan.id}
        )
        for name in DEPARTMENTS
    }
    return company, accounts, departments, car_tax(company)


def car_tax(company):
    """23% with half of the VAT deductible, the other half a cost: what a
    Polish accountant sets on a car used also privately."""
    base = company.account_purchase_tax_id
    tax = base.copy({"name": "23% samochód (50% VAT do odliczenia)"})
    vals = {}
    for field in ("invoice_repartition_line_ids", "refund_repartition_line_ids"):
        deductible = tax[field].filtered(lambda line: line.repartition_type == "tax")
        vals[field] = [
            Command.update(deductible.id, {"factor_percent": 50}),
            Command.create(
                {
                    "repartition_type": "tax",
                    "factor_percent": 50,
                    "document_type": deductible.document_type,
                }
            ),
        ]
    tax.write(vals)
    return tax


# ----------------------------------------------------------------------
# One bill: in, accepted, booked by the accountant script
# ----------------------------------------------------------------------
def bill_of(filename, data, user):
    Document = (
        env["millennium.inbox.document"]
        .with_user(user)
        .with_context(queue_job__no_delay=True)
    )
    document = Document._intake(filename, data=data, source="upload")
    if document.state == "received":
        document._process()
    odoo_shell_tools.accept(env, document, user, odoo_shell_tools.AS_INVOICE)
    return document.sudo().move_id.with_user(user)  # sudo: the bench's own bill


def line_rate(line):
    return round(sum(line.tax_ids.mapped("amount")))


def book(bill, supplier, world, remember):
    """The accountant script: what it changes, field by field, then posts."""
    accounts, departments, car = world
    changes = []
    lines = bill.invoice_line_ids.filtered(lambda line: line.display_type == "product")
    for line in lines:
        rate = line_rate(line)
        account_key, car_cost, department = supplier["book"][rate]
        vals = {}
        if line.account_id != accounts[account_key]:
            vals["account_id"] = accounts[account_key].id
        want_tax = car if car_cost else line.tax_ids.filtered(lambda t: t != car)
        if car_cost and line.tax_ids != car:
            vals["tax_ids"] = [Command.set(car.ids)]
        elif not car_cost and car in line.tax_ids:
            vals["tax_ids"] = [Command.set(want_tax.ids)]
        want = {str(departments[department].id): 100.0} if department else {}
        have = {k: float(v) for k, v in (line.analytic_distribution or {}).items()}
        if have != want:
            vals["analytic_distribution"] = want or False
        if vals:
            line.write(vals)
            changes += [f"{rate}%:{field}" for field in vals]
    term = supplier.get("term") and env.ref(supplier["term"])
    if term and bill.invoice_payment_term_id != term:
        bill.invoice_payment_term_id = term
        changes.append("payment term")
    if not remember:
        bill.millennium_inbox_no_memory = True
    bill.action_post()
    return changes


def replay(suppliers, months, world, user, remember):
    """{supplier: [changes per month]} over a year of bills."""
    results = {}
    for month in range(1, months + 1):
        for supplier in suppliers:
            number, data, gross = invoice_pdf(supplier, month)
            bill = bill_of(f"{number.replace('/', '_')}.pdf", data, user)
            if abs(bill.amount_total - gross) > 0.005:
                print(f"  {number}: bill total {bill.amount_total} ≠ {gross}")
            changes = book(bill, supplier, world, remember)
            results.setdefault(supplier["name"], []).append(changes)
    return results


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
def document_changes(supplier, month):
    """True when the month's document has another set of rates than the
    month before (a new kind of line, another rate)."""
    if month == 1:
        return False
    rates = {rate for _name, _net, rate in supplier["items"](month)}
    before = {rate for _name, _net, rate in supplier["items"](month - 1)}
    return rates != before


def print_report(suppliers, runs, months):
    width = max(len(s["name"]) for s in suppliers)
    head = " ".join(f"{m:>3}" for m in range(1, months + 1))
    for label, results in runs.items():
        print(f"\n{label}: fields the accountant changes per bill (month 1..{months})")
        print(f"{'supplier':{width}} {head}   2-{months}")
        for supplier in suppliers:
            counts = [len(c) for c in results[supplier["name"]]]
            cells = " ".join(f"{c:>3}" for c in counts)
            print(f"{supplier['name']:{width}} {cells}  {sum(counts[1:]):>4}")
    print()
    for label, results in runs.items():
        first = later = same = changed = 0
        for supplier in suppliers:
            counts = [len(c) for c in results[supplier["name"]]]
            first += counts[0]
            later += sum(counts[1:])
            for month, count in enumerate(counts[1:], 2):
                if document_changes(supplier, month):
                    changed += count
                else:
                    same += count
        print(
            f"{label}: bill 1 {first} changes; bills 2-{months} {later} changes "
            f"({same} where the document did not change, {changed} where it did)"
        )


def summary(suppliers, results, months):
    rows = {}
    for supplier in suppliers:
        per_month = results[supplier["name"]]
        rows[supplier["name"]] = {
            "changes": per_month,
            "document_changed": [
                document_changes(supplier, m) for m in range(1, months + 1)
            ],
        }
    return rows


def main():
    args = parse_args()
    suppliers = SUPPLIERS[: args.suppliers]
    for index, supplier in enumerate(suppliers):
        supplier.update(index=index, nip=nip(index + 1))
    company, accounts, departments, car = prepare_company()
    user = odoo_shell_tools.accountant(
        env, "bench_memory_accountant", ("analytic.group_analytic_accounting",)
    )
    world = (accounts, departments, car)
    print(
        f"company: chart {company.chart_template}, VAT {company.vat}; "
        f"{len(suppliers)} suppliers × {args.months} monthly invoices; car tax "
        f"'{car.name}'"
    )
    runs, seconds = {}, {}
    for label, remember in (("Odoo alone", False), ("memory", True)):
        start = time.perf_counter()
        runs[label] = odoo_shell_tools.isolated(
            env, replay, suppliers, args.months, world, user, remember
        )
        seconds[label] = round(time.perf_counter() - start, 1)
    print_report(suppliers, runs, args.months)
    for label, value in seconds.items():
        bills = len(suppliers) * args.months
        print(f"{label}: {bills} bills in {value} s ({value / bills:.2f} s a bill)")
    path = (
        Path(args.json)
        if args.json
        else ROOT
        / "bench"
        / "results"
        / (f"memory-{datetime.datetime.now():%Y%m%d-%H%M%S}.json")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "date": datetime.datetime.now().isoformat(timespec="seconds"),
                "code": odoo_shell_tools.git_head(ROOT),
                "seconds": seconds,
                "runs": {
                    label: summary(suppliers, results, args.months)
                    for label, results in runs.items()
                },
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"JSON: {path}")
    env.cr.rollback()
    if args.smoke:
        print("smoke run: 2 suppliers × 2 months, the bench runs; nothing measured")


main()
