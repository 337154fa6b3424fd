"""Incremental retrieval as the Ministry documents it
(pobieranie-faktur/przyrostowe-pobieranie-faktur.md, hwm.md): exports by
PermanentStorage date, each window starting where the previous one ended.

- The next window starts at the returned ``permanentStorageHwmDate`` (we never
  send ``to`` except to keep a catch-up window within 3 months), or, for a
  truncated package, exactly at ``lastPermanentStorageDate``: the invoices of
  that instant come again and are deduplicated by KSeF number.
- Continuation points are the API's own strings, never re-formatted.
- ``land`` stores a package's invoices and the new continuation point in one
  transaction: a crash before it commits repeats the export, never skips it.
"""

import datetime

from .ksef_client import EXPORT_PAST_HWM, KsefError, parse_api_datetime

SUBJECT_BUYER = "Subject2"
SUBJECT_THIRD_PARTY = "Subject3"
# The export's date range may span at most 3 months (open-api.json); a first
# sync from long ago goes in windows a little shorter than that.
MAX_WINDOW = datetime.timedelta(days=89)


def api_datetime(moment):
    """ISO 8601 with microseconds and an explicit ``+00:00``.

    Odoo keeps naive UTC; a date-time without an offset would be read by KSeF
    as Europe/Warsaw time, an hour or two off.
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"


def next_start(package_info, current):
    """Where the next window starts after this package."""
    if package_info.get("isTruncated") and package_info.get("lastPermanentStorageDate"):
        return package_info["lastPermanentStorageDate"]
    return package_info.get("permanentStorageHwmDate") or current


def window_end(start, now):
    """``to`` for a window from ``start``: None (up to the HWM) when recent."""
    begin = parse_api_datetime(start)
    if now - begin <= MAX_WINDOW:
        return None
    return api_datetime(begin + MAX_WINDOW)


class RoleSync:
    """Runs exports for one subject type until caught up, out of budget or pending.

    ``may_start()`` says whether one more export may start (the hourly limit);
    ``started(handle, start, end)`` records an export as soon as it is started;
    ``land(reference, package, next_start, package_info)`` stores the invoices
    and the new continuation point together.
    """

    def __init__(self, client, subject_type, *, may_start, started, land, now=None):
        self.client = client
        self.subject_type = subject_type
        self.may_start = may_start
        self.started = started
        self.land = land
        self.now = now or (lambda: datetime.datetime.now(datetime.timezone.utc))

    def run(self, start, max_exports=20, resume=None):
        """Return (outcome, continuation point); outcome is one of
        ``done``, ``up_to_date``, ``budget``, ``pending``.

        ``resume`` is ``(handle, end)`` of an export an earlier run started
        from this same point and did not finish (still being prepared, or the
        worker died): it is waited for instead of starting a new one.
        """
        for _export in range(max_exports):
            if resume:
                (handle, end), resume = resume, None
            else:
                if not self.may_start():
                    return "budget", start
                end = window_end(start, self.now())
                handle = self.client.start_export(self.subject_type, start, end)
                self.started(handle, start, end)
            try:
                status = self.client.wait_export(handle.reference)
            except KsefError as error:
                if error.ksef_code == EXPORT_PAST_HWM:
                    # The window starts after the high-water mark: nothing new yet.
                    return "up_to_date", start
                raise
            if status is None:
                return "pending", start
            info = status["package"]
            package = self.client.fetch_package(handle, status)
            following = next_start(info, start)
            self.land(handle.reference, package, following, info)
            if info["isTruncated"]:
                if following == start:
                    raise KsefError(
                        "stuck",
                        f"KSeF returned a package that does not move past {start}",
                    )
            elif end is None or parse_api_datetime(following) < parse_api_datetime(end):
                # Up to the high-water mark: the rest comes in a later run.
                return "done", following
            start = following
        return "budget", start
