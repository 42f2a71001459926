"""The autograder zips work on Gradescope: each one installs what its set needs, from the
zip alone, and grades the solution full marks and the untouched student notebook zero.

Gradescope unpacks the zip into /autograder/source and runs its setup.sh: a conda
environment from environment.yml (a Python version, then pip installs otter-grader,
rnnlib's wheel from the zip's files/ and the pinned packages). For each submission it
runs run_autograder, which runs run_otter.py: otter grades the notebook in
/autograder/submission and writes /autograder/results/results.json. There is no
Gradescope and no conda here, so for sets 02 (numpy only) and 06 (TensorFlow):

- the committed zip is unpacked into a temporary folder that plays /autograder;
- a NEW virtual environment is made with the Python that environment.yml names, from a
  folder outside the repository, with PYTHONPATH cleared (not the project's .venv, no
  checkout on sys.path); pip installs environment.yml's conda packages (but Python and
  pip), then its pip list exactly as written, except that /autograder means the
  temporary folder (pip may use the registry and its cache);
- the zip's own run_otter.py, pointed at the temporary folder, grades each notebook in a
  fresh folder, as Gradescope grades each submission in a fresh container.

Installing TensorFlow into a new environment takes minutes; the time of each step is
printed (pytest -s). EXERCISE_SETS="02" limits the run, as in test_exercises.py.
"""
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import autograder_env  # noqa: E402  (tools/autograder_env.py)
import exercises  # noqa: E402  (tools/exercises.py)
import grade  # noqa: E402  (tools/grade.py)
import rnnlib_wheel  # noqa: E402  (tools/rnnlib_wheel.py)

GRADESCOPE_SETS = ["02_rnn_forward", "06_keras_model"]
ONLY = os.environ.get("EXERCISE_SETS", "").split()
SETS = [s for s in GRADESCOPE_SETS if not ONLY or s.split("_")[0] in ONLY]


