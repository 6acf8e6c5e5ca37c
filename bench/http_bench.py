"""HTTP benchmark: Kepu and a stock Wagtail site (bench/stock_site) under gunicorn, measured
with wrk on loopback, uncached and cached, side by side in one run.

    .venv/bin/python bench/http_bench.py \
        --kepu /tmp/kepu-bench/kepu.sqlite3 --kepu-urls /tmp/kepu-bench/urls.json \
        --stock /tmp/stock-bench/stock.sqlite3 --stock-urls /tmp/stock-bench/urls.json

A database is a SQLite file path, a database URL, or @NAME: the database NAME on the server
of $DATABASE_URL (as tools/with-postgres exports it), created if missing. --prepare first
fills empty databases and writes the urls files (Kepu: generate_large_site; stock: generate).

For each target and each cache setting it starts gunicorn (--preload, --workers N) on a free
loopback port, checks and warms every URL, runs `wrk -c8 -t2 --latency` per URL (throughput
and latency under load) and `wrk -c1 -t1 --latency` (one request at a time, so latency is the
render time, not queueing), reads each worker's resident memory from /proc; with both sites,
it then times each page in pairs (one request to Kepu, one to the stock site, --paired N
times), which compares the two even when the shared machine's speed drifts between runs.
It prints Markdown tables: every measurement, the side-by-side summary, the pairs and the
issue's targets.
See bench/README.md, "HTTP (wrk)".
"""

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project's virtualenv, else the one running this script (a git worktree has no .venv).
PYTHON = ROOT / ".venv" / "bin" / "python" if (ROOT / ".venv").exists() else Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"

# The pages of issue 8, and the render-time target (ms) for each: detail pages 50 ms,
# index, search and home pages 100 ms.
PAGES = {
    "home": 100,
    "works_index_filtered": 100,
    "work": 50,
    "event": 50,
    "venue": 50,
    "search": 100,
    "search_venue_name": 100,
    "brand": 50,
    "events_index": 100,
    "venues_index": 100,
}
DEFAULT_PAGES = ["home", "works_index_filtered", "work", "event", "venue", "search", "search_venue_name"]
CACHED_RATIO_TARGET = 20
RSS_TARGET_MB = 200
GENERATOR_SIZES = ("works", "events", "venues", "brands")


class Target:
    """How to prepare and serve one site: Kepu, or the stock Wagtail site."""

    def __init__(self, name, database, urls_file):
        self.name = name
        self.database_url = database_url(database)
        self.urls_file = Path(urls_file)

    @property
    def cwd(self):
        return ROOT if self.name == "kepu" else ROOT / "bench" / "stock_site"

    def env(self, cached):
        env = {**os.environ, "DATABASE_URL": self.database_url, "PYTHONUNBUFFERED": "1"}
        if self.name == "kepu":
            env.update(
                DJANGO_SETTINGS_MODULE="config.settings.production",
                SECRET_KEY="http-bench-only-" + "x" * 40,
                ALLOWED_HOSTS="127.0.0.1,localhost,.localhost",
                KEPU_PII_KEY=os.environ.get("KEPU_PII_KEY") or "aHR0cC1iZW5jaC1vbmx5LXBpaS1rZXktMDEyMzQ1Njc=",
                SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; production sits behind TLS
                KEPU_PAGE_CACHE="1" if cached else "0",
                LOG_LEVEL="ERROR",
            )
        else:
            env.update(DJANGO_SETTINGS_MODULE="stocksite.settings", STOCK_CACHE="1" if cached else "0")
        env.pop("DEBUG", None)
        return env

    @property
    def wsgi(self):
        return "config.wsgi:application" if self.name == "kepu" else "stocksite.wsgi:application"

    def manage(self, *args, cached=False):
        command = [str(PYTHON), "manage.py", *args]
        print(f"[{self.name}] {' '.join(args)}", flush=True)
        subprocess.run(command, cwd=self.cwd, env=self.env(cached), check=True)

    def prepare(self, sizes):
        ensure_postgres_database(self.database_url)
        self.urls_file.parent.mkdir(parents=True, exist_ok=True)
        size_args = [arg for key in GENERATOR_SIZES for arg in (f"--{key}", str(sizes[key]))]
        started = time.monotonic()
        if self.name == "kepu":
            self.manage("migrate", "--noinput", "-v0")
            self.manage("generate_large_site", *size_args, "--urls-file", str(self.urls_file))
        else:
            self.manage("generate", *size_args, "--urls-file", str(self.urls_file))
        print(f"[{self.name}] prepared in {time.monotonic() - started:.0f} s", flush=True)

    def collect_static(self):
        """Kepu's production settings serve static files through a manifest, built once."""
        if self.name == "kepu" and not (ROOT / "static_collected" / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "-v0")


