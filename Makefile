.PHONY: test run lint format

# The one test command: pure tests, linters, and the Odoo suite on a fresh database.
test:
	bash tools/test.sh

# Odoo on 127.0.0.1:8069 with the addon installed in the database "millennium".
run:
	bash tools/run.sh

# Linters and formatter from the pinned tools' venv (tools/tools_venv.sh).
lint:
	VENV="$$(bash tools/tools_venv.sh)" && "$$VENV/bin/ruff" check addons tests bench tools && \
	"$$VENV/bin/pylint" --rcfile=.pylintrc-mandatory addons/millennium_inbox

format:
	VENV="$$(bash tools/tools_venv.sh)" && "$$VENV/bin/ruff" format addons tests bench tools
