"""Serve a motorsport-kg store over HTTP: ``python serve.py --store store --port 8000``."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from kg.config import Settings
from kg.errors import KGError
from kg.web.server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", help="store directory (default: setting 'store')")
    parser.add_argument("--host", help="address to listen on")
    parser.add_argument("--port", type=int, help="port to listen on")
    parser.add_argument("--workers", type=int, help="worker processes")
    parser.add_argument("--threads", type=int, help="threads per worker")
    parser.add_argument(
        "--update-token", help="enable SPARQL update with this bearer token (or KG_UPDATE_TOKEN)"
    )
    parser.add_argument("--resource-base", help="base IRI of entity IRIs")
    parser.add_argument(
        "--public-url", help="URL clients reach the endpoint at, for its self-descriptions (KG_PUBLIC_URL)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.load(
            store=args.store,
            host=args.host,
            port=args.port,
            workers=args.workers,
            threads=args.threads,
            update_token=args.update_token or os.environ.get("KG_UPDATE_TOKEN") or None,
            resource_base=args.resource_base,
            public_url=args.public_url,
        )
        serve(settings)
    except KGError as e:
        print(f"serve.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
