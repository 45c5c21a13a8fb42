"""Serve a motorsport-kg store over HTTP: ``python serve.py --store store --port 8000``.

The same command as ``kg serve``, with the same flags (``--help``); the update token comes
from the environment only (``KG_UPDATE_TOKEN``).
"""

import sys

from kg.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
