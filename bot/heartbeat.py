"""A heartbeat file beside the index, so a container health check can see a live bot.

The bot rewrites it every 30 seconds while connected to the gateway; ``python -m bot
health`` reports unhealthy when it is missing or older than two minutes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

INTERVAL = 30.0
STALE_AFTER = 120.0


def heartbeat_path(database: Path) -> Path:
    return database.with_name(database.name + ".heartbeat")


def write_heartbeat(database: Path, *, latency: float, guilds: int) -> None:
    path = heartbeat_path(database)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(
        json.dumps({"time": time.time(), "latency": latency, "guilds": guilds}), "utf-8"
    )
    temporary.replace(path)


def check_heartbeat(database: Path, *, now: float | None = None) -> tuple[bool, str]:
    """``(healthy, explanation)`` for the health command."""
    path = heartbeat_path(database)
    try:
        data = json.loads(path.read_text("utf-8"))
        age = (now or time.time()) - float(data["time"])
    except (OSError, ValueError, KeyError, TypeError):
        return False, f"no heartbeat at {path}: the bot is not running or not connected"
    if age > STALE_AFTER:
        return False, f"the last heartbeat is {age:.0f} s old: the bot is stuck or stopped"
    return True, f"connected {age:.0f} s ago; gateway latency {data.get('latency', 0):.3f} s"
