"""The backup drill (issue 17: "Backup and restore are one SQLite line in the README: nothing
for PostgreSQL, for media, or for restoring"), on whichever database the suite runs on.

A small site is built in a database of its own (every page type with two revisions, an image
with a rendition, a document, search entries), backed up by `manage.py backup` while another
process keeps publishing revisions, and restored by `manage.py restore` into an empty database
with an empty media folder; the restored site has the archive's counts, the same media and
finds the same pages for a Chinese word. Restore refuses a damaged archive, an archive of the
other database vendor and a non-empty database without --yes, changing nothing.
Each step is a manage.py process, as an operator runs it.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from core.backup import DATABASE_MEMBERS, MANIFEST, database_state
from tests.conftest import ROOT, report_line, run_manage

pytestmark = pytest.mark.slow

SETTINGS = "tests.security.backup_settings"
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
VENDOR = "postgresql" if ON_POSTGRES else "sqlite"


class Databases:
    """Throwaway databases: SQLite files, or databases created on the suite's PostgreSQL server."""

    def __init__(self, folder):
        self.folder = folder
        self.created = []

    def new(self, name):
        if not ON_POSTGRES:
            return f"sqlite:///{self.folder / f'{name}.sqlite3'}"
        import psycopg

        database = f"kepu_drill_{os.getpid()}_{name}"
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
            admin.execute(f'CREATE DATABASE "{database}"')
        self.created.append(database)
        return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database}"))

    def drop_all(self):
        if not self.created:
            return
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
            for database in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def connect(url):
    if ON_POSTGRES:
        import psycopg

        return psycopg.connect(url)
    return sqlite3.connect(urlsplit(url).path)


def snapshot(url):
    """Tables and counts, read directly (not through the code under test's restore)."""
    connection = connect(url)
    try:
        return database_state(connection.cursor(), VENDOR)
    finally:
        connection.close()


def media_bytes(folder):
    folder = Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Site:
    def __init__(self, url, media):
        self.url, self.media = url, media
        media.mkdir(parents=True, exist_ok=True)
        self.env = {"DATABASE_URL": url, "KEPU_DRILL_MEDIA_ROOT": str(media)}

    def manage(self, *args, timeout=120):
        return run_manage(*args, env=self.env, settings_module=SETTINGS, timeout=timeout)

    def shell(self, code, timeout=120):
        done = self.manage("shell", "-c", code, timeout=timeout)
        assert done.returncode == 0, done.stderr
        return done

    def state(self):
        done = self.shell("from tests.security.backup_drill import state; state()")
        return json.loads(done.stdout.strip().splitlines()[-1])


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_backup_drill(tmp_path):
    """One test, so the site is built once per run whatever pytest-xdist does with tests;
    each check below is a function of its own."""
    folder = tmp_path
    databases = Databases(folder)
    writer = None
    started = time.monotonic()
    try:
        source = Site(databases.new("source"), folder / "source-media")
        source.shell("from tests.security.backup_drill import build_site; build_site()", timeout=180)
        built = snapshot(source.url)
        built_at = time.monotonic()

        progress, stop = folder / "written", folder / "stop"
        env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
        env.update(source.env, DJANGO_SETTINGS_MODULE=SETTINGS)
        code = (
            "from tests.security.backup_drill import write_revisions; "
            f"write_revisions({str(progress)!r}, {str(stop)!r})"
        )
        writer = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

        def written():
            return int(progress.read_text() or 0) if progress.exists() else 0

        wait_for(lambda: written() >= 3 or writer.poll() is not None, 60, "the writer's first revisions")
        assert writer.poll() is None, writer.stderr.read().decode()
        written_before = written()
        backup = source.manage("backup", "--output", str(folder / "site.tar"))
        written_during = written() - written_before
        wait_for(lambda: written() >= written_before + written_during + 2, 30, "revisions after the backup")
        stop.touch()
        writer.wait(timeout=30)
        assert writer.returncode == 0, writer.stderr.read().decode()
        assert backup.returncode == 0, backup.stderr
        backed_up_at = time.monotonic()

        target = Site(databases.new("target"), folder / "target-media")
        assert snapshot(target.url)["tables"] == 0
        restore = target.manage("restore", str(folder / "site.tar"))
        assert restore.returncode == 0, restore.stderr
        restored_at = time.monotonic()
        with tarfile.open(folder / "site.tar") as tar:
            manifest = json.load(tar.extractfile(MANIFEST))
        drill = {
            "folder": folder,
            "databases": databases,
            "archive": folder / "site.tar",
            "manifest": manifest,
            "source": source,
            "target": target,
            "built": built,
            "backup": backup,
            "restore": restore,
            "written_during": written_during,
            "source_after": source.state(),
            "target_after": target.state(),
            "seconds": {
                "build": built_at - started,
                "backup under load": backed_up_at - built_at,
                "restore": restored_at - backed_up_at,
            },
        }
        the_restored_site_is_the_snapshot(drill)
        the_archive_is_readable_by_its_owner_only(drill)
        restore_refuses_a_damaged_archive_and_changes_nothing(drill)
        restore_refuses_a_backup_of_the_other_database_vendor(drill)
        restore_refuses_a_database_that_is_not_empty_without_yes(drill)
        restore_with_yes_replaces_a_database_that_is_not_empty(drill)
        report_line(f"backup drill on {VENDOR}: {time.monotonic() - started:.0f} s in all")
    finally:
        if writer is not None and writer.poll() is None:
            writer.kill()
            writer.wait()
        databases.drop_all()


