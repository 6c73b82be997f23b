"""Daily "on this day" digests: per-server settings, exactly-once posting, scheduling.

The database is the source of truth: settings and a per-day claim row decide what is posted,
so restarts, cog reloads and duplicate scheduler fires can never post a day twice.
"""
