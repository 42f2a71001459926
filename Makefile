# The course's commands. `make book` and `make test` work on a fresh machine with
# only Python 3.10+ and make: both create .venv and install into it when needed.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# TensorFlow's C++ logging stays quiet in tests and notebook runs (Python errors still raise).
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help install book pdf test test-unit test-notebooks test-exercises test-book test-site browser \
	repro-check upgrade-check lab notebooks exercises grade grade-all bench constraints clean zh translations similarity

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 10) else "Python 3.10 or newer is needed; $(PYTHON) is %d.%d. Run: make PYTHON=python3.11 ..." % v[:2])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[all]"
	@touch $(STAMP)
	@echo "Installed into $(VENV)."

install: $(STAMP)  ## create .venv and install rnnlib with everything the course needs

book: $(STAMP)  ## build the site into _build/html (Chinese edition in _build/html/zh), with the PDFs
	$(BIN)/jupyter-book build .
	@$(MAKE) --no-print-directory zh
	@$(MAKE) --no-print-directory pdf
	@echo ""
	@echo "The book is built. Open: file://$(CURDIR)/_build/html/index.html"

# The whole book as one PDF, with no TeX: jupyter-book's single-page HTML (built in
# _build/pdf, apart from the site) printed by Debian's Chromium (tools/pdf.py). It is
# copied into the site, whose home page links it. Without Chromium it skips with a hint,
# except under CI. Took about 45 s here (singlehtml 6 s, two prints 35 s, on 2 busy cores).
# The Simplified Chinese edition: the English notebooks (code and stored outputs as they are)
# with the translations of i18n/zh_CN put in (tools/i18n.py), built as a second book and
# copied into the site's zh/ folder. ZH_FLAGS passes options to its build (test-book: strict).
ZH_SRC := _build/zh/src
ZH_FLAGS ?=
zh: $(STAMP)  ## the Simplified Chinese edition, from the English and i18n/zh_CN: _build/html/zh
	$(BIN)/python tools/i18n.py build $(ZH_SRC)
	$(BIN)/jupyter-book build $(ZH_SRC) --path-output _build/zh $(ZH_FLAGS)
	rm -rf _build/html/zh && mkdir -p _build/html && cp -r _build/zh/_build/html _build/html/zh

translations: $(STAMP)  ## what is left to translate (stale, missing) and the glossary's terms checked
	$(BIN)/python tools/i18n.py update
	$(BIN)/python tools/i18n.py status; $(BIN)/python tools/i18n_terms.py

