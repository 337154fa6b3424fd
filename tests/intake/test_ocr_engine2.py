"""The second OCR engine for till receipts (RapidOCR): its boxes read as
Tesseract's text and TSV, and its date and total beside Tesseract's."""

import itertools

import pytest
from intake import ocr, ocr_checks, ocr_engine2, ocr_layout, ocr_reread
from intake.invoice import Suggestion
from pdf_factory import text_pdf
from PIL import Image
from test_ocr_reread import RECEIPT, photo_factory

# the till receipt test_ocr_reread renders and Tesseract reads
LINES = RECEIPT.splitlines()


@pytest.fixture(scope="module")
def tesseract_reading():
    """The receipt rendered and read by Tesseract: (page, text, TSV)."""
    page = photo_factory.render_pdf_page(text_pdf([RECEIPT]), dpi=150)
    result = ocr.ocr_images([page], dpi=150)
    return page, result.texts[0], result.tsvs[0]


def _boxes(lines, split_at=None):
    """The engine's boxes for `lines`, one box a line (20 px apart), or two
    boxes side by side where a line holds `split_at`."""
    boxes = []
    for row, line in enumerate(lines):
        top, bottom = 20 + 30 * row, 40 + 30 * row
        if split_at and split_at in line:
            left, right = line.split(split_at)
            boxes.append(
                (
                    [(10, top), (200, top), (200, bottom), (10, bottom)],
                    left.strip(),
                    0.9,
                )
            )
            boxes.append(
                (
                    [(300, top + 2), (400, top + 2), (400, bottom), (300, bottom)],
                    (split_at + right).strip(),
                    0.9,
                )
            )
            continue
        width = 10 + 9 * len(line)
        boxes.append(
            ([(10, top), (width, top), (width, bottom), (10, bottom)], line, 0.95)
        )
    return boxes


def _read(lines, **kw):
    return ocr_engine2.reading(_boxes(lines, **kw))


@pytest.mark.parametrize(
    "line, spaced",
    [
        ("RECEIPT N0.[00519738] 05/01/1710:55", "RECEIPT N0.[00519738] 05/01/17 10:55"),
        ("29/01/20184:40:40PM", "29/01/2018 4:40:40PM"),
        ("CB#:75588 28/04/201711:01:38AM", "CB#:75588 28/04/2017 11:01:38AM"),
        ("02Jun 2018 18:23", "02 Jun 2018 18:23"),
        ("Grand Tota1RM28.20", "Grand Tota1 RM28.20"),
        ("CREDITRM 85.45", "CREDIT RM 85.45"),
        ("RAZEMPLN 12,50", "RAZEM PLN 12,50"),
        ("TOTAL \uff1a 34.80", "TOTAL : 34.80"),
        ("Eat-In Total \uff08incl GST) 47.15", "Eat-In Total (incl GST) 47.15"),
        # nothing glued: unchanged
        ("FIRM12 2.50", "FIRM12 2.50"),
        ("TOTAL RM 12.50", "TOTAL RM 12.50"),
        ("Date: 05/01/2017 10:55", "Date: 05/01/2017 10:55"),
        ("Tel/Fax:603-78779712", "Tel/Fax:603-78779712"),
        ("TOTAL 12.50", "TOTAL 12.50"),
        ("5KG 24.50", "5KG 24.50"),
    ],
)
def test_the_spaces_the_engine_drops_in_a_date_line_are_put_back(line, spaced):
    assert ocr_engine2.spaced(line) == spaced


