from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the site: the database (SQLite or PostgreSQL, consistent while the site writes) and the "
        "media folder, in one .tar with a manifest.json (README: Backup and restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            default=".",
            help="a folder (the archive is named kepu-backup-YYYYMMDD-HHMMSS.tar in it) or a file name; "
            "default: the current folder",
        )
        parser.add_argument(
            "--no-renditions",
            action="store_true",
            help="leave out resized images (media/images/); Wagtail makes them again after a restore",
        )

    def handle(self, *args, **options):
        try:
            result = create_backup(options["output"], renditions=not options["no_renditions"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        counts = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in manifest["counts"].items())
        media = manifest["media"]
        size = result.path.stat().st_size / 1024 / 1024
        self.stdout.write(f"Backup written to {result.path} ({size:.1f} MB, {result.seconds:.1f} s)")
        self.stdout.write(f"  database: {manifest['database']['vendor']}; {counts}")
        self.stdout.write(
            f"  media: {media['files']} files, {media['bytes'] / 1024 / 1024:.1f} MB"
            + ("" if media["renditions"] else " (renditions left out)")
        )
