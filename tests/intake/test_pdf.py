"""PDF intake stages on real generated PDFs: text pages (reportlab), empty
pages (pypdf) and scanned-style pages (noisy Pillow images as JPEG pages)."""

from io import BytesIO

import pdf_factory as make
import pytest
from intake import pdf
from intake.errors import IntakeError
from pypdf import PdfReader, PdfWriter


def _code(excinfo):
    return excinfo.value.code


@pytest.fixture(scope="session")
def five_docs():
    """Five text pages: "Doc A p1", "Doc A p2", "Doc B p1", ..."""
    names = ["Doc A p1", "Doc A p2", "Doc B p1", "Doc C p1", "Doc C p2"]
    return make.text_pdf(names)


@pytest.fixture(scope="session")
def scans():
    """Scanned pages (one-page PDFs) by kind and resolution."""
    return {
        (kind, dpi, mode): make.image_pdf([make.scan(kind, dpi, seed, mode)], dpi)
        for seed, (kind, dpi, mode) in enumerate(
            [
                ("blank", 100, "L"),
                ("blank", 150, "L"),
                ("blank", 300, "L"),
                ("blank", 150, "RGB"),
                ("blank", 200, "1"),
                ("line", 100, "L"),
                ("line", 300, "L"),
                ("line", 150, "RGB"),
                ("line", 200, "1"),
                ("content", 150, "L"),
            ]
        )
    }


@pytest.fixture(scope="session")
def collective(scans):
    """A scanned-and-typed collective document with blank separators:

    blank scan | A1 A2 | pypdf blank | B1 scan-content | blank scan, blank
    scan | C1 | white-vector page | D1 | blank scan (trailing)
    """
    texts = make.text_pdf(["Doc A p1", "Doc A p2", "Doc B p1", "Doc C p1", "Doc D p1"])
    page = PdfReader(BytesIO(texts)).pages
    blank_scan = scans[("blank", 150, "L")]
    parts = [
        scans[("blank", 300, "L")],
        _page(page[0]),
        _page(page[1]),
        make.blank_pdf(),
        _page(page[2]),
        scans[("content", 150, "L")],
        blank_scan,
        scans[("blank", 150, "RGB")],
        _page(page[3]),
        make.vector_pdf(white=True),
        _page(page[4]),
        blank_scan,
    ]
    return make.merge(*parts)


def _page(page):
    writer = PdfWriter()
    writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted(data, user_password, owner_password="owner-secret"):
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def thousands_of_pages():
    return make.blank_pdf(2500)


# --- inspect -----------------------------------------------------------------


def test_inspect_counts_pages_and_sees_the_text_layer(five_docs):
    info = pdf.inspect(five_docs)
    assert (info.page_count, info.has_text_layer, info.encrypted) == (5, True, False)


def test_inspect_scanned_pdf_has_no_text_layer(scans):
    info = pdf.inspect(make.merge(scans[("content", 150, "L")], make.blank_pdf(2)))
    assert (info.page_count, info.has_text_layer) == (3, False)


def test_empty_file_is_refused():
    with pytest.raises(IntakeError) as excinfo:
        pdf.inspect(b"")
    assert _code(excinfo) == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nthis is not a pdf body at all",
        b"%PDF-1.7\n" + bytes(range(256)) * 40,
        b"<html>invoice</html>",
    ],
)
def test_corrupt_pdf_is_refused(data):
    with pytest.raises(IntakeError) as excinfo:
        pdf.inspect(data)
    assert _code(excinfo) == "pdf_corrupt"
    assert "damaged" in str(excinfo.value)


