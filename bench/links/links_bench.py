#!/usr/bin/env python3
"""Links benchmark: search over 100,000 links, a 10,000-link collection under wrk, adding links.

For each database (SQLite, then a throwaway PostgreSQL 15 cluster), with the Release build:

1. one user with N links (100,000 by default: titles and descriptions drawn from a fixed
   vocabulary, a seeded random generator, 1 in 5 with a note), written straight into the
   tables so that the search triggers index them as the app's own writes would; the newest
   10,000 in one public collection;
2. `flusio serve` answers, with the user's cookie:
   - search: 50 mixed queries on /links?q= (common and rare words, two-word queries,
     "phrases", -exclusions, no match), each run R times one after the other after a warm-up;
     latency percentiles over all of them, beside the static file's in the same loop;
   - the collection: `wrk -t2 -c16 -d20s --latency` on /css/app.css (the floor), the
     collection's page and its Atom feed, anonymously (it is public);
   - adding a link: 400 POSTs of /links/new, 8 at a time, each a new URL on a local site that
     answers after 5 s (the worker in process fetching them meanwhile): the answer comes first.

    dotnet build -c Release src/Flusio.Web && dotnet build -c Release bench/Flusio.Bench
    python3 bench/links/links_bench.py [--links 100000] [--collection 10000] [--rounds 5] [--duration 20] [--db sqlite,postgres]
"""
import argparse, hashlib, http.server, os, random, shutil, socketserver, sqlite3, statistics, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pages"))
from page_bench import DLL, Postgres, Session, free_port, log, wrk  # noqa: E402

PASSWORD = "links-bench-Passw0rd!"
RNG = random.Random(20261202)
# A Zipf-like vocabulary: a few words on every other link, most on a handful.
WORDS = [f"{stem}{suffix}" for stem in ("rust", "python", "garden", "bread", "climate", "piano", "river", "linux", "postgres", "coffee",
                                         "bicycle", "history", "museum", "quantum", "tomato", "sailing", "poetry", "kernel", "design", "privacy")
         for suffix in ("", "s", "ing", "er", "ness", "ology", "ism", "ful", "less", "ward")]
WORDS += [f"w{n:04d}" for n in range(3000)]
WEIGHTS = [1 / (rank + 1) ** 0.9 for rank in range(len(WORDS))]
QUERIES = (["rust", "python", "garden", "climate", "piano", "linux", "coffee", "museum", "quantum", "poetry",
            "gardening", "rivers", "kernelless", "designful", "privacyism", "w0007", "w0420", "w1999", "w2999", "w0100"]
           + ["rust python", "garden bread", "linux kernel", "coffee museum", "climate history", "piano poetry", "river sailing", "quantum design", "w0001 w0002", "tomato privacy"]
           + ['"rust python"', '"garden bread"', '"linux kernel"', '"coffee piano"', '"w0003 w0004"']
           + ["rust -python", "garden -bread", "linux -kernel", "coffee -museum", "climate -history"]
           + ["nothingmatchesthis", "zzzz", "rust python linux", "-rust garden", "designer", "bicycles", "tomatoes", "sail", "muse", "histories"])
assert len(QUERIES) == 50


def sentence(n):
    return " ".join(RNG.choices(WORDS, WEIGHTS, k=n))


def links(count):
    """(id, url, title, description, created_ms, note) rows, newest last."""
    now = int(time.time() * 1000)
    for n in range(count):
        url = f"https://site{n % 5000}.example/{n}/{RNG.choice(WORDS)}"
        created = now - (count - n) * 60_000
        yield str(uuid.uuid4()), url, sentence(RNG.randint(4, 10)).capitalize(), sentence(RNG.randint(15, 40)), created, sentence(12) if n % 5 == 0 else None


def url_hash(url):
    return hashlib.md5(url.encode()).hexdigest()


