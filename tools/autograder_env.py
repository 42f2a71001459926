"""What an exercise set's autograder installs on Gradescope, found from its master.

Gradescope builds a grading image from the autograder zip: otter's setup.sh creates
the conda environment of the zip's environment.yml, whose pip list is otter-grader
plus the `requirements` of the master's ASSIGNMENT CONFIG. rnnlib is not on PyPI, so
the zip carries rnnlib's wheel (tools/rnnlib_wheel.py) and installs it by its path
there. tools/exercises.py adds these keys to every master's config (a master needs
none of them):

    python_version    the Python that constraints.txt's versions were tested on
    requirements      the wheel, then name==version from constraints.txt of rnnlib's
                      dependencies and of every package the master's code can import:
                      what its cells import, and what the rnnlib modules they import
                      import in turn, at load time or inside a function (rnnlib's source
                      is read, not run). PACKAGES_FOR_IMPORT names the packages: e.g. a
                      set whose tests use rnnlib.grading.keras_reference gets TensorFlow,
                      because a function there imports rnnlib.keras_helpers.
    autograder_files  the wheel, so that it is in the zip (files/) and not given to learners

A master may list more packages by name in its config (`requirements: [scipy]`); they
are pinned from constraints.txt in the same way. Reading rnnlib's imports errs on the
safe side: a set may get a package that only a function it never calls imports (set 12
gets TensorFlow through rnnlib.data.generate's Keras callback); a set never lacks one.
"""
import ast
import re
import sys
from pathlib import Path

from rnnlib_wheel import ROOT, project, wheel_name

CONSTRAINTS = ROOT / "constraints.txt"
# Where Gradescope unpacks the autograder zip; otter's run_otter.py grades in /autograder.
GRADESCOPE_SOURCE = "/autograder/source"

# The PyPI packages an imported module needs, beyond rnnlib's dependencies (numpy,
# threadpoolctl), which every set gets. The longest matching name wins:
# "rnnlib.keras_helpers.keras" is looked up as "rnnlib.keras_helpers".
PACKAGES_FOR_IMPORT = {
    "rnnlib": [],
    "numpy": [],
    "threadpoolctl": [],
    "otter": [],                                   # otter-grader, which otter adds itself
    "rnnlib.keras_helpers": ["tensorflow", "keras"],   # imports TensorFlow when first used
    "tensorflow": ["tensorflow", "keras"],
    "keras": ["tensorflow", "keras"],
    "rnnlib.plots": ["matplotlib"],                # imports matplotlib when first used
    "matplotlib": ["matplotlib"],
    "sklearn": ["scikit-learn"],
    "numba": ["numba", "llvmlite"],                # rnnlib.fast's fused kernels
    "llvmlite": ["llvmlite"],
}


def canonical(name):
    """A package name as PyPI compares them: 'Jinja2' and 'jinja2' are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_versions(path=CONSTRAINTS):
    """({package: 'name==version'}, Python version) from a constraints file.

    Each line reads `name==version ; python_version == "3.11"`; every line must name
    the same Python version."""
    pins, pythons = {}, set()
    for line in Path(path).read_text().splitlines():
        m = re.fullmatch(r'\s*([\w.-]+)==([^\s;]+)\s*;\s*python_version\s*==\s*"([\d.]+)"\s*', line)
        if m:
            pins[canonical(m[1])] = f"{m[1]}=={m[2]}"
            pythons.add(m[3])
    if len(pythons) != 1:
        raise SystemExit(f"{path}: expected pins for one Python version, found {sorted(pythons)}")
    return pins, pythons.pop()


def rnnlib_file(module):
    """The source file of an rnnlib module ('rnnlib.data.text'), or None if it is not one."""
    if module.split(".")[0] != "rnnlib":
        return None
    path = ROOT.joinpath(*module.split("."))
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def imports_in(source, package=""):
    """Every module that Python `source` imports anywhere in it (dotted names, as a set).

    Relative imports are resolved against `package` (the package the source is in);
    `from rnnlib.data import text` gives rnnlib.data and rnnlib.data.text."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] \
                if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names
                           if rnnlib_file(f"{module}.{alias.name}"))
    return modules


def imported_modules(nb):
    """Every module a notebook's code cells import (dotted names), as a set."""
    modules = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            # IPython's % and ! lines are not Python: blank them before parsing.
            modules |= imports_in(re.sub(r"^\s*[%!].*$", "", "".join(cell["source"]), flags=re.M))
    return modules


def reachable(modules):
    """`modules` and every module that rnnlib's source imports from them, recursively
    (the packages above an rnnlib module too: importing it runs their __init__)."""
    seen, todo = set(), list(modules)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = rnnlib_file(module)
        if path:
            parts = module.split(".")
            package = module if path.name == "__init__.py" else ".".join(parts[:-1])
            todo += [".".join(parts[:n]) for n in range(1, len(parts))]
            todo += imports_in(path.read_text(), package)
    return seen


def packages_for(module, where):
    """The PyPI packages that importing `module` (in the notebook `where`) needs."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in PACKAGES_FOR_IMPORT:
            return PACKAGES_FOR_IMPORT[".".join(parts[:n])]
    if parts[0] in sys.stdlib_module_names:
        return []
    raise SystemExit(
        f"{where} needs the module {module!r} (its cells import it, or an rnnlib module "
        f"they import does), and tools/autograder_env.py does not know which PyPI package "
        f"Gradescope must install for it. Add {parts[0]!r} to PACKAGES_FOR_IMPORT there, "
        f"or list the package in the master's ASSIGNMENT CONFIG (requirements: [name]).")


def pin(name, pins, where):
    """'name==version' of a package from constraints.txt, or a clear error."""
    if canonical(name) not in pins:
        raise SystemExit(f"{where} needs the package {name!r}, which constraints.txt does not "
                         f"pin: install it in .venv and run `make constraints`.")
    return pins[canonical(name)]


def gradescope_config(nb, config, where):
    """The ASSIGNMENT CONFIG `config` (a dict) of the master `nb`, with what Gradescope
    needs added: python_version, requirements (the wheel first) and autograder_files."""
    pins, python = pinned_versions()
    declared = config.get("requirements") or []
    if not isinstance(declared, list):
        raise SystemExit(f"{where}: `requirements` in the ASSIGNMENT CONFIG must be a list of "
                         f"package names, got {declared!r}")
    names = {re.match(r"[\w.-]+", req)[0] for req in project()["dependencies"]}
    names |= set(declared)
    for module in sorted(reachable(imported_modules(nb))):
        names.update(packages_for(module, where))
    wheel = wheel_name()
    return {**config,
            "python_version": str(config.get("python_version", python)),
            "requirements": [f"{GRADESCOPE_SOURCE}/files/{wheel}",
                             *sorted({pin(n, pins, where) for n in names}, key=str.lower)],
            "autograder_files": [*config.get("autograder_files", []), wheel]}
