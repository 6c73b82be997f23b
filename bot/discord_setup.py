"""Point discord.py at the configured REST and gateway endpoints.

discord.py reads both from class attributes (``Route.BASE`` for every REST call, including
interaction callbacks and webhooks, and ``DiscordWebSocket.DEFAULT_GATEWAY``), so a proxy, or
the test suite's fake Discord, needs nothing else changed.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl


def apply_endpoints(api_base_url: str, gateway_url: str) -> None:
    discord.http.Route.BASE = api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
