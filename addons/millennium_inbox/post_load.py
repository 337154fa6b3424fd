# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Server-wide hook: a listen queue for the bursts the phone app sends.

Applied only when millennium_inbox is a server-wide module
(``server_wide_modules = base,web,queue_job,millennium_inbox`` or
``--load=...,millennium_inbox``), i.e. when the server's operator asked for
it; loaded in a database only, it changes nothing.
"""

import logging

import odoo
from odoo.service import server
from odoo.tools import config

from .intake.listen_backlog import listen_backlog, parse_option, read_somaxconn

_logger = logging.getLogger(__name__)

MODULE = "millennium_inbox"


def _prefork_start(original):
    def start(self):
        original(self)
        listening = getattr(self, "socket", None)
        if not listening:  # http_enable off: no socket to listen on
            return
        backlog = listen_backlog(
            self.population,
            read_somaxconn(),
            parse_option(config.get("listen_backlog")),
        )
        # listen() again on a listening socket only changes its queue's
        # length (Linux): no connection is lost, none was accepted yet.
        listening.listen(backlog)
        _logger.info(
            "HTTP listen queue: %s connections (Odoo's %s)",
            backlog,
            8 * self.population,
        )

    start.millennium_listen_backlog = True
    return start


def post_load():
    if MODULE not in odoo.conf.server_wide_modules:
        return
    # Checked at the start rather than at the first connection: a wrong
    # value stops the server with its message.
    parse_option(config.get("listen_backlog"))
    if getattr(server.PreforkServer.start, "millennium_listen_backlog", False):
        return
    server.PreforkServer.start = _prefork_start(server.PreforkServer.start)
