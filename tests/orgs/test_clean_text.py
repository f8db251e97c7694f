"""Issue 9: organization codes and names are clean (NFC, no control characters), so that two
codes that look the same collide, with a refusal in Vietnamese."""

from __future__ import annotations

import unicodedata

import pytest
from django.utils import translation

from dangvu.core.errors import ValidationError
from dangvu.orgs.models import Organization
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_look_alike_codes_collide_with_a_vietnamese_refusal(tree):
    first = make_org(tree.committee_a, "ĐB-XÃ-01", "Chi bộ\x01 Một", Organization.Kind.CELL)
    assert (first.code, first.name) == ("ĐB-XÃ-01", "Chi bộ Một")
    nfd = unicodedata.normalize("NFD", "ĐB-XÃ-01")
    assert nfd != "ĐB-XÃ-01"
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        make_org(tree.committee_a, " " + nfd, "Chi bộ Hai", Organization.Kind.CELL)
    assert exc.value.message_dict == {"code": ["Mã này đã được dùng cho một tổ chức khác."]}
    assert Organization.objects.filter(code="ĐB-XÃ-01").count() == 1
    assert Organization.objects.filter(code=nfd).get() == first  # a look-up is cleaned too
