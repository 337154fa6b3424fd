"""The KSeF client, crypto and incremental loop against the local stand-in
(a real HTTP server on loopback that validates every call against the
Ministry's open-api.json). Nothing of the client is mocked."""

import datetime
import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from intake import ksef_crypto, ksef_number
from intake.ksef_client import KsefClient, KsefError, parse_api_datetime
from intake.ksef_sync import RoleSync, api_datetime, next_start

_STANDIN = (
    Path(__file__).resolve().parents[2]
    / "addons/millennium_inbox/tests/ksef_standin.py"
)
_spec = importlib.util.spec_from_file_location("ksef_standin", _STANDIN)
standin_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(standin_module)

UTC = datetime.timezone.utc
BASE = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
NOW = BASE + datetime.timedelta(days=1)
SELLER = "7010000001"


@pytest.fixture
def standin():
    server = standin_module.KsefStandIn().start()
    server.clock_ticks = standin_module.ticks_from_datetime(NOW)
    yield server
    server.stop()
    assert server.violations == []


def client_for(server, **kwargs):
    kwargs.setdefault("sleep", lambda _s: None)
    return KsefClient(server.base_url, server.nip, server.token, **kwargs)


def add_invoices(server, count, start=BASE, step_seconds=60, serial=1):
    numbers = []
    for offset in range(count):
        number = standin_module.make_ksef_number(SELLER, "20260301", serial + offset)
        stored = start + datetime.timedelta(seconds=step_seconds * offset)
        server.add_invoice(number, stored, standin_module.random_invoice_xml(number))
        numbers.append(number)
    return numbers


class Store:
    """What the Odoo side does, in memory: invoices by KSeF number, one point."""

    def __init__(self):
        self.invoices = {}
        self.point = None
        self.started = []

    def land(self, _reference, package, following, _info):
        for invoice in package.invoices:
            self.invoices.setdefault(invoice.ksef_number, invoice.xml)
        self.point = following


def sync(client, store, start, **kwargs):
    kwargs.setdefault("now", lambda: NOW)
    role = RoleSync(
        client,
        "Subject2",
        may_start=kwargs.pop("may_start", lambda: True),
        started=lambda handle, s, _end: store.started.append((handle.reference, s)),
        land=store.land,
        **kwargs,
    )
    return role.run(start)


def test_ksef_number_checksum():
    assert ksef_number.is_valid("5265877635-20250826-0100001AF629-AF")
    assert not ksef_number.is_valid("5265877635-20250826-0100001AF629-AE")
    number = "5265877635-20250826-0100001AF629-AF"
    text = f"KSeF: {number}, kopia {number}"
    assert ksef_number.find_all(text) == ["5265877635-20250826-0100001AF629-AF"]


def test_api_datetime_has_explicit_offset_and_keeps_seven_digits():
    assert api_datetime(datetime.datetime(2026, 3, 1, 9, 0)) == (
        "2026-03-01T09:00:00.000000+00:00"
    )
    warsaw = datetime.timezone(datetime.timedelta(hours=1))
    assert api_datetime(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=warsaw)) == (
        "2026-03-01T09:00:00.000000+00:00"
    )
    seven = "2026-03-01T10:00:00.1234567+00:00"
    assert parse_api_datetime(seven).microsecond == 123456
    # The continuation point is the API's own string, untouched.
    info = {"isTruncated": True, "lastPermanentStorageDate": seven}
    assert next_start(info, "x") == seven
    assert (
        next_start({"isTruncated": False, "permanentStorageHwmDate": seven}, "x")
        == seven
    )


def test_aes_parts_decrypt_on_their_own_and_hash_is_checked():
    key, iv = ksef_crypto.new_symmetric_key()
    payload = b"0123456789abcdef" * 10
    chunks = [payload[:70], payload[70:]]
    parts = []
    for ordinal, chunk in enumerate(chunks, start=1):
        encrypted = ksef_crypto.aes_cbc_encrypt(key, iv, chunk)
        part = {
            "ordinalNumber": ordinal,
            "encryptedPartSize": len(encrypted),
            "encryptedPartHash": ksef_crypto.sha256_b64(encrypted),
            "partHash": ksef_crypto.sha256_b64(chunk),
        }
        parts.append((part, encrypted))
    assert ksef_crypto.decrypt_parts(key, iv, parts) == payload
    # flip the last byte (a fixed b"\x00" equals it once in 256 runs)
    broken = (parts[1][0], parts[1][1][:-1] + bytes([parts[1][1][-1] ^ 0xFF]))
    with pytest.raises(ksef_crypto.KsefPackageError):
        ksef_crypto.decrypt_parts(key, iv, [parts[0], broken])


def test_package_refuses_metadata_without_its_xml():
    number = standin_module.make_ksef_number(SELLER, "20260301", 5)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "_metadata.json", '{"invoices": [{"ksefNumber": "%s"}]}' % number
        )
    with pytest.raises(ksef_crypto.KsefPackageError):
        ksef_crypto.read_package(buffer.getvalue())