def the_restored_site_is_the_snapshot(drill):
    manifest, source, target = drill["manifest"], drill["source_after"], drill["target_after"]
    archived = manifest["counts"]
    assert manifest["database"]["vendor"] == VENDOR
    assert manifest["media"]["renditions"] is True
    assert manifest["created_at"].endswith("+08:00")
    assert set(manifest["migrations"]) >= {"home", "outreach", "search", "wagtailcore"}

    # The snapshot lies between the revisions published before the backup and after it.
    assert drill["built"]["counts"]["revisions"] < archived["revisions"] < source["counts"]["revisions"]
    # Every kind of thing the drill built is in it.
    assert archived["pages"] >= 19 and archived["images"] == 1 and archived["renditions"] == 1
    assert archived["documents"] == 1 and archived["search_entries"] == archived["pages"] - 1

    # The restored site holds exactly the snapshot, with its search index rebuilt.
    for name in ("pages", "revisions", "images", "renditions", "documents"):
        assert target["counts"][name] == archived[name], name
    assert target["counts"]["search_entries"] == source["counts"]["search_entries"]
    assert target["search"] == source["search"]
    assert {title for _id, title in target["search"]["localhost"]} >= {"上海天文馆", "天文馆里的星空", "天文馆夜观星空"}

    # Every page cached before the restore is stale: the generation moved past the source's.
    assert target["generation"] > source["generation"]

    # Originals, renditions and documents came back byte for byte.
    assert media_bytes(drill["target"].media) == media_bytes(drill["source"].media)
    assert {path.split("/")[0] for path in target["media"]} == {"original_images", "images", "documents"}
    summary = {line.split()[0]: line.split()[1:3] for line in drill["restore"].stdout.splitlines()[-6:]}
    assert summary["revisions"] == [str(archived["revisions"])] * 2

    times = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in drill["seconds"].items())
    report_line(f"backup drill on {VENDOR}: {times}; {drill['written_during']} revisions published during the backup")


def the_archive_is_readable_by_its_owner_only(drill):
    assert drill["archive"].stat().st_mode & 0o777 == 0o600


def rewrite_archive(source, target, change):
    """Copies a tar member by member; `change(name, data)` returns the new (name, data)."""
    with tarfile.open(source) as old, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as new:
        for member in old:
            name, data = change(member.name, old.extractfile(member).read())
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            new.addfile(info, io.BytesIO(data))


def empty_site(drill, name):
    return Site(drill["databases"].new(name), drill["folder"] / f"{name}-media")


def assert_untouched_empty_site(site):
    assert snapshot(site.url)["tables"] == 0
    assert media_bytes(site.media) == {}


