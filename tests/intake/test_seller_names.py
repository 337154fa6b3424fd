"""The seller's name: its block, the KSeF printout's two columns, the sender
line of a windowed envelope, the address block ending at the seller's VAT id.

Layouts are modelled on public invoices of the shared corpus (GnuAccounting's
ZUGFeRD sample, Akretion's Odoo invoice, Coolblue's factuur, the KSeF
printout, AWS's bill); every one of them gave no name before these rules.
Each rule also has its case where a name would be a guess: none is given."""

from intake.billing import name_key, same_name
from intake.extract import extract_fields


def name(text):
    got = extract_fields([text]).fields.get("seller_name")
    return got.value if got else None


SENDER_LINE = """2017-05-09
Kundennummer:2
Rechnung # RE-20170509/505 von 09.05.2017
Gesamtbetrag: 571,04 €
Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen
Theodor Est
Bahnstr. 42
88802 Spielkreis
"""


def test_the_sender_line_above_the_address_gives_the_seller():
    assert name(SENDER_LINE) == "Bei Spiel GmbH"
    # As OCR reads it: the bullets as "e", the street's space lost.
    ocr = SENDER_LINE.replace(" ● Ecke 12 ● ", " e Ecke12 e ")
    assert name(ocr) == "Bei Spiel GmbH"
    dashes = SENDER_LINE.replace(
        "Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen",
        "QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen",
    )
    assert name(dashes) == "QualityHosting AG"


def test_no_sender_line_name_without_a_postcode_or_with_two_senders():
    no_postcode = SENDER_LINE.replace("12345 Stadthausen", "Stadthausen")
    assert name(no_postcode) is None
    two = SENDER_LINE + "Andere AG - Weg 1 - 54321 Dorf\n"
    assert name(two) is None


def test_a_sender_line_in_the_buyers_block_is_not_the_seller():
    text = "Rechnung 17\nRechnungsempfänger\nKunde AG - Weg 1 - 54321 Dorf\n"
    assert name(text) is None


VAT_BLOCK = """Invoice VT/2022/0001
Invoice Date: 21/09/2022
Total 1,810.80 €
Akretion France
27 rue Henri Rolland
69100 Villeurbanne
France
contact@akretion.com https://www.akretion.com VAT: FR86792377731
"""


def test_the_address_block_ending_at_the_sellers_vat_id_gives_its_name():
    assert name(VAT_BLOCK) == "Akretion France"
    dutch = """FACTUUR.
Dat betaal ik zelf wel.
Coolblue B.V.
Weena 664
3012 CN Rotterdam
Nederland
www.tabletcenter.nl
KvK Rotterdam 24330087
NL810433941B01BTW
993548900Factuurnummer:
"""
    assert name(dutch) == "Coolblue B.V."
    one_line = "Drukarnia Lewandowska sp.j.\nul. Handlowa 1, 90-001 Łódź\n"
    paragon = "Paragon\n" + one_line + "NIP 918-518-70-20\n"
    assert name(paragon) == "Drukarnia Lewandowska sp.j."


def test_no_name_when_the_vat_block_has_no_postcode():
    # Odoo's Indian demo bill: "Gujarat / India / GSTIN": a state is no name
    text = """Thanks for your business.
Prerna Tax Financial Services
Gujarat
India
GSTIN 24ABHPT7057L1Z3
"""
    assert name(text) is None
    no_postcode = VAT_BLOCK.replace("69100 Villeurbanne\nFrance\n", "")
    no_postcode = no_postcode.replace("https://www.akretion.com ", "")
    assert name(no_postcode.replace("contact@akretion.com ", "")) is None


def test_the_ksef_printouts_two_columns_give_the_left_name():
    text = """Krajowy System e-Faktur Numer faktury
2/11/2023
Sprzedawca Nabywca
NIP: 9999999999 NIP: 1111111111
Nazwa: ABC Developex S.A. Nazwa: F.H.U. Jan Kowalski
"""
    assert name(text) == "ABC Developex S.A."
    swapped = text.replace("Sprzedawca Nabywca", "Nabywca Sprzedawca")
    assert name(swapped) is None  # the buyer's column first: not guessed


