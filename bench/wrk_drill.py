"""Load drill (issue 17): wrk with 64 connections against the home page, filtered index pages
and searches, through gunicorn as production runs it, with Kepu's page cache off and on.
Every answer must be a 2xx or 3xx.

    .venv/bin/python bench/wrk_drill.py --database /tmp/kepu-drill/kepu.sqlite3 --prepare
    tools/with-postgres .venv/bin/python bench/wrk_drill.py --database @kepu_drill --prepare

A database is a SQLite file path, a URL or @NAME (on the server of $DATABASE_URL, as in
http_bench.py). --prepare migrates it and runs `load_demo` (the demo's two cities). For each
cache setting it starts gunicorn (--preload, --workers 3, config.settings.production, on a
free loopback port), checks that every path answers 200, then runs one
`wrk -t2 -c64 -d60s --timeout 30s` whose connections take the paths in turn (a Lua
script): the Chinese and English home pages, works, events and venues indexes with filters,
and searches for many different words (so with the cache on, most searches are still
rendered, and counted, the first time). It prints requests/s, latency, the non-2xx/3xx and
socket error counts, and the lines gunicorn and Kepu logged, as a Markdown table.

--outage runs the same load, page cache on, with the database taken away after every path
has been warmed: on SQLite its folder is moved aside (gunicorn then opens the file anew for
each request, DATABASE_CONN_MAX_AGE=0), on PostgreSQL the server is stopped (`pg_ctl stop -m
fast`; it must be a server this user may stop, as tools/with-postgres's is) and started
again afterwards. It counts the answers by status and the log lines and tracebacks.
See bench/README.md, "Load drill".
"""

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_bench  # the benchmark next to this file

HOST = "localhost:8000"  # the Shanghai demo site
SEARCH_WORDS = [
    "科技", "天文", "博物馆", "机器人", "海洋", "航天", "芯片", "疫苗", "台风", "量子",
    "恐龙", "星空", "健康", "人工智能", "植物", "火星", "地震", "讲座", "展览", "科普",
    "science", "museum", "ocean", "stars", "AI", "上海科技馆", "自然博物馆", "南通", "青少年", "老年",
]  # fmt: skip
PATHS = [
    "/",
    "/en/",
    "/works/?audience=youth",
    "/works/?audience=elderly&type=audio",
    "/works/?topic=astronomy",
    "/works/?audience=youth&topic=astronomy&page=1",
    "/events/?audience=youth",
    "/venues/?audience=youth",
    "/en/works/?audience=youth-en",
] + [f"/search/?q={urllib.parse.quote(word)}" for word in SEARCH_WORDS]