def run(cmd, cwd, env, timeout, what):
    """Run `cmd`; on failure, fail the test with `what` and the command's output."""
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, (f"{what} failed (exit {done.returncode}):\n"
                                  f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def clean_env(venv, tmp):
    """The environment a Gradescope container gives: the new venv first on PATH, and
    nothing of this checkout (PYTHONPATH, the project's .venv, the user's Jupyter files)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"}}
    path = [p for p in env.get("PATH", "").split(os.pathsep)
            if p and not Path(p).resolve().is_relative_to(ROOT)]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env.update(PYTHONNOUSERSITE="1", JUPYTER_DATA_DIR=str(tmp / "jupyter-data"),
               JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"), IPYTHONDIR=str(tmp / "ipython"))
    return env


def python_for(version):
    """A Python interpreter of `version` ('3.11') to make the venv with, or skip/fail."""
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version:
        return sys._base_executable
    found = shutil.which(f"python{version}")
    if found:
        return found
    message = f"the autograders' environment.yml names Python {version}; none found here"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Image:
    """A set's Gradescope image, emulated: the unpacked zip and a venv made from it."""

    def __init__(self, set_name, tmp):
        self.set_name, self.tmp = set_name, tmp
        self.zip_path = exercises.AUTOGRADER / f"{set_name}.zip"
        self.autograder = tmp / "autograder"          # plays /autograder
        with zipfile.ZipFile(self.zip_path) as zf:
            zf.extractall(self.autograder / "source")
        self.environment = yaml.safe_load((self.autograder / "source" / "environment.yml").read_text())
        self.venv = tmp / "venv"
        self.env = clean_env(self.venv, tmp)
        self.seconds = {}

    def dependencies(self):
        """(Python version, [conda packages but Python and pip], [pip requirement lines])."""
        deps = self.environment["dependencies"]
        conda = [d for d in deps if isinstance(d, str)]
        python = next(d.split("=", 1)[1] for d in conda if d.startswith("python="))
        others = [d for d in conda if not d.startswith("python=") and d != "pip"]
        pip = next(d["pip"] for d in deps if isinstance(d, dict))
        return python, others, pip

    def install(self):
        """Make the venv and install into it what environment.yml says, timed."""
        python, conda_packages, pip_lines = self.dependencies()
        start = time.monotonic()
        run([python_for(python), "-m", "venv", str(self.venv)], self.tmp, self.env, 300,
            "python -m venv")
        # --no-compile: pip does not write .pyc files for TensorFlow's thousands of
        # modules; the modules grading imports are compiled when first imported.
        pip = [str(self.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile"]
        run([*pip, "--upgrade", "pip"], self.tmp, self.env, 600, "upgrading pip in the venv")
        assert all(re.fullmatch(r"[\w-]+", p) for p in conda_packages), conda_packages
        run([*pip, *conda_packages], self.tmp, self.env, 1200,
            f"installing environment.yml's conda packages {conda_packages}")
        requirements = self.tmp / "requirements.txt"
        requirements.write_text("\n".join(
            re.sub(r"^/autograder/", f"{self.autograder}/", line) for line in pip_lines) + "\n")
        run([*pip, "--upgrade", "-r", str(requirements)], self.tmp, self.env, 3600,
            f"pip install of the pip list of {self.zip_path.name}'s environment.yml")
        self.seconds["install"] = time.monotonic() - start

    def python(self, code):
        """Run `code` with the venv's Python, from the temporary folder; its stdout."""
        return run([str(self.venv / "bin" / "python"), "-c", code], self.tmp, self.env, 300,
                   f"python -c {code!r} in the new venv")

    def grade(self, notebook, label):
        """Grade `notebook` as Gradescope would, in a fresh /autograder; results.json."""
        ag = self.tmp / f"grade-{label}"
        shutil.copytree(self.autograder / "source", ag / "source")
        (ag / "submission").mkdir()
        (ag / "results").mkdir()
        shutil.copy(notebook, ag / "submission" / f"{self.set_name}.ipynb")
        run_otter = (ag / "source" / "run_otter.py").read_text()
        assert run_otter.count('run_autograder("/autograder")') == 1, run_otter
        here = ag / "run_otter_here.py"
        here.write_text(run_otter.replace('run_autograder("/autograder")',
                                          f"run_autograder({str(ag)!r})"))
        start = time.monotonic()
        run([str(self.venv / "bin" / "python"), str(here)], self.tmp, self.env, 1200,
            f"run_otter.py on the {label} notebook")
        self.seconds[f"grade {label}"] = time.monotonic() - start
        return json.loads((ag / "results" / "results.json").read_text())


@pytest.fixture(scope="module", params=SETS)
def image(request):
    """The set's emulated Gradescope image. Its folder (GBs with TensorFlow) is removed
    afterwards by a background `rm -rf` (once 138 s here), while the tests go on."""
    tmp = Path(tempfile.mkdtemp(prefix=f"gradescope-{request.param}-"))
    assert not tmp.resolve().is_relative_to(ROOT)
    img = Image(request.param, tmp)
    try:
        img.install()
        yield img
    finally:
        print(f"\n{request.param}: " + ", ".join(f"{k} {v:.0f} s" for k, v in img.seconds.items()))
        subprocess.Popen(["rm", "-rf", str(tmp)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)


@pytest.fixture(scope="module")
def solution(image, tmp_path_factory):
    """The set's solution notebook, made from its master by otter assign now."""
    out = tmp_path_factory.mktemp(f"solution-{image.set_name}")
    exercises.generate(exercises.MASTERS / f"{image.set_name}.ipynb", out, run_tests=False)
    return out / "autograder" / f"{image.set_name}.ipynb"


def question_scores(results, zip_path):
    """{question: (score, max)} from results.json; every question of the zip must be there."""
    scores = {t["name"]: (t["score"], t["max_score"]) for t in results["tests"]
              if "max_score" in t}
    with zipfile.ZipFile(zip_path) as zf:
        questions = {Path(n).stem for n in zf.namelist() if re.fullmatch(r"tests/\w+\.py", n)}
    outputs = "\n".join(f"--- {t['name']}: {t.get('output', '')[:1500]}" for t in results["tests"])
    assert set(scores) == questions, f"results.json graded {sorted(scores)}, the zip has " \
                                     f"{sorted(questions)}:\n{outputs}"
    return scores, outputs


# The packages each set's zip must pin, besides otter-grader (06 imports Keras).
PINNED = {"02_rnn_forward": ["numpy", "threadpoolctl"],
          "06_keras_model": ["keras", "numpy", "tensorflow", "threadpoolctl"]}


def test_rnnlib_comes_from_the_zip_and_versions_from_constraints(image):
    """rnnlib is the wheel in the zip, installed in the venv; the pins are the tested ones,
    and the venv has those versions; the notebook's kernel is the venv's Python."""
    where = image.python("import rnnlib; print(rnnlib.__file__)").strip()
    assert Path(where).is_relative_to(image.venv), f"rnnlib was imported from {where}"
    pins = [line for line in image.dependencies()[2] if "==" in line
            and not line.startswith("otter-grader")]
    tested, _ = autograder_env.pinned_versions()
    names = [line.split("==")[0] for line in pins]
    assert names == PINNED[image.set_name]
    assert pins == [tested[n] for n in names], "the zip's pins are not constraints.txt's"
    versions = image.python("import importlib.metadata as m; print(' '.join("
                            f"n + '==' + m.version(n) for n in {names!r}))").split()
    assert versions == pins, f"the venv has {versions}, the zip pins {pins}"
    kernel = json.loads(image.python(
        "from jupyter_client.kernelspec import KernelSpecManager as K; import json, sys; "
        "print(json.dumps([K().get_kernel_spec('python3').argv[0], sys.executable]))"))
    assert kernel[0] in {"python", "python3", kernel[1]}, \
        f"the python3 kernel would run {kernel[0]}, not the venv's {kernel[1]}"


def test_solution_scores_full_marks_on_gradescope(image, solution):
    results = image.grade(solution, "solution")
    scores, outputs = question_scores(results, image.zip_path)
    lost = {q: s for q, s in scores.items() if s[0] != s[1]}
    assert not lost, f"{image.set_name}'s solution lost points on Gradescope {lost}:\n{outputs}"
    plan = grade.question_plan(image.zip_path)          # {question: (points, hidden flags)}
    assert {q: m for q, (_, m) in scores.items()} == {q: p for q, (p, _) in plan.items()}
    print(f"\n{image.set_name} solution on Gradescope: "
          f"{sum(s for s, _ in scores.values()):g}/{sum(m for _, m in scores.values()):g}")


def test_untouched_student_notebook_scores_zero_on_gradescope(image):
    results = image.grade(exercises.STUDENT / f"{image.set_name}.ipynb", "untouched")
    scores, outputs = question_scores(results, image.zip_path)
    assert all(s == 0 for s, _ in scores.values()), scores
    print(f"\n{image.set_name} untouched on Gradescope: "
          f"{sum(s for s, _ in scores.values()):g}/{sum(m for _, m in scores.values()):g}")
    assert "not written yet" in outputs and "ModuleNotFoundError" not in outputs, \
        f"the untouched notebook must lose points only for answers not written yet:\n{outputs}"


# ------------------------------------------------------- the zip's contents, quickly

@pytest.mark.parametrize("set_name", [m.stem for m in sorted(exercises.MASTERS.glob("*.ipynb"))])
def test_every_zip_carries_the_wheel_it_installs(set_name):
    """environment.yml installs the wheel at the path where the zip puts it; its RECORD
    matches its files, and it holds every module of rnnlib."""
    zip_path = exercises.AUTOGRADER / f"{set_name}.zip"
    if not zip_path.is_file():
        pytest.skip(f"{zip_path.name} is not made yet (test_exercises.py fails on that)")
    with zipfile.ZipFile(zip_path) as zf:
        env = yaml.safe_load(zf.read("environment.yml"))
        pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
        wheel = f"files/{rnnlib_wheel.wheel_name()}"
        assert f"{autograder_env.GRADESCOPE_SOURCE}/{wheel}" in pip, pip
        whl = zipfile.ZipFile(io.BytesIO(zf.read(wheel)))
    record = whl.read(next(n for n in whl.namelist() if n.endswith("/RECORD"))).decode()
    for line in record.splitlines():
        path, digest, size = line.rsplit(",", 2)
        if digest:
            data = whl.read(path)
            assert digest == "sha256=" + base64.urlsafe_b64encode(
                hashlib.sha256(data).digest()).rstrip(b"=").decode() and int(size) == len(data), path
    modules = {p for p in whl.namelist() if p.endswith(".py")}
    assert "rnnlib/__init__.py" in modules and "rnnlib/grading/checks.py" in modules


def test_the_wheel_is_the_same_bytes_every_time(tmp_path):
    """Built twice, by two processes with different hash seeds: the same bytes."""
    built = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        subprocess.run([sys.executable, str(ROOT / "tools" / "rnnlib_wheel.py"), str(out)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        built.append((out / rnnlib_wheel.wheel_name()).read_bytes())
    assert built[0] == built[1], "two builds of the wheel differ: tools/rnnlib_wheel.py " \
        "must not depend on the time, the order of files on disk or the hash seed"


def test_a_master_importing_an_unknown_package_gets_a_clear_error():
    nb = {"cells": [{"cell_type": "code", "source": "import numpy as np\nimport scipy.linalg\n"}]}
    with pytest.raises(SystemExit, match=r"needs the module 'scipy.linalg'.*Add 'scipy' to PACKAGES_FOR_IMPORT"):
        autograder_env.gradescope_config(nb, {"name": "99_x"}, "99_x.ipynb")
    nb["cells"][0]["source"] = "import os\nfrom rnnlib.keras_helpers import keras\n"
    config = autograder_env.gradescope_config(nb, {"name": "99_x"}, "99_x.ipynb")
    assert [r.split("==")[0] for r in config["requirements"][1:]] == \
        ["keras", "numpy", "tensorflow", "threadpoolctl"]
    assert config["autograder_files"] == [rnnlib_wheel.wheel_name()]


def test_packages_imported_inside_rnnlib_functions_are_found():
    """rnnlib.data.generate imports rnnlib.keras_helpers inside a function: TensorFlow."""
    def requirements(source):
        nb = {"cells": [{"cell_type": "code", "source": source}]}
        config = autograder_env.gradescope_config(nb, {}, "99_x.ipynb")
        return [r.split("==")[0] for r in config["requirements"][1:]]
    assert requirements("import rnnlib\n") == ["numpy", "threadpoolctl"]
    assert requirements("from rnnlib.data.generate import generate_ids\n") == \
        ["keras", "numpy", "tensorflow", "threadpoolctl"]
    assert "rnnlib.keras_helpers" in autograder_env.reachable({"rnnlib.data.generate"})


def test_a_master_may_declare_more_packages_by_name():
    nb = {"cells": [{"cell_type": "code", "source": "import sklearn.datasets\n"}]}
    config = autograder_env.gradescope_config(nb, {"requirements": ["Jinja2"]}, "99_x.ipynb")
    tested, python = autograder_env.pinned_versions()
    assert config["requirements"][1:] == [tested[n] for n in
                                          ["jinja2", "numpy", "scikit-learn", "threadpoolctl"]]
    assert config["python_version"] == python
    with pytest.raises(SystemExit, match="'no-such-package', which constraints.txt does not pin"):
        autograder_env.gradescope_config(nb, {"requirements": ["no-such-package"]}, "99_x.ipynb")
    with pytest.raises(SystemExit, match="must be a list of package names, got 'requirements.txt'"):
        autograder_env.gradescope_config(nb, {"requirements": "requirements.txt"}, "99_x.ipynb")
