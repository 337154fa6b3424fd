"""Files inside the containers mail clients wrap documents in: zip archives
and Outlook's winmail.dat (TNEF).

Opened one level deep and within limits (number of files, total size,
expansion ratio), so a small hostile archive cannot fill memory or disk. Sizes
declared in a zip are enforced while reading: zipfile stops at the declared
size and checks the CRC, so a lying header ends in an error, not a flood.
"""

import io
import zipfile
from dataclasses import dataclass

from tnefparse.tnef import TNEF

ZIP = "zip"
WINMAIL = "tnef"

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a member, an empty archive
_TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"
# Office (OOXML) and OpenDocument files are zips too, but they are documents.
_OFFICE_MEMBERS = ("[Content_Types].xml", "mimetype")
_ZIP_UTF8_FLAG = 0x800
_ZIP_ENCRYPTED_FLAG = 0x1


class ContainerError(Exception):
    """The container is refused as a whole; ``code`` names why."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Limits:
    max_files: int = 50
    max_total_size: int = 50 * 1024 * 1024
    # uncompressed / compressed size of one member; honest PDFs stay far below
    max_ratio: int = 100


@dataclass
class Member:
    name: str
    data: bytes
    encrypted: bool = False


def kind(data):
    """ZIP or WINMAIL for a container to open, else None (read from the
    file's first bytes; an Office document is not a container)."""
    if data[:4] == _TNEF_SIGNATURE:
        return WINMAIL
    if data[:4] not in _ZIP_SIGNATURES:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # unreadable: refused as what it looks like, not opened
    if any(name in names for name in _OFFICE_MEMBERS):
        return None
    return ZIP


def open_container(data, limits=None):
    """The files of a zip or winmail.dat, as Members (directories skipped).

    Raises ContainerError("container_corrupt" | "container_too_many_files" |
    "container_too_large" | "container_bomb").
    """
    limits = limits or Limits()
    if kind(data) == WINMAIL:
        return _open_winmail(data, limits)
    return _open_zip(data, limits)


def _open_zip(data, limits):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            _check_counts(len(infos), sum(i.file_size for i in infos), limits)
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
                    raise ContainerError("container_bomb", ratio=int(ratio))
            return [_read_member(archive, info) for info in infos]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise ContainerError("container_corrupt") from error
    except (NotImplementedError, ValueError) as error:  # unknown compression
        raise ContainerError("container_corrupt") from error


def _read_member(archive, info):
    name = _zip_name(info)
    if info.flag_bits & _ZIP_ENCRYPTED_FLAG:
        return Member(name, b"", encrypted=True)
    with archive.open(info) as member:
        # zipfile never yields more than the declared size and checks the CRC
        return Member(name, member.read())


def _zip_name(info):
    """Member names are CP437 unless flagged UTF-8; Polish tools write UTF-8
    without the flag, so try that first."""
    name = info.filename
    if not info.flag_bits & _ZIP_UTF8_FLAG:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            name = info.filename  # really CP437 (or mis-flagged): keep it
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _open_winmail(data, limits):
    try:
        tnef = TNEF(data, do_checksum=False)
        members = [
            Member(_tnef_name(attachment), bytes(attachment.data or b""))
            for attachment in tnef.attachments
        ]
    except Exception as error:
        # tnefparse raises whatever its struct reads meet (ValueError,
        # struct.error, UnboundLocalError...) on damaged input
        raise ContainerError("container_corrupt") from error
    _check_counts(len(members), sum(len(m.data) for m in members), limits)
    return members


def _tnef_name(attachment):
    name = attachment.long_filename() or attachment.name or ""
    if isinstance(name, bytes):
        name = name.decode("utf-8", errors="replace")
    return name.strip("\x00")


def _check_counts(count, total, limits):
    if count > limits.max_files:
        raise ContainerError(
            "container_too_many_files", count=count, max_files=limits.max_files
        )
    if total > limits.max_total_size:
        raise ContainerError(
            "container_too_large", size=total, max_size=limits.max_total_size
        )
