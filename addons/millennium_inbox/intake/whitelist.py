"""The VAT White List ("Wykaz podatników VAT", "biała lista"): the daily flat
file ("plik płaski") the Ministry of Finance publishes, read and checked
offline. Pure Python (no odoo).

The flat file holds no names and no clear accounts, only hashes: SHA-512 of
the file's date (YYYYMMDD) + NIP + 26-digit account, iterated as many times
as its header says (`liczbaTransformacji`), each round hashing the previous
round's lowercase hex. Masks (`maski`) describe virtual accounts: a masked
account is hashed in their place. A hash found means "this NIP with this
account was on the list that day, active (or exempt)"; not found cannot tell
a wrong account from an unknown NIP.

Loaded, a file is two `DigestSet`s (64-byte digests, sorted in one bytes
object, with a bucket index on their first bits: about 1.06 times the raw
digests' size) and its masks indexed by bank number.
"""

import hashlib
import io
import json
import os
import re
import shutil
import struct
import tempfile
from array import array
from dataclasses import dataclass, field

DIGEST_SIZE = 64
ACTIVE = "active"
EXEMPT = "exempt"
HEADER = "naglowek"
ACTIVE_KEY = "skrotyPodatnikowCzynnych"
EXEMPT_KEY = "skrotyPodatnikowZwolnionych"
MASKS_KEY = "maski"
DATE_KEY = "dataGenerowaniaDanych"
ROUNDS_KEY = "liczbaTransformacji"

_NOT_DIGITS = re.compile(r"[\s\-]+")
_SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"


class FlatFileError(ValueError):
    """The file is not a flat file this module can read."""


def nrb(account):
    """The 26-digit Polish account number (NRB) of an IBAN or NRB as printed
    ("PL61 1090 ...", with spaces or dashes), or None when it is not one."""
    text = _NOT_DIGITS.sub("", account or "").upper()
    text = text.removeprefix("PL")
    return text if len(text) == 26 and text.isdigit() else None


def nip_digits(vat):
    """The 10 digits of a Polish NIP (with or without "PL", dashes), or None."""
    text = _NOT_DIGITS.sub("", vat or "").upper()
    text = text.removeprefix("PL")
    return text if len(text) == 10 and text.isdigit() else None


def flat_hash(day, nip, account, rounds):
    """The 64-byte digest the flat file lists for (day, nip, account): SHA-512
    of "YYYYMMDD" + NIP + account, `rounds` times, each round over the
    previous round's lowercase hex."""
    if rounds < 1:
        raise FlatFileError(f"liczbaTransformacji must be at least 1, not {rounds}")
    text = f"{day}{nip}{account}".encode("ascii")
    sha512 = hashlib.sha512
    for _round in range(rounds - 1):
        text = sha512(text).hexdigest().encode("ascii")
    return sha512(text).digest()


def mask_matches(mask, account):
    """Whether a virtual-account mask covers the account: every digit of the
    mask equals the account's digit at that place."""
    if len(mask) != len(account):
        return False
    return all(m == a for m, a in zip(mask, account, strict=True) if m.isdigit())


def apply_mask(mask, account):
    """The account as the flat file hashes it through the mask: `Y` keeps
    the account's digit, `X` stays `X`, a digit stays (it is the account's)."""
    return "".join(a if m == "Y" else m for m, a in zip(mask, account, strict=True))


