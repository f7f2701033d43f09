"""A gunicorn worker killed with SIGKILL while 200 people complete the web questionnaire: how
many sessions are lost or corrupted (target 0).

    .venv/bin/python bench/fault_web.py                         # 200 users, 5 min, kill at 2:30
    .venv/bin/python bench/fault_web.py --users 50 --seconds 20   # a quick check
        [--kill-at SECONDS] and every option of bench/load_web.py

This is bench/load_web.py with `--kill-at` half way by default: one worker (a child of the
gunicorn master, found in /proc) gets SIGKILL; gunicorn starts a new one. Requests that break
because of it (the worker's connection closes without an answer) are retried by the client and
counted apart. Then every simulated person's check is read back from the database: "lost" is a
check gone or missing answers the server had acknowledged, "corrupted" one whose answers differ
from what was sent or whose verdict differs from `rules.next_step` on them (and from the title
the person saw).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load_web  # noqa: E402

if __name__ == "__main__":
    sys.exit(load_web.main(kill_at=-1.0))
