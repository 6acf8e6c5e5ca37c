"""Backup and restore of a whole Kepu site: the database (SQLite or PostgreSQL) and the media
folder, in one tar archive with a manifest (`manage.py backup`, `manage.py restore`).

The database copy is consistent while the site keeps writing: SQLite's online backup API
copies the file in one read transaction (with write-ahead logging, writers are not held up),
and on PostgreSQL pg_dump reads the snapshot of the transaction in which the manifest's
counts and migration state were read, so the manifest describes exactly the dump.

Restore checks everything before it changes anything: the manifest, every member's sha256,
the database vendor, the migrations and the database copy itself, all extracted to a staging
folder first. Only then does it replace the database (SQLite: the backup API into the target
file, one write transaction; PostgreSQL: pg_restore in a single transaction), move the media
files into place, apply migrations the archive predates, rebuild the search index and bump the
page cache generation, so no page cached before the restore is served again.

The archive holds every account's password hash: it is written readable by its owner only.
"""

import glob
import hashlib
import io
import json
import lzma
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import tomllib
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .generations import bump_generation

FORMAT = "kepu-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"sqlite": "database/kepu.sqlite3", "postgresql": "database/kepu.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Wagtail's rendition files (resized copies made on demand); originals are in original_images/.
RENDITIONS_FOLDER = "images"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure with a message for the operator. Raised by restore before it has
    changed anything, unless the message says otherwise."""


def counted_tables():
    """What the manifest and the restore summary count, by database table."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    # By its label, like the image and document models: core stands below the search app.
    search_entry_model = apps.get_model("search", "SearchEntry")
    image_model = get_image_model()
    return {
        "pages": Page._meta.db_table,
        "revisions": Revision._meta.db_table,
        "images": image_model._meta.db_table,
        "renditions": image_model.get_rendition_model()._meta.db_table,
        "documents": get_document_model()._meta.db_table,
        "search_entries": search_entry_model._meta.db_table,
    }