def database_url(spec):
    if spec.startswith("@"):
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith(("postgres://", "postgresql://")):
            sys.exit(f"{spec}: @NAME needs a PostgreSQL DATABASE_URL (run under tools/with-postgres)")
        return urllib.parse.urlsplit(base)._replace(path="/" + spec[1:]).geturl()
    if "://" in spec:
        return spec
    return f"sqlite:///{Path(spec).resolve()}"


def ensure_postgres_database(url):
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    server = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request_target(base, url):
    """(full URL for wrk, Host header or None) for a path or an absolute URL from a urls file."""
    if "://" not in url:
        return base + urllib.parse.quote(url, safe="/?&=%:+,;@"), None
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
    return base + urllib.parse.quote(path, safe="/?&=%:+,;@"), parts.netloc


class Server:
    def __init__(self, target, cached, workers):
        self.target, self.cached, self.workers = target, cached, workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        command = [
            str(GUNICORN),
            self.target.wsgi,
            "--preload",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]
        self.log = open(f"/tmp/http-bench-{self.target.name}-{self.port}.log", "w")
        self.process = subprocess.Popen(
            command, cwd=self.target.cwd, env=self.target.env(self.cached), stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn for {self.target.name} exited; see {self.log.name}")
            try:
                urllib.request.urlopen(self.base + "/", timeout=30).read()
                if len(self.worker_pids()) == self.workers:
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.__exit__()
        sys.exit(f"gunicorn for {self.target.name} did not answer within 120 s; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def worker_pids(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def memory(self):
        """(RSS MB, PSS MB) of each worker: RSS counts pages shared with the --preload master
        in full; PSS divides them among the processes sharing them."""
        deadline = time.monotonic() + 30
        while len(self.worker_pids()) < self.workers and time.monotonic() < deadline:
            time.sleep(0.5)  # a worker killed on timeout is being replaced
        result = []
        for pid in self.worker_pids():
            rss = pss = 0.0
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
            rollup = Path(f"/proc/{pid}/smaps_rollup")
            if rollup.exists():
                for line in rollup.read_text().splitlines():
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) / 1024
            result.append((rss, pss))
        return result


def fetch(url, host):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent in ("50", "90", "99"):
        match = re.search(rf"^\s+{percent}(?:\.000)?%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}"] = parse_ms(match.group(1)) if match else float("nan")
    match = re.search(r"(\d+) requests in", output)
    result["requests"] = int(match.group(1)) if match else 0
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["errors"] = (int(errors.group(1)) if errors else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    return result


def wrk(args, url, host, threads, connections, duration):
    command = [args.wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency", "--timeout", "30s"]
    if host:
        command += ["-H", f"Host: {host}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def measure(args, target, cached, pages, failures):
    urls = json.loads(target.urls_file.read_text())
    rows = []
    with Server(target, cached, args.workers) as server:
        for page in pages:
            if page not in urls:
                print(f"[{target.name}] {page}: not in {target.urls_file}, skipped", flush=True)
                continue
            url, host = request_target(server.base, urls[page])
            try:
                status, size = [fetch(url, host) for _ in range(args.warm)][-1]
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                # A page slower than gunicorn's 30 s worker timeout: reported, not measured.
                status, size = f"no answer ({error})", 0
            if status != 200:
                print(f"[{target.name}] {page}: {urls[page]} gave {status}; see {server.log.name}", flush=True)
                failures.append(f"{target.name} {'cached' if cached else 'uncached'} {page} ({urls[page]}): {status}")
                continue
            row = {"target": target.name, "cached": cached, "page": page, "url": urls[page], "bytes": size}
            if not cached or args.render_cached:
                row["render"] = wrk(args, url, host, 1, 1, args.render_duration)
            row["load"] = wrk(args, url, host, args.threads, args.connections, args.duration)
            render = f"; one at a time p50 {row['render']['p50']:.1f} ms" if "render" in row else ""
            print(
                f"[{target.name} {'cached' if cached else 'uncached'}] {page} ({size:,} bytes): "
                f"{row['load']['rps']:.0f} req/s, p50 {row['load']['p50']:.1f} ms under load{render}",
                flush=True,
            )
            rows.append(row)
        memory = server.memory()
    for row in rows:
        row["memory"] = memory
    return rows


def timed_get(connection, url, host):
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": host or parts.netloc})
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed if response.status == 200 else None


def paired(args, targets, pages):
    """Render time, uncached, one request at a time to each site in turn (one worker each):
    whatever else the shared machine does slows both sides of a pair alike, so the median of
    the per-pair ratios compares the two sites where separate runs minutes apart cannot."""
    kepu, stock = targets
    urls = {target.name: json.loads(target.urls_file.read_text()) for target in targets}
    rows = []
    with Server(kepu, False, 1) as kepu_server, Server(stock, False, 1) as stock_server:
        servers = {"kepu": kepu_server, "stock": stock_server}
        connections = {
            name: http.client.HTTPConnection("127.0.0.1", server.port, timeout=60) for name, server in servers.items()
        }
        for page in pages:
            if not all(page in urls[name] for name in servers):
                continue
            targets_of = {name: request_target(servers[name].base, urls[name][page]) for name in servers}
            times = {"kepu": [], "stock": []}
            for round_number in range(args.warm + args.paired):
                for name in ("kepu", "stock"):
                    elapsed = timed_get(connections[name], *targets_of[name])
                    if elapsed is None:
                        break
                    if round_number >= args.warm:
                        times[name].append(elapsed)
            if len(times["kepu"]) < args.paired or len(times["stock"]) < args.paired:
                print(f"[paired] {page}: not 200 on both sites, skipped", flush=True)
                continue
            ratios = [s / k for k, s in zip(times["kepu"], times["stock"], strict=True)]
            row = {
                "page": page,
                "pairs": args.paired,
                "kepu_p50": statistics.median(times["kepu"]),
                "stock_p50": statistics.median(times["stock"]),
                "ratio": statistics.median(ratios),
                "kepu_faster": sum(ratio >= 1 for ratio in ratios) / len(ratios),
            }
            print(
                f"[paired] {page}: kepu {row['kepu_p50']:.1f} ms, stock {row['stock_p50']:.1f} ms, "
                f"stock ÷ kepu per pair {row['ratio']:.2f}",
                flush=True,
            )
            rows.append(row)
    return rows


def paired_report(rows, args):
    lines = [
        "",
        f"Uncached render time in pairs ({args.paired} pairs per page, one request to Kepu then one to the stock "
        "site, gunicorn with one worker each; time ratio > 1: Kepu is faster):",
        "",
        "| page | kepu p50 ms | stock p50 ms | stock ÷ kepu time, median of pairs | pairs where kepu was faster |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {fmt(row['kepu_p50'])} | {fmt(row['stock_p50'])} | {fmt(row['ratio'], 2)} "
            f"| {row['kepu_faster']:.0%} |"
        )
    if rows:
        lowest = min(row["ratio"] for row in rows)
        verdict = "met" if lowest >= 1 else "**not met**"
        lines += ["", f"- kepu uncached at least as fast as stock, in pairs: lowest ratio {fmt(lowest, 2)}: {verdict}"]
    return lines


def fmt(value, digits=1):
    return "–" if value is None or value != value else f"{value:,.{digits}f}"


def report(rows, args, pages):
    lines = [
        f"wrk {args.duration} -t{args.threads} -c{args.connections} under load; {args.render_duration} -t1 -c1 for "
        f"render time; gunicorn --preload --workers {args.workers}; {os.cpu_count()} CPUs; "
        f"load average before the run {args.load_before}",
        "",
        "| target | cache | page | bytes | req/s | p50 ms | p90 ms | p99 ms | errors "
        "| render p50 ms | render p90 ms | render p99 ms |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        load, render = row["load"], row.get("render", {})
        lines.append(
            f"| {row['target']} | {'cached' if row['cached'] else 'uncached'} | {row['page']} | {row['bytes']:,} "
            f"| {fmt(load['rps'], 0)} | {fmt(load['p50'])} | {fmt(load['p90'])} | {fmt(load['p99'])} "
            f"| {load['errors']} | {fmt(render.get('p50'))} | {fmt(render.get('p90'))} | {fmt(render.get('p99'))} |"
        )

    by = {(row["target"], row["cached"], row["page"]): row for row in rows}
    targets = sorted({row["target"] for row in rows}, key=["kepu", "stock"].index)
    lines += ["", "Cached ÷ uncached throughput (req/s under load), and the side by side:", ""]
    header = ["page"]
    for name in targets:
        header += [f"{name} uncached render p50 ms", f"{name} uncached req/s", f"{name} cached req/s", f"{name} ×"]
    if len(targets) == 2:
        header += ["kepu ÷ stock uncached", "kepu ÷ stock cached", "kepu cached ÷ stock uncached"]
    lines += ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for page in pages:
        cells, rates = [page], {}
        for name in targets:
            off, on = by.get((name, False, page)), by.get((name, True, page))
            off_rps = off["load"]["rps"] if off else None
            on_rps = on["load"]["rps"] if on else None
            rates[name] = (off_rps, on_rps)
            cells += [
                fmt(off["render"]["p50"]) if off else "–",
                fmt(off_rps, 0),
                fmt(on_rps, 0),
                fmt(on_rps / off_rps) if off_rps and on_rps else "–",
            ]
        if len(targets) == 2:
            for kepu_index, stock_index in ((0, 0), (1, 1), (1, 0)):
                kepu, stock = rates["kepu"][kepu_index], rates["stock"][stock_index]
                cells.append(fmt(kepu / stock, 2) if kepu and stock else "–")
        if any(cell != "–" for cell in cells[1:]):
            lines.append("| " + " | ".join(cells) + " |")

    lines += [
        "",
        "Memory per gunicorn worker after the run (RSS counts pages shared with the master; PSS divides them):",
    ]
    lines += ["", "| target | cache | RSS MB per worker | PSS MB per worker |", "|---|---|---|---|"]
    seen = set()
    for row in rows:
        key = (row["target"], row["cached"])
        if key in seen:
            continue
        seen.add(key)
        rss = ", ".join(fmt(r, 0) for r, _ in row["memory"])
        pss = ", ".join(fmt(p, 0) for _, p in row["memory"])
        lines.append(f"| {row['target']} | {'cached' if row['cached'] else 'uncached'} | {rss} | {pss} |")

    lines += ["", "Issue 8's targets:", ""]
    lines += check_targets(rows, by, targets, pages)
    return "\n".join(lines)


def check_targets(rows, by, targets, pages):
    def verdict(ok):
        return "met" if ok else "**not met**"

    lines = []
    for name in targets:
        for page in pages:
            off, on = by.get((name, False, page)), by.get((name, True, page))
            if off:
                limit = PAGES.get(page, 100)
                p50 = off["render"]["p50"]
                lines.append(f"- {name} {page}: uncached render p50 {fmt(p50)} ms < {limit} ms: {verdict(p50 < limit)}")
            if off and on and name == "kepu":
                ratio = on["load"]["rps"] / off["load"]["rps"]
                lines.append(
                    f"- {name} {page}: cached {fmt(ratio)}× uncached ≥ {CACHED_RATIO_TARGET}×: "
                    f"{verdict(ratio >= CACHED_RATIO_TARGET)}"
                )
        rss = [r for row in rows if row["target"] == name for r, _ in row["memory"]]
        if rss:
            lines.append(
                f"- {name}: largest worker RSS {fmt(max(rss), 0)} MB < {RSS_TARGET_MB} MB: "
                f"{verdict(max(rss) < RSS_TARGET_MB)}"
            )
    if len(targets) == 2:
        # "At least as fast uncached and an order of magnitude faster cached": the second half
        # read both ways, against the stock site with and without Django's per-site cache.
        for kepu_cached, stock_cached, wanted in ((False, False, 1), (True, True, 10), (True, False, 10)):
            ratios = [
                by[("kepu", kepu_cached, page)]["load"]["rps"] / by[("stock", stock_cached, page)]["load"]["rps"]
                for page in pages
                if ("kepu", kepu_cached, page) in by and ("stock", stock_cached, page) in by
            ]
            if not ratios:
                continue
            label = f"kepu {'cached' if kepu_cached else 'uncached'} ÷ stock {'cached' if stock_cached else 'uncached'}"
            lines.append(
                f"- {label} req/s: lowest {fmt(min(ratios), 2)}, median "
                f"{fmt(statistics.median(ratios), 2)} (wanted ≥ {wanted} on every page): "
                f"{verdict(min(ratios) >= wanted)}"
            )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kepu", help="Kepu's database: SQLite file, URL or @NAME")
    parser.add_argument("--kepu-urls", help="Kepu's urls JSON (from generate_large_site --urls-file)")
    parser.add_argument("--stock", help="the stock site's database: SQLite file, URL or @NAME")
    parser.add_argument("--stock-urls", help="the stock site's urls JSON (from generate --urls-file)")
    parser.add_argument("--prepare", action="store_true", help="first generate both sites into empty databases")
    for key, default in zip(GENERATOR_SIZES, (10_000, 2_000, 500, 50), strict=True):
        parser.add_argument(f"--{key}", type=int, default=default, help="with --prepare")
    parser.add_argument("--pages", default=",".join(DEFAULT_PAGES), help="keys of the urls files, or 'all'")
    parser.add_argument("--cache", choices=["both", "off", "on"], default="both")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", default="10s", help="wrk -d under load")
    parser.add_argument("--render-duration", default="10s", help="wrk -d for the one-connection render run")
    parser.add_argument("--render-cached", action="store_true", help="also time one-connection cached renders")
    parser.add_argument("--warm", type=int, default=6, help="requests per URL before measuring")
    parser.add_argument(
        "--paired", type=int, default=100, help="pairs per page for the paired render time (0: skip; needs both sites)"
    )
    parser.add_argument("--wrk", default="/usr/bin/wrk")
    parser.add_argument("--output", help="also write the Markdown report here")
    parser.add_argument("--json", help="also write every measurement here")
    args = parser.parse_args()

    targets = []
    for name in ("kepu", "stock"):
        database, urls = getattr(args, name), getattr(args, f"{name}_urls")
        if database and urls:
            targets.append(Target(name, database, urls))
        elif database or urls:
            parser.error(f"--{name} and --{name}-urls go together")
    if not targets:
        parser.error("give --kepu/--kepu-urls, --stock/--stock-urls or both")

    for target in targets:
        if args.prepare:
            target.prepare({key: getattr(args, key) for key in GENERATOR_SIZES})
        elif not target.urls_file.exists():
            parser.error(f"{target.urls_file} does not exist (add --prepare to generate the site)")
        target.collect_static()

    pages = list(PAGES) if args.pages == "all" else args.pages.split(",")
    modes = {"both": [False, True], "off": [False], "on": [True]}[args.cache]
    args.load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    rows, failures = [], []
    # Uncached then cached for one target, then the other: one sitting, the same machine state.
    for target in targets:
        for cached in modes:
            rows += measure(args, target, cached, pages, failures)
    paired_rows = paired(args, targets, pages) if args.paired and len(targets) == 2 else []
    args.load_before += f"; after {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"

    text = report(rows, args, pages)
    if paired_rows:
        text += "\n" + "\n".join(paired_report(paired_rows, args))
    if failures:
        text += "\n\nNot measured (no 200 answer while warming up):\n\n" + "\n".join(f"- {f}" for f in failures)
    print()
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"runs": rows, "paired": paired_rows}, ensure_ascii=False, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
