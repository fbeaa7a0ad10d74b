#!/usr/bin/env python3
"""Load clients for bench/load_bench.sh. Loopback only; every mode stops by itself.

  hold URL SECONDS IDLE SLOWLORIS   keeps IDLE keep-alive connections idle (each after one
                                    GET /healthz) and SLOWLORIS connections sending a request
                                    head one byte a second; prints a JSON summary
  create URL SECONDS WRITERS SHAPE  registers WRITERS members, then each creates posts with the
                                    worst Markdown of SHAPE back to back; prints a JSON summary
"""
import asyncio
import json
import resource
import statistics
import sys
import threading
import time
import urllib.parse
import http.client


def loopback(url):
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("load_clients: loopback targets only")
    return parts.hostname, parts.port


async def idle_conn(host, port, deadline, stats):
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            stats["connect_errors"] += 1
            await asyncio.sleep(0.2)
            continue
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        stats["idle_open"] += 1
        # Idle until the server closes (server.idle_timeout_ms) or the run ends.
        try:
            left = deadline - time.monotonic()
            data = await asyncio.wait_for(reader.read(1), timeout=max(left, 0.01))
            if not data:
                stats["idle_closed_by_server"] += 1
        except asyncio.TimeoutError:
            pass
        stats["idle_open"] -= 1
        writer.close()


async def slowloris_conn(host, port, deadline, stats):
    head = b"GET / HTTP/1.1\r\nHost: bench\r\nX-Slow: " + b"a" * 4096
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            stats["connect_errors"] += 1
            await asyncio.sleep(0.2)
            continue
        opened = time.monotonic()
        closed = False
        for byte in head:
            if time.monotonic() >= deadline:
                break
            try:
                writer.write(bytes([byte]))
                await writer.drain()
                data = await asyncio.wait_for(reader.read(4096), timeout=1.0)
                if data or reader.at_eof():
                    closed = True  # the server answered (408) or closed
                    break
            except asyncio.TimeoutError:
                continue
            except OSError:
                closed = True
                break
        if closed:
            stats["slowloris_closed"] += 1
            stats["slowloris_lifetimes"].append(time.monotonic() - opened)
        writer.close()


async def hold(url, seconds, idle, slow):
    host, port = loopback(url)
    deadline = time.monotonic() + seconds
    stats = {"idle_open": 0, "idle_closed_by_server": 0, "connect_errors": 0,
             "slowloris_closed": 0, "slowloris_lifetimes": [], "idle_open_min": None}
    tasks = []
    for i in range(idle):
        tasks.append(asyncio.create_task(idle_conn(host, port, deadline, stats)))
        if i % 100 == 99:
            await asyncio.sleep(0.05)  # do not overrun the listen backlog
    for _ in range(slow):
        tasks.append(asyncio.create_task(slowloris_conn(host, port, deadline, stats)))
    ready = time.monotonic()
    while time.monotonic() < deadline - 1:
        await asyncio.sleep(0.5)
        if time.monotonic() - ready > 3:  # after the ramp-up
            low = stats["idle_open_min"]
            stats["idle_open_min"] = stats["idle_open"] if low is None else min(low, stats["idle_open"])
    await asyncio.gather(*tasks, return_exceptions=True)
    lifetimes = stats.pop("slowloris_lifetimes")
    stats["slowloris_lifetime_median_s"] = round(statistics.median(lifetimes), 2) if lifetimes else None
    print(json.dumps(stats))


def request(host, port, method, path, body=None, token=None):
    conn = http.client.HTTPConnection(host, port, timeout=120)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


# The Markdown shapes a parser may find hardest, each filled to `size` code points.
SHAPES = {
    "brackets": "![[]()",       # quadratic in cmark-gfm 0.29 (issue 12)
    "quotes": ">",              # deep block quotes: output grows with nesting
    "emphasis": "*a **a _a ",   # unclosed emphasis runs: delimiter stack work
    "links": "[a](<b>",         # unclosed link destinations
}


def worst_body(shape, size):
    unit = SHAPES[shape]
    return (unit * (size // len(unit) + 1))[:size]


def create(url, seconds, writers, shape, size):
    host, port = loopback(url)
    tokens = []
    stamp = int(time.time())
    for i in range(writers):
        status, data = request(host, port, "POST", "/api/v1/auth/register",
                               {"handle": f"bench{stamp % 100000}_{i}",
                                "password": "correct horse battery staple",
                                "display_name": f"Bench {i}"})
        if status != 201:
            sys.exit(f"load_clients: register answered {status}: {data[:200]!r}")
        tokens.append(json.loads(data)["token"])
    body = worst_body(shape, size)
    deadline = time.monotonic() + seconds
    results = []
    lock = threading.Lock()

    def writer(token):
        while time.monotonic() < deadline:
            start = time.monotonic()
            status, _ = request(host, port, "POST", "/api/v1/posts",
                                {"title": "Worst case " + shape, "body": body}, token)
            with lock:
                results.append((status, time.monotonic() - start))

    threads = [threading.Thread(target=writer, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = {}
    for status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    times = sorted(t for _, t in results)
    print(json.dumps({"shape": shape, "body_bytes": len(body.encode()), "creates": len(results),
                      "statuses": statuses,
                      "create_median_s": round(statistics.median(times), 3) if times else None,
                      "create_max_s": round(times[-1], 3) if times else None}))


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    mode = sys.argv[1]
    if mode == "hold":
        asyncio.run(hold(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])))
    elif mode == "create":
        create(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