def test_pdf_cut_in_the_middle_is_refused(five_docs):
    with pytest.raises(IntakeError) as excinfo:
        pdf.inspect(five_docs[: len(five_docs) // 2])
    assert _code(excinfo) == "pdf_corrupt"


@pytest.mark.parametrize("lost_tail", [6, 12, 20])
def test_pdf_that_lost_only_its_tail_is_recovered_whole(five_docs, lost_tail):
    """Cut after the last object (%%EOF / startxref lost): every page and its
    text are still there, so the file is accepted."""
    data = five_docs[:-lost_tail]
    assert pdf.inspect(data).page_count == 5
    assert [text.strip() for text in pdf.page_texts(data)] == make.texts_of(five_docs)


def test_pdf_with_a_wrong_xref_pointer_is_read(five_docs):
    offset = five_docs.rindex(b"startxref") + len(b"startxref\n")
    end = five_docs.index(b"\n", offset)
    data = five_docs[:offset] + b"99999" + five_docs[end:]
    assert pdf.inspect(data).page_count == 5
    assert [text.strip() for text in pdf.page_texts(data)] == make.texts_of(five_docs)


def test_truncation_anywhere_gives_only_intake_errors(five_docs):
    """Whatever byte the file is cut at, the stages either work or say
    pdf_corrupt; no other exception leaks to the caller."""
    for cut in range(0, len(five_docs), 97):
        data = five_docs[:cut]
        try:
            info = pdf.inspect(data)
            parts = pdf.split(data, pdf.ranges_per_page(info.page_count))
            pdf.blank_separator_ranges(data)
        except IntakeError as error:
            assert error.code in ("empty", "pdf_corrupt", "pdf_all_blank"), cut
        else:
            assert len(parts) == info.page_count


def test_encrypted_pdf_is_refused(five_docs):
    data = _encrypted(five_docs, user_password="secret")
    for stage in (pdf.inspect, pdf.page_texts, pdf.blank_separator_ranges):
        with pytest.raises(IntakeError) as excinfo:
            stage(data)
        assert _code(excinfo) == "pdf_encrypted"
        assert "password" in str(excinfo.value)


def test_pdf_with_only_an_owner_password_is_accepted_and_split(five_docs):
    data = _encrypted(five_docs, user_password="")
    assert PdfReader(BytesIO(data)).is_encrypted
    info = pdf.inspect(data)
    assert (info.page_count, info.encrypted) == (5, True)
    parts = pdf.split(data, [(1, 2), (3, 5)])
    assert make.texts_of(parts[1]) == ["Doc B p1", "Doc C p1", "Doc C p2"]
    assert not PdfReader(BytesIO(parts[1])).is_encrypted


def test_thousands_of_pages_are_refused_with_the_numbers(thousands_of_pages):
    with pytest.raises(IntakeError) as excinfo:
        pdf.inspect(thousands_of_pages, max_pages=1000)
    assert _code(excinfo) == "pdf_too_many_pages"
    assert excinfo.value.params == {"page_count": 2500, "max_pages": 1000}
    assert "2500" in str(excinfo.value) and "1000" in str(excinfo.value)


def test_thousands_of_pages_within_a_raised_limit(thousands_of_pages):
    info = pdf.inspect(thousands_of_pages, max_pages=3000)
    assert (info.page_count, info.has_text_layer) == (2500, False)


# --- page ranges ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1-2, 3, 4-7",
        "1-2;3;4-7",
        "1-2 3 4-7",
        " 1 - 2 ,3 , 4 \u2013 7 ",
        "1\u20132, 3, 4\u20137",
    ],
)
def test_parse_ranges_accepts_the_usual_spellings(text):
    assert pdf.parse_ranges(text, 7) == [(1, 2), (3, 3), (4, 7)]


def test_parse_ranges_keeps_the_senders_order():
    assert pdf.parse_ranges("4-5, 1-3", 5) == [(4, 5), (1, 3)]


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("", "empty", "No page ranges"),
        ("1-2, x", "garbage", '"x"'),
        ("1-2, 3-", "garbage", '"3-"'),
        ("1--2, 3", "garbage", '"1--2"'),
        ("1-2, 3-9", "out_of_range", "Page 9 does not exist"),
        ("0-3", "out_of_range", "Page 0 does not exist"),
        ("1-3, 3-4", "overlap", "Page 3 is in two ranges (1-3 and 3-4)"),
        ("4-1", "reversed", "write 1-4"),
        ("1, 3-4", "uncovered", "Pages 2 are not in any range"),
    ],
)
def test_parse_ranges_explains_each_mistake(text, reason, words):
    with pytest.raises(IntakeError) as excinfo:
        pdf.parse_ranges(text, 4)
    assert _code(excinfo) == "ranges_invalid"
    assert excinfo.value.params["reason"] == reason
    assert words in str(excinfo.value)


def test_parse_ranges_lists_every_uncovered_page():
    with pytest.raises(IntakeError) as excinfo:
        pdf.parse_ranges("1-4, 6-7, 10", 12)
    assert excinfo.value.params["pages"] == "5, 8-9, 11-12"


def test_ranges_per_page():
    assert pdf.ranges_per_page(3) == [(1, 1), (2, 2), (3, 3)]


# --- split -------------------------------------------------------------------------


def test_split_one_document_per_page(five_docs):
    parts = pdf.split(five_docs, pdf.ranges_per_page(5))
    assert [make.texts_of(part) for part in parts] == [
        ["Doc A p1"],
        ["Doc A p2"],
        ["Doc B p1"],
        ["Doc C p1"],
        ["Doc C p2"],
    ]


def test_split_by_manual_ranges(five_docs):
    parts = pdf.split(five_docs, pdf.parse_ranges("1-2, 3, 4\u20135", 5))
    assert [make.texts_of(part) for part in parts] == [
        ["Doc A p1", "Doc A p2"],
        ["Doc B p1"],
        ["Doc C p1", "Doc C p2"],
    ]


