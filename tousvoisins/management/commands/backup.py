"""Back up the database and the media folder into backups/<time>/ (README "Sauvegarder et restaurer")."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tousvoisins import backups


class Command(BaseCommand):
    help = "Sauvegarde la base (pg_dump) et les images (media) dans backups/<date>/, avec un manifeste."

    def add_arguments(self, parser):
        parser.add_argument(
            "--folder", default=str(Path(settings.BASE_DIR) / "backups"), help="dossier des sauvegardes"
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="ne garder que les N sauvegardes les plus récentes (0 : toutes)",
        )

    def handle(self, *args, folder, keep, **options):
        try:
            target = backups.create_backup(folder=folder)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backups.read_manifest(target)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Sauvegarde faite : {target}")
        self.stdout.write(
            f"  base « {manifest['database']['name']} » : {len(manifest['tables'])} tables, {rows} lignes"
        )
        if backups.MEDIA_TAR in manifest["files"]:
            self.stdout.write(f"  images : {manifest['media']['root']} ({backups.MEDIA_TAR})")
        else:
            self.stdout.write(
                "  images : sur le stockage objet, pas dans cette sauvegarde (versions du bucket)"
            )
        for path in backups.prune_backups(folder=folder, keep=keep):
            self.stdout.write(f"  ancienne sauvegarde supprimée : {path.name}")
