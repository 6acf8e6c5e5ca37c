from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` archive: checks it whole first, then replaces the database and "
        "media, rebuilds the search index and makes every cached page stale."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar written by manage.py backup")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace a database that is not empty (without it, restore refuses and changes nothing)",
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["archive"], replace=options["yes"], stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (Kepu {manifest.get('kepu_version') or '?'}, "
            f"commit {(manifest.get('kepu_commit') or 'unknown')[:12]}) in {result.seconds:.1f} s"
        )
        if result.migrated:
            self.stdout.write(f"  applied migrations the archive predates: {', '.join(result.migrated)}")
        self.stdout.write(f"  media files: {result.media_files}")
        self.stdout.write(f"  {'':16} {'in archive':>10} {'restored':>10}")
        for name, restored in result.counts.items():
            archived = manifest["counts"].get(name)
            note = ""
            if name == "search_entries":
                note = "  (index rebuilt)"
            elif name == "renditions" and not manifest["media"].get("renditions", True):
                note = "  (made again on demand)"
            elif archived != restored:
                note = "  DIFFERS"
            self.stdout.write(f"  {name.replace('_', ' '):16} {archived!s:>10} {restored!s:>10}{note}")
