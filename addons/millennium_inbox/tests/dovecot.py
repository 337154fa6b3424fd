"""A private Dovecot IMAP server on 127.0.0.1 for the end-to-end mail test.

Runs from a temporary directory with its own config: a random port,
plaintext login allowed on loopback, one passwd-file user, Maildir. Run as
root (as the tests are here), Dovecot needs its unprivileged system users
(dovecot, dovenull) for its login and internal processes.
"""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"

_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
instance_name = millennium-test-{port}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
log_path = {base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{base}/mail/%u
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {base}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={base}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateDovecot:
    user = "scan"
    password = "scan-test-password"

    def __init__(self):
        self.port = _free_port()
        self.base = Path(tempfile.mkdtemp(prefix="millennium-dovecot-"))
        self.config = self.base / "dovecot.conf"

    def start(self):
        if not os.path.exists(DOVECOT):
            raise RuntimeError(
                "dovecot is not installed: run tools/ensure_deps.sh (dovecot-imapd)"
            )
        if os.geteuid() == 0:
            internal, login = pwd.getpwnam("dovecot"), pwd.getpwnam("dovenull")
            mail = internal
        else:
            internal = login = mail = pwd.getpwuid(os.geteuid())
        for sub in ("run", "state", "mail"):
            (self.base / sub).mkdir()
        os.chmod(self.base, 0o755)
        os.chown(self.base / "mail", mail.pw_uid, mail.pw_gid)
        (self.base / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        self.config.write_text(
            _CONFIG.format(
                base=self.base,
                port=self.port,
                internal_user=internal.pw_name,
                internal_group=_group_name(internal.pw_gid),
                login_user=login.pw_name,
                mail_uid=mail.pw_uid,
                mail_gid=mail.pw_gid,
            )
        )
        subprocess.run([DOVECOT, "-c", str(self.config)], check=True)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.connect():
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"dovecot did not start: {self.log()}") from None
                time.sleep(0.2)

    def log(self):
        path = self.base / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def stop(self):
        subprocess.run(
            [DOVEADM, "-c", str(self.config), "stop"], check=False, capture_output=True
        )
        shutil.rmtree(self.base, ignore_errors=True)

    def connect(self):
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        imap.login(self.user, self.password)
        return imap

    def append(self, raw):
        with self.connect() as imap:
            imap.append("INBOX", None, None, raw)

    def unseen_count(self):
        with self.connect() as imap:
            imap.select("INBOX", readonly=True)
            return len(imap.search(None, "UNSEEN")[1][0].split())

    def seen_count(self):
        with self.connect() as imap:
            imap.select("INBOX", readonly=True)
            return len(imap.search(None, "SEEN")[1][0].split())


def _group_name(gid):
    import grp

    return grp.getgrgid(gid).gr_name
