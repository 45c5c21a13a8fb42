"""Build ``kg/link/data/wikidata_index.tsv`` from the shared data (``shared/data``).

Usage: ``python tools/build_link_index.py --data ../shared/data [--output PATH]``. The output
is deterministic and sorted; every QID in it comes from a file of the shared data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.link.index import INDEX_PATH, build_index_rows, write_index  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared data folder"
    )
    ap.add_argument("--output", type=Path, default=INDEX_PATH, help=f"index file (default {INDEX_PATH})")
    args = ap.parse_args(argv)
    rows, notes = build_index_rows(args.data)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    n = write_index(rows, args.output)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    print(f"wrote {n} rows to {args.output}: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
