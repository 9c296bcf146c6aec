#!/usr/bin/env python3
"""Page benchmark: News, Read later and a feed page under wrk, beside a static file.

Sets up what the reading issue names: the feed farm's feeds (10,000 x 20 entries by
default) OPML-imported for one user and refreshed into a throwaway PostgreSQL cluster,
that user's news filled and part of it put in Read later. Then `flusio serve` (Release
build, no worker in process) answers `wrk -t2 -c16 -d20s` with that user's session
cookie on each page in turn, and on a static file of the same process first (the floor).

    dotnet build -c Release src/Flusio.Web
    python3 bench/pages/page_bench.py [--feeds 10000] [--duration 20] [--rounds 3]

Prints requests/s and latency percentiles (wrk --latency) per URL and round, then the
medians over the rounds. Run it on a quiet machine: wrk and the server share the cores.
"""
import argparse, http.cookiejar, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.path.join(ROOT, "src/Flusio.Web/bin/Release/net10.0/Flusio.Web.dll")
FARMPY = next(p for p in [os.path.join(ROOT, "../shared/bench/feedfarm.py"), "/work/shared/bench/feedfarm.py"] if os.path.exists(p))
TOKEN = re.compile(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"')
PASSWORD = "page-bench-Passw0rd!"


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A throwaway cluster, as the postgres user when run as root."""

    def __init__(self, folder, port):
        self.folder, self.port = folder, port
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        os.makedirs(folder)
        if self.as_pg:
            shutil.chown(folder, "postgres", "postgres")
        subprocess.run(self.as_pg + ["initdb", "-D", f"{folder}/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                       check=True, capture_output=True)
        subprocess.run(self.as_pg + ["pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/log", "-w", "-o",
                                     f"-p {port} -c listen_addresses=127.0.0.1 -k {folder}", "start"], check=True, capture_output=True)

    def url(self, db):
        return f"postgres://postgres:bench@127.0.0.1:{self.port}/{db}"

    def sql(self, db, query):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, "-Atqc", query],
                              check=True, capture_output=True, text=True).stdout.strip()

    def stop(self):
        subprocess.run(self.as_pg + ["pg_ctl", "-D", f"{self.folder}/data", "-m", "fast", "-w", "stop"], capture_output=True)


class Session:
    """A logged-in browser: cookies, and the antiforgery token of the last page read."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        return self.opener.open(self.base + path).read().decode()

    def post(self, path, fields, token_from):
        token = TOKEN.search(self.get(token_from)).group(1)
        body = urllib.parse.urlencode({**fields, "__RequestVerificationToken": token}).encode()
        return self.opener.open(self.base + path, body).read().decode()

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def wrk(url, cookie, duration):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "-H", f"Cookie: {cookie}", url],
                         check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": ms("50%"), "p90": ms("90%"), "p99": ms("99%"), "non2xx": int(errors.group(1)) if errors else 0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--gc", default="default", help="comma-separated GC modes to measure serve under, one after the other: default (the build's), server, workstation, noconserve (the build's, memory conservation off)")
    parser.add_argument("--hold", action="store_true", help="set up, print the URLs and the cookie, and wait (to profile by hand); Ctrl+C ends")
    args = parser.parse_args()
    if not os.path.exists(DLL):
        sys.exit(f"no build at {DLL}: dotnet build -c Release src/Flusio.Web")

    work = tempfile.mkdtemp(prefix="flusio-page-bench-")
    os.chmod(work, 0o755)
    farm = f"/tmp/flusio-farm-{args.feeds}"
    pg = serve = None
    farm_served = False
    try:
        if not os.path.exists(f"{farm}/.pristine"):
            log(f"generating {args.feeds} feeds in {farm}")
            shutil.rmtree(farm, ignore_errors=True)
            subprocess.run(["python3", FARMPY, "generate", farm, "--feeds", str(args.feeds)], check=True, stdout=subprocess.DEVNULL)
            open(f"{farm}/.pristine", "w").close()
        served = f"{work}/farm"
        shutil.copytree(farm, served, symlinks=True)
        subprocess.run(["python3", FARMPY, "serve", served], check=True, stdout=subprocess.DEVNULL)
        farm_served = True

        pg = Postgres(f"{work}/pg", free_port())
        pg.sql("postgres", "CREATE DATABASE flusio_pages")
        env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1",
               "DATABASE_URL": pg.url("flusio_pages"), "DATA_PATH": f"{work}/data", "FETCH_ALLOW_PRIVATE_NETWORKS": "true",
               "WORKER_IN_PROCESS": "false", "AUTH_RATE_LIMIT_PER_MINUTE": "100000"}

        def verb(*argv):
            return subprocess.run(["dotnet", DLL, *argv], env=env, check=True, capture_output=True, text=True).stdout.strip()

        verb("migrate")
        verb("users", "create", "--username", "reader", "--email", "reader@example.test", "--password", PASSWORD)
        log("import:", verb("opml", "import", "--user", "reader", f"{served}/feeds.opml"))
        log("refresh:", verb("feeds", "refresh", "--all").splitlines()[-1])
        entries = int(pg.sql("flusio_pages", "SELECT COUNT(*) FROM links WHERE feed_id IS NOT NULL"))
        log(f"{entries} entries in the database")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        modes = args.gc.split(",")

        def start_serve(mode):
            gc = {"default": {}, "server": {"DOTNET_gcServer": "1"}, "workstation": {"DOTNET_gcServer": "0"}, "noconserve": {"DOTNET_GCConserveMemory": "0"}}[mode]
            process = subprocess.Popen(["dotnet", DLL, "serve", "--urls", base], env={**env, **gc}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/readyz")
                    break
                except OSError:
                    time.sleep(0.2)
            return process

        serve = start_serve(modes[0])
        me = Session(base)
        me.post("/login", {"Identifier": "reader", "Password": PASSWORD}, token_from="/login")
        if me.opener.open(base + "/news").geturl() != base + "/news":
            sys.exit("the login did not take: /news redirects")
        me.post("/news", {}, token_from="/news")
        news = me.get("/news")
        ids = list(dict.fromkeys(re.findall(r'/links/([0-9a-f-]{36})', news)))
        for link in ids[: len(ids) // 2]:
            me.post(f"/links/{link}/later", {}, token_from="/news")
        later = len(set(re.findall(r'/links/([0-9a-f-]{36})', me.get("/read-later"))))
        feed = re.search(r'href="/feeds/([0-9a-f-]{36})"', me.get("/feeds")).group(1)
        log(f"news: {len(ids)} links listed, {later} now in Read later; feed page /feeds/{feed}")

        targets = [("static file /css/app.css", "/css/app.css"), ("News /news", "/news"), ("Read later /read-later", "/read-later"),
                   ("feed page /feeds/{id}", f"/feeds/{feed}")]
        cookie = me.cookie_header()
        if args.hold:
            print(json.dumps({"base": base, "cookie": cookie, "paths": [p for _, p in targets], "serve_pid": serve.pid}), flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return
        for index, mode in enumerate(modes):
            if index > 0:
                serve.terminate()
                serve.wait()
                serve = start_serve(mode)
            for _, path in targets:  # warm up every path
                subprocess.run(["wrk", "-t2", "-c16", "-d3s", "-H", f"Cookie: {cookie}", base + path], check=True, capture_output=True)
            load = open('/proc/loadavg').read().split()[:3]
            results = {name: [] for name, _ in targets}
            for round_ in range(1, args.rounds + 1):
                for name, path in targets:
                    r = wrk(base + path, cookie, args.duration)
                    results[name].append(r)
                    log(f"{mode} GC, round {round_} {name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, non-2xx {r['non2xx']}")

            print(f"\n{entries} entries; serve with the {mode} GC; wrk -t2 -c16 -d{args.duration}s; medians over {args.rounds} rounds "
                  f"(load before: {load})")
            print("| URL | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | all rounds: req/s, p99 ms |")
            print("|---|---|---|---|---|---|---|")
            for name, rs in results.items():
                med = {k: statistics.median(r[k] for r in rs) for k in ("rps", "p50", "p90", "p99")}
                rounds = "; ".join(f"{r['rps']:.0f}, {r['p99']:.1f}" for r in rs)
                print(f"| {name} | {med['rps']:.0f} | {med['p50']:.1f} | {med['p90']:.1f} | {med['p99']:.1f} | {sum(r['non2xx'] for r in rs)} | {rounds} |", flush=True)
    finally:
        if serve:
            serve.terminate()
            serve.wait()
        if farm_served:
            subprocess.run(["python3", FARMPY, "stop", f"{work}/farm"], capture_output=True)
        if pg:
            pg.stop()
        if args.keep:
            log("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
