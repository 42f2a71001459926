"""tools/offline.sh: inside it, loopback works and nothing outside can be reached."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

OFFLINE = Path(__file__).resolve().parents[1] / "tools" / "offline.sh"

CONNECT = """
import socket, sys, threading
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
threading.Thread(target=server.accept, daemon=True).start()
socket.create_connection(server.getsockname(), timeout=2).close()   # loopback works
try:
    socket.create_connection(("{host}", {port}), timeout=2)
except OSError as exc:
    print("blocked:", exc); sys.exit(0)
sys.exit("reached {host}:{port}")
"""


def offline(code):
    return subprocess.run([str(OFFLINE), sys.executable, "-c", code],
                          capture_output=True, text=True, timeout=60)


def namespaces_work():
    return shutil.which("unshare") is not None and any(
        subprocess.run(["unshare", flag, "true"], capture_output=True).returncode == 0
        for flag in ("-n", "-rn"))


@pytest.fixture(autouse=True)
def need_namespaces():
    if not namespaces_work():
        if os.environ.get("CI"):
            pytest.fail("CI cannot create a network namespace: the notebooks would run online")
        pytest.skip("no network namespaces here (unshare -n / -rn): notebooks run online")


@pytest.mark.parametrize("host, port", [("1.1.1.1", 53), ("8.8.8.8", 443), ("pypi.org", 443)])
def test_outside_hosts_are_unreachable_and_loopback_works(host, port):
    done = offline(CONNECT.format(host=host, port=port))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "blocked:" in done.stdout


def test_the_command_runs_with_its_arguments_and_exit_code():
    done = offline("import sys; print(sys.argv[1:]); sys.exit(7)")
    assert done.returncode == 7 and "[]" in done.stdout
    assert "network namespace with loopback only" in done.stderr


def test_no_command_is_a_usage_error():
    done = subprocess.run([str(OFFLINE)], capture_output=True, text=True)
    assert done.returncode == 2 and "usage: tools/offline.sh COMMAND" in done.stderr
