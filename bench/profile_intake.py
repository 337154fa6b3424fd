# SQL statements and a cProfile of `_intake` against a bare ir.attachment (the
# 5 MB upload of bench_upload.py), in `odoo-bin shell`: where the intake's
# extra time goes. Not a bench (nothing compared over rounds): run it with
#   bench/odoo_bench.sh bench/profile_intake.py      (PROF_N=20 intakes)
import os
import sys
import time
from pathlib import Path

env = globals()["env"]  # given by odoo-bin shell
sys.path.insert(0, str(Path(os.environ.get("BENCH_ROOT", ".")).resolve() / "bench"))
import odoo_shell_tools

N = int(os.environ.get("PROF_N", "20"))
PDF = b"%PDF-1.4\n" + b"x" * (5 * 1024 * 1024 - 8192)
Document = env["millennium.inbox.document"]
Attachment = env["ir.attachment"]


def store(kind, number):
    data = PDF + f"\n%{kind}{number}{time.time()}".encode()
    if kind == "bare":
        Attachment.create({"name": "bare.pdf", "raw": data})
    else:
        Document._intake("intake.pdf", data=data, source="upload")
    env.flush_all()


store("intake", -1)
store("bare", -1)
for kind in ("bare", "intake"):
    odoo_shell_tools.print_statements(kind, store, kind, 0)
odoo_shell_tools.print_profile(lambda number: store("intake", number + 1), N, 60)
env.cr.rollback()
