"""Roles (groups) and their permissions, kept in one place."""

from django.contrib.auth.management import create_permissions

from .models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS

# (app_label, model) -> actions, per group. Scoping (which rows) is the admin mixin's job;
# these say which tables each role may open at all.
ROLE_PERMISSIONS = {
    THEMATIC_REFERENTS: {
        ("tousvoisins", "theme"): ["view"],
        ("tousvoisins", "commune"): ["view"],
        ("tousvoisins", "intercommunalite"): ["view"],
    },
    TERRITORY_REFERENTS: {
        ("tousvoisins", "theme"): ["view"],
        ("tousvoisins", "commune"): ["view"],
        ("tousvoisins", "intercommunalite"): ["view"],
    },
    MODERATION: {
        ("tousvoisins", "theme"): ["view", "change"],
        ("tousvoisins", "commune"): ["view", "change"],
        ("tousvoisins", "intercommunalite"): ["view", "change"],
        ("accounts", "user"): ["view", "change"],
        ("accounts", "scope"): ["view", "add", "change", "delete"],
        ("accounts", "suspension"): ["view", "add", "change", "delete"],
        ("auth", "group"): ["view"],
        ("pages", "contactmessage"): ["view", "change"],
    },
}


def sync_roles(apps, role_permissions):
    """Create the groups and add the permissions listed (never removes any)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are normally created after migrate; make sure they exist now.
    # create_permissions skips app configs without a models module, which historical (migration)
    # app configs never have: lend them one for the call, and leave real ones untouched.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module
    for group_name, models in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for (app_label, model), actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in actions:
                permission = Permission.objects.get(content_type=content_type, codename=f"{action}_{model}")
                group.permissions.add(permission)


def grant(apps, role_permissions):
    """For another app's data migration: give the roles that app's permissions.

    `role_permissions` has the shape of ROLE_PERMISSIONS, e.g. in events/migrations/000x_roles.py::

        def grant_roles(apps, schema_editor):
            grant(apps, {THEMATIC_REFERENTS: {("events", "event"): ["view", "change"]}, ...})

        operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]

    with a dependency on ("accounts", "0002_roles") and on the app's migration creating its models.
    """
    sync_roles(apps, role_permissions)
