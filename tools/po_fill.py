"""Fill msgstr in a .po file from a Python dict file of {msgid: msgstr}.

Usage: python3 tools/po_fill.py addons/millennium_inbox/i18n/pl.po translations.py
Only empty or fuzzy entries are filled; prints the msgids still untranslated.
"""

import runpy
import sys

import polib


def main(po_path, table_path):
    table = runpy.run_path(table_path)["T"]
    catalogue = polib.pofile(po_path, wrapwidth=0)
    for entry in catalogue:
        if entry.msgid in table and (not entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    catalogue.save(po_path)
    for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
        print("untranslated:", repr(entry.msgid))


if __name__ == "__main__":
    main(*sys.argv[1:3])