def restore_refuses_a_damaged_archive_and_changes_nothing(drill):
    damaged = drill["folder"] / "damaged.tar"

    def change(name, data):
        if name.startswith("media/documents/"):
            data = data.replace("请提前预约".encode(), "无需预约！".encode())
        return name, data

    rewrite_archive(drill["archive"], damaged, change)
    site = empty_site(drill, "damaged")
    done = site.manage("restore", "--yes", str(damaged))
    assert done.returncode != 0
    assert "Checksum mismatch for media/documents/参观须知.txt" in done.stderr
    assert "Traceback" not in done.stderr
    assert_untouched_empty_site(site)

    # An archive cut short (a full disk, an interrupted copy) gets a message, not a traceback.
    truncated = drill["folder"] / "truncated.tar"
    truncated.write_bytes(drill["archive"].read_bytes()[:100_000])
    done = site.manage("restore", "--yes", str(truncated))
    assert done.returncode != 0
    assert "truncated.tar is damaged or truncated" in done.stderr and "Traceback" not in done.stderr
    assert_untouched_empty_site(site)


def restore_refuses_a_backup_of_the_other_database_vendor(drill):
    other = "sqlite" if ON_POSTGRES else "postgresql"
    mine, theirs = DATABASE_MEMBERS[VENDOR], DATABASE_MEMBERS[other]
    foreign = drill["folder"] / "other-vendor.tar"

    def change(name, data):
        if name == MANIFEST:
            manifest = json.loads(data)
            manifest["database"] = {"vendor": other, "member": theirs}
            manifest["members"][theirs] = manifest["members"].pop(mine)
            return name, json.dumps(manifest).encode()
        return (theirs if name == mine else name), data

    rewrite_archive(drill["archive"], foreign, change)
    site = empty_site(drill, "foreign")
    done = site.manage("restore", "--yes", str(foreign))
    assert done.returncode != 0
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert f"This archive holds a {names[other]} database and this site's database is {names[VENDOR]}" in done.stderr
    assert "Nothing was changed" in done.stderr
    assert_untouched_empty_site(site)


def restore_refuses_a_database_that_is_not_empty_without_yes(drill):
    source = drill["source"]
    before = snapshot(source.url)
    media_before = media_bytes(source.media)
    done = source.manage("restore", str(drill["archive"]))
    assert done.returncode != 0
    assert "The target database is not empty" in done.stderr and "--yes" in done.stderr
    # Restoring would have taken back the revisions published after the backup.
    assert snapshot(source.url) == before
    assert before["counts"]["revisions"] > drill["manifest"]["counts"]["revisions"]
    assert media_bytes(source.media) == media_before


def restore_with_yes_replaces_a_database_that_is_not_empty(drill):
    source = drill["source"]
    extra = source.media / "documents" / "uploaded-after-the-backup.txt"
    extra.write_text("后来上传的文件")
    done = source.manage("restore", "--yes", str(drill["archive"]))
    assert done.returncode == 0, done.stderr
    assert snapshot(source.url)["counts"]["revisions"] == drill["manifest"]["counts"]["revisions"]
    assert extra.exists(), "files the archive does not hold are left alone"


# Checks of the archive reader that need no database ---------------------------------------


def test_restore_refuses_an_archive_made_by_newer_code(tmp_path):
    from core.backup import BackupError, check_migrations

    manifest = {"migrations": {"home": ["0001_initial", "0099_from_the_future"]}, "kepu_commit": "abc123"}
    with pytest.raises(BackupError, match=r"newer Kepu code.*home\.0099_from_the_future.*abc123"):
        check_migrations(manifest)


@pytest.mark.parametrize(
    "name", ["media/../../outside.txt", "/etc/cron.d/kepu", "media/./x", "notes.txt", "media/a\\..\\b"]
)
def test_restore_writes_no_member_outside_its_staging_folder(tmp_path, name):
    """A hand-made archive whose manifest lists a path-traversal member, with a right checksum."""
    import hashlib

    from core.backup import BackupError, extract_verified

    data = b"planted"
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    manifest = {
        "database": {"vendor": "sqlite", "member": "database/kepu.sqlite3"},
        "members": {tarfile.TarInfo(name).name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}},
    }
    staging = tmp_path / "staging" / "deep"
    staging.mkdir(parents=True)
    with tarfile.open(archive) as tar, pytest.raises(BackupError, match="not a plain file with a safe name|neither"):
        extract_verified(tar, manifest, staging)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != archive]
    assert written == []
