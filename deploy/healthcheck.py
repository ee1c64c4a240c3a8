"""The container's HEALTHCHECK: GET /healthz from inside the container, standard library only.

Django answers only to the hosts in DJANGO_ALLOWED_HOSTS, so the request names the first of
them (not a wildcard) as its Host; /healthz is exempt from the HTTPS redirect. Exit 0 when the
answer is 200, 1 otherwise (what HEALTHCHECK expects).
"""

import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and "*" not in host:
            return host
    return "localhost"


def main() -> int:
    port = os.environ.get("TRYGG_BIND", "127.0.0.1:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": probe_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


if __name__ == "__main__":
    sys.exit(main())
