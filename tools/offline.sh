#!/bin/bash
# Run a command with networking disabled: in a new network namespace whose only
# interface is loopback (Jupyter kernels talk to their client over 127.0.0.1).
#   tools/offline.sh COMMAND [ARGS...]
# Needs `unshare` (util-linux) and either root or unprivileged user namespaces. Where
# neither works the command runs with the network on and a warning, except under CI,
# where that is an error: the offline guarantee must be tested there.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: tools/offline.sh COMMAND [ARGS...]" >&2; exit 2; }

probe='import socket, sys
s = socket.socket(); s.settimeout(2)
try:
    s.connect(("1.1.1.1", 53))
except OSError:
    sys.exit(0)          # no route out: offline
sys.exit("the network is reachable inside the offline namespace")'

for flags in "-n" "-rn"; do
    if unshare $flags true 2>/dev/null; then
        exec unshare $flags bash -c '
            ip link set lo up || { echo "tools/offline.sh: cannot bring up loopback (ip, from iproute2, is needed)" >&2; exit 3; }
            python3 -c "$0" || exit 3
            echo "offline: running in a network namespace with loopback only" >&2
            exec "$@"' "$probe" "$@"
    fi
done
if [ -n "${CI:-}" ]; then
    echo "tools/offline.sh: cannot create a network namespace (unshare -n / -rn failed); CI must run the notebooks offline" >&2
    exit 3
fi
echo "tools/offline.sh: cannot disable the network here (no unshare -n / -rn); running with the network ON" >&2
exec "$@"
