"""The README's set-up commands run as root (no sudo in a fresh container) and as a user (with sudo),
and its class example folder grades as shown."""
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    return [c for c in re.findall(r"```sh\n(.*?)\n```", README, re.S) if "apt-get install" in c]


@pytest.mark.parametrize("uid, expected", [("0", "[] apt-get"), ("1000", "[sudo] apt-get")])
def test_setup_commands_need_sudo_only_as_a_user(tmp_path, uid, expected):
    """Each command's apt-get runs through `$SUDO`, which is empty for root; `id` is faked."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (fake / "id").chmod(0o755)
    commands = setup_commands()
    assert len(commands) == 2
    for command in commands:
        assert not re.search(r"(^|[;&|]\s*)sudo\s", command)          # never a bare sudo
        prefix, _, _ = command.partition(" apt-get update")
        probe = prefix.replace("$SUDO", 'echo "[$SUDO] apt-get"')
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True,
                              env={"PATH": f"{fake}:/usr/bin:/bin"})
        assert done.stdout.strip() == expected


def test_the_class_example_is_shipped():
    classe = ROOT / "gcode_samples" / "classe"
    assert (classe / "consignes.txt").is_file() and (classe / "O1003").is_file()
    assert "grade gcode_samples/classe/" in README