def test_token_auth_export_and_package(standin):
    numbers = add_invoices(standin, 3)
    standin.part_size = 700  # several parts, each encrypted on its own
    client = client_for(standin)
    store = Store()
    outcome, point = sync(
        client, store, api_datetime(BASE - datetime.timedelta(days=1))
    )
    assert outcome == "done"
    assert sorted(store.invoices) == sorted(numbers)
    assert store.invoices[numbers[0]] == standin_module.random_invoice_xml(numbers[0])
    assert point == store.point and point.endswith("+00:00")
    assert standin.count("POST", "/auth/ksef-token") == 1


def test_truncated_packages_continue_at_last_date_and_lose_nothing(standin):
    numbers = add_invoices(standin, 2, start=BASE - datetime.timedelta(minutes=5))
    # Two invoices share one instant: the first cut falls inside it.
    numbers += add_invoices(standin, 2, step_seconds=0, serial=20)
    numbers += add_invoices(
        standin, 3, start=BASE + datetime.timedelta(hours=1), serial=50
    )
    standin.max_per_package = 3
    client = client_for(standin)
    store = Store()
    outcome, _point = sync(
        client, store, api_datetime(BASE - datetime.timedelta(days=1))
    )
    assert outcome == "done"
    assert sorted(store.invoices) == sorted(numbers)
    starts = [start for _ref, start in store.started]
    # Exactly the API's lastPermanentStorageDate, no millisecond added.
    assert starts[1] == standin_module.text_of(standin_module.ticks_from_datetime(BASE))


def test_next_run_starts_at_high_water_mark_and_overlap_is_deduplicated(standin):
    first = add_invoices(standin, 2)
    standin.hwm_ticks = standin_module.ticks_from_datetime(
        BASE + datetime.timedelta(minutes=30)
    )
    late = add_invoices(
        standin, 1, start=BASE + datetime.timedelta(minutes=45), serial=90
    )
    client = client_for(standin)
    store = Store()
    _outcome, point = sync(
        client, store, api_datetime(BASE - datetime.timedelta(days=1))
    )
    # Beyond the high-water mark: not yet.
    assert sorted(store.invoices) == sorted(first)
    assert point == standin_module.text_of(standin.hwm_ticks)
    standin.hwm_ticks = None
    _outcome, _point = sync(client, store, point)
    assert sorted(store.invoices) == sorted(first + late)


def test_start_past_high_water_mark_is_up_to_date_not_an_error(standin):
    standin.hwm_ticks = standin_module.ticks_from_datetime(BASE)
    store = Store()
    outcome, point = sync(
        client_for(standin), store, api_datetime(BASE + datetime.timedelta(hours=1))
    )
    assert outcome == "up_to_date"
    assert point == api_datetime(BASE + datetime.timedelta(hours=1))


def test_rate_limit_is_waited_out_with_retry_after(standin):
    add_invoices(standin, 1)
    standin.throttle[("POST", "/invoices/exports")] = [7]
    waits = []
    client = client_for(standin, sleep=waits.append)
    store = Store()
    outcome, _point = sync(
        client, store, api_datetime(BASE - datetime.timedelta(days=1))
    )
    assert outcome == "done" and len(store.invoices) == 1
    assert 7 in waits


def test_long_rate_limit_stops_with_retry_after(standin):
    standin.throttle[("POST", "/invoices/exports")] = [3600]
    store = Store()
    with pytest.raises(KsefError) as caught:
        sync(client_for(standin), store, api_datetime(BASE))
    assert caught.value.code == "rate_limited" and caught.value.retry_after == 3600
    assert store.point is None


def test_expired_access_token_is_refreshed_then_logged_in_again(standin):
    add_invoices(standin, 2)
    standin.hwm_ticks = standin_module.ticks_from_datetime(
        BASE + datetime.timedelta(hours=1)
    )
    client = client_for(standin)
    client.authenticate()
    standin.expire_access_tokens()
    store = Store()
    sync(client, store, api_datetime(BASE - datetime.timedelta(days=1)))
    assert standin.count("POST", "/auth/token/refresh") == 1
    standin.expire_all_tokens()
    add_invoices(standin, 1, start=BASE + datetime.timedelta(hours=2), serial=70)
    standin.hwm_ticks = None
    sync(client, store, store.point)
    assert standin.count("POST", "/auth/ksef-token") == 2
    assert len(store.invoices) == 3


def test_broken_part_is_fetched_again_with_a_fresh_url(standin):
    add_invoices(standin, 2)
    standin.corrupt_downloads = 1
    store = Store()
    outcome, _point = sync(
        client_for(standin), store, api_datetime(BASE - datetime.timedelta(days=1))
    )
    assert outcome == "done" and len(store.invoices) == 2


def test_part_that_stays_broken_fails_the_export_and_moves_nothing(standin):
    add_invoices(standin, 2)
    standin.corrupt_downloads = 100
    store = Store()
    with pytest.raises(KsefError) as caught:
        sync(
            client_for(standin), store, api_datetime(BASE - datetime.timedelta(days=1))
        )
    assert caught.value.code == "bad_package"
    assert store.invoices == {} and store.point is None


