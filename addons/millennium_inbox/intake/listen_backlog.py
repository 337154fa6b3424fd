"""How many connections the server's listening socket keeps waiting.

Odoo's prefork server listens with ``socket.listen(8 * workers)``: 16
connections with 2 workers, not configurable. When more clients connect at
once (twenty phones each sending a photo and its retry), the kernel drops
every SYN that finds the queue full and the client sends it again after 1 s,
then 3 s: a request that takes 30 ms inside Odoo waits a second or three at
the door (bench/README.md, "Mobile uploads"). The queue costs nothing while
it is empty; the kernel caps it at ``net.core.somaxconn`` anyway.

``listen_backlog`` (odoo.conf, ``[options]``) sets it; without it the server
keeps ``PER_WORKER`` connections per HTTP worker, up to ``somaxconn``.
"""

import socket

PER_WORKER = 64
SOMAXCONN_PATH = "/proc/sys/net/core/somaxconn"


def read_somaxconn(path=SOMAXCONN_PATH):
    """The kernel's cap of a listen queue; the C library's SOMAXCONN when
    the file cannot be read (not Linux, no /proc)."""
    try:
        with open(path, encoding="ascii") as file:
            value = int(file.read().strip())
    except (OSError, ValueError):
        return socket.SOMAXCONN
    return value if value > 0 else socket.SOMAXCONN


def parse_option(value):
    """``listen_backlog`` as odoo.conf gives it (a string, or nothing):
    None when unset or 0 (the default applies), else a positive int.
    Anything else raises ValueError, so a typo stops the server's start
    instead of leaving Odoo's 16 in place unnoticed."""
    if value is None or value is False or str(value).strip() in ("", "0"):
        return None
    number = int(str(value).strip())
    if number < 0:
        raise ValueError(f"listen_backlog must be 0 or more, not {value!r}")
    return number


def listen_backlog(workers, somaxconn, configured=None):
    """The backlog for a prefork server with ``workers`` HTTP workers:
    ``configured`` (``parse_option``'s result) when given, else
    ``PER_WORKER`` per worker; never above ``somaxconn`` (the kernel would
    cap it silently: the server logs the number that holds)."""
    wanted = configured if configured else PER_WORKER * max(int(workers), 1)
    return max(1, min(wanted, somaxconn))