def test_boxes_become_rows_of_text_and_tesseract_words():
    text, tsv = _read(LINES, split_at="27.40")
    # two boxes of one visual row are one line, left to right
    assert "TOTAL RM 27.40" in text.splitlines()
    assert text.splitlines()[0] == "KEDAI RUNCIT MAJU SDN BHD"
    words = [w for line in ocr_layout.tsv_words(tsv).values() for w in line]
    assert len(words) == sum(len(line.split()) for line in LINES)
    total_row = [line for line in ocr_layout.tsv_lines(tsv) if "27.40" in line[3]]
    assert total_row and total_row[0][3] == "27.40"
    # the words of a box share its width, in order, inside it
    kedai = [w for w in words if w.top == 20]
    assert [w.text for w in kedai] == LINES[0].split()
    assert all(a.right < b.left for a, b in itertools.pairwise(kedai))
    assert kedai[0].left == 10 and kedai[-1].right <= 10 + 9 * len(LINES[0]) + 1


def test_a_total_behind_a_full_width_colon_or_a_glued_currency_is_read():
    for total_line in ("TOTAL \uff1a 27.40", "TOTALRM27.40"):
        lines = [total_line if "27.40" in line else line for line in LINES]
        text, tsv = _read(lines)
        checked = ocr_checks.read_pages([text], [tsv])[1]
        assert checked.value("total_gross") == pytest.approx(27.40), total_line


def test_the_readers_read_the_engine_as_they_read_tesseract():
    checked = ocr_checks.read_pages(*map(list, zip(_read(LINES), strict=True)))[1]
    assert checked.value("total_gross") == pytest.approx(27.40)
    assert checked.value("issue_date") == "2018-03-14"


def test_no_boxes_no_text():
    text, tsv = ocr_engine2.reading([])
    assert text == ""
    assert list(ocr_layout.tsv_words(tsv)) == []


def _tesseract(lines):
    """A Tesseract reading of `lines` (its text and TSV)."""
    return _read(lines)


def _final(text, tsv, doubtful, agreed):
    return ocr_checks.read_pages([text], [tsv], doubtful, agreed)[1]


def test_a_total_tesseract_lost_is_taken_from_the_other_engine():
    lost = [line.replace(" 27.40", "") for line in LINES]
    text, tsv = _tesseract(lost)
    assert "total_gross" not in _final(text, tsv, (), ()).fields

    doubtful, agreed = ocr_reread.other_engine(text, tsv, set(), (), *_read(LINES))

    final = _final(text, tsv, doubtful, agreed)
    assert final.value("total_gross") == pytest.approx(27.40)
    assert final.value("issue_date") == "2018-03-14"


def test_two_engines_reading_two_dates_leave_it_empty():
    text, tsv = _tesseract(LINES)
    other = [line.replace("14/03/2018", "14/08/2018") for line in LINES]

    doubtful, agreed = ocr_reread.other_engine(text, tsv, set(), (), *_read(other))

    assert doubtful == {"issue_date"}
    final = _final(text, tsv, doubtful, agreed)
    assert "issue_date" not in final.fields
    assert final.value("total_gross") == pytest.approx(27.40)


def test_a_date_tesseract_disputed_stands_only_where_the_other_engine_reads_it():
    text, tsv = _tesseract(LINES)
    # Tesseract's second look read the date's row otherwise: doubtful
    assert "issue_date" not in _final(text, tsv, {"issue_date"}, ()).fields

    same = ocr_reread.other_engine(text, tsv, {"issue_date"}, (), *_read(LINES))
    assert _final(text, tsv, *same).value("issue_date") == "2018-03-14"


def _unsure(boxes, value, score=0.85):
    """`boxes` with the box holding `value` read with `score`."""
    return [
        (corners, text, score if value in text else sure)
        for corners, text, sure in boxes
    ]


def test_the_other_engines_date_replaces_a_disputed_one_only_where_it_is_sure():
    text, tsv = _tesseract(LINES)
    other = [line.replace("14/03/2018", "16/03/2018") for line in LINES]

    # the engine's box with the date read at 0.95: its date is taken
    sure = ocr_reread.other_engine(text, tsv, {"issue_date"}, (), *_read(other))
    assert _final(text, tsv, *sure).value("issue_date") == "2018-03-16"
    # the total both read alike is Tesseract's, as before
    assert _final(text, tsv, *sure).value("total_gross") == pytest.approx(27.40)

    # the same box read at 0.85: neither date, the field left empty
    unsure = ocr_engine2.reading(_unsure(_boxes(other), "16/03/2018"))
    apart = ocr_reread.other_engine(text, tsv, {"issue_date"}, (), *unsure)
    assert "issue_date" not in _final(text, tsv, *apart).fields