def test_wrong_token_says_so(standin):
    client = KsefClient(standin.base_url, standin.nip, "wrong", sleep=lambda _s: None)
    with pytest.raises(KsefError) as caught:
        client.authenticate()
    assert caught.value.code == "auth_failed" and caught.value.ksef_code == 450
    assert "wrong" not in str(caught.value)


def test_key_encrypted_for_the_wrong_usage_shows_as_415_in_the_status(standin):
    client = client_for(standin)
    client.authenticate()
    token_key = client.public_key("KsefTokenEncryption")
    client.public_key = lambda usage: token_key  # the other certificate
    with pytest.raises(KsefError) as caught:
        handle = client.start_export(
            "Subject2", api_datetime(BASE - datetime.timedelta(hours=1))
        )
        client.wait_export(handle.reference)
    assert caught.value.code == "export_failed" and caught.value.ksef_code == 415


def test_first_sync_from_long_ago_goes_in_windows_of_under_three_months(standin):
    old = add_invoices(
        standin, 1, start=BASE - datetime.timedelta(days=200), serial=300
    )
    recent = add_invoices(standin, 1)
    store = Store()
    outcome, _point = sync(
        client_for(standin), store, api_datetime(BASE - datetime.timedelta(days=250))
    )
    assert outcome == "done"
    assert sorted(store.invoices) == sorted(old + recent)
    assert len(store.started) >= 3


def test_hourly_budget_is_respected(standin):
    add_invoices(standin, 6)
    standin.max_per_package = 2
    budget = [2]

    def may_start():
        budget[0] -= 1
        return budget[0] >= 0

    store = Store()
    outcome, point = sync(
        client_for(standin),
        store,
        api_datetime(BASE - datetime.timedelta(days=1)),
        may_start=may_start,
    )
    assert outcome == "budget"
    assert len(store.started) == 2
    assert point == store.point


def test_one_invoice_by_its_ksef_number(standin):
    numbers = add_invoices(standin, 2)
    client = client_for(standin)
    assert client.invoice_xml(numbers[1]) == standin_module.random_invoice_xml(
        numbers[1]
    )
    assert standin.count("GET", "/invoices/ksef/{ksefNumber}") == 1


def test_unknown_or_not_yet_available_invoice_says_which(standin):
    (number,) = add_invoices(standin, 1)
    unknown = standin_module.make_ksef_number(SELLER, "20260301", 999)
    client = client_for(standin)
    with pytest.raises(KsefError) as caught:
        client.invoice_xml(unknown)
    assert (caught.value.code, caught.value.ksef_code) == ("invoice_unknown", 21164)
    standin.not_yet_available.add(number)
    with pytest.raises(KsefError) as caught:
        client.invoice_xml(number)
    assert caught.value.code == "invoice_not_ready"


def test_a_wrong_checksum_is_never_sent(standin):
    (number,) = add_invoices(standin, 1)
    wrong = number[:-2] + ("00" if number[-2:] != "00" else "01")
    with pytest.raises(ValueError):
        client_for(standin).invoice_xml(wrong)
    assert standin.log == []


def test_long_rate_limit_on_an_invoice_download_is_raised_with_its_wait(standin):
    (number,) = add_invoices(standin, 1)
    standin.throttle[("GET", "/invoices/ksef/{ksefNumber}")] = [600]
    client = client_for(standin, max_inline_wait=5)
    with pytest.raises(KsefError) as caught:
        client.invoice_xml(number)
    assert (caught.value.code, caught.value.retry_after) == ("rate_limited", 600)


def test_the_number_printed_under_the_qr_code_is_found_with_its_checksum():
    number = standin_module.make_ksef_number("1234563218", "20260301", 7)
    other = standin_module.make_ksef_number("1234563218", "20260301", 8)
    wrong = number[:-2] + ("00" if number[-2:] != "00" else "01")
    page = f"Faktura VAT nr FV/1/2026\n[QR]\n{number}\nRazem: 123,00"
    assert ksef_number.printed_number([page]) == number
    assert ksef_number.printed_number([page.replace(number, wrong)]) is None
    # the label a reader found wins, when its checksum is right
    assert ksef_number.printed_number([page], labelled=number) == number
    assert ksef_number.printed_number([page], labelled=wrong) is None
    # a correction names the corrected invoice's number: not this invoice's
    correction = f"Numer KSeF faktury korygowanej:\n{other}\n{number}"
    assert ksef_number.printed_number([correction]) == number
    assert ksef_number.printed_number([f"{page}\nKorekta do {other}"]) == number
    # two different numbers: which one is this invoice? None.
    assert ksef_number.printed_number([page, other]) is None
    # unlabelled, its first part must be a valid NIP (an OCR misread that
    # happens to pass the CRC-8 rarely is one)
    bad_nip = standin_module.make_ksef_number(SELLER, "20260301", 7)
    assert ksef_number.printed_number([f"[QR]\n{bad_nip}"]) is None
    # OCR's letter O for a zero is put back; the checksum still decides
    assert ksef_number.printed_number([page.replace("0000", "00O0")]) == number