PDF := _build/pdf/rnn-course.pdf
ZH_PDF := _build/pdf-zh/rnn-course.pdf
pdf: $(STAMP) browser  ## each edition as one PDF: _build/pdf{,-zh}/rnn-course.pdf, also in the site
	@if [ -z "$$CHROMIUM" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then \
		if [ -n "$$CI" ]; then echo "Chromium not found: CI must build the PDF (make browser as root)" >&2; exit 1; fi; \
		echo "Chromium not found: no PDF of the book. Install it with: sudo apt-get install chromium fonts-wqy-microhei poppler-utils"; \
	else \
		SECONDS=0; \
		$(BIN)/jupyter-book build . --builder singlehtml --path-output _build/pdf --quiet && \
		$(BIN)/python tools/pdf.py _build/pdf/_build/singlehtml $(PDF) && \
		mkdir -p _build/html && cp $(PDF) _build/html/ && \
		echo "The PDF is built in $$SECONDS s: $(PDF), and _build/html/$(notdir $(PDF))" && \
		SECONDS=0 && $(BIN)/python tools/i18n.py build $(ZH_SRC) && \
		$(BIN)/jupyter-book build $(ZH_SRC) --builder singlehtml --path-output _build/pdf-zh --quiet && \
		$(BIN)/python tools/pdf.py _build/pdf-zh/_build/singlehtml $(ZH_PDF) --book $(ZH_SRC) && \
		mkdir -p _build/html/zh && cp $(ZH_PDF) _build/html/zh/ && \
		echo "The Chinese PDF is built in $$SECONDS s: $(ZH_PDF), and _build/html/zh/$(notdir $(ZH_PDF))"; \
	fi

test: test-unit test-notebooks test-exercises test-book test-site  ## run every test (what CI runs)

test-unit: $(STAMP)  ## rnnlib's unit and property tests
	$(BIN)/python -m pytest tests --ignore=tests/exercises --ignore=tests/browser

# Every notebook runs offline (tools/offline.sh: a network namespace with loopback only).
# NB_JOBS=2 runs two notebooks at a time (pytest-xdist); on 2 cores it was no clear gain
# (6 min 21 s, against 6 min 40 s to 8 min 18 s one at a time) and each notebook is
# slower, so one at a time is the default. More cores: more jobs.
NB_JOBS ?= 1
NBVAL   := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
test-notebooks: $(STAMP)  ## re-run every chapter with nbval, offline, and compare outputs [NB_JOBS=2]
	tools/offline.sh $(BIN)/python -m pytest $(NBVAL) \
		$(if $(filter-out 1,$(NB_JOBS)),-n $(NB_JOBS) --dist loadfile) chapters

test-exercises: $(STAMP)  ## the exercise sets: up to date, solutions full marks, grader faults
	$(BIN)/python -m pytest tests/exercises

test-book: $(STAMP)  ## the strict build of every page of both editions: any warning fails
	$(BIN)/jupyter-book build --all -W -n --keep-going .
	@$(MAKE) --no-print-directory zh ZH_FLAGS="--all -W -n --keep-going"

test-site: test-book browser pdf  ## every built page in headless Chromium; the PDF with poppler
	$(BIN)/python -m pytest tests/browser

# Debian's Chromium for the site check and the PDF, a Chinese font (the course quotes its
# Chinese source) and poppler's tools (the PDF check). Under CI (as root) the missing ones
# are installed; elsewhere the checks skip with this hint, and no browser is downloaded.
BROWSER_PKGS := chromium fonts-wqy-microhei poppler-utils
browser:
	@missing=""; \
	command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "$$CHROMIUM" ] || missing="chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-wqy-microhei"; \
	{ command -v pdftotext && command -v pdffonts && command -v pdfimages; } >/dev/null || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then :; \
	elif [ -n "$$CI" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing $$missing for the site and PDF checks..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Not found:$$missing. The site and PDF checks that need them will skip. Install with: sudo apt-get install$$missing"; \
	fi

RUNS ?= 5
repro-check: $(STAMP)  ## run every notebook RUNS times (default 5) offline; report flaky cells
	$(BIN)/python tools/repro_check.py --runs $(RUNS)

# The newest versions pyproject.toml allows, in a separate environment, against the
# tests: a release that breaks the course is found here before learners meet it.
# (The versions page is skipped: it states the pinned versions and must differ.)
UPGRADE_VENV := .venv-upgrade
upgrade-check:  ## newest allowed versions in .venv-upgrade, then the unit tests and notebooks
	rm -rf $(UPGRADE_VENV) && $(PYTHON) -m venv $(UPGRADE_VENV)
	$(UPGRADE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(UPGRADE_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[all]"
	@mkdir -p _build && $(UPGRADE_VENV)/bin/python -m pip list --format=freeze > _build/upgrade-versions.txt
	@echo "Versions that differ from constraints.txt (pinned -> newest allowed):"
	@$(UPGRADE_VENV)/bin/python tools/compare_pins.py constraints.txt _build/upgrade-versions.txt
	$(UPGRADE_VENV)/bin/python -m pytest tests --ignore=tests/exercises --ignore=tests/browser -p no:cacheprovider
	tools/offline.sh $(UPGRADE_VENV)/bin/python -m pytest $(NBVAL) -p no:cacheprovider \
		--ignore=chapters/versions.ipynb chapters

lab: $(STAMP)  ## open JupyterLab on the course
	$(BIN)/jupyter lab

notebooks: $(STAMP)  ## re-execute every chapter top to bottom and store the outputs
	@for nb in chapters/*.ipynb; do \
		SECONDS=0; \
		$(BIN)/jupyter nbconvert --log-level=ERROR --to notebook --execute --inplace "$$nb" || exit 1; \
		printf '%-45s %4d s\n' "$$nb" "$$SECONDS"; done

bench: $(STAMP)  ## time rnnlib against TensorFlow on this CPU; table + _build/bench.json
	$(BIN)/python tools/bench.py

exercises: $(STAMP)  ## regenerate student notebooks and autograders from exercises/masters
	$(BIN)/python tools/exercises.py

grade: $(STAMP)  ## score one notebook: make grade NB=path/to/notebook.ipynb [SET=02]
	@test -n "$(NB)" || { echo "Usage: make grade NB=path/to/notebook.ipynb [SET=02]" >&2; exit 2; }
	@$(BIN)/python tools/grade.py "$(NB)" $(if $(SET),--set "$(SET)")

grade-all: $(STAMP)  ## grade a folder: make grade-all DIR=submissions/ SET=02 [JOBS=2] [CANVAS=1]
	@test -n "$(DIR)" -a -n "$(SET)" || { echo "Usage: make grade-all DIR=submissions/ SET=02 [JOBS=2] [OUT=gradebook] [CANVAS=1]" >&2; exit 2; }
	@$(BIN)/python tools/grade.py --dir "$(DIR)" --set "$(SET)" --jobs "$(or $(JOBS),1)" $(if $(OUT),--out "$(OUT)") $(if $(CANVAS),--canvas)

constraints: $(STAMP)  ## pin the versions installed in .venv into constraints.txt
	tools/freeze_constraints.sh

similarity: $(STAMP)  ## flag answers that look copied: make similarity DIR=submissions/ SET=03 [OUT=report] [THRESHOLD=0.5]
	@test -n "$(DIR)" -a -n "$(SET)" || { echo "Usage: make similarity DIR=submissions/ SET=03 [OUT=similarity-report] [THRESHOLD=0.5]" >&2; exit 2; }
	@$(BIN)/python tools/similarity.py --dir "$(DIR)" --set "$(SET)" $(if $(OUT),--out "$(OUT)") $(if $(THRESHOLD),--threshold "$(THRESHOLD)")

clean:  ## remove the built site (keeps .venv)
	rm -rf _build
