"""The app as bench/fault_web.py serves it: each gunicorn worker marks, in a one-byte file named
by its pid, whether it is inside the app (1) or not (0). The fault test then kills a worker in
the middle of a request (its response not yet written, its transaction maybe not yet committed)
rather than between two: on two busy cores the client runs mostly when a response has just come,
so a worker picked blindly has nearly always just answered. Costs two pwrite calls a request.
"""

from __future__ import annotations

import os

from app import create_app as _create_app


def create_app():
    app = _create_app()
    inner, directory, files = app.wsgi_app, os.environ["BENCH_BUSY_DIR"], {}

    def marked(environ, start_response):
        pid = os.getpid()
        fd = files.get(pid)
        if fd is None:
            fd = files[pid] = os.open(f"{directory}/{pid}", os.O_RDWR | os.O_CREAT, 0o600)
        os.pwrite(fd, b"1", 0)
        try:
            return inner(environ, start_response)
        finally:
            os.pwrite(fd, b"0", 0)

    app.wsgi_app = marked
    return app