def database_state(cursor, vendor):
    """Counts and applied migrations, read through a DB-API cursor on the database (or copy)
    being described; a table the database does not have counts as None."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    tables = {row[0] for row in cursor.fetchall()}
    counts = {}
    for name, table in counted_tables().items():
        if table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[name] = cursor.fetchone()[0]
        else:
            counts[name] = None
    migrations = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return {"tables": len(tables), "counts": counts, "migrations": migrations}


def kepu_version():
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
            version = tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = None
    commit = os.environ.get("KEPU_COMMIT") or None
    if not commit:
        try:
            found = subprocess.run(
                ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=5
            )
            commit = found.stdout.strip() if found.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            commit = None
    return version, commit


def vendor():
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Kepu backs up SQLite and PostgreSQL databases, not {connection.vendor}.")
    return connection.vendor


def sqlite_path():
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("The SQLite database is in memory; there is no file to back up or restore into.")
    return Path(name)


# PostgreSQL client tools ------------------------------------------------------------------


def pg_tool(name):
    """pg_dump or pg_restore: Debian's newest versioned client first (it must be at least the
    server's version), then whatever PATH offers."""

    def version(path):
        number = Path(path).parent.parent.name
        return int(number) if number.isdigit() else 0

    for path in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True):
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} not found (looked in /usr/lib/postgresql/*/bin and PATH); "
        "install Debian's PostgreSQL client: apt-get install postgresql-client"
    )


PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def pg_arguments():
    """Connection arguments for pg_dump/pg_restore and their environment: the password goes
    in PGPASSWORD, never on a command line that `ps` shows."""
    db = connection.settings_dict
    arguments = []
    if db.get("HOST"):
        arguments += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", str(db["USER"])]
    arguments += ["--dbname", str(db["NAME"]), "--no-password"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in PG_OPTION_VARIABLES.items():
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return arguments, env


def run_pg(command, env, what):
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} failed ({Path(command[0]).name} exited {done.returncode}): {done.stderr.strip()}")
    return done


# Backup -----------------------------------------------------------------------------------


def dump_sqlite(target):
    """One step of the online backup API: a single read transaction, so the copy is the
    database as of one commit while writers go on (write-ahead logging)."""
    source_path = sqlite_path()
    if not source_path.exists():
        raise BackupError(f"The SQLite database {source_path} does not exist.")
    source = sqlite3.connect(source_path, timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # The copy stands alone: a rollback journal, no -wal file beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        return database_state(copy.cursor(), "sqlite")
    finally:
        copy.close()
        source.close()


def dump_postgresql(target):
    """pg_dump reads the snapshot this transaction exported, so the counts and migrations
    read here are exactly those of the dump."""
    arguments, env = pg_arguments()
    pg_dump = pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = database_state(cursor, "postgresql")
        run_pg(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file", str(target), *arguments], env, "pg_dump"
        )
    return state


class HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def add_file(tar, path, arcname, members):
    info = tar.gettarinfo(str(path), arcname=arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    with open(path, "rb") as raw:
        reader = HashingReader(raw)
        tar.addfile(info, reader)
    members[arcname] = {"size": info.size, "sha256": reader.sha256.hexdigest()}


def media_files(media_root, renditions, skip):
    for folder, dirs, files in os.walk(media_root):
        dirs.sort()
        relative_folder = Path(folder).relative_to(media_root)
        if relative_folder == Path(".") and not renditions and RENDITIONS_FOLDER in dirs:
            dirs.remove(RENDITIONS_FOLDER)
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink() and path.resolve() not in skip:
                yield path, (relative_folder / name).as_posix()


def archive_path(output):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    output = Path(output or ".")
    if output.is_dir() or str(output).endswith(os.sep):
        output.mkdir(parents=True, exist_ok=True)
        return output / f"kepu-backup-{stamp}.tar"
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    return output


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float


def create_backup(output=None, renditions=True, media_root=None):
    """Writes the archive (to a temporary name first, so a failed backup leaves no archive
    that looks whole) and returns its path and manifest."""
    started = time.monotonic()
    db_vendor = vendor()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    path = archive_path(output).resolve()
    partial = path.with_name(f".{path.name}.partial")
    version, commit = kepu_version()
    members = {}
    with tempfile.TemporaryDirectory(prefix="kepu-backup-", dir=path.parent) as work:
        dump = Path(work) / Path(DATABASE_MEMBERS[db_vendor]).name
        created_at = timezone.localtime()
        state = dump_sqlite(dump) if db_vendor == "sqlite" else dump_postgresql(dump)
        media = {"files": 0, "bytes": 0, "renditions": renditions}
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
            ):
                add_file(tar, dump, DATABASE_MEMBERS[db_vendor], members)
                skip = {partial.resolve(), path.resolve(), Path(work).resolve()}
                if media_root.is_dir():
                    for file_path, relative in media_files(media_root, renditions, skip):
                        try:
                            add_file(tar, file_path, MEDIA_PREFIX + relative, members)
                        except FileNotFoundError:
                            continue  # deleted by an editor since the folder was listed
                        media["files"] += 1
                        media["bytes"] += members[MEDIA_PREFIX + relative]["size"]
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "kepu_version": version,
                    "kepu_commit": commit,
                    "created_at": created_at.isoformat(),
                    "database": {"vendor": db_vendor, "member": DATABASE_MEMBERS[db_vendor]},
                    "migrations": state["migrations"],
                    "counts": state["counts"],
                    "media": media,
                    "members": members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=path, manifest=manifest, seconds=time.monotonic() - started)


# Restore ----------------------------------------------------------------------------------


def safe_member_name(name):
    path = PurePosixPath(name)
    if str(path) != name or path.is_absolute() or any(part in ("..", ".", "") for part in path.parts):
        return False
    return "\\" not in name and "\x00" not in name


def read_manifest(tar):
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read().decode())
    except KeyError:
        raise BackupError("Not a Kepu backup: the archive has no manifest.json.") from None
    except (ValueError, UnicodeDecodeError, AttributeError):
        raise BackupError("The archive's manifest.json is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Not a Kepu backup: manifest.json does not describe a Kepu backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This archive has format version {manifest.get('format_version')!r}; "
            f"this Kepu reads version {FORMAT_VERSION}. Restore it with the Kepu that made it."
        )
    members = manifest.get("members")
    database = manifest.get("database")
    if (
        not isinstance(members, dict)
        or not isinstance(database, dict)
        or database.get("vendor") not in DATABASE_MEMBERS
        or database.get("member") != DATABASE_MEMBERS[database["vendor"]]
        or database["member"] not in members
        or not isinstance(manifest.get("migrations"), dict)
    ):
        raise BackupError("The archive's manifest.json is incomplete (members, database or migrations missing).")
    return manifest


def check_migrations(manifest):
    """Refuses an archive from newer code; returns the code's migrations it predates."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(archived - known)
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        commit = manifest.get("kepu_commit") or "unknown"
        raise BackupError(
            f"The archive was made by newer Kepu code: this code does not have the migrations {shown}"
            f"{' …' if len(unknown) > 5 else ''}. Check out the Kepu commit that made it ({commit}) and restore again."
        )
    return sorted(known - archived)


def target_contents():
    """The target database's tables, and what it holds when it is a Kepu database."""
    tables = connection.introspection.table_names()
    if not tables:
        return []
    with connection.cursor() as cursor:
        state = database_state(cursor, connection.vendor)
    held = [f"{value} {name.replace('_', ' ')}" for name, value in state["counts"].items() if value]
    return [f"{len(tables)} tables", *held]


def extract_verified(tar, manifest, staging):
    """Every member checked against the manifest (name, type, size, sha256) and written under
    `staging`, by our own path joins: nothing in the archive chooses where a file lands."""
    expected = manifest["members"]
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected:
            raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
        if not member.isfile() or not safe_member_name(member.name):
            raise BackupError(f"The archive member {member.name!r} is not a plain file with a safe name.")
        if not (member.name.startswith(MEDIA_PREFIX) or member.name == manifest["database"]["member"]):
            raise BackupError(f"The archive member {member.name!r} is neither the database nor media.")
        if member.name in seen:
            raise BackupError(f"The archive holds {member.name!r} twice.")
        seen.add(member.name)
        target = staging.joinpath(*PurePosixPath(member.name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with tar.extractfile(member) as source, open(target, "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        want = expected[member.name]
        if not isinstance(want, dict) or size != want.get("size") or digest.hexdigest() != want.get("sha256"):
            raise BackupError(
                f"Checksum mismatch for {member.name}: the archive is damaged or was altered. Nothing was restored."
            )
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive lacks {len(missing)} listed members, e.g. {missing[0]}: it is incomplete.")


def check_database_copy(path, db_vendor):
    if db_vendor == "sqlite":
        try:
            copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                result = copy.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                copy.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"The archive's SQLite database cannot be read: {error}") from None
        if result != "ok":
            raise BackupError(f"The archive's SQLite database fails its integrity check: {result}")
    else:
        _, env = pg_arguments()
        run_pg([pg_tool("pg_restore"), "--list", str(path)], env, "Reading the archive's PostgreSQL dump")


def restore_database(path, db_vendor):
    connection.close()
    if db_vendor == "sqlite":
        target_path = sqlite_path()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(target_path, timeout=20)
        try:
            # One step: the target changes in one write transaction, all or nothing.
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
            source.close()
    else:
        arguments, env = pg_arguments()
        run_pg(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                *arguments,
                str(path),
            ],
            env,
            "pg_restore (the database was left as it was)",
        )


def restore_media(staged_media, media_root):
    count = 0
    if not staged_media.is_dir():
        return count
    for folder, _dirs, files in os.walk(staged_media):
        relative = Path(folder).relative_to(staged_media)
        (media_root / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.move(str(Path(folder) / name), str(media_root / relative / name))
            count += 1
    return count


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict
    media_files: int
    migrated: list = field(default_factory=list)
    seconds: float = 0.0


def inspect_archive(path):
    """Opens the archive and reads its manifest; any damage is a BackupError."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No archive at {path}.")
    try:
        tar = tarfile.open(path, mode="r:*")  # noqa: SIM115 (the caller closes it)
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{path} is not a tar archive, or is damaged. Nothing was changed.") from None
    try:
        with damage_reported(path):
            return tar, read_manifest(tar)
    except BaseException:
        tar.close()
        raise


@contextmanager
def damage_reported(path):
    """A truncated or garbled archive as the operator's error, not a traceback."""
    try:
        yield
    except (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError) as error:
        raise BackupError(f"{path} is damaged or truncated ({error}). Nothing was changed.") from None


def restore_backup(path, replace=False, media_root=None, stdout=None):
    started = time.monotonic()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    db_vendor = vendor()
    tar, manifest = inspect_archive(path)
    with tar:
        archived = manifest["database"]["vendor"]
        if archived != db_vendor:
            raise BackupError(
                f"This archive holds a {VENDOR_NAMES[archived]} database and this site's database "
                f"is {VENDOR_NAMES[db_vendor]}: a {VENDOR_NAMES[archived]} backup cannot be restored into "
                f"{VENDOR_NAMES[db_vendor]}. Point DATABASE_URL at a {VENDOR_NAMES[archived]} database "
                "and restore again. Nothing was changed."
            )
        pending = check_migrations(manifest)
        contents = target_contents()
        if contents and not replace:
            raise BackupError(
                f"The target database is not empty ({', '.join(contents)}). Restoring replaces all of it; "
                "run again with --yes to do so, or point DATABASE_URL at an empty database. Nothing was changed."
            )
        staging_parent = media_root.parent if os.access(media_root.parent, os.W_OK) else None
        with tempfile.TemporaryDirectory(prefix=".kepu-restore-", dir=staging_parent) as staging:
            staging = Path(staging)
            with damage_reported(path):
                extract_verified(tar, manifest, staging)
            database_copy = staging.joinpath(*PurePosixPath(manifest["database"]["member"]).parts)
            check_database_copy(database_copy, db_vendor)
            # Everything is checked: from here on the site changes.
            if stdout:
                stdout.write("Archive verified; restoring the database …")
            restore_database(database_copy, db_vendor)
            media_root.mkdir(parents=True, exist_ok=True)
            media_count = restore_media(staging / MEDIA_PREFIX.rstrip("/"), media_root)
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    if not manifest.get("media", {}).get("renditions", True):
        from wagtail.images import get_image_model

        # Their files are not in the archive; Wagtail makes them again when a page asks.
        get_image_model().get_rendition_model().objects.all().delete()
    call_command("rebuild_search", stdout=stdout or io.StringIO())
    with transaction.atomic():
        bump_generation()
    with connection.cursor() as cursor:
        counts = database_state(cursor, connection.vendor)["counts"]
    return RestoreResult(
        manifest=manifest,
        counts=counts,
        media_files=media_count,
        migrated=[f"{app}.{name}" for app, name in pending],
        seconds=time.monotonic() - started,
    )
