"""The White List's flat file: its hash, its masks, its streamed reading and
the compact form it is kept in, on files generated in the published layout."""

import hashlib
import io
import json

import pytest
from intake import whitelist

DAY = "20261204"
NIP = "5260250274"
OTHER_NIP = "7740001454"
ACCOUNT = "61109010140000071219812874"
VIRTUAL = "27114020040000300201355387"  # a bank's virtual account range
VIRTUAL_MASK = "XX11402004YYYYYYYYYYYYYYYY"[:10] + "0000XXYYYYYYYYYY"
OTHER_BANK_MASK = "XX10501445XXXXYYYYYYYYYYYY"


def _file(rounds=3, **kwargs):
    stream = io.BytesIO()
    whitelist.write_json(stream, DAY, rounds, **kwargs)
    stream.seek(0)
    return stream


def test_hash_is_sha512_iterated_over_lowercase_hex():
    """Round one hashes the key, each next round the previous lowercase hex."""
    key = f"{DAY}{NIP}{ACCOUNT}".encode()
    expected = hashlib.sha512(key).hexdigest()
    for _ in range(4):
        expected = hashlib.sha512(expected.encode()).hexdigest()
    assert whitelist.flat_hash(DAY, NIP, ACCOUNT, 5).hex() == expected
    assert whitelist.flat_hash(DAY, NIP, ACCOUNT, 1) == hashlib.sha512(key).digest()


def test_account_and_nip_as_printed():
    assert whitelist.nrb("PL61 1090 1014 0000 0712 1981 2874") == ACCOUNT
    assert whitelist.nrb("61-1090-1014-0000-0712-1981-2874") == ACCOUNT
    assert whitelist.nrb("DE89370400440532013000") is None
    assert whitelist.nip_digits("PL 526-025-02-74") == NIP
    assert whitelist.nip_digits("DE123456789") is None


def test_listed_account_is_found_active_or_exempt():
    flat = whitelist.load_json(
        _file(active=[(NIP, ACCOUNT)], exempt=[(OTHER_NIP, ACCOUNT)])
    )
    assert (flat.day, flat.rounds, flat.count) == (DAY, 3, 2)
    assert flat.check(NIP, "PL" + ACCOUNT) == (whitelist.ACTIVE, None)
    assert flat.check("PL" + OTHER_NIP, ACCOUNT) == (whitelist.EXEMPT, None)


def test_not_listed_is_no_answer_not_a_verdict():
    flat = whitelist.load_json(_file(active=[(NIP, ACCOUNT)]))
    other_account = "11" + ACCOUNT[2:]
    assert flat.check(NIP, other_account) == (None, None)
    assert flat.check(OTHER_NIP, ACCOUNT) == (None, None)
    assert flat.check(NIP, "not an account") == (None, None)


def test_the_rounds_are_read_from_the_header():
    """A file hashed 7 times is checked with 7 rounds, not a constant."""
    flat = whitelist.load_json(_file(rounds=7, active=[(NIP, ACCOUNT)]))
    assert flat.rounds == 7
    assert flat.check(NIP, ACCOUNT)[0] == whitelist.ACTIVE


def test_virtual_account_through_its_mask():
    masked = whitelist.apply_mask(VIRTUAL_MASK, VIRTUAL)
    assert masked == "XX11402004" + "0000XX" + VIRTUAL[16:]
    assert whitelist.mask_matches(VIRTUAL_MASK, VIRTUAL)
    flat = whitelist.load_json(
        _file(
            active=[(NIP, masked)], masks=[VIRTUAL_MASK, "XX10501445XXXXYYYYYYYYYYYY"]
        )
    )
    assert flat.check(NIP, VIRTUAL) == (whitelist.ACTIVE, VIRTUAL_MASK)
    # another bank's account is not covered by the mask
    assert flat.check(NIP, "27105014450000300201355387") == (None, None)


def test_mask_digits_must_match():
    assert not whitelist.mask_matches(VIRTUAL_MASK, "27114020050000300201355387")
    assert not whitelist.mask_matches(VIRTUAL_MASK, VIRTUAL[:-1])


def test_streamed_reading_across_small_chunks():
    """Tokens cut at every chunk boundary are read whole."""
    stream = _file(active=[(NIP, ACCOUNT), (OTHER_NIP, ACCOUNT)])
    events = list(whitelist.iter_json_events(stream, chunk_size=7))
    stream.seek(0)
    parsed = json.load(stream)
    assert [v for p, v in events if p == (whitelist.ACTIVE_KEY,)] == parsed[
        whitelist.ACTIVE_KEY
    ]
    assert (("naglowek", "liczbaTransformacji"), "3") in events


