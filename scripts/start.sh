#!/usr/bin/env bash
# Quick start: install, create the SQLite database with demo data, serve at http://127.0.0.1:8000
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
export DANGVU_DEBUG="${DANGVU_DEBUG:-1}"
.venv/bin/dangvu migrate --no-input -v0
.venv/bin/dangvu demo --if-empty
echo "==> dangvu: http://${DANGVU_ADDR:-127.0.0.1:8000}  (Ctrl+C to stop)"
exec .venv/bin/dangvu runserver "${DANGVU_ADDR:-127.0.0.1:8000}"
