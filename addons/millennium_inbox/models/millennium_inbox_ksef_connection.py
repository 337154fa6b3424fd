# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
import datetime
import logging
import math
import threading
import zoneinfo

from stdnum.pl import nip as pl_nip

from odoo import SUPERUSER_ID, _, api, fields, models, sql_db
from odoo.exceptions import UserError, ValidationError

from odoo.addons.queue_job.exception import RetryableJobError

from ..intake import ksef_client, ksef_sync

_logger = logging.getLogger(__name__)

ENVIRONMENT_SELECTION = [
    ("test", "Test (api-test)"),
    ("demo", "Pre-production (api-demo)"),
    ("production", "Production"),
]
# The Ministry: at most 20 export starts an hour per context and address, and
# at least 15 minutes between runs for one subject type (limity-api.md).
EXPORTS_PER_HOUR = 20
MIN_INTERVAL_MINUTES = 15
# A Retry-After longer than this stops the run instead of blocking the worker.
MAX_INLINE_WAIT_SECONDS = 90
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
# Status polls per run and export (growing pauses, about 100 s in all); an
# export still being prepared is waited for again by the next run.
STATUS_POLLS = 30
# An unfinished export is taken up again by a later run within this time
# (KSeF keeps an export's status for 7 days; part URLs are renewed each call).
RESUME_WITHIN = datetime.timedelta(hours=6)
# The sync job: tries before giving up on transient failures (the back-off
# between them is the job function's retry pattern, data/ksef_queue_job.xml);
# a 429 does not count as a try.
JOB_MAX_RETRIES = 6
# A second sync of a company that finds the first one running tries again then.
LOCKED_RETRY_SECONDS = 120
# pg_try_advisory_lock(KSEF_LOCK_CLASS, company id): one sync per company.
KSEF_LOCK_CLASS = 0x4B534546  # "KSEF"
# KSeF failures worth trying again later; the others (a refused token, no
# token) wait for the manager.
TRANSIENT_CODES = {
    "network",
    "bad_response",
    "bad_package",
    "bad_part",
    "export_failed",
    "unauthorized",
    "no_key",
}


