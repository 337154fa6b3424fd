"""Plural forms per language (Polish has three: 1 strona, 2 strony, 5 stron).

Odoo's ``_()`` has no plural forms, so a plural message is written as one
catalogue entry whose forms are separated by "|", in the order of the
language's CLDR plural categories (zero, one, two, few, many, other; only
those the language has):

    msgid  "%(count)s page|%(count)s pages"          (English: one|other)
    msgstr "%(count)s strona|%(count)s strony|%(count)s stron"  (Polish: one|few|many)

The rules come from CLDR through Babel, which Odoo itself ships and uses.
"""

from babel import Locale, UnknownLocaleError

CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")
SEPARATOR = "|"


def categories(lang):
    """The plural categories of a language, in catalogue order."""
    try:
        locale = Locale.parse(lang or "en_US")
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse("en_US")
    tags = set(locale.plural_form.tags) | {"other"}
    return [name for name in CATEGORY_ORDER if name in tags], locale


def choose(lang, count, forms):
    """The form of ``forms`` ("a|b|c") that fits ``count`` in ``lang``.

    A catalogue with fewer forms than the language has (an untranslated
    English entry read in Polish, or Polish without the fractional "other")
    falls back on its last form, never on an error.
    """
    variants = forms.split(SEPARATOR)
    names, locale = categories(lang)
    index = names.index(locale.plural_form(abs(count)))
    return variants[min(index, len(variants) - 1)]
