#!/usr/bin/env python3
"""Login timing: a wrong password for an existing account against an unknown name.

Starts `flusio serve` (Release build, SQLite in a temporary folder), creates accounts
with the verb, then times interleaved POST /login attempts of both kinds over loopback
and prints the medians and their ratio. Four attempts per account keep under the
login throttle (five failures per account and address).

    dotnet build -c Release src/Flusio.Web
    python3 bench/accounts/login_timing.py [--rounds 24]
"""
import argparse, http.cookiejar, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.path.join(ROOT, "src/Flusio.Web/bin/Release/net10.0/Flusio.Web.dll")
TOKEN = re.compile(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ATTEMPTS = iter(range(1, 1_000_000))


def attempt(base, identifier):
    # Each attempt from its own client address (the loopback proxy is trusted), so that the
    # per-address throttle (30 failures) measures nothing here: only the password work differs.
    n = next(ATTEMPTS)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("X-Forwarded-For", f"198.51.{n // 250 % 250}.{n % 250 + 1}")]
    page = opener.open(base + "/login").read().decode()
    token = TOKEN.search(page).group(1)
    body = urllib.parse.urlencode({"Identifier": identifier, "Password": "not the password", "__RequestVerificationToken": token}).encode()
    start = time.perf_counter()
    answer = opener.open(base + "/login", body).read().decode()
    elapsed = time.perf_counter() - start
    assert "Incorrect username" in answer, answer[:300]
    return elapsed * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=24)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="flusio-bench-login-")
    env = dict(os.environ, DATA_PATH=data, AUTH_RATE_LIMIT_PER_MINUTE="100000", WORKER_IN_PROCESS="false", LOG_FORMAT="json")
    env.pop("DATABASE_URL", None)
    accounts = (args.rounds + 3) // 4
    subprocess.run(["dotnet", DLL, "migrate"], env=env, check=True, capture_output=True)
    for i in range(accounts):
        subprocess.run(["dotnet", DLL, "users", "create", "--username", f"bench{i}", "--email", f"bench{i}@example.test",
                        "--password", "correct horse battery"], env=env, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(["dotnet", DLL, "serve", "--urls", base], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        for i in range(3):  # warm up both paths
            attempt(base, f"warmup{i}")
        known, unknown = [], []
        for i in range(args.rounds):
            known.append(attempt(base, f"bench{i // 4}"))
            unknown.append(attempt(base, f"nobody{i}"))
        mk, mu = statistics.median(known), statistics.median(unknown)
        print(f"wrong password, existing account: median {mk:.1f} ms (min {min(known):.1f}, max {max(known):.1f}), n={len(known)}")
        print(f"unknown name:                     median {mu:.1f} ms (min {min(unknown):.1f}, max {max(unknown):.1f}), n={len(unknown)}")
        print(f"ratio existing/unknown: {mk / mu:.2f}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
