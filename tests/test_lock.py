"""Reproducible installs: requirements.txt is a full lock made from requirements.in by
`make lock`, every package pinned with hashes, and everything installs from it with
--require-hashes."""

from __future__ import annotations

import re

from conftest import ROOT

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def direct() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            found = REQUIREMENT.match(line)
            assert found, f"requirements.in: pin every package exactly (name==version): {line!r}"
            pins[normalise(found[1])] = found[2]
    return pins


def locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) for every entry of the lock."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = REQUIREMENT.match(line)
        if found:
            current = []
            entries[normalise(found[1])] = (found[2], current)
        elif stripped.startswith("--hash=sha256:") and current is not None:
            current.append(stripped.removeprefix("--hash=sha256:").rstrip(" \\"))
        else:
            raise AssertionError(f"requirements.txt: unexpected line {line!r} (run `make lock`)")
    return entries


def test_the_lock_pins_every_direct_dependency_at_its_version() -> None:
    lock = locked()
    pins = direct()
    assert "mkdocs" in pins and "check-jsonschema" in pins
    for name, version in pins.items():
        assert name in lock, f"{name} is in requirements.in but not in the lock: run `make lock`"
        assert lock[name][0] == version, f"{name}: {version} in requirements.in, {lock[name][0]} locked: run `make lock`"


def test_every_locked_package_has_hashes() -> None:
    lock = locked()
    assert len(lock) > len(direct())  # transitive packages too (jinja2, click, ...)
    assert "jinja2" in lock and "click" in lock
    for name, (_version, hashes) in lock.items():
        assert hashes, f"{name} has no hash"
        assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in hashes), name


def test_the_lock_names_its_command_and_no_machine_specific_index() -> None:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "#    make lock\n" in text
    assert "--find-links" not in text and "--index-url" not in text and "--extra-index-url" not in text


def test_installs_require_the_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt" in makefile
    assert "piptools compile --quiet --generate-hashes --allow-unsafe" in makefile
