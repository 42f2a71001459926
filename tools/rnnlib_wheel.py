"""A wheel of rnnlib, built from this checkout, byte for byte the same every time.

    python tools/rnnlib_wheel.py [OUT_DIR]    write rnnlib-<version>-py3-none-any.whl

Each exercise set's Gradescope autograder carries this wheel (rnnlib is not on PyPI).
The autograder zip is compared byte for byte with a fresh one (`tools/exercises.py
--check`), so the wheel is written here, not by a build backend: members in a fixed order, one
fixed timestamp, fixed permissions, stored uncompressed (the autograder zip around it
compresses it), no generator version inside. What setuptools would put in it: every
.py file of the rnnlib packages, LICENSE, and metadata from pyproject.toml (name,
version, summary, Python and dependencies). Left out: the extras (an autograder installs
the packages its set imports itself, see tools/autograder_env.py), the README as long
description and top_level.txt, so that editing them does not change every autograder.
"""
import base64
import hashlib
import io
import sys
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:            # Python 3.10: the copy pip carries
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FIXED_TIME = (1980, 1, 1, 0, 0, 0)     # the earliest time a zip member can have


def project(root=ROOT):
    """The [project] table of root/pyproject.toml, as a dict."""
    with open(Path(root, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def wheel_name(root=ROOT):
    """The wheel's file name, e.g. 'rnnlib-0.1.0-py3-none-any.whl'."""
    p = project(root)
    return f"{p['name']}-{p['version']}-py3-none-any.whl"


def package_files(root=ROOT):
    """[(path in the wheel, bytes)] of every .py file under root/rnnlib, sorted."""
    files = [f for f in Path(root, "rnnlib").rglob("*.py") if "__pycache__" not in f.parts]
    return sorted((f.relative_to(root).as_posix(), f.read_bytes()) for f in files)


def metadata(p):
    """The METADATA file (core metadata 2.4) for the [project] table `p`, without extras."""
    lines = ["Metadata-Version: 2.4", f"Name: {p['name']}", f"Version: {p['version']}",
             f"Summary: {p['description']}", f"License-Expression: {p['license']}",
             *(f"License-File: {name}" for name in p.get("license-files", [])),
             f"Requires-Python: {p['requires-python']}",
             *(f"Requires-Dist: {req}" for req in p.get("dependencies", []))]
    return "\n".join(lines) + "\n"


def record_line(path, data):
    """One RECORD row: path, urlsafe base64 sha256 without padding, size in bytes."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build(root=ROOT):
    """(file name, wheel bytes) of rnnlib as it is in `root` now."""
    p = project(root)
    info = f"{p['name']}-{p['version']}.dist-info"
    files = package_files(root) + [
        (f"{info}/licenses/{name}", Path(root, name).read_bytes())
        for name in p.get("license-files", [])]
    files += [(f"{info}/METADATA", metadata(p).encode()),
              (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: tools/rnnlib_wheel.py\n"
                                b"Root-Is-Purelib: true\nTag: py3-none-any\n")]
    record = "\n".join([record_line(path, data) for path, data in files]
                       + [f"{info}/RECORD,,"]) + "\n"
    files.append((f"{info}/RECORD", record.encode()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for path, data in files:          # RECORD last, as the wheel format recommends
            member = zipfile.ZipInfo(path, date_time=FIXED_TIME)
            member.external_attr = 0o100644 << 16     # a regular file, rw-r--r--
            zf.writestr(member, data)
    return wheel_name(root), buf.getvalue()


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    name, data = build()
    (out / name).write_bytes(data)
    print(f"wrote {out / name} ({len(data)} bytes)")
