"""The client's address as the login lockout keys it. Behind a reverse proxy every request
comes from the proxy's address, so that one person's failed logins would lock the account for
everyone: with DANGVU_PROXY_COUNT=n (the proxies in front of dangvu, which each append the
address they received from to X-Forwarded-For), the client is the n-th address from the
right of that header; addresses further left were written by the client and are not trusted."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    count = settings.DANGVU_PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
