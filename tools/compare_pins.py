"""Print the packages whose version in a `pip list --format=freeze` file differs from a pin.

    python tools/compare_pins.py constraints.txt freeze.txt
"""
import re
import sys


def pins(path):
    """{normalised name: version} of the `name==version` lines of a file."""
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^ ;\n]+)", open(path).read(), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in found}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/compare_pins.py constraints.txt freeze.txt")
    pinned, now = pins(sys.argv[1]), pins(sys.argv[2])
    changed = [f"  {name}: {pinned[name]} -> {now[name]}"
               for name in sorted(pinned) if name in now and now[name] != pinned[name]]
    print("\n".join(changed) if changed else "  none: the newest allowed versions are the pinned ones")