class DrillTarget(http_bench.Target):
    def env(self, cached):
        # Warnings logged, so the drill shows what a loaded site writes to its log.
        return {**super().env(cached), "LOG_LEVEL": "WARNING"}

    def prepare_demo(self):
        http_bench.ensure_postgres_database(self.database_url)
        self.manage("migrate", "--noinput", "-v0")
        # The demo loader is for development settings (it sets the demo passwords).
        env = {**self.env(False), "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "1"}
        print("[kepu] load_demo", flush=True)
        subprocess.run([str(http_bench.PYTHON), "manage.py", "load_demo"], cwd=self.cwd, env=env, check=True)


STATUS_COUNTS = """
local threads = {}
setup = function(thread) table.insert(threads, thread) end
response = function(status, headers, body)
  statuses = statuses or {}
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do io.write(string.format("status %d: %d\\n", status, n)) end
  end
end
"""


class Outage:
    """Takes the drill's database away and brings it back."""

    def __init__(self, database_url):
        self.url = database_url
        self.postgres = database_url.startswith("postgres")
        if not self.postgres:
            self.folder = Path(urllib.parse.urlsplit(database_url).path).parent

    def as_server_owner(self, command):
        return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command

    def down(self):
        if not self.postgres:
            self.folder.rename(f"{self.folder}-away")
            return
        import psycopg

        with psycopg.connect(self.url) as connection:
            self.data = connection.execute("SHOW data_directory").fetchone()[0]
            bindir = connection.execute("SELECT setting FROM pg_config WHERE name = 'BINDIR'").fetchone()[0]
        self.pg_ctl = str(Path(bindir) / "pg_ctl")
        # The server's own command line, to start it again as it was.
        self.options = shlex.split(Path(self.data, "postmaster.opts").read_text())[1:]
        subprocess.run(self.as_server_owner([self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop"]), check=True)

    def up(self):
        if not self.postgres:
            Path(f"{self.folder}-away").rename(self.folder)
            return
        options = [option for option in self.options if option != "-D" and option != self.data]
        command = [self.pg_ctl, "-D", self.data, "-w", "-l", str(Path(self.data).parent / "server.log")]
        command += ["-o", shlex.join(options), "start"]
        subprocess.run(self.as_server_owner(command), check=True, stdout=subprocess.DEVNULL)


def outage_drill(args, target, script, warm_script):
    outage = Outage(target.database_url)
    with http_bench.Server(target, True, args.workers) as server:
        # Every worker's own cache warmed: sequential requests tend to reach one worker.
        warm = [args.wrk, "-t2", f"-c{args.connections}", "-d5s", "-H", f"Host: {HOST}", "-s", warm_script]
        subprocess.run([*warm, server.base + "/"], capture_output=True, check=True)
        log_before = Path(server.log.name).read_text().count("\n")
        command = [args.wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}", "--timeout", "30s"]
        command += ["-H", f"Host: {HOST}", "-s", script, server.base + "/"]
        outage.down()
        try:
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        finally:
            outage.up()
        server.log.flush()
        log_lines = Path(server.log.name).read_text().splitlines()[log_before:]
    print(output, flush=True)
    statuses = {}
    for status, count in http_bench.re.findall(r"^status (\d+): (\d+)$", output, http_bench.re.MULTILINE):
        statuses[int(status)] = statuses.get(int(status), 0) + int(count)
    tracebacks = sum("Traceback" in line for line in log_lines)
    print(
        f"\nDatabase down, page cache on, `wrk -t2 -c{args.connections} -d{args.duration}` over {len(PATHS)} "
        "warmed paths and, every 10th request, a search never made before:"
    )
    print(f"answers by status: {dict(sorted(statuses.items()))}; log lines {len(log_lines)}, tracebacks {tracebacks}")
    for line in log_lines[:10]:
        print(f"    {line}")
    return statuses, tracebacks


def lua_script(paths, fresh_every=0):
    """Requests taking `paths` in turn; with `fresh_every` N, every Nth is instead a search no
    one made before (never in the page cache)."""
    quoted = ", ".join('"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"' for path in paths)
    return f"""
local paths = {{{quoted}}}
local counter = 0
init = function(args)
  counter = math.random(#paths)
  prefix = "/search/?q=drill&visit=" .. tostring(math.random(1000000)) .. "-"
end
request = function()
  counter = counter + 1
  if {fresh_every} > 0 and counter % {max(fresh_every, 1)} == 0 then
    return wrk.format("GET", prefix .. counter)
  end
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def drill(args, target, cached, script):
    with http_bench.Server(target, cached, args.workers) as server:
        for path in PATHS:
            status, _ = http_bench.fetch(server.base + path, HOST)
            if status != 200:
                sys.exit(f"{path} answered {status} before the drill; see {server.log.name}")
        log_before = Path(server.log.name).read_text().count("\n")
        command = [args.wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}", "--latency", "--timeout", "30s"]
        command += ["-H", f"Host: {HOST}", "-s", script, server.base + "/"]
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        started = time.monotonic()
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        elapsed = time.monotonic() - started
        server.log.flush()
        log_lines = Path(server.log.name).read_text().splitlines()[log_before:]
    print(output, flush=True)
    result = http_bench.parse_wrk(output)
    non_2xx = http_bench.re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = http_bench.re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "cached": cached,
        "rps": result["rps"],
        "requests": result["requests"],
        "p50": result["p50"],
        "p99": result["p99"],
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sockets.group(0) if sockets else "none",
        "log_lines": len(log_lines),
        "log_sample": log_lines[:5],
        "seconds": elapsed,
        "load": load,
    }


def report(rows, args, database):
    lines = [
        f"`wrk -t2 -c{args.connections} -d{args.duration} --timeout 30s` over {len(PATHS)} paths in turn; "
        f"gunicorn --preload --workers {args.workers}; {database}",
        "",
        "| page cache | requests | req/s | p50 ms | p99 ms | non-2xx/3xx | socket errors | log lines | load before |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {'on' if row['cached'] else 'off'} | {row['requests']:,} | {row['rps']:,.0f} | {row['p50']:.1f} "
            f"| {row['p99']:.1f} | {row['non_2xx']} | {row['socket_errors']} | {row['log_lines']} | {row['load']} |"
        )
    for row in rows:
        if row["log_sample"]:
            lines += ["", f"First log lines, cache {'on' if row['cached'] else 'off'}:", ""]
            lines += [f"    {line}" for line in row["log_sample"]]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="SQLite file, database URL or @NAME")
    parser.add_argument("--prepare", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--cache", choices=["both", "off", "on"], default="both")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--wrk", default="/usr/bin/wrk")
    parser.add_argument("--outage", action="store_true", help="the database taken away during the run (cache on)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kepu-drill-") as workdir:
        target = DrillTarget("kepu", args.database, Path(workdir) / "unused.json")
        if args.prepare:
            target.prepare_demo()
        target.collect_static()
        script = Path(workdir) / "paths.lua"
        script.write_text(lua_script(PATHS, 10) + STATUS_COUNTS if args.outage else lua_script(PATHS))
        if args.outage:
            if not target.database_url.startswith("postgres"):
                os.environ["DATABASE_CONN_MAX_AGE"] = "0"  # an open SQLite file would still be read
            warm_script = Path(workdir) / "warm.lua"
            warm_script.write_text(lua_script(PATHS))
            statuses, tracebacks = outage_drill(args, target, str(script), str(warm_script))
            sys.exit(1 if tracebacks or set(statuses) - {200, 503} else 0)
        modes = {"both": [False, True], "off": [False], "on": [True]}[args.cache]
        rows = [drill(args, target, cached, str(script)) for cached in modes]
    database = "PostgreSQL" if target.database_url.startswith("postgres") else "SQLite"
    text = report(rows, args, database)
    print(text)
    if any(row["non_2xx"] or row["socket_errors"] != "none" for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
