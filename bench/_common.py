"""What every benchmark shares: a database of its own and a median timer."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def setup(args, name: str) -> str:
    """Point dangvu at `bench/out/<name>_<scale>.sqlite3` (fresh unless --keep) or at
    DATABASE_URL, and start Django. Returns where the data lives."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangvu.settings"
    os.environ["DANGVU_DEBUG"] = "1"
    if os.environ.get("DATABASE_URL"):
        where = os.environ["DATABASE_URL"].split("@")[-1]
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        db = Path(args.db) if args.db else OUT / f"{name}_{args.scale}.sqlite3"
        if not args.keep:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DANGVU_SQLITE_PATH"] = str(db)
        os.environ.setdefault("DANGVU_DATA_DIR", str(OUT))
        where = str(db)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    # DEBUG records every statement (on SQLite it even re-quotes the parameters with an
    # extra query): keep it out of the timings.
    settings.DEBUG = False
    return where


def median_ms(fn, runs: int, warmup: int) -> tuple[float, object]:
    """Median wall time of `fn` in ms over `runs` runs after `warmup` runs, and its result."""
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def needs_load(args, where: str) -> bool:
    """Migrate; with data already there, keep it (--keep) or wipe it (--reset), else stop.
    True when the database is empty and the scale must be loaded."""
    from django.core.management import call_command
    from django.db import connection

    from dangvu.demo.reset import wipe
    from dangvu.orgs.models import Organization

    print(f"database: {connection.vendor} {where}")
    call_command("migrate", verbosity=0)
    if Organization.objects.exists() and not args.keep:
        if not args.reset:
            raise SystemExit("The database already holds organizations: pass --keep to use them or --reset to wipe them.")
        wipe()
    return not Organization.objects.exists()
