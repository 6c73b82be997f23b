"""Replies for the /admin commands: plain text for reloads and syncs, an embed for health."""

from __future__ import annotations

from datetime import datetime, timedelta

import discord

from bot.config import ConfigError
from bot.operations.commands import SyncReport
from bot.operations.health import Health
from bot.operations.reload import RESTART_KEYS, CogReload, ConfigReload, key_name

RESTART_ONLY = ", ".join(key_name(*key) for key in RESTART_KEYS)


def config_reloaded(report: ConfigReload) -> str:
    source = report.source or "built-in defaults (no configuration file)"
    if not report.changed:
        return f"Configuration re-read from `{source}`: nothing changed."
    lines = [f"Configuration reloaded from `{source}`."]
    if report.applied:
        lines.append("Applied now: " + ", ".join(report.applied) + ".")
    if report.needs_restart:
        lines.append(
            "Changed but needs a restart (still running with the old value): "
            + ", ".join(report.needs_restart)
            + "."
        )
    return "\n".join(lines)


def config_rejected(error: ConfigError) -> str:
    return f"Configuration not reloaded, nothing was changed: {error}"


def cogs_reloaded(report: CogReload) -> str:
    lines = [f"Reloaded {len(report.reloaded)} cogs."]
    for name, reason in report.failed:
        lines.append(f"**{name}** failed and keeps its previous version: {reason}")
    if report.synced:
        lines.append("The command schema changed and was synced.")
    return "\n".join(lines)


def restart_note() -> str:
    return f"Always need a restart: {RESTART_ONLY}."


def synced(report: SyncReport) -> str:
    head = f"Synced {report.total} commands {report.scope}."
    if report.unchanged:
        return f"{head} No command was added, removed or changed."
    parts = [head]
    for label, names in (
        ("Added", report.added),
        ("Removed", report.removed),
        ("Changed", report.changed),
    ):
        if names:
            parts.append(f"{label}: " + ", ".join(f"/{name}" for name in names))
    if report.compared_by_name_only:
        parts.append("(No earlier snapshot: compared with Discord by name only.)")
    return "\n".join(parts)


def health(report: Health) -> discord.Embed:
    embed = discord.Embed(title="Dateline health")
    latency = f"{report.latency * 1000:.0f} ms" if report.latency is not None else "unknown"
    shards = (
        "\n".join(f"shard {shard.shard_id}: {shard.state}" for shard in report.shards) or "none"
    )
    embed.add_field(name="Gateway", value=f"latency {latency}\n{shards}", inline=True)
    embed.add_field(
        name="Uptime",
        value=f"{_duration(report.uptime)}\nsince {_stamp(report.started_at)}",
        inline=True,
    )
    if report.memory is None:
        memory = "unknown"
    else:
        memory = _size(report.memory.rss_bytes) + (" (peak)" if report.memory.peak else " RSS")
    embed.add_field(name="Memory", value=memory, inline=True)
    index = f"{_size(report.index_bytes)} · {report.articles:,} articles · {report.quotes:,} quotes"
    reload = report.last_reload
    if reload is None:
        index += "\nlast reload: never"
    else:
        index += f"\nlast reload: {reload.status}, {reload.started_at} by {reload.started_by}"
    embed.add_field(name="Index", value=index, inline=False)
    config = f"`{report.config_source or 'built-in defaults'}`"
    if report.last_config_reload is not None:
        config += f"\nlast reload: {_stamp(report.last_config_reload)}"
    embed.add_field(name="Configuration", value=config, inline=False)
    next_job = report.next_job
    jobs = f"{len(report.jobs)} jobs"
    if next_job is not None and next_job.next_run is not None:
        jobs += f"; next: {next_job.id} {_stamp(next_job.next_run)}"
    elif not report.jobs:
        jobs = "not running"
    embed.add_field(name="Scheduler", value=jobs, inline=False)
    if report.error_kinds:
        kinds = "\n".join(
            f"{row.kind} ×{row.count} (last {_stamp(row.last_seen)}): {row.last_message[:200]}"
            for row in report.error_kinds[:5]
        )
    else:
        kinds = "none since start"
    embed.add_field(name="Recent errors", value=kinds[:1024], inline=False)
    embed.set_footer(text=f"{report.guilds} servers")
    return embed


def _stamp(when: datetime) -> str:
    return f"<t:{int(when.timestamp())}:R>"


def _duration(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
