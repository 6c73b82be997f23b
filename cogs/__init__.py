"""Thin discord.py cogs, one per command group: parse options, call one service, render."""