def test_json_escapes_and_nesting():
    text = b'{"a": {"b": [1, "x\\"y", true, null]}, "c": [{"d": -2.5e1}]}'
    events = list(whitelist.iter_json_events(io.BytesIO(text), chunk_size=3))
    assert events == [
        (("a", "b"), 1),
        (("a", "b"), 'x"y'),
        (("a", "b"), True),
        (("a", "b"), None),
        (("c", "d"), -25.0),
    ]


def test_truncated_file_is_refused():
    data = _file(active=[(NIP, ACCOUNT)]).getvalue()[:-40]
    with pytest.raises(whitelist.FlatFileError):
        whitelist.load_json(io.BytesIO(data))


def test_header_without_rounds_is_refused():
    data = b'{"naglowek": {"dataGenerowaniaDanych": "20261204"}, "maski": []}'
    with pytest.raises(whitelist.FlatFileError, match="liczbaTransformacji"):
        whitelist.load_json(io.BytesIO(data))


def test_compact_form_round_trip():
    pairs = [(f"{n:010d}", ACCOUNT) for n in range(300)]
    flat = whitelist.load_json(
        _file(active=pairs, exempt=[(OTHER_NIP, ACCOUNT)], masks=[VIRTUAL_MASK])
    )
    again = whitelist.load_compact(whitelist.dump_compact(flat))
    assert (again.day, again.rounds, again.count, again.masks) == (
        DAY,
        3,
        301,
        [VIRTUAL_MASK],
    )
    assert all(again.check(nip, ACCOUNT)[0] == whitelist.ACTIVE for nip, _a in pairs)
    assert again.check(OTHER_NIP, ACCOUNT)[0] == whitelist.EXEMPT


def test_digest_set_finds_every_member_and_nothing_else():
    digests = [hashlib.sha512(str(n).encode()).digest() for n in range(5000)]
    found = whitelist.DigestSet.from_digests(b"".join(digests))
    assert len(found) == 5000
    assert all(digest in found for digest in digests)
    strangers = [hashlib.sha512(f"x{n}".encode()).digest() for n in range(2000)]
    assert not any(digest in found for digest in strangers)
    # the index: at most 8 bytes a digest beside the 64 of the digest itself
    assert found.nbytes() <= 5000 * (64 + 8)


def test_empty_set():
    empty = whitelist.DigestSet(b"")
    assert len(empty) == 0
    assert hashlib.sha512(b"x").digest() not in empty


def test_plain_json_is_read_as_published():
    data = _file(active=[(NIP, ACCOUNT)]).getvalue()
    assert whitelist.load_published(data).check(NIP, ACCOUNT)[0] == whitelist.ACTIVE


def test_seven_zip_packed_file_or_a_clear_refusal():
    """A 7z file is read with py7zr when the server has it, else refused with
    a reason that names it (serve the unpacked JSON then)."""
    data = _file(active=[(NIP, ACCOUNT)]).getvalue()
    if not whitelist.seven_zip_available():
        with pytest.raises(whitelist.FlatFileError, match="py7zr"):
            whitelist.load_published(b"7z\xbc\xaf\x27\x1c" + b"\0" * 30)
        return
    import py7zr

    packed = io.BytesIO()
    with py7zr.SevenZipFile(packed, "w") as archive:
        archive.writestr(data, f"{DAY}.json")
    flat = whitelist.load_published(packed.getvalue())
    assert flat.check(NIP, ACCOUNT)[0] == whitelist.ACTIVE


def test_split_payment_reference_in_the_banks_format():
    from intake import split_payment

    assert (
        split_payment.reference(3739.835, NIP, "FV/21/03/2026")
        == f"/VAT/3739,84/IDC/{NIP}/INV/FV/21/03/2026/TXT/"
    )
    assert split_payment.reference(0.0, NIP, "FV 1", "zaliczka") == (
        f"/VAT/0,00/IDC/{NIP}/INV/FV 1/TXT/zaliczka"
    )
    assert split_payment.reference(10.0, None, "FV 1") is None
    long_number = "X" * 50
    assert f"/INV/{'X' * 35}/TXT/" in split_payment.reference(1, NIP, long_number)


def test_bucket_index_is_the_same_with_or_without_numpy():
    digests = [hashlib.sha512(str(n).encode()).digest() for n in range(3000)]
    found = whitelist.DigestSet.from_digests(b"".join(digests))
    buckets = len(found._index) - 1
    assert list(found._index) == list(found._build_index_python(buckets))
    assert found._index[0] == 0 and found._index[-1] == 3000
