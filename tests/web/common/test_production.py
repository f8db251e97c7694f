"""Production settings: `check --deploy` clean with the production environment, pages and
exports never cached, the login lockout keyed by the client behind a reverse proxy."""

from __future__ import annotations

import os
import subprocess
import sys

from django.test import RequestFactory, override_settings
from django.urls import reverse

from dangvu.web.common.client_ip import client_ip
from tests.support import client_for

PRODUCTION = {
    "DANGVU_SECRET_KEY": "k" * 20 + "-a-long-random-production-key-of-sixty-characters-or-more",
    "DANGVU_ALLOWED_HOSTS": "dangvu.example.vn", "DANGVU_CSRF_TRUSTED_ORIGINS": "https://dangvu.example.vn",
    "DANGVU_SECURE_COOKIES": "1", "DANGVU_HSTS_SECONDS": "31536000", "DANGVU_SSL_REDIRECT": "1",
    "DANGVU_PROXY_SSL_HEADER": "X-Forwarded-Proto", "DANGVU_PROXY_COUNT": "1",
}


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DANGVU_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(PRODUCTION, DANGVU_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "dangvu", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "System check identified no issues (0 silenced)."), done.stderr


def test_pages_and_exports_are_not_kept_by_any_cache(tree, users):
    client = client_for(users.staff_a)
    for url in (reverse("home"), reverse("members:list"), reverse("members:export")):
        response = client.get(url)
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"max-age=0", "no-cache", "no-store", "must-revalidate",
                                                              "private"}, url


def test_the_lockout_keys_the_client_behind_the_configured_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    with override_settings(DANGVU_PROXY_COUNT=0):
        assert client_ip(request) == "127.0.0.1"  # no proxy: the address connecting
    with override_settings(DANGVU_PROXY_COUNT=1):
        assert client_ip(request) == "203.0.113.7"  # the address nginx received from, not the one the client wrote
    with override_settings(DANGVU_PROXY_COUNT=3):
        assert client_ip(request) == "127.0.0.1"  # fewer hops than proxies: not trusted
