"""Posting to a channel, with Discord's answers sorted into "retry soon" and "retry tomorrow".

A deleted channel or a missing permission will not fix itself within the day, so those are
permanent for the day; 5xx answers, rate limits and network trouble are transient and are
retried with back-off. discord.py already retries some 5xx and 429 answers itself; what
reaches this module is what it gave up on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import aiohttp
import discord


class SendError(Exception):
    """A post failed; ``transient`` says whether trying again today may help."""

    def __init__(self, reason: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class Sender(Protocol):
    async def send(
        self, channel_id: int, content: str | None, embeds: Sequence[discord.Embed]
    ) -> int:
        """Post one message and return its id, or raise :class:`SendError`."""
        ...


class DiscordSender:
    """Posts through the bot's REST client (no gateway cache needed, so it works at start-up)."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def send(
        self, channel_id: int, content: str | None, embeds: Sequence[discord.Embed]
    ) -> int:
        channel = self._client.get_partial_messageable(channel_id)
        try:
            message = await channel.send(
                content=content,
                embeds=list(embeds),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.RateLimited as error:
            raise SendError(
                "Discord rate-limited the post", transient=True, retry_after=error.retry_after
            ) from error
        except discord.NotFound as error:
            raise SendError(
                f"the channel <#{channel_id}> no longer exists (deleted?)", transient=False
            ) from error
        except discord.Forbidden as error:
            raise SendError(
                f"I may not post in <#{channel_id}>: I need View Channel, Send Messages and "
                "Embed Links there",
                transient=False,
            ) from error
        except discord.HTTPException as error:
            transient = error.status >= 500 or error.status == 429
            text = error.text or "no details"
            raise SendError(f"Discord answered {error.status}: {text}", transient=transient) from (
                error
            )
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise SendError(f"could not reach Discord: {error!r}", transient=True) from error
        return message.id