class SlowSite(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(5)
        body = b"<html><head><title>A slow page</title></head><body><p>Slow.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def percentiles(samples):
    ordered = sorted(samples)
    at = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
    return {"n": len(ordered), "p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": ordered[-1]}


BENCH = os.path.join(DLL.split("/src/Flusio.Web/")[0], "bench/Flusio.Bench/bin/Release/net10.0/Flusio.Bench.dll")


def write_rows(folder, user_id, collection, count, collection_size, stamp, ident):
    """Tab-separated rows for links, notes and the collection's members (no tabs in the data)."""
    os.makedirs(folder, exist_ok=True)
    rows = list(links(count))
    with open(f"{folder}/links.tsv", "w") as f:
        for i, u, t, d, c, _ in rows:
            f.write("\t".join([ident(i), user_id, u, url_hash(u), t, d, stamp(c), stamp(c), "en", "Fetched"]) + "\n")
    with open(f"{folder}/notes.tsv", "w") as f:
        for i, _, _, _, c, note in rows:
            if note:
                f.write("\t".join([ident(str(uuid.uuid4())), ident(i), user_id, note, stamp(c), stamp(c)]) + "\n")
    with open(f"{folder}/collection_links.tsv", "w") as f:
        for i, _, _, _, c, _ in rows[-collection_size:]:
            f.write("\t".join([collection, ident(i), stamp(c)]) + "\n")


def seed_sqlite(path, user, count, collection_size, work):
    db = sqlite3.connect(path)
    user_id = db.execute("SELECT id FROM users WHERE user_name = ?", (user,)).fetchone()[0]
    collection = str(uuid.uuid4()).upper()
    db.execute("INSERT INTO collections (id, user_id, kind, name, description, is_public, created_at) VALUES (?, ?, 'Collection', 'Ten thousand links', 'A benchmark.', 1, ?)",
               (collection, user_id, int(time.time() * 1000)))
    db.commit()
    db.close()
    write_rows(f"{work}/sqlite-rows", user_id, collection, count, collection_size, str, str.upper)
    subprocess.run(["dotnet", BENCH, "seed-sqlite", path, f"{work}/sqlite-rows"], check=True, capture_output=True, text=True)
    return collection


def seed_postgres(pg, database, user, count, collection_size, work):
    user_id = pg.sql(database, f"SELECT id FROM users WHERE user_name = '{user}'")
    collection = str(uuid.uuid4())
    pg.sql(database, f"INSERT INTO collections (id, user_id, kind, name, description, is_public, created_at) VALUES ('{collection}', '{user_id}', 'Collection', 'Ten thousand links', 'A benchmark.', true, now())")
    iso = lambda ms: time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}+00"
    write_rows(f"{work}/pg-rows", user_id, collection, count, collection_size, iso, str)
    for table, columns, file in [
        ("links", "id, user_id, url, url_hash, title, description, published_at, created_at, language, metadata_state", "links.tsv"),
        ("notes", "id, link_id, user_id, content, created_at, updated_at", "notes.tsv"),
        ("collection_links", "collection_id, link_id, added_at", "collection_links.tsv"),
    ]:
        pg.sql(database, f"\\copy {table} ({columns}) FROM '{work}/pg-rows/{file}'")
    pg.sql(database, "ANALYZE")
    return collection


def timed_get(opener, url):
    started = time.perf_counter()
    with opener.open(url) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status


