from intake import plural

PAGES_PL = "%(count)s strona|%(count)s strony|%(count)s stron"
PAGES_EN = "%(count)s page|%(count)s pages"


def test_polish_three_forms():
    rendered = {
        n: plural.choose("pl_PL", n, PAGES_PL) % {"count": n}
        for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 100, 102, 112)
    }
    assert rendered[1] == "1 strona"
    assert [rendered[n] for n in (2, 4, 22, 102)] == [
        "2 strony",
        "4 strony",
        "22 strony",
        "102 strony",
    ]
    assert [rendered[n] for n in (5, 11, 12, 14, 21, 25, 100, 112)] == [
        "5 stron",
        "11 stron",
        "12 stron",
        "14 stron",
        "21 stron",
        "25 stron",
        "100 stron",
        "112 stron",
    ]


def test_english_two_forms():
    assert plural.choose("en_US", 1, PAGES_EN) % {"count": 1} == "1 page"
    assert plural.choose("en_US", 0, PAGES_EN) % {"count": 0} == "0 pages"
    assert plural.choose("en_US", 3, PAGES_EN) % {"count": 3} == "3 pages"


def test_fewer_forms_than_the_language_falls_back_on_the_last():
    assert plural.choose("pl_PL", 5, PAGES_EN) % {"count": 5} == "5 pages"
    assert plural.choose("pl_PL", 1, PAGES_EN) % {"count": 1} == "1 page"


def test_unknown_language_reads_as_english():
    assert plural.choose("xx_YY", 2, PAGES_EN) % {"count": 2} == "2 pages"
    assert plural.choose(False, 1, PAGES_EN) % {"count": 1} == "1 page"
