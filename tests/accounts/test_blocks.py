"""Item 1: Block lives in accounts (the forum and the messages both use it), in the same table as
before (profiles_block) and with the moderators' permission carried over by the migration."""

import re

from django.contrib.auth.models import Group, Permission
from django.db import connection

from accounts.models import MODERATION, Block
from tests.factories.profiles import block, profile_for


def test_blocking_from_a_profile_stores_an_accounts_block_in_the_old_table(client, member, other_member):
    profile_for(other_member, display_name="Bob")
    client.force_login(member)

    response = client.post("/membres/bob/bloquer/")

    assert response.status_code == 302
    assert response.url == "/mon-profil/membres-bloques/"
    assert Block.objects.get().blocked == other_member
    assert Block._meta.db_table == "profiles_block"
    with connection.cursor() as cursor:
        cursor.execute("SELECT blocker_id, blocked_id FROM profiles_block")
        assert cursor.fetchall() == [(member.pk, other_member.pk)]


def test_the_moderators_keep_their_permission_to_read_blocks(db):
    permission = Permission.objects.get(codename="view_block")

    assert permission.content_type.app_label == "accounts"
    assert Group.objects.get(name=MODERATION).permissions.filter(pk=permission.pk).exists()


def test_a_moderator_reads_blocks_in_the_accounts_admin_and_a_referent_cannot(
    client, moderator, thematic_referent, member, other_member
):
    profile_for(other_member, display_name="Bob")
    block(member, other_member)
    client.force_login(moderator)

    response = client.get("/admin/accounts/block/")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'class="field-blocker[^"]*">alice</td><td class="field-blocked[^"]*">bob<', html, re.S)
    assert "1 blocage" in html
    assert client.get("/admin/accounts/block/add/").status_code == 403
    client.force_login(thematic_referent)
    assert client.get("/admin/accounts/block/").status_code == 403
