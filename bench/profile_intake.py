# SQL statements and a cProfile of `_intake` against a bare ir.attachment (the
# 5 MB upload of bench_upload.py), in `odoo-bin shell`: where the intake's
# extra time goes. Not a bench (nothing compared over rounds): run it with
#   bench/odoo_bench.sh bench/profile_intake.py      (PROF_N=20 intakes)
import cProfile
import io
import os
import pstats
import time

from odoo.sql_db import Cursor

N = int(os.environ.get("PROF_N", "20"))
PDF = b"%PDF-1.4\n" + b"x" * (5 * 1024 * 1024 - 8192)
Document = env["millennium.inbox.document"]  # noqa: F821 - given by odoo-bin shell
Attachment = env["ir.attachment"]  # noqa: F821
execute = Cursor.execute
statements = []


def logging_execute(cr, query, params=None, log_exceptions=True):
    text = query.code if hasattr(query, "code") else str(query)
    statements.append(" ".join(text.split())[:160])
    return execute(cr, query, params, log_exceptions)


def store(kind, number):
    data = PDF + f"\n%{kind}{number}{time.time()}".encode()
    if kind == "bare":
        Attachment.create({"name": "bare.pdf", "raw": data})
    else:
        Document._intake("intake.pdf", data=data, source="upload")
    env.flush_all()  # noqa: F821


store("intake", -1)
store("bare", -1)
for kind in ("bare", "intake"):
    statements.clear()
    Cursor.execute = logging_execute
    store(kind, 0)
    Cursor.execute = execute
    print(f"--- {kind}: {len(statements)} SQL statements")
    for line in statements:
        print("   ", line)
profile = cProfile.Profile()
profile.enable()
for number in range(N):
    store("intake", number + 1)
profile.disable()
out = io.StringIO()
stats = pstats.Stats(profile, stream=out)
stats.sort_stats("cumulative").print_stats(60)
print(out.getvalue())
env.cr.rollback()  # noqa: F821