class MillenniumInboxKsefConnection(models.Model):
    """A company's access to KSeF: where, as whom, and how far it has synced."""

    _name = "millennium.inbox.ksef.connection"
    _description = "KSeF connection"
    _rec_name = "company_id"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="cascade",
    )
    active = fields.Boolean(default=True)
    environment = fields.Selection(
        ENVIRONMENT_SELECTION,
        required=True,
        default="test",
        help="Test and pre-production hold no real invoices; production is the "
        "real KSeF.",
    )
    nip = fields.Char(
        string="NIP",
        required=True,
        help="The company's tax number (10 digits): the KSeF context to log in to.",
    )
    # The secret itself: only the system group can read it over RPC; the sync
    # reads it with sudo() at one place (_ksef_client).
    ksef_token = fields.Char(groups="base.group_system", copy=False)
    token_input = fields.Char(
        string="KSeF token",
        compute="_compute_token_input",
        inverse="_inverse_token_input",
        help="Generated in the KSeF application with the right to read invoices "
        "(InvoiceRead). Saved, it is never shown again.",
    )
    has_token = fields.Boolean(string="Token set", compute="_compute_has_token")
    include_third_party = fields.Boolean(
        string="Also invoices naming us as a third party",
        help="Also fetch invoices where the company is Podmiot 3 (for example a "
        "branch or the recipient), not only the buyer (Podmiot 2).",
    )
    interval_minutes = fields.Integer(
        string="Sync every (minutes)",
        default=60,
        required=True,
        help="At least 15 minutes, as the Ministry asks.",
    )
    fetch_from = fields.Date(
        string="Fetch invoices stored since",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self) - datetime.timedelta(days=30)
        ),
        help="Where the first sync starts; later syncs go on from where the last "
        "one stopped.",
    )
    next_sync_date = fields.Datetime(string="Next sync", readonly=True)
    last_run_date = fields.Datetime(string="Last run", readonly=True)
    last_success_date = fields.Datetime(string="Last successful sync", readonly=True)
    sync_state = fields.Selection(
        [
            ("never", "Never synced"),
            ("queued", "Queued"),
            ("running", "Running"),
            ("ok", "Up to date"),
            ("partial", "Continues in the next run"),
            ("waiting", "Waiting for KSeF's limit"),
            ("failed", "Failed"),
        ],
        default="never",
        readonly=True,
        required=True,
    )
    progress = fields.Char(readonly=True)
    last_error = fields.Text(readonly=True)
    blocked_until = fields.Datetime(
        readonly=True, help="KSeF asked to wait (HTTP 429 Retry-After) until then."
    )
    cursor_ids = fields.One2many(
        "millennium.inbox.ksef.cursor", "connection_id", string="Continuation points"
    )
    export_ids = fields.One2many(
        "millennium.inbox.ksef.export", "connection_id", string="Exports"
    )
    document_count = fields.Integer(compute="_compute_document_count")
    job_state = fields.Selection(
        selection=lambda self: self.env["queue.job"]._fields["state"].selection,
        string="Sync job",
        compute="_compute_job_status",
        help="The state of the company's latest sync job on the job queue.",
    )
    job_eta = fields.Datetime(
        string="Next try",
        compute="_compute_job_status",
        help="When the waiting sync job runs (after KSeF's Retry-After or a back-off).",
    )
    job_retry = fields.Integer(string="Tries", compute="_compute_job_status")
    job_message = fields.Text(string="Job says", compute="_compute_job_status")

    _sql_constraints = [
        (
            "company_unique",
            "unique(company_id)",
            "A company has one KSeF connection.",
        ),
    ]

    def _compute_token_input(self):
        # Write-only: whatever is stored, the form shows an empty field.
        self.token_input = False

    def _inverse_token_input(self):
        for connection in self:
            if connection.token_input:
                # sudo: the secret field is readable and writable by the system
                # group only; Inbox managers may set it, never read it.
                connection.sudo().ksef_token = connection.token_input.strip()

    @api.depends_context("uid")
    def _compute_has_token(self):
        # sudo: tells whether a token is set without reading it out.
        for connection in self:
            connection.has_token = bool(connection.sudo().ksef_token)

    def _compute_document_count(self):
        groups = self.env["millennium.inbox.document"]._read_group(
            [("source", "=", "ksef"), ("company_id", "in", self.company_id.ids)],
            ["company_id"],
            ["__count"],
        )
        counts = {company.id: count for company, count in groups}
        for connection in self:
            connection.document_count = counts.get(connection.company_id.id, 0)

    def _ksef_job_identity(self):
        """One sync job per company waits in the queue at a time."""
        self.ensure_one()
        return f"millennium_inbox.ksef.sync:{self.company_id.id}"

    def _compute_job_status(self):
        # sudo: the job queue is the job runner's data; a manager sees the state
        # of their own company's sync job (found by its identity), nothing else.
        Jobs = self.env["queue.job"].sudo()
        for connection in self:
            job = Jobs.search(
                [("identity_key", "=", connection._ksef_job_identity())],
                order="date_created desc, id desc",
                limit=1,
            )
            waiting = job.state == "pending" and job.eta
            connection.job_state = job.state or False
            connection.job_eta = job.eta if waiting else False
            connection.job_retry = job.retry
            connection.job_message = (
                job.exc_message if job.state == "failed" else job.result
            ) or False

    @api.constrains("nip")
    def _check_nip(self):
        for connection in self:
            if not pl_nip.is_valid(connection.nip or ""):
                raise ValidationError(
                    _("%(nip)s is not a valid NIP (10 digits).", nip=connection.nip)
                )

    @api.constrains("interval_minutes")
    def _check_interval(self):
        for connection in self:
            if connection.interval_minutes < MIN_INTERVAL_MINUTES:
                raise ValidationError(_("KSeF may be asked at most every 15 minutes."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("nip"):
                vals["nip"] = pl_nip.compact(vals["nip"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("nip"):
            vals["nip"] = pl_nip.compact(vals["nip"])
        return super().write(vals)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_test_connection(self):
        """Log in with the token and say plainly what happened."""
        self.ensure_one()
        try:
            client = self._ksef_client()
            client.authenticate()
            client.public_key(ksef_client.USAGE_SYMMETRIC_KEY)
        except ksef_client.KsefError as error:
            raise UserError(self._ksef_error_message(error)) from error
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("KSeF connection works"),
                "message": _(
                    "Logged in to KSeF (%(environment)s) for NIP %(nip)s.",
                    environment=dict(ENVIRONMENT_SELECTION)[self.environment],
                    nip=self.nip,
                ),
            },
        }

    def action_sync_now(self):
        """Queue the sync as a job now, not in this request."""
        self.ensure_one()
        if not self.has_token:
            raise UserError(_("Enter the KSeF token first."))
        self._ksef_enqueue()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": _("KSeF sync started"),
                "message": _("New invoices appear in the Inbox in a few minutes."),
            },
        }

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "millennium_inbox.millennium_inbox_document_action"
        )
        action["domain"] = [
            ("source", "=", "ksef"),
            ("company_id", "=", self.company_id.id),
        ]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # The client
    # ------------------------------------------------------------------
    def _ksef_base_url(self):
        """The environment's API address; a system parameter may point it
        elsewhere (only administrators can set one)."""
        # sudo: a technical parameter, settable by administrators only.
        override = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"millennium_inbox.ksef_base_url.{self.environment}")
        )
        return override or ksef_client.ENVIRONMENTS[self.environment]

    def _ksef_status_polls(self):
        # sudo: a technical parameter (how long one run waits for a package).
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.ksef_status_polls", STATUS_POLLS)
        )
        return max(1, int(value))

    def _ksef_client(self):
        self.ensure_one()
        # sudo: the one place the token is read, to log in to KSeF.
        token = self.sudo().ksef_token
        if not token:
            raise ksef_client.KsefError("no_token", "no KSeF token")
        return ksef_client.KsefClient(
            self._ksef_base_url(),
            self.nip,
            token,
            max_inline_wait=MAX_INLINE_WAIT_SECONDS,
            poll_attempts=self._ksef_status_polls(),
        )

    @api.model
    def _ksef_error_message(self, error):
        """What a person reads: what failed, in plain words, with KSeF's own text."""
        if error.code == "auth_failed":
            text = _(
                "KSeF refused the login: check the token, that it belongs to NIP "
                "%(nip)s and the chosen environment, and that it may read invoices.",
                nip=self.nip or "",
            )
        else:
            messages = {
                "no_token": _("No KSeF token is set for this company."),
                "network": _(
                    "KSeF could not be reached. Check the internet connection."
                ),
                "unauthorized": _("KSeF refused the access token."),
                "rate_limited": _("KSeF asked us to wait before the next request."),
                "export_failed": _("KSeF could not prepare the invoices."),
                "bad_package": _(
                    "A package of invoices from KSeF was damaged; it will be "
                    "fetched again in the next run."
                ),
                "no_key": _("KSeF publishes no valid encryption key right now."),
            }
            text = messages.get(error.code) or _("KSeF answered with an error.")
        return _("%(text)s KSeF said: %(detail)s", text=text, detail=error.message)

    # ------------------------------------------------------------------
    # The sync (a job: the cron runs it, per company, on its schedule)
    # ------------------------------------------------------------------
    @api.model
    def _cron_ksef_sync(self):
        """Queue one sync job per connection whose time has come."""
        now = fields.Datetime.now()
        due = self.search(
            [
                ("active", "=", True),
                "|",
                ("next_sync_date", "=", False),
                ("next_sync_date", "<=", now),
            ]
        )
        for connection in due.filtered("has_token"):
            connection._ksef_enqueue()

    def _ksef_enqueue(self):
        """The company's sync as a job: one waiting at a time (identity key),
        on the KSeF channel (one sync at a time), retried on KSeF's hiccups."""
        self.ensure_one()
        # The job runs as the cron did (the superuser): it reads the system-only
        # token and creates documents of the company; who asked only queues it.
        self.with_user(SUPERUSER_ID).with_delay(
            identity_key=self._ksef_job_identity(),
            max_retries=JOB_MAX_RETRIES,
            description=_("KSeF sync of %(company)s", company=self.company_id.name),
        )._job_ksef_sync()
        vals = {
            # The job sets the real next time when it ends; until then the
            # cron does not queue another one behind it.
            "next_sync_date": fields.Datetime.now()
            + datetime.timedelta(minutes=self.interval_minutes),
        }
        if self.sync_state != "running":
            vals["sync_state"] = "queued"
        self.write(vals)

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------
    def _job_ksef_sync(self):
        """One company's sync (each subject type in turn), run by queue_job.

        KSeF's 429 puts the job back for its Retry-After; transient failures
        are retried with the job function's back-off; what is done stays done
        (committed step by step), so a retry or a requeued dead job goes on
        from the continuation points.
        """
        self.ensure_one()
        with self._ksef_exclusive() as alone:
            if not alone:
                raise RetryableJobError(
                    _(
                        "Another KSeF sync of %(company)s is running.",
                        company=self.company_id.name,
                    ),
                    seconds=LOCKED_RETRY_SECONDS,
                )
            now = fields.Datetime.now()
            if self.blocked_until and self.blocked_until > now:
                raise RetryableJobError(
                    self.last_error or _("KSeF asked us to wait."),
                    seconds=math.ceil((self.blocked_until - now).total_seconds()),
                    ignore_retry=True,
                )
            error = self._ksef_sync()
        if isinstance(error, ksef_client.KsefRateLimited):
            raise RetryableJobError(
                self.last_error,
                seconds=max(1, math.ceil(error.retry_after)),
                ignore_retry=True,
            )
        if error is not None and self._ksef_is_transient(error):
            raise RetryableJobError(self.last_error)
        return self.last_error or self.progress or self._ksef_state_label()

    def _ksef_state_label(self):
        """The sync state as people read it (not its technical value)."""
        self.ensure_one()
        return dict(self._fields["sync_state"]._description_selection(self.env)).get(
            self.sync_state, self.sync_state or ""
        )

    @api.model
    def _ksef_is_transient(self, error):
        if error.code == "http":
            return (error.http_status or 0) >= 500 or error.http_status == 408
        return error.code in TRANSIENT_CODES

    def _job_ksef_on_failed(self, exc_name=None, exc_message=None, **_values):
        """queue_job gave up (tries exhausted, or a bug): the manager reads it
        on the connection, and the cron tries again at the next interval."""
        for connection in self:
            if (exc_name or "").endswith("FailedJobError"):
                reason = _(
                    "The KSeF sync gave up after %(count)s tries: %(reason)s",
                    count=JOB_MAX_RETRIES,
                    reason=connection.last_error or exc_message or "",
                )
            else:
                reason = _("Internal error; see the server log.")
            connection.write(
                {
                    "sync_state": "failed",
                    "last_error": reason,
                    "next_sync_date": fields.Datetime.now()
                    + datetime.timedelta(minutes=connection.interval_minutes),
                }
            )

    @contextlib.contextmanager
    def _ksef_exclusive(self):
        """Whether this is the company's only sync running, held until the end.

        The KSeF channel runs one job at a time, but its capacity is the
        administrator's, and identity keys only match waiting jobs (a sync
        queued while one runs starts after it). A session lock on a database
        connection of its own: the job commits step by step, and an aborted
        transaction could not release it; a killed worker's connection closes
        and frees it.
        """
        with contextlib.closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as cr:
            key = (KSEF_LOCK_CLASS, self.company_id.id)
            cr.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
            alone = cr.fetchone()[0]
            try:
                yield alone
            finally:
                if alone:
                    cr.execute("SELECT pg_advisory_unlock(%s, %s)", key)
                cr.rollback()

    def _subject_types(self):
        types = [ksef_sync.SUBJECT_BUYER]
        if self.include_third_party:
            types.append(ksef_sync.SUBJECT_THIRD_PARTY)
        return types

    def _ksef_sync(self):
        """Fetch what is new for every subject type; the KsefError that
        stopped it, or None.

        KSeF's refusals and limits end up on the connection (state, message,
        next try), committed; anything else is a bug and stops the job, whose
        last commit keeps what was done.
        """
        self.ensure_one()
        now = fields.Datetime.now()
        if self.blocked_until and self.blocked_until > now:
            self.next_sync_date = self.blocked_until
            return None
        self.write({"sync_state": "running", "last_run_date": now, "progress": False})
        self._ksef_commit()
        try:
            client = self._ksef_client()
            outcomes = [
                self._ksef_sync_subject(client, subject)
                for subject in self._subject_types()
            ]
        except ksef_client.KsefRateLimited as error:
            self._ksef_record_failure(error, wait=error.retry_after)
            return error
        except ksef_client.KsefError as error:
            self._ksef_record_failure(error)
            return error
        partial = any(o in ("budget", "pending") for o in outcomes)
        self.write(
            {
                "sync_state": "partial" if partial else "ok",
                "last_success_date": fields.Datetime.now(),
                "last_error": False,
                "next_sync_date": now
                + datetime.timedelta(
                    minutes=MIN_INTERVAL_MINUTES if partial else self.interval_minutes
                ),
            }
        )

    def _ksef_record_failure(self, error, wait=None):
        # The KSeF token never appears in these messages (see KsefClient).
        _logger.warning(
            "KSeF sync of company %s failed: %s %s",
            self.company_id.id,
            error.code,
            error.message,
        )
        now = fields.Datetime.now()
        vals = {
            "sync_state": "waiting" if wait else "failed",
            "last_error": self._ksef_error_message(error),
            "next_sync_date": now
            + datetime.timedelta(minutes=MIN_INTERVAL_MINUTES, seconds=wait or 0),
        }
        if wait:
            vals["blocked_until"] = now + datetime.timedelta(seconds=wait)
        self.write(vals)
        # Kept even when the job is retried (queue_job rolls back its work).
        self._ksef_commit()

    def _ksef_cursor(self, subject_type):
        cursor = self.cursor_ids.filtered(lambda c: c.subject_type == subject_type)
        if cursor:
            return cursor
        start = datetime.datetime.combine(self.fetch_from, datetime.time.min, WARSAW)
        return self.env["millennium.inbox.ksef.cursor"].create(
            {
                "connection_id": self.id,
                "subject_type": subject_type,
                "continuation": ksef_sync.api_datetime(start),
            }
        )

    def _ksef_exports_last_hour(self):
        since = fields.Datetime.now() - datetime.timedelta(hours=1)
        return self.env["millennium.inbox.ksef.export"].search_count(
            [("connection_id", "=", self.id), ("create_date", ">=", since)]
        )

    def _ksef_sync_subject(self, client, subject_type):
        point_record = self._ksef_cursor(subject_type)
        Export = self.env["millennium.inbox.ksef.export"]
        resume_export = self._ksef_resumable_export(point_record)
        state = {"export": resume_export}

        def may_start():
            return self._ksef_exports_last_hour() < EXPORTS_PER_HOUR

        def started(handle, start, end):
            state["export"] = Export.create(
                {
                    "connection_id": self.id,
                    "subject_type": subject_type,
                    "reference": handle.reference,
                    "date_from": start,
                    "date_to": end,
                }
            )
            # sudo: the package key is readable by the system group only.
            state["export"].sudo()._ksef_keep_key(handle)
            # Counted against the hourly limit, and resumable, even if what
            # follows crashes.
            self._ksef_commit()

        def land(reference, package, following, info):
            point_record._ksef_land(
                state["export"], package, following, info, on_batch=self._ksef_commit
            )
            self.progress = self._ksef_progress_text(
                point_record, len(package.invoices)
            )
            self._ksef_commit()

        role = ksef_sync.RoleSync(
            client, subject_type, may_start=may_start, started=started, land=land
        )
        resume = None
        if resume_export:
            # sudo: the package key is readable by the system group only.
            resume = (
                resume_export.sudo()._ksef_handle(),
                resume_export.date_to or None,
            )
        try:
            outcome, _point = role.run(point_record.continuation, resume=resume)
        except ksef_client.KsefError as error:
            if state.get("export"):
                state["export"]._ksef_close("failed", error.message)
            raise
        if outcome == "up_to_date" and state.get("export"):
            state["export"]._ksef_close("up_to_date")
        point_record.last_sync_date = fields.Datetime.now()
        return outcome

    def _ksef_progress_text(self, point_record, count):
        """ "Buyer (Podmiot 2): 2 invoices in the last package.": the subject
        type's label, the count in the language's plural form."""
        subject = dict(
            point_record._fields["subject_type"]._description_selection(self.env)
        ).get(point_record.subject_type, point_record.subject_type)
        return self.env["millennium.inbox.document"]._plural(
            count,
            _(
                "%(subject)s: %(count)s invoice in the last package.|"
                "%(subject)s: %(count)s invoices in the last package."
            ),
            subject=subject,
        )

    def _ksef_resumable_export(self, point_record):
        """The export a killed or waiting run left for this point, if any;
        other unfinished exports are closed (their invoices come again)."""
        unfinished = self.export_ids.filtered(
            lambda e: (
                e.state == "started" and e.subject_type == point_record.subject_type
            )
        ).sorted("id", reverse=True)
        since = fields.Datetime.now() - RESUME_WITHIN
        resumable = unfinished.filtered(
            lambda e: (
                e.date_from == point_record.continuation
                and e.create_date >= since
                and e.sudo().key_material
            )  # sudo: system-only field, presence only
        )[:1]
        for export in unfinished - resumable:
            export._ksef_close(
                "failed", _("Interrupted; fetched again by a later run.")
            )
        return resumable

    @api.model
    def _ksef_commit(self):
        """Commit a step of the sync, so a crash later keeps what is done.

        The job runs in a transaction of its own (queue_job's allow_commit).
        A test's own transaction is never committed; in a test the job's
        transaction is a TestCursor, whose commit is a savepoint released.
        """
        cr = self.env.cr
        testing = getattr(threading.current_thread(), "testing", False)
        if not testing or isinstance(cr, sql_db.TestCursor):
            cr.commit()  # pylint: disable=invalid-commit
