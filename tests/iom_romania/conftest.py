import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def make_staff(django_user_model):
    """make_staff("Editor"): a staff user in that role's group, named after it (or `username`)."""

    def make(role, username=None):
        user = django_user_model.objects.create_user(
            username or role.lower().replace(" ", "-"), password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def translator(client, django_user_model):
    """A Translator, logged in on `client`."""
    user = django_user_model.objects.create_user("translator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Translator"))
    client.force_login(user)
    return user
