import socket

import pytest
from intake import listen_backlog as lb


def test_default_is_per_worker_and_above_odoos_own():
    # Odoo's prefork server keeps 8 per worker (16 with 2); twenty phones
    # sending a photo and its retry open 40 connections at once.
    assert lb.listen_backlog(2, 4096) == 128
    assert lb.listen_backlog(4, 4096) == 256
    assert lb.listen_backlog(2, 4096) >= 40


def test_never_above_the_kernels_cap():
    assert lb.listen_backlog(4, 128) == 128
    assert lb.listen_backlog(2, 100, configured=500) == 100


def test_configured_value_wins_over_the_default():
    assert lb.listen_backlog(2, 4096, configured=1000) == 1000
    assert lb.listen_backlog(16, 4096, configured=50) == 50


def test_no_worker_still_listens():
    assert lb.listen_backlog(0, 4096) == lb.PER_WORKER


@pytest.mark.parametrize("value", [None, False, "", " ", "0"])
def test_unset_option_means_the_default(value):
    assert lb.parse_option(value) is None


def test_option_as_odoo_conf_gives_it():
    assert lb.parse_option("512") == 512
    assert lb.parse_option(" 64 ") == 64


@pytest.mark.parametrize("value", ["many", "-5", "1.5"])
def test_wrong_option_is_refused(value):
    with pytest.raises(ValueError):
        lb.parse_option(value)


def test_somaxconn_read_from_proc(tmp_path):
    path = tmp_path / "somaxconn"
    path.write_text("2048\n", encoding="ascii")
    assert lb.read_somaxconn(str(path)) == 2048


def test_somaxconn_without_proc_is_the_c_librarys(tmp_path):
    assert lb.read_somaxconn(str(tmp_path / "missing")) == socket.SOMAXCONN
    garbage = tmp_path / "garbage"
    garbage.write_text("lots", encoding="ascii")
    assert lb.read_somaxconn(str(garbage)) == socket.SOMAXCONN