def test_split_refuses_ranges_outside_the_file(five_docs):
    with pytest.raises(IntakeError) as excinfo:
        pdf.split(five_docs, [(1, 2), (3, 6)])
    assert _code(excinfo) == "ranges_invalid"


def test_split_at_blank_separators(collective):
    ranges = pdf.blank_separator_ranges(collective)
    assert ranges == [(2, 3), (5, 6), (9, 9), (11, 11)]
    parts = pdf.split(collective, ranges)
    assert [make.texts_of(part) for part in parts] == [
        ["Doc A p1", "Doc A p2"],
        ["Doc B p1", ""],  # the second page is the scanned content page
        ["Doc C p1"],
        ["Doc D p1"],
    ]
    scanned = PdfReader(BytesIO(parts[1])).pages[1]
    assert len(scanned.images) == 1


def test_split_at_blank_separators_without_blanks_keeps_one_document(five_docs):
    assert pdf.blank_separator_ranges(five_docs) == [(1, 5)]


def test_all_blank_collective_is_refused(scans):
    data = make.merge(make.blank_pdf(2), scans[("blank", 100, "L")])
    with pytest.raises(IntakeError) as excinfo:
        pdf.blank_separator_ranges(data)
    assert _code(excinfo) == "pdf_all_blank"
    assert excinfo.value.params == {"page_count": 3}


def test_page_texts(five_docs, scans):
    data = make.merge(five_docs, scans[("content", 150, "L")])
    texts = pdf.page_texts(data)
    assert [text.strip() for text in texts][:2] == ["Doc A p1", "Doc A p2"]
    assert texts[5] == ""


def test_inspect_with_texts_is_inspect_and_page_texts_of_one_parse(five_docs, scans):
    data = make.merge(five_docs, scans[("content", 150, "L")])
    info, texts = pdf.inspect_with_texts(data)
    assert info == pdf.inspect(data)
    assert info.page_count == 6 and info.has_text_layer
    assert texts == pdf.page_texts(data)
    # the rows come from the same parse, as often as asked
    assert texts.layout() == pdf.page_texts(data, layout=True)
    assert texts.layout() == pdf.page_texts(data, layout=True)
    assert "Doc A p1" in texts.layout()[0]


def test_inspect_with_texts_refuses_as_inspect_does(five_docs):
    with pytest.raises(IntakeError) as excinfo:
        pdf.inspect_with_texts(five_docs, max_pages=4)
    assert _code(excinfo) == "pdf_too_many_pages"
    with pytest.raises(IntakeError) as excinfo:
        pdf.inspect_with_texts(five_docs[: len(five_docs) // 2])
    assert _code(excinfo) == "pdf_corrupt"


# --- blankness of single pages ----------------------------------------------------


def _first_page(data):
    return PdfReader(BytesIO(data)).pages[0]


@pytest.mark.parametrize(
    "key",
    [
        ("blank", 100, "L"),
        ("blank", 150, "L"),
        ("blank", 300, "L"),
        ("blank", 150, "RGB"),
        ("blank", 200, "1"),  # bilevel CCITT scan
    ],
)
def test_noisy_scan_of_empty_paper_is_blank(scans, key):
    assert pdf.is_blank_page(_first_page(scans[key]))


@pytest.mark.parametrize(
    "key",
    [
        ("line", 100, "L"),
        ("line", 300, "L"),
        ("line", 150, "RGB"),
        ("line", 200, "1"),
        ("content", 150, "L"),
    ],
)
def test_scan_with_even_one_short_line_is_not_blank(scans, key):
    assert not pdf.is_blank_page(_first_page(scans[key]))


def test_empty_and_whitespace_pages_are_blank():
    assert pdf.is_blank_page(_first_page(make.blank_pdf()))
    assert pdf.is_blank_page(_first_page(make.text_pdf(["    "])))


def test_drawn_lines_are_content_but_white_drawing_is_not():
    assert not pdf.is_blank_page(_first_page(make.vector_pdf()))
    assert pdf.is_blank_page(_first_page(make.vector_pdf(white=True)))


def test_text_page_is_not_blank(five_docs):
    assert not pdf.is_blank_page(_first_page(five_docs))


def test_text_inside_a_form_xobject_counts():
    data = make.form_pdf("Stamped text")
    assert make.texts_of(data) == ["Stamped text"]
    assert not pdf.is_blank_page(_first_page(data))
    assert pdf.inspect(data).has_text_layer
    assert pdf.is_blank_page(_first_page(make.form_pdf("   ")))