def test_a_note_after_the_seller_label_is_skipped():
    text = """Service Provider:
(Not to be used for payment remittance)
Amazon Web Services, Inc.
410 Terry Ave North
Invoice Number: 42183017
"""
    assert name(text) == "Amazon Web Services, Inc."


def test_names_compare_without_case_and_punctuation_only():
    assert same_name("Au bon moulin SARL", "AU BON MOULIN S.A.R.L.")
    assert not same_name("Azure", "Azure Interior")
    assert not same_name("", "")
    assert name_key(" Free  SAS ") == "freesas"


def test_the_french_legal_footer_names_the_seller():
    footer = (
        "Free SAS au capital de 3.441.812 Euros − B 421 938 861 RCS Paris − "
        "Siège social: 8 rue de la Ville l’Évèque 75008 Paris"
    )
    assert name("Facture n°562044387 du 02 Juillet 2015\n" + footer) == "Free SAS"
    # a legal form alone is no name; two different names are a guess
    assert name("Facture n°1\nSarl au capital de 10 000€ - RCS Paris") is None
    two = footer + "\nAutre SARL au capital de 1 000 €"
    assert name("Facture n°1\n" + two) is None


# Odoo's demo vendor bill "INV_1025" and invoice2data's "Sammy Maystone":
# the seller heads the page, no "Seller" marker, the buyer's block follows.
LETTERHEAD = """INVOICE
# INV_1025
Azure Interior
3404 Edgewood Road
United States
Bill To:
YourCompany
1000 Main Avenue
Belgium
"""


def test_the_letterhead_above_the_buyers_block_names_the_seller():
    assert name(LETTERHEAD) == "Azure Interior"
    contact_only = "INVOICE\n# invoice_number_1\nSammy Maystone\nsm4@fake.com\n"
    assert name(contact_only + "Bill To\n:\nTaylor Riddel\n") == "Sammy Maystone"


def test_no_letterhead_name_when_it_could_be_someone_else():
    # a seller's marker elsewhere: the seller's block rules decide
    assert name(LETTERHEAD + "Seller:\n") is None
    # another name above it (a person, a department): which one is unsure
    assert name(LETTERHEAD.replace("INVOICE\n", "John Smith\n")) is None
    # no address or contact between the name and the buyer's marker
    assert name("INVOICE\n# INV_1025\nAzure Interior\nBill To:\nYourCompany\n") is None
    # a two-word line right above the marker without a street above: not a
    # country, so nothing under the name is an address
    assert name("INVOICE\nAzure Interior\nNet Terms\nBill To:\nX Corp\n") is None


def test_a_name_label_read_with_a_semicolon_is_still_the_label():
    # OCR reads the colon of "Nazwa:" as ";": the name is what follows.
    text = """Faktura nr FV/1/2026
Sprzedawca
Nazwa; Sprzedawca S.A.
ul. Prosta 1
00-001 Warszawa
"""
    assert name(text) == "Sprzedawca S.A."


WEB_DOMAIN = """Akretion
Akretion France
27 rue Henri Rolland
69100 Villeurbanne
Invoice INV/2021/0001
Ma jolie boutique
3 rue de la République
69001 Lyon
Total 1,810.80 €
contact@akretion.com https://www.akretion.com VAT: FR86792377731
"""


def test_the_address_block_named_as_the_seller_s_web_domain_gives_the_name():
    # OCR reads the page in its visual order: the letterhead is far from
    # the footer's VAT id, which prints the seller's web domain.
    assert name(WEB_DOMAIN) == "Akretion France"
    # The brand alone (a logo) is not the legal name; another domain, none.
    assert name(WEB_DOMAIN.replace("Akretion France", "Akretion")) is None
    assert name(WEB_DOMAIN.replace("akretion.com", "example.com")) is None


def test_a_currency_code_brought_into_the_seller_s_block_is_no_name():
    # OCR put the column of values ("EUR", a date) under the seller's
    # marker, above its "Name:" line.
    text = """Handelsrechnung Nr. 471102 vom 05.03.2018
Verkäufer
Nummer:
EUR
05.03.2018
"""
    assert name(text) is None
