from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outreach.tools.importer import ImportFileError, run_import
from outreach.tools.tabular import data_from_upload


class Command(BaseCommand):
    help = (
        "Import brands, venues, works and events into a city site from a JSON file (DESIGN.md's format), "
        "or works from a CSV/XLSX list. All or nothing; idempotent by key; drafts unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .json import file, or a .csv/.xlsx list of works")
        parser.add_argument("--site", help="the city site's key (shanghai, nantong); overrides the file's \"site\"")
        parser.add_argument("--publish", action="store_true", help="publish what is imported (default: drafts)")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report; write nothing")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from None
        try:
            data = data_from_upload(path.name, raw, options["site"])
            report = run_import(data, options["site"], publish=options["publish"], dry_run=options["dry_run"])
        except ImportFileError as error:
            lines = error.summary()
            raise CommandError(f"导入失败，未写入任何内容。{len(error.errors)} 个问题：\n" + "\n".join(lines)) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"用时 {report.seconds:.1f} 秒")
