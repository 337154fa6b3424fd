"""KSeF cryptography and packages: RSA-OAEP to the Ministry's keys, AES-256-CBC
parts, hash checks, and the zip of an invoice export.

Works with the ``cryptography`` that Odoo 18 pins (3.4.8): RSA-OAEP with
SHA-256 and AES-CBC are there since long before.
"""

import base64
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from . import ksef_number

AES_KEY_BYTES = 32
AES_IV_BYTES = 16
METADATA_NAME = "_metadata.json"
# A package holds at most 10,000 invoices (open-api.json); an FA XML is at
# most a few MB. These bounds stop a hostile zip, not a real package.
MAX_MEMBERS = 10_001
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024


class KsefPackageError(ValueError):
    """A package (or one of its parts) that cannot be trusted or read."""


def _oaep():
    return asym_padding.OAEP(
        mgf=asym_padding.MGF1(algorithm=hashes.SHA256()),
        algorithm=hashes.SHA256(),
        label=None,
    )


def public_key_from_certificate(certificate_b64):
    """The RSA public key of a certificate as KSeF publishes it (Base64 DER)."""
    certificate = x509.load_der_x509_certificate(base64.b64decode(certificate_b64))
    return certificate.public_key()


def rsa_oaep_encrypt(public_key, data):
    """RSA-OAEP with SHA-256 (MGF1 SHA-256), as KSeF asks for tokens and keys."""
    return public_key.encrypt(data, _oaep())


def rsa_oaep_decrypt(private_key, data):
    return private_key.decrypt(data, _oaep())


def new_symmetric_key():
    """A fresh AES-256 key and IV for one export."""
    return os.urandom(AES_KEY_BYTES), os.urandom(AES_IV_BYTES)


def aes_cbc_encrypt(key, iv, data):
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def aes_cbc_decrypt(key, iv, data):
    """AES-256-CBC with PKCS#7 padding; a wrong key or a cut part raises."""
    if not data or len(data) % 16:
        raise KsefPackageError("encrypted part length is not a multiple of 16")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as error:
        raise KsefPackageError("part does not decrypt with the export key") from error


def sha256_b64(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def check_hash(data, expected_b64, what):
    if sha256_b64(data) != expected_b64:
        raise KsefPackageError(f"{what}: SHA-256 does not match")


@dataclass
class PackageInvoice:
    ksef_number: str
    xml: bytes
    metadata: dict = field(default_factory=dict)


@dataclass
class Package:
    """The content of one export: invoices keyed by KSeF number, once each."""

    invoices: list
    metadata_count: int


def decrypt_parts(key, iv, parts):
    """Decrypt each part on its own (same key and IV) and join them.

    ``parts`` is an ordered list of (part description, encrypted bytes); each is
    checked against its hashes first, so a damaged part never gets unzipped.
    """
    plain = []
    for part, encrypted in parts:
        label = part.get("partName") or f"part {part.get('ordinalNumber')}"
        if len(encrypted) != part["encryptedPartSize"]:
            raise KsefPackageError(f"{label}: size does not match")
        check_hash(encrypted, part["encryptedPartHash"], label)
        decrypted = aes_cbc_decrypt(key, iv, encrypted)
        check_hash(decrypted, part["partHash"], f"{label} (decrypted)")
        plain.append(decrypted)
    return b"".join(plain)


def read_package(zip_bytes):
    """Invoices of an export zip: ``{ksefNumber}.xml`` files and ``_metadata.json``.

    Every invoice listed in the metadata must have its XML (else the package
    is incomplete and nothing of it is taken); an XML absent from the metadata
    is still taken when its file name is a valid KSeF number.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    except zipfile.BadZipFile as error:
        raise KsefPackageError("package is not a zip archive") from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise KsefPackageError("package holds too many files")
    if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
        raise KsefPackageError("package is too large once unpacked")
    metadata, xml_by_number = [], {}
    for member in members:
        if member.is_dir():
            continue
        if member.file_size > MAX_MEMBER_BYTES:
            raise KsefPackageError(f"{member.filename}: file too large")
        # Names are data, never paths: nothing is written to disk.
        name = member.filename.rsplit("/", 1)[-1]
        if name == METADATA_NAME:
            metadata = _read_metadata(archive.read(member))
        elif name.lower().endswith(".xml"):
            xml_by_number[name[:-4]] = archive.read(member)
    return _pair(metadata, xml_by_number)


def _read_metadata(raw):
    try:
        content = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KsefPackageError("_metadata.json is not valid JSON") from error
    invoices = content.get("invoices") if isinstance(content, dict) else None
    if not isinstance(invoices, list):
        raise KsefPackageError("_metadata.json has no list of invoices")
    return invoices


def _pair(metadata, xml_by_number):
    invoices, seen = [], set()
    for entry in metadata:
        number = entry.get("ksefNumber") if isinstance(entry, dict) else None
        if not ksef_number.is_valid(number):
            raise KsefPackageError(f"_metadata.json: invalid KSeF number {number!r}")
        if number in seen:
            continue
        if number not in xml_by_number:
            raise KsefPackageError(f"{number}: listed in _metadata.json, no XML")
        seen.add(number)
        invoices.append(PackageInvoice(number, xml_by_number[number], entry))
    for number, xml in sorted(xml_by_number.items()):
        if number not in seen and ksef_number.is_valid(number):
            seen.add(number)
            invoices.append(PackageInvoice(number, xml))
    return Package(invoices=invoices, metadata_count=len(metadata))