def test_a_sure_engine_never_overrides_an_undisputed_value():
    text, tsv = _tesseract(LINES)
    other = [line.replace("14/03/2018", "16/03/2018") for line in LINES]

    doubtful, agreed = ocr_reread.other_engine(text, tsv, set(), (), *_read(other))

    assert "issue_date" not in _final(text, tsv, doubtful, agreed).fields


def test_a_value_two_engines_read_apart_drops_what_the_first_agreed():
    lost = [line.replace(" 27.40", "") for line in LINES]
    text, tsv = _tesseract(lost)
    # Tesseract's two readings agreed on 27.40 (read_twice)
    agreed = (("total_gross", Suggestion(27.4, 0.9, "TOTAL RM 27.40", 0)),)
    other = [line.replace("27.40", "21.40").replace("22.60", "28.60") for line in LINES]

    doubtful, agreed = ocr_reread.other_engine(text, tsv, set(), agreed, *_read(other))

    assert "total_gross" in doubtful
    assert "total_gross" not in _final(text, tsv, doubtful, agreed).fields


def test_sure_text_keeps_the_boxes_read_surely():
    boxes = _unsure(_boxes(LINES), "14/03/2018", score=0.6)
    _text, tsv = ocr_engine2.reading(boxes)
    sure = ocr_engine2.sure_text(tsv).splitlines()
    assert "14/03/2018" not in "".join(sure)
    assert sure[0] == "KEDAI RUNCIT MAJU SDN BHD"
    assert len(sure) == len(LINES) - 1
    assert len(ocr_engine2.sure_text(tsv, 0.5).splitlines()) == len(LINES)


def test_an_engine_reading_nothing_changes_nothing():
    text, tsv = _tesseract(LINES)
    agreed = (("total_gross", Suggestion(27.4, 0.9, "TOTAL RM 27.40", 0)),)
    assert ocr_reread.other_engine(text, tsv, {"issue_date"}, agreed, "", "") == (
        {"issue_date"},
        agreed,
    )


def _engine_reads(monkeypatch, lines):
    monkeypatch.setattr(ocr_engine2, "available", lambda: True)
    monkeypatch.setattr(ocr_engine2, "read_page", lambda _page: _read(lines))


def test_a_till_receipts_second_look_asks_the_other_engine(
    tesseract_reading, monkeypatch
):
    page, text, tsv = tesseract_reading
    other = [line.replace("14/03/2018", "14/08/2018") for line in LINES]
    _engine_reads(monkeypatch, other)

    look = ocr_reread.second_look(page, text, tsv)

    assert look.doubtful == {"issue_date"}
    final = _final(look.text, tsv, look.doubtful, look.agreed)
    assert "issue_date" not in final.fields
    assert final.value("total_gross") == pytest.approx(27.40)


def test_without_the_package_the_second_look_is_tesseracts_alone(
    tesseract_reading, monkeypatch
):
    page, text, tsv = tesseract_reading
    monkeypatch.setattr(ocr_engine2, "available", lambda: False)

    def never(_page):
        raise AssertionError("the second engine ran")

    monkeypatch.setattr(ocr_engine2, "read_page", never)
    assert ocr_reread.second_look(page, text, tsv) == ocr_reread.SecondLook(text)


def test_an_engine_that_fails_reads_nothing_and_fails_nothing(monkeypatch, caplog):
    """An optional engine's failure (ONNX Runtime's own errors, memory)
    leaves Tesseract's reading alone instead of failing the document."""

    def broken(_image, use_cls):
        raise RuntimeError("onnxruntime: bad allocation")

    monkeypatch.setattr(ocr_engine2, "_get_engine", lambda: broken)
    page = Image.new("RGB", (40, 20), "white")
    assert ocr_engine2.read_page(page) == ("", ocr_engine2.reading([])[1])
    assert "could not read a page" in caplog.text


