"""`python -m timeline_core <subcommand> ...`: the contributor tools behind the Makefile.

`check` is the default, so `python -m timeline_core .` still checks the folder `.`.
Each subcommand is a module with `main(argv) -> int`; this file only picks one.
"""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS = {
    # name -> module (imported only when used, so `check` never loads the others)
    "check": "timeline_core.tools.check",
    "diff": "timeline_core.tools.diff",
    "schema": "timeline_core.tools.schema",
    "new": "timeline_core.tools.scaffold",
}
DEFAULT = "check"


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m timeline_core [" + "|".join(SUBCOMMANDS) + "] [options]  (default: check)")
        return 0
    name, rest = (argv[0], argv[1:]) if argv and argv[0] in SUBCOMMANDS else (DEFAULT, argv)
    module = importlib.import_module(SUBCOMMANDS[name])
    code: int = module.main(rest)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
