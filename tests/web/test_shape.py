"""The shape of the interface layer: pages read through selectors and write through
services, each domain under its own prefix and namespace."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import get_resolver

import dangvu.web

WEB = Path(dangvu.web.__file__).parent


def test_no_page_module_queries_a_model():
    """`Model.objects` in web means a view reading the ORM around the selectors' scope."""
    offenders = [
        f"{path.relative_to(WEB)}:{n}: {line.strip()}"
        for path in sorted(WEB.rglob("*.py")) if "migrations" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\b[A-Z]\w*\.objects\b", line)
    ]
    assert offenders == []


def test_each_domain_has_its_own_prefix_and_namespace():
    mounted = {}
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "urlconf_name", None) is None:
            continue
        for inner in pattern.url_patterns:
            if hasattr(inner, "url_patterns"):
                mounted[(str(pattern.pattern), str(inner.pattern))] = inner.namespace
    assert mounted == {
        ("", ""): None,
        ("", "orgs/"): "orgs",
        ("", "members/"): "members",
        ("", "kiem-tra/"): "inspections",
        ("", "lop-hoc/"): "classes",
        ("", "plans/"): "plans",
        ("", "xep-loai/"): "ratings",
        ("", "tasks/"): "tasks",
        ("", "dashboard/"): "dashboard",
        ("", "reporting/"): "reporting",
        ("", "trao-doi/"): "exchange",
        ("", "accounts/"): "accounts",
        ("", "ket-nap/"): "admissions",
        ("", "lich-lam-viec/"): "calendar",
        ("", "nhap-du-lieu/"): "imports",
        ("", "doc-so-lieu/"): "extract",
        ("", "huy-hieu/"): "badges",
        ("", "khen-thuong/"): "awards",
        ("", "bao-cao/"): "reports",
    }
