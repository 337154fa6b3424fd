import datetime

from intake import display

UTC = datetime.timezone.utc


def test_sizes_read_as_a_person_reads_them():
    assert display.human_size(44722, ",") == "43,7 KB"
    assert display.human_size(44722) == "43.7 KB"
    assert display.human_size(512) == "512 B"
    assert display.human_size(0) == "0 B"
    assert display.human_size(1024) == "1 KB"
    assert display.human_size(150 * 1024 + 300) == "150 KB"
    assert display.human_size(5 * 1024 * 1024 - 1, ",") == "5 MB"
    assert display.human_size(1258291, ",") == "1,2 MB"
    assert display.human_size(None) == ""
    assert display.human_size(-1) == ""


def test_names_lose_doubled_stops_and_stray_spaces():
    assert (
        display.clean_name("Biuro  Kowalski sp. z o.o..") == "Biuro Kowalski sp. z o.o."
    )
    assert display.clean_name("ACME Sp. z o.o .") == "ACME Sp. z o.o."
    assert display.clean_name("Kowalski ,\nJan") == "Kowalski, Jan"
    assert display.clean_name("  – FV/1/2026, ") == "FV/1/2026"
    assert display.clean_name("Czekaj...") == "Czekaj...", "an ellipsis stays"
    assert display.clean_name(None) == ""
    assert (
        display.end_sentence("Utworzono: ACME sp. z o.o..")
        == "Utworzono: ACME sp. z o.o."
    )
    assert display.end_sentence("Utworzono: ACME SA.") == "Utworzono: ACME SA."


def test_document_name_from_supplier_number_and_date():
    assert (
        display.document_name(
            "Biuro Kowalski sp. z o.o.", "FV/117/03/2026", "14 mar 2026"
        )
        == "Biuro Kowalski sp. z o.o. – FV/117/03/2026 – 14 mar 2026"
    )
    assert display.document_name("", "FV/1", "") == "FV/1"
    assert display.document_name("ACME sp. z o.o..", None, None) == "ACME sp. z o.o."
    assert display.document_name("", "", "14 mar 2026") == "", (
        "a date alone names nothing"
    )
    assert len(display.document_name("A" * 300, "FV/1", "")) == display.MAX_NAME


def test_expense_photo_named_after_when_it_was_taken():
    moment = display.expense_moment("wydatek-2026-12-07T02-51-20-447Z.jpg")
    assert moment == datetime.datetime(2026, 12, 7, 2, 51, 20, tzinfo=UTC)
    assert display.expense_moment("wydatek-2026-12-07T02-51-20-447Z") == moment
    assert display.expense_moment("faktura.jpg") is None
    assert display.expense_moment("wydatek-2026-13-40T02-51-20-447Z.jpg") is None
    assert (
        display.moment_text(moment, "Pacific/Auckland", "pl_PL") == "7 gru 2026, 15:51"
    )
    assert display.moment_text(moment, "Europe/Warsaw", "pl_PL") == "7 gru 2026, 03:51"
    assert display.moment_text(moment, "Europe/Warsaw", "en_US") in (
        "Dec 7, 2026, 3:51 AM",
        "Dec 7, 2026, 3:51\u202fAM",
    )
    # no time zone, or an unknown one: UTC, never an error
    assert display.moment_text(moment, False, "pl_PL") == "7 gru 2026, 02:51"
    assert display.moment_text(moment, "Mars/Olympus", "pl_PL") == "7 gru 2026, 02:51"


def test_dates_with_the_month_in_words():
    assert display.date_text(datetime.date(2026, 3, 14), "pl_PL") == "14 mar 2026"
    assert display.date_text(False, "pl_PL") == ""
