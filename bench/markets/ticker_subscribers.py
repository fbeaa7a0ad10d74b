#!/usr/bin/env python3
"""Event-stream subscribers for bench/markets/chips_bench.sh. Loopback only; stops by itself.

  ticker_subscribers.py URL SYMBOL SUBSCRIBERS SECONDS

Opens SUBSCRIBERS streams on GET /api/v1/events?topics=ticker:SYMBOL, reads ticker.update events
for SECONDS once all are open, and prints a JSON summary: streams open, events received, updates
per stream per second, and the delay from the tick an update carries (its updated_at, in
milliseconds, stamped by the server when the feed's tick was accepted) to its arrival here, as
p50 / p99 / max in milliseconds (same host, same clock).
"""
import asyncio
import datetime
import json
import resource
import statistics
import sys
import time
import urllib.parse


def loopback(url):
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("ticker_subscribers: loopback targets only")
    return parts.hostname, parts.port


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


async def subscriber(host, port, symbol, opened, start, stop, stats):
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        stats["connect_errors"] += 1
        opened.release()
        return
    writer.write((f"GET /api/v1/events?topics=ticker:{symbol} HTTP/1.1\r\nHost: bench\r\n"
                  "Accept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        stats["refused"] += 1
        opened.release()
        writer.close()
        return
    stats["open"] += 1
    opened.release()
    event = None
    try:
        while True:
            line = await reader.readline()
            if not line:
                stats["closed_by_server"] += 1
                return
            now = time.time()
            if now >= stop[0]:
                return
            line = line.rstrip(b"\r\n")
            if line.startswith(b"event:"):
                event = line[6:].strip()
            elif line.startswith(b"data:") and event == b"ticker.update" and now >= start[0]:
                # Chunked transfer framing lines are neither event: nor data: and fall through.
                data = json.loads(line[5:])
                if data.get("updated_at"):
                    stats["delays_ms"].append((now - parse_time(data["updated_at"])) * 1000)
                    stats["events"] += 1
    finally:
        writer.close()


async def main():
    url, symbol, count, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))
    host, port = loopback(url)
    stats = {"open": 0, "refused": 0, "connect_errors": 0, "closed_by_server": 0, "events": 0,
             "delays_ms": []}
    opened = asyncio.Semaphore(0)
    start, stop = [float("inf")], [float("inf")]
    tasks = [asyncio.create_task(subscriber(host, port, symbol, opened, start, stop, stats))
             for _ in range(count)]
    for _ in range(count):
        await opened.acquire()
    # Everyone is subscribed: tell the caller (it reads the server's memory now), then measure.
    print(json.dumps({"subscribed": stats["open"]}), flush=True)
    start[0] = time.time()
    stop[0] = start[0] + seconds
    await asyncio.sleep(seconds + 2)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    delays = sorted(stats.pop("delays_ms"))
    summary = dict(stats)
    if delays:
        summary["updates_per_stream_per_s"] = round(len(delays) / max(stats["open"], 1) / seconds, 3)
        summary["delay_ms_p50"] = round(statistics.median(delays), 1)
        summary["delay_ms_p99"] = round(delays[min(len(delays) - 1, int(len(delays) * 0.99))], 1)
        summary["delay_ms_max"] = round(delays[-1], 1)
    print(json.dumps(summary), flush=True)


asyncio.run(main())
