"""What the benches run in `odoo-bin shell` share: a Polish company, an
accountant, a way to undo what one measurement wrote, the code measured.

Imported by those benches after `sys.path.insert(0, BENCH_ROOT/bench)`; each
function takes the shell's `env`.
"""

import cProfile
import io
import pstats
import subprocess
import sys

from odoo.sql_db import Cursor

ACCOUNTANT_GROUPS = (
    "base.group_user",
    "base.group_partner_manager",
    "millennium_inbox.group_inbox_user",
    "account.group_account_invoice",
)


def polish_company(env, vat):
    """env.company as a Polish VAT payer with the Polish chart of accounts."""
    if not env["ir.module.module"].search_count(
        [("name", "=", "l10n_pl"), ("state", "=", "installed")]
    ):
        sys.exit(
            "l10n_pl is not installed: run this bench through "
            "bench/odoo_bench.sh, which installs the modules named in its "
            "'bench-modules' line."
        )
    company = env.company
    company.country_id = env.ref("base.pl")
    if company.chart_template != "pl":
        env["account.chart.template"].try_loading("pl", company, install_demo=False)
    company.vat = vat
    return company


def accountant(env, login, extra_groups=()):
    """An accountant of env.company: inbox user, bills, contacts."""
    groups = (*ACCOUNTANT_GROUPS, *extra_groups)
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench Accountant",
                "login": login,
                "email": "accountant@bench.example.com",
                "company_id": env.company.id,
                "company_ids": [(6, 0, env.company.ids)],
                "groups_id": [(6, 0, [env.ref(x).id for x in groups])],
            }
        )
    )


# The accept dialog's values for an invoice (a vendor bill).
AS_INVOICE = {"category": "accounting", "accounting_kind": "invoice"}


def accept(env, document, user, values=None):
    """`document` accepted by `user` as in the web client: the accept dialog
    opened from it as an accounting document, `values` set in it (None: as it
    suggests), Accept. Raises what the accept refuses."""
    action = (
        document.with_user(user)
        .with_context(accept_category="accounting")
        .action_open_accept_wizard()
    )
    wizard = (
        env["millennium.inbox.accept"]
        .with_user(user)
        .with_context(**action["context"])
        .create(values or {})
    )
    wizard.action_accept()


def isolated(env, function, *args):
    """function(*args) with everything it wrote undone afterwards."""
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_isolated")
    try:
        return function(*args)
    finally:
        env.flush_all()  # nothing left dirty once the rows are rolled back
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_isolated")
        env.invalidate_all(flush=False)
        env.registry.clear_cache()


def git_head(root):
    """The commit measured ("-dirty" when the tree has changes), or None."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def sql_statements(function, *args):
    """The SQL statements function(*args) sent, each on one line of at most
    160 characters."""
    execute = Cursor.execute
    statements = []

    def logging_execute(cr, query, params=None, log_exceptions=True):
        text = query.code if hasattr(query, "code") else str(query)
        statements.append(" ".join(text.split())[:160])
        return execute(cr, query, params, log_exceptions)

    Cursor.execute = logging_execute
    try:
        function(*args)
    finally:
        Cursor.execute = execute
    return statements


def print_statements(name, function, *args):
    """Print the SQL statements function(*args) sent, under a "--- name" line."""
    statements = sql_statements(function, *args)
    print(f"--- {name}: {len(statements)} SQL statements")
    for line in statements:
        print("   ", line)


def print_profile(function, runs, lines):
    """Print a cProfile of function(0) ... function(runs - 1), its `lines`
    heaviest entries by cumulative time."""
    profile = cProfile.Profile()
    profile.enable()
    for number in range(runs):
        function(number)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(lines)
    print(out.getvalue())
