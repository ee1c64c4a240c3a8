import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL patterns) lives as long as the worker:
# move it out of the garbage collector's sight, so that a full collection, set off by a page
# that builds many objects (an action plan of hundreds of measures), walks only what requests
# made and not the whole program (the advice in the gc module's documentation for servers).
gc.collect()
gc.freeze()
