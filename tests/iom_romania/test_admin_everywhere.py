"""Every admin page of every registered model loads, for a superuser, with all filters."""

import pytest
from django.contrib import admin
from django.urls import reverse

from iom_romania.admin import ContentAdmin
from iom_romania.roles import public_models


def _admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(
    "model", [model for model, _admin in _admins()], ids=lambda model: model._meta.label
)
def test_changelist_and_add_pages_load(staff_client, seeded, model):
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    assert staff_client.get(reverse(f"{base}_changelist")).status_code == 200
    # 403: an admin that allows no adding (reports come from the public form only).
    assert staff_client.get(reverse(f"{base}_add")).status_code in (200, 403)


@pytest.mark.parametrize(
    "query", ["schedule=publishes-soon", "schedule=expires-soon", "missing_translation=ar"]
)
def test_content_admin_filters_work_for_every_public_model(staff_client, seeded, query):
    for model in public_models():
        if not isinstance(admin.site._registry.get(model), ContentAdmin):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?" + query
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "?e=1" not in response.get("Location", "")


def test_every_public_model_uses_content_admin():
    for model in public_models():
        if model in admin.site._registry:
            assert isinstance(admin.site._registry[model], ContentAdmin), model
