#!/usr/bin/env bash
# Quick start: install, create the SQLite database with demo data and serve it as production
# runs it (debug off, gunicorn, static files by whitenoise) at http://127.0.0.1:8000.
# The secret key is generated once into the data folder (DANGVU_DATA_DIR, default ./data), so
# every `.venv/bin/dangvu` command works afterwards without setting anything.
# The background worker (reports, large imports) runs beside the server and stops with it.
# LibreOffice is installed for the reports' PDF (the page says how to without it).
# DANGVU_ADDR=host:port serves elsewhere; DANGVU_DEBUG=1 serves with Django's runserver instead.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
apt_install fonts-liberation2 libreoffice-writer-nogui || echo "==> without LibreOffice: reports in Word, Excel and HTML, no PDF"
ADDR="${DANGVU_ADDR:-127.0.0.1:8000}"
.venv/bin/dangvu migrate --no-input -v0
.venv/bin/dangvu demo --if-empty
.venv/bin/dangvu collectstatic --no-input -v0
.venv/bin/dangvu db_worker &
WORKER=$!
echo "==> dangvu: http://${ADDR}  (Ctrl+C to stop)"
if [ "${DANGVU_DEBUG:-0}" = 1 ]; then
  .venv/bin/dangvu runserver "$ADDR" &
else
  .venv/bin/gunicorn dangvu.wsgi --bind "$ADDR" --workers "${DANGVU_WORKERS:-2}" --threads 4 \
    --timeout 120 --access-logfile - --forwarded-allow-ips 127.0.0.1 &
fi
SERVER=$!
# Ctrl+C or a TERM stops the server and the worker together.
trap 'kill "$SERVER" "$WORKER" 2>/dev/null; wait' EXIT INT TERM
wait "$SERVER"
