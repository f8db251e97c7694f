#!/usr/bin/env bash
# Quick start: install, create the SQLite database with demo data and serve it as production
# runs it (debug off, gunicorn, static files by whitenoise) at http://127.0.0.1:8000.
# The secret key is generated once into the data folder (DANGVU_DATA_DIR, default ./data), so
# every `.venv/bin/dangvu` command works afterwards without setting anything.
# DANGVU_ADDR=host:port serves elsewhere; DANGVU_DEBUG=1 serves with Django's runserver instead.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
ADDR="${DANGVU_ADDR:-127.0.0.1:8000}"
.venv/bin/dangvu migrate --no-input -v0
.venv/bin/dangvu demo --if-empty
echo "==> dangvu: http://${ADDR}  (Ctrl+C to stop)"
if [ "${DANGVU_DEBUG:-0}" = 1 ]; then
  exec .venv/bin/dangvu runserver "$ADDR"
fi
.venv/bin/dangvu collectstatic --no-input -v0
exec .venv/bin/gunicorn dangvu.wsgi --bind "$ADDR" --workers "${DANGVU_WORKERS:-2}" --threads 4 \
  --timeout 120 --access-logfile - --forwarded-allow-ips 127.0.0.1
