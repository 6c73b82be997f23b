"""Reload progress, reload reports and corpus status as Discord messages."""

from __future__ import annotations

import io
from datetime import datetime

import discord

from bot import __version__
from bot.corpus_admin import CorpusStatus
from bot.indexer import IndexReport
from bot.limits import FIELD_VALUE, escape, fit_embed, shorten
from bot.render import COLOUR

REPORT_NAMES = 10


def progress_text(done: int, total: int) -> str:
    return f"Reloading the corpus… {done:,} / {total:,} files"


def _names(names: tuple[str, ...] | list[str]) -> str:
    shown = [escape(name) for name in names[:REPORT_NAMES]]
    more = len(names) - len(shown)
    if more > 0:
        shown.append(f"…and {more:,} more")
    return shorten("\n".join(shown), FIELD_VALUE) if shown else "none"


def reload_report(
    report: IndexReport, started_by: str
) -> tuple[discord.Embed, discord.File | None]:
    """The final reply: counts, the first names of each kind, and the whole list as a file."""
    kind = "Full rebuild" if report.full else "Reload"
    embed = discord.Embed(
        title=f"{kind} finished in {report.seconds:.1f} s",
        description=(
            f"**{len(report.added):,}** added · **{len(report.changed):,}** changed · "
            f"**{len(report.removed):,}** removed · **{report.unchanged:,}** unchanged · "
            f"**{len(report.skipped):,}** skipped\n"
            f"Now {report.articles:,} articles, {report.quotes:,} quotes, "
            f"{report.speakers:,} speakers, {report.sources:,} sources."
        ),
        colour=COLOUR,
    )
    for title, names in (
        ("Added", report.added),
        ("Changed", report.changed),
        ("Removed", report.removed),
        ("Skipped", tuple(f"{file}: {reason}" for file, reason in report.skipped)),
        ("New speakers", report.new_speakers),
        ("New sources", report.new_sources),
        ("Correction problems", report.correction_problems),
    ):
        if names:
            embed.add_field(name=f"{title} ({len(names):,})", value=_names(names), inline=False)
    embed.set_footer(text=f"started by {started_by}")
    long = any(
        len(names) > REPORT_NAMES
        for names in (report.added, report.changed, report.removed, report.skipped,
                      report.new_speakers, report.new_sources, report.correction_problems)
    )  # fmt: skip
    return fit_embed(embed), (_report_file(report) if long else None)


def _report_file(report: IndexReport) -> discord.File:
    lines = [f"Dateline reload report ({'full' if report.full else 'incremental'})", ""]
    for title, names in (
        ("Added", report.added),
        ("Changed", report.changed),
        ("Removed", report.removed),
        ("Skipped", [f"{file}: {reason}" for file, reason in report.skipped]),
        ("New speakers", report.new_speakers),
        ("New sources", report.new_sources),
        ("Correction problems", report.correction_problems),
    ):
        lines.append(f"{title} ({len(names)}):")
        lines.extend(f"  {name}" for name in names)
        lines.append("")
    data = "\n".join(lines).encode("utf-8")
    return discord.File(io.BytesIO(data), filename="reload-report.txt")


def corpus_status(status: CorpusStatus) -> discord.Embed:
    figures = status.figures
    counts = figures.counts
    embed = discord.Embed(title="Corpus status", colour=COLOUR)
    embed.add_field(
        name="Index",
        value=(
            f"{counts['articles']:,} articles · {counts['quotes']:,} quotes · "
            f"{counts['speakers']:,} speakers · {counts['sources']:,} sources\n"
            f"{status.index_bytes / 1_048_576:.1f} MB · Dateline {__version__}"
        ),
        inline=False,
    )
    dates = (
        f"{figures.first_date} – {figures.last_date}" if figures.first_date else "no dated articles"
    )
    if figures.year_unknown:
        dates += f"\n{figures.year_unknown:,} with the year unknown"
    if figures.undated:
        dates += f"\n{figures.undated:,} with no date"
    embed.add_field(name="Dates", value=dates, inline=False)
    last = figures.last_reload
    if last is not None:
        took = f" in {last.seconds:.1f} s" if last.seconds is not None else ""
        when = _timestamp(last.finished_at or last.started_at)
        embed.add_field(
            name="Last reload",
            value=f"{last.status} {when} by {escape(last.started_by)}{took}\n"
            f"{escape(last.summary or '')}",
            inline=False,
        )
    skipped = [f"{file}: {reason}" for file, reason in figures.skipped]
    embed.add_field(name=f"Skipped files ({len(skipped):,})", value=_names(skipped), inline=False)
    corrections = [f"{file} ({fields}) from {where}" for file, fields, where in figures.corrections]
    if corrections:
        embed.add_field(
            name=f"Corrections ({len(corrections):,})", value=_names(corrections), inline=False
        )
    if figures.correction_problems:
        embed.add_field(
            name=f"Correction problems ({len(figures.correction_problems):,})",
            value=_names(list(figures.correction_problems)),
            inline=False,
        )
    embed.set_footer(text=f"corpus folder: {status.corpus}")
    return fit_embed(embed)


def _timestamp(iso: str) -> str:
    """A Discord timestamp, shown in each reader's own time zone."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return discord.utils.format_dt(moment, "R")
