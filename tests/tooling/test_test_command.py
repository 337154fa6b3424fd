"""The test command is honest: without an Odoo 18 server it fails before
running anything (a run without the Odoo suite is not a pass) unless the
caller asks for the skip, and its Python tools are pinned."""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_test_command(tmp_path, **env):
    """tools/test.sh with no Odoo on PATH; it must stop at its Odoo check."""
    full_env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ODOO_BIN": str(tmp_path / "no-such-odoo-bin"),
        **env,
    }
    return subprocess.run(
        ["bash", str(ROOT / "tools" / "test.sh")],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_fails_without_odoo(tmp_path):
    result = run_test_command(tmp_path)
    assert result.returncode != 0
    assert "no Odoo 18 server found" in result.stderr
    assert "MILLENNIUM_SKIP_ODOO=1" in result.stderr
    assert "passed" not in result.stdout  # nothing ran, nothing claimed


def test_fails_with_another_odoo_version(tmp_path):
    fake = tmp_path / "odoo-bin"
    fake.write_text("#!/bin/sh\necho 'Odoo Server 17.0'\n")
    fake.chmod(0o755)
    result = run_test_command(tmp_path, ODOO_BIN=str(fake))
    assert result.returncode != 0
    assert "is not Odoo 18.0" in result.stderr
    assert "Odoo Server 17.0" in result.stderr


def odoo_for_tests(tmp_path, **env):
    """The gate of tools/test.sh alone, so the skip case runs no suite."""
    return subprocess.run(
        ["bash", "-c", f"source {ROOT}/tools/common.sh && odoo_for_tests"],
        env={"PATH": "/usr/bin:/bin", "ODOO_BIN": str(tmp_path / "none"), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_skip_only_on_explicit_request(tmp_path):
    assert odoo_for_tests(tmp_path).returncode != 0
    assert odoo_for_tests(tmp_path, MILLENNIUM_SKIP_ODOO="0").returncode != 0
    skipped = odoo_for_tests(tmp_path, MILLENNIUM_SKIP_ODOO="1")
    assert skipped.returncode == 0
    assert skipped.stdout == ""  # no server: tools/test.sh reports the skip
    script = (ROOT / "tools" / "test.sh").read_text()
    assert "Odoo suite skipped on request" in script


def requirement_lines(path):
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r "):
            yield line


def test_tools_are_pinned_and_cover_the_runtime_libraries():
    pins = {}
    for line in requirement_lines(ROOT / "requirements-test.txt"):
        name, sep, version = line.partition("==")
        assert sep and version, f"not pinned with ==: {line}"
        pins[name.lower().replace("_", "-")] = version
    for line in requirement_lines(ROOT / "requirements.txt"):
        name = re.split(r"[<>=!~; \[]", line)[0].lower().replace("_", "-")
        assert name in pins, (
            f"{name} (requirements.txt): no pin in requirements-test.txt"
        )


def test_ci_entry_point_is_executable():
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    mode = subprocess.run(
        ["git", "ls-files", "-s", ".ci/run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert not mode or mode[0] == "100755"
