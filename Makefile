.PHONY: test run lint format

# The one test command: pure tests, linters, and the Odoo suite on a fresh database.
test:
	bash tools/test.sh

# Odoo on 127.0.0.1:8069 with the addon installed in the database "millennium".
run:
	bash tools/run.sh

lint:
	python3 -m ruff check addons tests bench tools
	python3 -m pylint --rcfile=.pylintrc-mandatory addons/millennium_inbox

format:
	python3 -m ruff format addons tests bench tools