class DigestSet:
    """64-byte digests sorted in one bytes object, found by a bucket index on
    their first bits (an `array('I')` of start positions): about 4 bytes of
    index per digest beside its 64, and a lookup of a handful of C calls."""

    __slots__ = ("_blob", "_count", "_index", "_shift")

    def __init__(self, blob=b"", count=None, index=None):
        if len(blob) % DIGEST_SIZE:
            raise FlatFileError("digests are not a whole number of 64 bytes")
        # bytes, a bytearray sorted in place or a memoryview of a blob: kept as is
        self._blob = blob
        self._count = len(blob) // DIGEST_SIZE if count is None else count
        # about one digest a bucket: 4 to 8 bytes of index per 64-byte digest
        bits = max(8, min(24, self._count.bit_length()))
        self._shift = 32 - bits
        self._index = index if index is not None else self._build_index(bits)

    @classmethod
    def from_digests(cls, digests):
        """From unsorted digests (bytes-like, concatenated); a bytearray is
        sorted in place and kept, not copied."""
        if not isinstance(digests, bytearray):
            digests = bytearray(digests)
        return cls(_sort_digests(digests))

    def _build_index(self, bits):
        """starts[b] is the position of the first digest whose leading `bits`
        bits are >= b; starts[2**bits] is the count (the digests are sorted)."""
        buckets = 1 << bits
        try:
            import numpy
        except ImportError:  # pragma: no cover - numpy is a runtime dependency
            return self._build_index_python(buckets)
        leading = numpy.frombuffer(self._blob, dtype=">u4")[:: DIGEST_SIZE // 4]
        starts = numpy.searchsorted(
            leading >> self._shift, numpy.arange(buckets + 1), side="left"
        )
        return array("I", starts.astype("=u4").tobytes())

    def _build_index_python(self, buckets):
        counts = array("I", bytes(4 * (buckets + 1)))
        blob, shift = self._blob, self._shift
        unpack = struct.Struct(">I").unpack_from
        for position in range(0, len(blob), DIGEST_SIZE):
            counts[(unpack(blob, position)[0] >> shift) + 1] += 1
        total = 0
        for bucket in range(buckets + 1):
            total += counts[bucket]
            counts[bucket] = total
        return counts

    def __len__(self):
        return self._count

    def __contains__(self, digest):
        bucket = int.from_bytes(digest[:4], "big") >> self._shift
        index, blob = self._index, self._blob
        start, end = index[bucket] * DIGEST_SIZE, index[bucket + 1] * DIGEST_SIZE
        if end - start == DIGEST_SIZE:  # the usual case: one digest in it
            return blob[start:end] == digest
        while start < end:
            if blob[start : start + DIGEST_SIZE] == digest:
                return True
            start += DIGEST_SIZE
        return False

    @property
    def blob(self):
        return self._blob

    def nbytes(self):
        """Memory of the loaded digests and their index."""
        return len(self._blob) + self._index.itemsize * len(self._index)


def _sort_digests(blob):
    """The digests of `blob` (a bytearray) in byte order, sorted in place
    when numpy is there (no second copy of the digests)."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is a runtime dependency
        items = sorted(
            bytes(blob[i : i + DIGEST_SIZE]) for i in range(0, len(blob), DIGEST_SIZE)
        )
        return b"".join(items)
    if not blob:
        return b""
    numpy.frombuffer(blob, dtype=f"S{DIGEST_SIZE}").sort(kind="stable")
    return blob


@dataclass
class FlatFile:
    """A loaded flat file: its day, its rounds, what it lists."""

    day: str  # YYYYMMDD
    rounds: int
    active: DigestSet
    exempt: DigestSet
    masks: list = field(default_factory=list)
    _masks_by_bank: dict = field(default=None, repr=False)

    @property
    def count(self):
        return len(self.active) + len(self.exempt)

    def nbytes(self):
        return self.active.nbytes() + self.exempt.nbytes()

    def masks_for(self, account):
        """The masks that cover the account (indexed by the bank number,
        the 8 digits after the check digits, when the mask fixes them)."""
        if self._masks_by_bank is None:
            self._masks_by_bank = {}
            for mask in self.masks:
                bank = mask[2:10] if mask[2:10].isdigit() else ""
                self._masks_by_bank.setdefault(bank, []).append(mask)
        candidates = self._masks_by_bank.get(account[2:10], []) + (
            self._masks_by_bank.get("", [])
        )
        return [mask for mask in candidates if mask_matches(mask, account)]

    def check(self, nip, account):
        """(status, mask): ACTIVE or EXEMPT when the file lists the NIP with
        the account (directly, or through the virtual-account mask returned),
        else (None, None): not listed that day, which is not "not a VAT
        payer"."""
        nip, account = nip_digits(nip), nrb(account)
        if not nip or not account:
            return None, None
        for mask in [None, *self.masks_for(account)]:
            hashed = apply_mask(mask, account) if mask else account
            digest = flat_hash(self.day, nip, hashed, self.rounds)
            if digest in self.active:
                return ACTIVE, mask
            if digest in self.exempt:
                return EXEMPT, mask
        return None, None


# ----------------------------------------------------------------------
# Reading the published JSON (streamed), possibly packed in 7z
# ----------------------------------------------------------------------
_TOKEN = re.compile(
    rb'\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|([{}\[\]:,])|(-?[0-9][0-9.eE+\-]*|true|false|null))'
)
_CHUNK = 1 << 20


def iter_json_events(stream, chunk_size=_CHUNK):
    """Stream a JSON document as (path, value) events, one per scalar, the
    path being the tuple of object keys above it (array items share their
    array's path): the file's text and its parsed lists are never held at
    once."""
    buffer, position, eof = b"", 0, False
    stack = []  # one [is_object, current key] per open container
    expecting_key = False
    while True:
        match = _TOKEN.match(buffer, position)
        if not match or (match.end() == len(buffer) and not eof):
            if eof:
                if buffer[position:].strip():
                    raise FlatFileError("the JSON ends in the middle of a value")
                return
            chunk = stream.read(chunk_size)
            eof = not chunk
            buffer = buffer[position:] + chunk
            position = 0
            continue
        position = match.end()
        string, punct, scalar = match.groups()
        if punct:
            if punct in (b"{", b"["):
                stack.append([punct == b"{", None])
                expecting_key = punct == b"{"
            elif punct in (b"}", b"]"):
                stack.pop()
                expecting_key = False
            elif punct == b",":
                expecting_key = bool(stack) and stack[-1][0]
            continue
        if string is not None:
            value = string.decode("utf-8")
            if "\\" in value:
                value = json.loads(f'"{value}"')
            if expecting_key:
                stack[-1][1], expecting_key = value, False
                continue
        else:
            value = json.loads(scalar)
        yield tuple(key for is_object, key in stack if is_object), value


def load_json(stream):
    """A FlatFile from the published JSON, streamed: hashes go straight into
    one bytes buffer, then are sorted once."""
    header, masks = {}, []
    active, exempt = bytearray(), bytearray()
    fromhex = bytes.fromhex
    for path, value in iter_json_events(stream):
        top = path[0] if path else None
        if top == ACTIVE_KEY:
            active += fromhex(value)
        elif top == EXEMPT_KEY:
            exempt += fromhex(value)
        elif top == MASKS_KEY:
            masks.append(str(value).upper())
        elif top == HEADER and len(path) > 1:
            header[path[-1]] = value
    day = str(header.get(DATE_KEY) or "")
    try:
        rounds = int(header.get(ROUNDS_KEY))
    except (TypeError, ValueError):
        raise FlatFileError("the header gives no liczbaTransformacji") from None
    if not re.fullmatch(r"\d{8}", day):
        raise FlatFileError("the header gives no dataGenerowaniaDanych (YYYYMMDD)")
    if len(active) % DIGEST_SIZE or len(exempt) % DIGEST_SIZE:
        raise FlatFileError("a hash is not 128 hexadecimal characters")
    return FlatFile(
        day=day,
        rounds=rounds,
        active=DigestSet.from_digests(active),
        exempt=DigestSet.from_digests(exempt),
        masks=masks,
    )


def seven_zip_available():
    try:
        import py7zr  # noqa: F401
    except ImportError:
        return False
    return True


def open_published(data):
    """A readable stream of the flat file's JSON from the downloaded bytes:
    the JSON itself, or a 7z archive holding it (needs py7zr)."""
    if not data.startswith(_SEVEN_ZIP_MAGIC):
        return io.BytesIO(data)
    try:
        import py7zr
    except ImportError:
        raise FlatFileError(
            "the file is packed as 7z and py7zr is not installed: install it, or "
            "serve the unpacked JSON"
        ) from None
    # unpacked to a temporary file, read streamed from there: the file stays
    # readable once its directory is removed (it is open)
    folder = tempfile.mkdtemp(prefix="white-list-")
    try:
        with py7zr.SevenZipFile(io.BytesIO(data)) as archive:
            names = [name for name in archive.getnames() if name.endswith(".json")]
            if not names:
                raise FlatFileError("the 7z archive holds no .json file")
            archive.extract(path=folder, targets=names[:1])
        path = os.path.join(folder, names[0])
        if not os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep):
            raise FlatFileError("the 7z archive names a file outside itself")
        return open(path, "rb")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load_published(data):
    with open_published(data) as stream:
        return load_json(stream)


