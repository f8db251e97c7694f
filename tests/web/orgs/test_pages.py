"""Organization pages and exports: scope (404 outside the subtree), the tree actions."""

from __future__ import annotations

import datetime

from django.urls import reverse

from tests.support import client_for


def test_organization_pages_and_exports_of_another_committee_answer_404(tree, users, people):
    client = client_for(users.staff_a)
    for name in ("orgs:detail", "orgs:children", "orgs:export"):
        assert client.get(reverse(name, args=[tree.committee_a.pk])).status_code == 200
        assert client.get(reverse(name, args=[tree.committee_b.pk])).status_code == 404
        assert client.get(reverse(name, args=[tree.bloc.pk])).status_code == 404
    response = client.get(reverse("members:export"), {"org": tree.committee_b.pk})
    assert response.status_code == 404
    response = client.get(reverse("members:list"), {"org": tree.cell_b1.pk})
    assert response.status_code == 404

def test_organization_forms_create_and_refuse_with_a_clear_message(tree, users, people):
    from dangvu.orgs.models import Organization

    client = client_for(users.admin_a)
    response = client.post(reverse("orgs:action", args=[tree.committee_a.pk, "new"]), {
        "code": "CB-STC-KH", "name": "Chi bộ Kế hoạch", "kind": "cell", "established_on": "15/03/2024",
    })
    created = Organization.objects.get(code="CB-STC-KH")
    assert response.status_code == 302 and response["Location"] == f"/orgs/{created.pk}/"
    assert created.parent == tree.committee_a and created.established_on == datetime.date(2024, 3, 15)
    # A cell cannot stand under a cell: the form says so and nothing is written.
    response = client.post(reverse("orgs:action", args=[tree.cell_a1.pk, "new"]), {
        "code": "X1", "name": "Chi bộ X", "kind": "cell", "established_on": "15/03/2024",
    })
    assert response.status_code == 400
    assert "Chi bộ trực thuộc không thể trực thuộc Chi bộ trực thuộc (Chi bộ Văn phòng)." in response.content.decode()
    assert not Organization.objects.filter(code="X1").exists()
    # Dissolving a cell with a member on its rolls is refused, naming the count.
    response = client.post(reverse("orgs:action", args=[tree.cell_a1.pk, "dissolve"]), {"on": "01/01/2025"})
    assert response.status_code == 400
    assert "Chi bộ Văn phòng vẫn còn 1 đảng viên" in response.content.decode()
    # Committee B is outside this account: 404, not a form.
    assert client.get(reverse("orgs:action", args=[tree.committee_b.pk, "rename"])).status_code == 404

def test_merge_form_moves_the_cells_and_keeps_history(tree, users, people):
    client = client_for(users.bloc_admin)
    response = client.post(reverse("orgs:action", args=[tree.committee_b.pk, "merge"]),
                           {"target": tree.committee_a.pk, "on": "01/07/2023"})
    assert response.status_code == 302
    tree.refresh()
    assert tree.committee_b.merged_into == tree.committee_a and tree.committee_b.dissolved_on == datetime.date(2023, 7, 1)
    assert tree.cell_b1.parent == tree.committee_a
    html = client.get(reverse("orgs:detail", args=[tree.committee_b.pk])).content.decode()
    assert "Ngày 01/07/2023 đã hợp nhất vào" in html