def test_the_installed_engine_reads_the_date_and_total_of_a_drawn_till_receipt(
    tesseract_reading,
):
    """The engine as installed (tools/tools_venv.sh and tools/ensure_deps.sh
    install it wherever the suite runs; MILLENNIUM_OCR_ENGINE2=0 leaves it
    out and makes this fail, saying so): its own reading of the page gives
    the readers the receipt's date and total."""
    assert ocr_engine2.available(), "rapidocr_onnxruntime is not installed"
    page, _text, _tsv = tesseract_reading
    text, tsv = ocr_engine2.read_page(page)
    read = ocr_checks.read_pages([text], [tsv])[1]
    assert str(read.value("issue_date")) == "2018-03-14"
    assert read.value("total_gross") == pytest.approx(27.40)


@pytest.mark.parametrize(
    "line, read",
    [
        # its letter confusions in a till's label words
        ("Canh Paid 8.00", "Cash Paid 8.00"),
        ("Camh Paid 29.10", "Cash Paid 29.10"),
        ("CAUH", "CASH"),
        ("Cauh Puid 5.00", "Cash Paid 5.00"),
        ("TOIAL(INCL GSI) 5.15", "TOTAL(INCL GST) 5.15"),
        ("SR GSI6% 56.00 3.36", "SR GST6% 56.00 3.36"),
        ("Fay 50.00", "Pay 50.00"),
        ("Fay", "Pay"),
        # the spaces it drops after TOTAL and between camel-cased words
        ("TotalAmount 12.50", "Total Amount 12.50"),
        ("TOTALSAVING: 0.00 TOTAL 23.80", "TOTAL SAVING: 0.00 TOTAL 23.80"),
        ("TotalSalesInclusiveGST 85.44", "Total Sales Inclusive GST 85.44"),
        ("**TOIALRM 21.60", "**TOTAL RM 21.60"),
        # not label words, or digits: unchanged
        ("Fay:03-78455834", "Fay:03-78455834"),
        ("Fay Wong 2", "Fay Wong 2"),
        ("Canhead 2.50", "Canhead 2.50"),
        ("Totally 3.00", "Totally 3.00"),
        ("SUBTOTAL 5.00", "SUBTOTAL 5.00"),
        ("GSIT 1.00", "GSIT 1.00"),
        ("TOTAL 10.10 1O.10", "TOTAL 10.10 1O.10"),
    ],
)
def test_the_engines_misread_label_words_are_put_right(line, read):
    assert ocr_engine2.spaced(line) == read


def test_a_total_behind_the_engines_misread_label_words_is_read():
    misread = {"TOTAL RM 27.40": "TOIALRM 27.40", "CASH 50.00": "Canh 50.00"}
    lines = [misread.get(line, line) for line in LINES]
    checked = ocr_checks.read_pages(*map(list, zip(_read(lines), strict=True)))[1]
    assert checked.value("total_gross") == pytest.approx(27.40)

    # the same lines as the engine printed them: no total read
    unread = ocr_checks.read_pages(["\n".join(lines)], [""])[1]
    assert "total_gross" not in unread.fields


# A delivery note printed by a till (a till roll's shape): no till words,
# its date twice without telling day from month, per-rate totals beside the
# total payable (39.40 + 20.86 = 60.26).
DELIVERY_NOTE = [
    "BAKERIES SDN BHD",
    "TAX INVOICE/ADJUSTMENT NOTE",
    "VE0514 Date:01/08/2017",
    "DD:01/08/2017 12:05",
    "WHITE 2.13 5 1 4 8.52",
    "Total 0% supplies: 39.40",
    "Total 6% supplies (excl. GST): 19.68",
    "GST: 1.18",
    "Total 6% supplies (Inc. GST): 20.86",
    "Total Payable: 60.26",
]