# ----------------------------------------------------------------------
# The compact form kept between runs (one blob, no re-hashing)
# ----------------------------------------------------------------------
_MAGIC = b"MIWL1\n"


def dump_compact(flat):
    """The loaded file as one blob: a JSON header line, then the sorted
    active and exempt digests."""
    header = {
        "day": flat.day,
        "rounds": flat.rounds,
        "active": len(flat.active),
        "exempt": len(flat.exempt),
        "masks": flat.masks,
    }
    return b"".join(
        [
            _MAGIC,
            json.dumps(header).encode() + b"\n",
            flat.active.blob,
            flat.exempt.blob,
        ]
    )


def load_compact(blob):
    if not blob.startswith(_MAGIC):
        raise FlatFileError("not a compact White List file")
    end = blob.index(b"\n", len(_MAGIC))
    header = json.loads(blob[len(_MAGIC) : end])
    start = end + 1
    middle = start + header["active"] * DIGEST_SIZE
    stop = middle + header["exempt"] * DIGEST_SIZE
    if stop != len(blob):
        raise FlatFileError("the compact White List file is truncated")
    view = memoryview(blob)
    return FlatFile(
        day=header["day"],
        rounds=header["rounds"],
        active=DigestSet(view[start:middle]),
        exempt=DigestSet(view[middle:stop]),
        masks=header["masks"],
    )


