import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from claims.roles import EDITORS_GROUP

pytestmark = pytest.mark.django_db


def test_ensure_local_editor__creates_an_editor_who_can_sign_in(client, settings):
    call_command("ensure_local_editor")
    call_command("ensure_local_editor")  # a second run keeps the one account
    user = get_user_model().objects.get(username=settings.LOCAL_EDITOR_ACCOUNT["username"])
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    assert not user.is_superuser
    assert user.has_perm("claims.add_claim") and user.has_perm("claims.add_resolution")
    assert not user.has_perm("claims.delete_claim") and not user.has_perm("claims.change_resolution")
    assert client.login(username=user.username, password=settings.LOCAL_EDITOR_ACCOUNT["password"])


def test_ensure_local_editor__refuses_where_no_account_is_configured(settings):
    settings.LOCAL_EDITOR_ACCOUNT = None
    with pytest.raises(CommandError, match="no local editor account"):
        call_command("ensure_local_editor")
    assert not get_user_model().objects.exists()
