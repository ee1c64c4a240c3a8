"""Gunicorn as Trygg runs in production (`make serve`, and `make prodcheck` in CI).

The application is loaded once in the master (``preload_app``) and the workers are forked
from it: config/wsgi.py has already moved everything loaded at start-up out of the garbage
collector's sight (``gc.freeze()``), so the workers share those pages with the master and a
full collection in a worker walks only what its requests made. Settings come from the
environment (and var/.env, read by config/settings.py), so every node of a cluster runs the
same file with its own environment.
"""

import multiprocessing
import os

bind = os.environ.get("TRYGG_BIND", "127.0.0.1:8000")
# Two workers per core is enough for a server-rendered app whose requests wait on PostgreSQL.
workers = int(os.environ.get("TRYGG_WORKERS", str(2 * multiprocessing.cpu_count())))
preload_app = True
# A request that takes longer than this is stopped (a PDF is laid out in a child process with
# its own, longer limit, or by the background worker).
timeout = int(os.environ.get("TRYGG_WORKER_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): memory a
# long-lived process never gives back does not pile up.
max_requests = int(os.environ.get("TRYGG_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Access log on standard output without the query string: a search or a filter can hold
# words a person typed. Paths hold ids only (ADR 0002).
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy on this host.
forwarded_allow_ips = os.environ.get("TRYGG_FORWARDED_ALLOW_IPS", "127.0.0.1")