def run(db_kind, args, work):
    pg = None
    data = f"{work}/{db_kind}-data"
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1",
           "DATA_PATH": data, "FETCH_ALLOW_PRIVATE_NETWORKS": "true", "WORKER_IN_PROCESS": "true", "AUTH_RATE_LIMIT_PER_MINUTE": "100000", "LOG_FORMAT": "text"}
    if db_kind == "postgres":
        pg = Postgres(f"{work}/pg", free_port())
        pg.sql("postgres", "CREATE DATABASE flusio_links")
        env["DATABASE_URL"] = pg.url("flusio_links")
    serve = None
    try:
        verb = lambda *argv: subprocess.run(["dotnet", DLL, *argv], env=env, check=True, capture_output=True, text=True).stdout.strip()
        verb("migrate")
        verb("users", "create", "--username", "keeper", "--email", "keeper@example.test", "--password", PASSWORD)
        started = time.time()
        collection = (seed_sqlite(f"{data}/flusio.db", "keeper", args.links, args.collection, work) if db_kind == "sqlite"
                      else seed_postgres(pg, "flusio_links", "keeper", args.links, args.collection, work))
        log(f"{db_kind}: {args.links} links seeded (with their search index) in {time.time() - started:.0f} s")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve = subprocess.Popen(["dotnet", DLL, "serve", "--urls", base], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/readyz")
                break
            except OSError:
                time.sleep(0.2)
        session = Session(base)
        session.post("/login", {"Identifier": "keeper", "Password": PASSWORD}, "/login")
        assert "keeper" in session.get("/links"), "login failed"
        results = {}

        # Search: every query once to warm up, then R rounds; the static file in the same loop.
        urls = [base + "/links?q=" + urllib.parse.quote(q) for q in QUERIES]
        for url in urls:
            timed_get(session.opener, url)
        search, static = [], []
        by_query = {q: [] for q in QUERIES}
        hits = {}
        for _ in range(args.rounds):
            for q, url in zip(QUERIES, urls):
                ms, status = timed_get(session.opener, url)
                assert status == 200
                search.append(ms)
                by_query[q].append(ms)
                static.append(timed_get(session.opener, base + "/css/app.css")[0])
        for q in ("rust", '"linux kernel"', "rust -python", "nothingmatchesthis"):
            page = session.get("/links?q=" + urllib.parse.quote(q))
            hits[q] = page.count('<li class="link"')
        results["search"] = percentiles(search)
        results["search static floor"] = percentiles(static)
        log(f"{db_kind}: first-page hits {hits}")
        slowest = sorted(by_query.items(), key=lambda kv: -statistics.median(kv[1]))[:8]
        log(f"{db_kind}: slowest queries (median ms): " + ", ".join(f"{q!r} {statistics.median(v):.0f}" for q, v in slowest))

        # The collection's page and Atom feed, anonymously, beside the static file.
        for name, path in [("static /css/app.css", "/css/app.css"), ("collection page", f"/collections/{collection}"), ("collection atom", f"/collections/{collection}/feed.atom.xml")]:
            urllib.request.urlopen(base + path).read()
            warm = wrk(base + path, "", 3)
            results[name] = wrk(base + path, "", args.duration)
            assert results[name]["non2xx"] == 0, (name, results[name])

        # Adding links whose site answers after 5 s.
        slow = SlowSite(("127.0.0.1", 0), SlowHandler)
        threading.Thread(target=slow.serve_forever, daemon=True).start()
        token_page = session.get("/links/new")
        import re
        token = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', token_page).group(1)
        cookie = session.cookie_header()

        def add(n):
            body = urllib.parse.urlencode({"url": f"http://127.0.0.1:{slow.server_port}/page/{n}", "__RequestVerificationToken": token}).encode()
            request = urllib.request.Request(base + "/links/new", body, {"Cookie": cookie})
            opener = urllib.request.build_opener(NoRedirect)
            started = time.perf_counter()
            try:
                opener.open(request).read()
                status = 200
            except urllib.error.HTTPError as e:
                status = e.code
            return (time.perf_counter() - started) * 1000, status

        for n in range(20):
            add(-n - 1)
        with ThreadPoolExecutor(8) as pool:
            added = list(pool.map(add, range(args.adds)))
        statuses = {s for _, s in added}
        assert statuses <= {302, 303}, statuses
        results["add link (site answers in 5 s)"] = percentiles([ms for ms, _ in added])
        slow.shutdown()
        return results
    finally:
        if serve:
            serve.terminate()
            serve.wait(30)
        if pg:
            pg.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--collection", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--adds", type=int, default=400)
    parser.add_argument("--db", default="sqlite,postgres")
    args = parser.parse_args()
    if not os.path.exists(DLL) or not os.path.exists(BENCH):
        sys.exit(f"no build at {DLL} or {BENCH}: dotnet build -c Release src/Flusio.Web && dotnet build -c Release bench/Flusio.Bench")
    work = tempfile.mkdtemp(prefix="flusio-links-bench-")
    os.chmod(work, 0o755)
    try:
        log("load average before:", open("/proc/loadavg").read().split()[:3])
        for db_kind in args.db.split(","):
            results = run(db_kind, args, work)
            print(f"\n## {db_kind}: {args.links} links, collection of {args.collection}\n")
            print("| measure | n / req/s | p50 ms | p90 ms | p99 ms | max ms |")
            print("| --- | --- | --- | --- | --- | --- |")
            for name, r in results.items():
                if "rps" in r:
                    print(f"| {name} (wrk) | {r['rps']:.0f} req/s | {r['p50']:.1f} | {r['p90']:.1f} | {r['p99']:.1f} | |")
                else:
                    print(f"| {name} | {r['n']} | {r['p50']:.1f} | {r['p90']:.1f} | {r['p99']:.1f} | {r['max']:.1f} |")
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
