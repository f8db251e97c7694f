#!/usr/bin/env bash
# Install what the tests need (Chromium from Debian for the browser tests) and run the whole suite.
# DATABASE_URL=postgres://... runs it against PostgreSQL instead of SQLite. Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh" test
apt_install chromium fonts-liberation2 libreoffice-writer-nogui poppler-utils
export DANGVU_DEBUG=1
if [ -n "${DATABASE_URL:-}" ]; then echo "==> pytest on PostgreSQL"; else echo "==> pytest on SQLite"; fi
.venv/bin/ruff check dangvu tests bench
.venv/bin/lint-imports --no-cache
exec .venv/bin/pytest "$@"