def test_the_engines_reading_of_a_page_known_for_a_till_receipt_is_read_as_one():
    reading = list(map(list, zip(_read(DELIVERY_NOTE), strict=True)))
    # read as it prints: day and month not told apart, the total unconfirmed
    alone = ocr_checks.read_pages(*reading)[1]
    assert "issue_date" not in alone.fields

    known = ocr_checks.read_pages(*reading, till=True)[1]
    assert known.value("issue_date") == "2017-08-01"
    assert known.value("total_gross") == pytest.approx(60.26)


def test_a_delivery_note_tesseract_misread_takes_the_engines_sure_values():
    lost = [
        line.replace("01/08/2017", "01/0B/2017").replace("Payable: 60.26", "Payable:")
        for line in DELIVERY_NOTE
    ]
    text, tsv = _tesseract(lost)
    assert "total_gross" not in _final(text, tsv, (), ()).fields

    doubtful, agreed = ocr_reread.other_engine(
        text, tsv, set(), (), *_read(DELIVERY_NOTE)
    )

    # Tesseract's "Total 6% supplies (Inc. GST): 20.86" is no other reading
    # of the total the engine read: the total stands
    final = _final(text, tsv, doubtful, agreed)
    assert final.value("total_gross") == pytest.approx(60.26)
    assert final.value("issue_date") == "2017-08-01"


def test_the_engines_date_alone_is_taken_only_from_a_box_it_is_sure_of():
    lost = [line for line in LINES if "14/03/2018" not in line]
    text, tsv = _tesseract(lost)
    assert "issue_date" not in _final(text, tsv, (), ()).fields

    sure = ocr_reread.other_engine(text, tsv, set(), (), *_read(LINES))
    assert _final(text, tsv, *sure).value("issue_date") == "2018-03-14"

    # the box of the date read at 0.87 ("7/8/2018" for "7/6/2016"): empty
    unsure = ocr_engine2.reading(_unsure(_boxes(LINES), "14/03/2018", score=0.87))
    apart = ocr_reread.other_engine(text, tsv, set(), (), *unsure)
    assert "issue_date" not in _final(text, tsv, *apart).fields
    assert _final(text, tsv, *apart).value("total_gross") == pytest.approx(27.40)


@pytest.mark.parametrize(
    "line, read",
    [
        # the space it drops after a month's name and its year
        ("11-Apr-201803:12:06PM", "11-Apr-2018 03:12:06PM"),
        ("CB#:212039 05/Apr/201812:4911pm", "CB#:212039 05/Apr/2018 12:4911pm"),
        ("25Mar201818:26", "25 Mar 2018 18:26"),
        ("22 Mar1812:44:00PM", "22 Mar 18 12:44:00PM"),
        # a date's first slash it drops
        ("CS00010612 Date:0803/2018", "CS00010612 Date:08/03/2018"),
        # no digit changed, nothing else taken for a date
        ("Date:13/012014", "Date:13/012014"),
        ("Date:1313/2018", "Date:1313/2018"),
        ("MARCH2018", "MARCH2018"),
        ("TEL:0380312/2018", "TEL:0380312/2018"),
    ],
)
def test_the_spaces_and_slash_the_engine_drops_in_a_date_are_put_back(line, read):
    assert ocr_engine2.spaced(line) == read


@pytest.mark.parametrize(
    "date_line, read",
    [
        ("09-Jan-201701:48:43 PM", "2017-01-09"),
        ("CB# : 67978725142 01/Apr/2017 01:25:02", "2017-04-01"),
        ("22 Mar1812:44:00PM", "2018-03-22"),
        ("Date:0803/2018", "2018-03-08"),
    ],
)
def test_the_engines_date_lines_are_read_as_dates(date_line, read):
    lines = [date_line if line.startswith("Date:") else line for line in LINES]
    checked = ocr_checks.read_pages(*map(list, zip(_read(lines), strict=True)))[1]
    assert checked.value("issue_date") == read
