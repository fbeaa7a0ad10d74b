#!/usr/bin/env python3
"""Seeds bench/comments/page_http.sh's store through the HTTP API. Loopback only.

  seed_page.py URL COMMENTS   registers a member, publishes two posts with the same body and
                              adds COMMENTS comments to the first; prints both posts' paths
"""
import http.client
import json
import sys
import time
import urllib.parse

BODY = ("Bitcoin held its ground through the week while the dollar weakened. Traders pointed to "
        "the inflation figures, which came in below forecasts.\n\n"
        "A second paragraph on $BTC and $ETH flows.")
COMMENTS = [
    "Bitcoin held its range today; volumes stayed thin ahead of the inflation figures. 👍🏽",
    "Je pense que le marché attend la banque centrale avant de bouger.",
    "La liquidez en los exchanges grandes sigue baja esta semana.",
    "流动性仍然很低，大家都在等通胀数据。",
]


def main():
    url, count = sys.argv[1], int(sys.argv[2])
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("seed_page: loopback targets only")

    def request(method, path, body, token=None):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        conn.request(method, path, body=json.dumps(body), headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        if response.status != 201:
            sys.exit(f"seed_page: {method} {path} answered {response.status}: {data[:200]!r}")
        return json.loads(data)

    token = request("POST", "/api/v1/auth/register",
                    {"handle": f"pagebench{int(time.time()) % 100000}",
                     "password": "correct horse battery staple",
                     "display_name": "Page Bench"})["token"]
    posts = [request("POST", "/api/v1/posts", {"title": title, "body": BODY, "lang": "en"},
                     token)["post"]
             for title in ("With comments", "Without comments")]
    for i in range(count):
        request("POST", f"/api/v1/posts/{posts[0]['id']}/comments",
                {"body": COMMENTS[i % len(COMMENTS)]}, token)
    for post in posts:
        print(urllib.parse.urlsplit(post["url"]).path)


if __name__ == "__main__":
    main()
