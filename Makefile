# Shortcuts for the scripts in scripts/ (which need nothing but a POSIX shell and Python 3.12+).
.PHONY: run test check setup demo

run: ## Set everything up and serve the site with the demo data at http://127.0.0.1:8000/
	scripts/run

test: ## Run the whole test suite
	scripts/test

check: ## What CI runs besides the tests (ruff comes with the test requirements)
	scripts/setup requirements-test.txt
	.venv/bin/python manage.py check
	.venv/bin/python manage.py makemigrations --check --dry-run
	.venv/bin/python -m ruff check .
	.venv/bin/python -m ruff format --check .

setup:
	scripts/setup

demo: setup ## Load the demo data (again: it is idempotent)
	.venv/bin/python manage.py load_demo
