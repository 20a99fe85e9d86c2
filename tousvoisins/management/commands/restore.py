"""Restore a backup of `manage.py backup`: the database is dropped and created again, then the
dump is restored, and the media folder replaced (README "Sauvegarder et restaurer")."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tousvoisins import backups


class Command(BaseCommand):
    # The database may not exist any more: no system check may open it before the restore.
    requires_system_checks = []
    help = "Restaure une sauvegarde : remplace la base et le dossier des images. La plus récente par défaut."

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", help="dossier de la sauvegarde (défaut : la plus récente)")
        parser.add_argument(
            "--folder", default=str(Path(settings.BASE_DIR) / "backups"), help="dossier des sauvegardes"
        )
        parser.add_argument(
            "--admin-url",
            help="rôle qui recrée la base et PostGIS, s'il n'est pas celui du site "
            "(en production : postgresql://postgres:…@hôte:5432/postgres)",
        )
        parser.add_argument("--no-input", action="store_true", help="ne pas demander de confirmation")

    def handle(self, *args, backup, folder, admin_url, no_input, **options):
        try:
            backup = Path(backup) if backup else backups.latest_backup(folder)
            manifest = backups.read_manifest(backup)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        db = settings.DATABASES["default"]
        name = db["NAME"]
        self.stdout.write(f"Sauvegarde du {manifest['created_at']} ({backup})")
        self.stdout.write(
            f"Elle remplace la base « {name} » ({db.get('HOST') or 'socket local'}:{db.get('PORT') or ''})"
            + (f" et le dossier {settings.MEDIA_ROOT}." if backups.MEDIA_TAR in manifest["files"] else ".")
        )
        if not no_input and input(f"Tapez le nom de la base ({name}) pour continuer : ").strip() != name:
            raise CommandError("Rien n'a été changé.")
        try:
            backups.restore_database(backup=backup, manifest=manifest, admin_url=admin_url)
            if backups.restore_media(backup=backup, manifest=manifest):
                self.stdout.write(f"Images remises dans {settings.MEDIA_ROOT}")
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        differences = backups.restored_count_differences(manifest)
        if differences:
            lines = "\n".join(
                f"  {table} : {saved} sauvegardées, {now} restaurées"
                for table, (saved, now) in differences.items()
            )
            raise CommandError(f"La base restaurée diffère de la sauvegarde :\n{lines}")
        self.stdout.write(
            f"Base restaurée : {len(manifest['tables'])} tables, autant de lignes que dans la sauvegarde."
        )
        backups.start_new_stamps(manifest)
        self.stdout.write("Cache vidé : les pages seront refaites d'après la base restaurée.")
        self.stdout.write("Si le code est plus récent que la sauvegarde : manage.py migrate.")
