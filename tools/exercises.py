"""Generate the exercise sets' student notebooks and autograders from the masters.

    python tools/exercises.py          regenerate exercises/*.ipynb and exercises/autograder/
    python tools/exercises.py --check  fail if the committed files differ from the masters
    python tools/exercises.py 02 05    only these sets

The single source of each set is exercises/masters/NN_name.ipynb (otter-grader's
assign format, with solutions and hidden tests). `otter assign` turns it into the
student notebook (public tests only, no solutions) and the autograder zip (all tests).
The zip is ready for Gradescope: it carries rnnlib's wheel (tools/rnnlib_wheel.py) and
installs the pinned packages the set's code can import (tools/autograder_env.py adds them
to a copy of the master's config). Cell ids and zip timestamps are made deterministic so
regenerating is reproducible; a change to rnnlib/, to constraints.txt or to
pyproject.toml's [project] changes every autograder zip.
"""
import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from autograder_env import gradescope_config
from rnnlib_wheel import build as build_wheel

ROOT = Path(__file__).resolve().parent.parent
MASTERS = ROOT / "exercises" / "masters"
STUDENT = ROOT / "exercises"
AUTOGRADER = ROOT / "exercises" / "autograder"


def _student_json(path, name):
    """The student notebook as stable JSON text: cell ids numbered, no outputs."""
    nb = json.loads(Path(path).read_text())
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"{name}-{i:02d}"
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _zip_bytes(path):
    """The autograder zip rewritten with sorted members and a fixed timestamp."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = src.getinfo(name).external_attr
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return buf.getvalue()


def master_for_gradescope(master, folder):
    """A copy of `master` in `folder`, its config completed for Gradescope, with the
    rnnlib wheel beside it (otter assign puts autograder_files into the zip's files/)."""
    nb = json.loads(Path(master).read_text())
    cell = nb["cells"][0]
    source = "".join(cell["source"])
    if cell["cell_type"] != "raw" or not source.startswith("# ASSIGNMENT CONFIG"):
        raise SystemExit(f"{master}: the first cell must be the raw ASSIGNMENT CONFIG cell")
    config = gradescope_config(nb, yaml.safe_load(source), master)
    cell["source"] = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)
    Path(folder).mkdir(parents=True, exist_ok=True)
    wheel, wheel_bytes = build_wheel()
    Path(folder, wheel).write_bytes(wheel_bytes)
    copy = Path(folder, Path(master).name)
    copy.write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    return copy


def generate(master, out_dir, run_tests):
    """Run otter assign on one master; return (student json text, autograder zip bytes)."""
    copy = master_for_gradescope(master, Path(out_dir, "master"))
    cmd = [str(Path(sys.executable).parent / "otter"), "assign", str(copy), str(out_dir)]
    if not run_tests:
        cmd.append("--no-run-tests")
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"otter assign failed on {master}:\n{done.stdout}\n{done.stderr}")
    name = master.stem
    (zip_path,) = Path(out_dir, "autograder").glob(f"{name}-autograder_*.zip")
    return _student_json(Path(out_dir, "student", f"{name}.ipynb"), name), _zip_bytes(zip_path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sets", nargs="*", help="set numbers, e.g. 02 (default: every set)")
    p.add_argument("--check", action="store_true", help="compare instead of writing")
    args = p.parse_args(argv)
    masters = [m for m in sorted(MASTERS.glob("*.ipynb"))
               if not args.sets or m.stem.split("_")[0] in args.sets]
    if not masters:
        p.error(f"no master notebooks in {MASTERS} for sets {args.sets or 'any'}")
    stale = []
    AUTOGRADER.mkdir(exist_ok=True)
    for master in masters:
        with tempfile.TemporaryDirectory() as tmp:
            # Writing also runs the tests on the solutions; checking leaves that to the tests.
            student, zip_bytes = generate(master, tmp, run_tests=not args.check)
        targets = [(STUDENT / f"{master.stem}.ipynb", student.encode()),
                   (AUTOGRADER / f"{master.stem}.zip", zip_bytes)]
        for path, data in targets:
            if args.check:
                if not path.is_file() or path.read_bytes() != data:
                    stale.append(str(path.relative_to(ROOT)))
            else:
                path.write_bytes(data)
                print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        raise SystemExit("These generated files do not match their masters: "
                         + ", ".join(stale) + ". Run `make exercises` and commit the result "
                         "(the autograder zips also change with rnnlib/, constraints.txt and "
                         "pyproject.toml: they carry rnnlib's wheel and the pinned versions).")
    if args.check:
        print(f"{len(masters)} exercise sets: generated files up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
