"""Which Python runs the pure benches: the tools' virtual environment that
`make test` builds (tools/tools_venv.sh), as `bench/run.sh NAME.py` does.
Imported first by every pure bench run as a script, so another Python (the
system's without Pillow, Odoo's with Pillow 9.4) stops with this sentence, not
a traceback."""

import importlib.util
import sys
from pathlib import Path

NEEDED = ("PIL", "pypdf", "reportlab", "numpy", "cv2", "pypdfium2", "requests")


def _problem():
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        return f"lacks {', '.join(missing)}"
    import PIL

    if tuple(int(part) for part in PIL.__version__.split(".")[:2]) < (10, 1):
        return f"has Pillow {PIL.__version__} (the benches need 10.1 or later)"
    return None


_main = Path(getattr(sys.modules["__main__"], "__file__", None) or "/")
# Only for a bench run as a script: bench_extraction_odoo imports
# bench_extraction inside `odoo-bin shell`, with Odoo's Python.
_why = _main.parent == Path(__file__).parent and _problem()
if _why:
    script = _main.name
    sys.exit(
        f"{script}: this Python ({sys.executable}) {_why}.\n"
        f"Run it as `bench/run.sh {script}`: the tools' virtual environment"
        " that `make test` builds (tools/tools_venv.sh)."
    )