# ----------------------------------------------------------------------
# Writing a flat file (test data and benches: the same hashing rule)
# ----------------------------------------------------------------------
def write_json(stream, day, rounds, active=(), exempt=(), masks=(), digests=None):
    """Write a flat file in the published layout. `active`/`exempt` are
    (nip, account) pairs hashed here; `digests` (optional) adds ready 64-byte
    active digests (benches)."""

    def hexes(pairs):
        return [flat_hash(day, nip, account, rounds).hex() for nip, account in pairs]

    header = {
        DATE_KEY: day,
        ROUNDS_KEY: str(rounds),
        "schemat": "dataGenerowaniaDanych + NIP + NRB",
    }
    stream.write(b'{"' + HEADER.encode() + b'":' + json.dumps(header).encode())
    stream.write(b',"' + ACTIVE_KEY.encode() + b'":[')
    first = True
    for value in hexes(active):
        stream.write((b"" if first else b",") + b'"' + value.encode() + b'"')
        first = False
    for digest in digests or ():
        stream.write((b"" if first else b",") + b'"' + digest.hex().encode() + b'"')
        first = False
    stream.write(b'],"' + EXEMPT_KEY.encode() + b'":')
    stream.write(json.dumps(hexes(exempt)).encode())
    stream.write(b',"' + MASKS_KEY.encode() + b'":' + json.dumps(list(masks)).encode())
    stream.write(b"}")
