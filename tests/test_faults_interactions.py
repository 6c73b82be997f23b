"""Discord misbehaving around commands: 5xx, 429, dropped gateways, slow REST calls.

Each test runs the real bot (discord.py unpatched) against the fake Discord and injects the
fault at the protocol level, where production would see it. What must hold: the user gets
the answer or a clear error, the bot keeps serving afterwards, and a digest is posted
exactly once. Digest 5xx/403/429 handling is covered in ``test_digest_failures.py``; here the
digest only meets a gateway drop and slow posts.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from bot_harness import SEED_CORPUS, World, make_config, running_bot
from fakediscord import FakeDiscord
from test_digest_bot import POSTS, SEPT_28_0700_BERLIN, digest_bot, newsroom, posts, scheduler
from test_digest_bot import set_digest as set_berlin_digest

from bot.digest.clock import ManualClock
from bot.digest.scheduler import Result

CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
ORIGINAL = r"^/webhooks/\d+/[^/]+/messages/@original$"
EPHEMERAL = 1 << 6


async def ask_quote(world: World, query: str = "Lavrov") -> Any:
    return await world.fake.inject_interaction(
        "quote", {"query": query}, user=world.alice, channel=world.channel
    )


def callback_statuses(fake: FakeDiscord) -> list[int | None]:
    return [request.status for request in fake.requests_matching("POST", CALLBACK)]


def has_quote(body: dict[str, Any]) -> bool:
    return body["type"] == 4 and bool(body["data"].get("embeds"))


@pytest.mark.parametrize("status", [500, 502])
async def test_a_5xx_on_the_reply_is_retried_and_the_user_gets_the_answer(
    fake_discord: FakeDiscord, tmp_path: Path, status: int
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        fake_discord.fail_next("POST", CALLBACK, status)
        handle = await ask_quote(world)
        body = await handle.response()
        statuses = callback_statuses(fake_discord)
    assert has_quote(body)
    assert statuses[0] == status
    assert statuses[-1] is not None
    assert statuses[-1] < 300


async def test_a_429_on_the_reply_waits_out_retry_after_then_answers(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        fake_discord.fail_next("POST", CALLBACK, 429, retry_after=0.4)
        loop = asyncio.get_running_loop()
        started = loop.time()
        handle = await ask_quote(world)
        body = await handle.response()
        took = loop.time() - started
        statuses = callback_statuses(fake_discord)
    assert has_quote(body)
    assert statuses[0] == 429
    assert took >= 0.4


async def test_a_5xx_on_a_button_click_is_retried_and_the_page_turns(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        handle = await ask_quote(world, "Lavrov")
        await handle.response()
        assert handle.original is not None
        fake_discord.fail_next("POST", CALLBACK, 502)
        click = await world.click(handle.original, "dateline:next", world.alice)
        turned = await click.response()
    assert turned["type"] == 7  # the message was edited to the next page
    assert "2 of" in turned["data"]["embeds"][0]["footer"]["text"]


async def test_a_503_on_the_reply_is_retried_too(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        fake_discord.fail_next("POST", CALLBACK, 503)
        body = await (await ask_quote(world)).response()
    assert has_quote(body)
    assert callback_statuses(fake_discord)[0] == 503


async def test_a_reply_that_fails_past_the_deadline_is_logged_and_the_bot_carries_on(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """When Discord fails until the interaction expires, nobody can be told in the channel
    (Discord itself shows "did not respond"); the bot logs it with a reference and goes on."""
    async with running_bot(fake_discord, tmp_path) as world:
        fake_discord.initial_response_deadline = 0.5  # the 1 s retry lands too late
        fake_discord.fail_next("POST", CALLBACK, 500)
        with caplog.at_level(logging.WARNING):
            lost = await ask_quote(world)
            await fake_discord.wait_until(
                lambda: lost.callback_error is not None, 10, "the late retry to be refused"
            )
            # The handler logs the error, then tries to tell the user, which is refused too.
            await fake_discord.wait_until(
                lambda: any("could not tell the user" in r.getMessage() for r in caplog.records),
                10,
                "the error handler to give up",
            )
        fake_discord.initial_response_deadline = 3.0
        later = await (await ask_quote(world)).response()
    assert not lost.responded
    assert any(re.search(r"error [0-9a-f]{8} in quote", r.getMessage()) for r in caplog.records)
    assert has_quote(later)


async def test_a_deferred_reload_report_survives_429_and_500_on_its_edits(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        fake_discord.fail_next("PATCH", ORIGINAL, 429, retry_after=0.2)
        fake_discord.fail_next("PATCH", ORIGINAL, 500)
        handle = await world.fake.inject_interaction(
            "corpus reload", {"full": True}, user=world.manager, channel=world.channel
        )
        assert (await handle.response())["type"] == 5
        await world.fake.wait_until(
            lambda: bool(handle.original and handle.original.get("embeds")), 30, "the report"
        )
        statuses = [r.status for r in fake_discord.requests_matching("PATCH", ORIGINAL)]
    assert 429 in statuses
    assert 500 in statuses
    assert handle.original is not None
    assert "Now 5 articles" in handle.original["embeds"][0]["description"]


@pytest.mark.parametrize("how", ["disconnect", "reconnect"])
async def test_a_gateway_drop_in_the_middle_of_a_command_still_answers_then_resumes(
    fake_discord: FakeDiscord, tmp_path: Path, how: str
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        fake_discord.delay("POST", CALLBACK, 0.6, times=1)  # the reply is in flight...
        handle = await ask_quote(world)
        await fake_discord.wait_until(
            lambda: fake_discord.requests_matching("POST", CALLBACK), 5, "the reply to start"
        )
        if how == "disconnect":  # ...when the gateway drops or asks for a reconnect
            await fake_discord.disconnect()
        else:
            await fake_discord.request_reconnect()
        body = await handle.response()
        await fake_discord.wait_for_resume()
        after = await (await ask_quote(world, "coalition")).response()
    assert has_quote(body)
    assert has_quote(after)


async def test_a_command_sent_while_the_gateway_is_down_is_answered_after_resume(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        await fake_discord.disconnect()
        handle = await ask_quote(world)  # delivered on the resumed connection
        body = await handle.response()
        resumes = fake_discord.resume_count
    assert resumes >= 1
    assert has_quote(body)


async def test_slow_discord_still_gets_every_answer(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """Each REST call takes 1 s: replies land late but whole, and none is lost."""
    async with running_bot(fake_discord, tmp_path) as world:
        fake_discord.delay("*", r"^/(interactions|webhooks)/", 1.0)
        handles = [
            await world.fake.inject_interaction(name, options, user=user, channel=world.channel)
            for name, options, user in [
                ("quote", {"query": "Lavrov"}, world.alice),
                ("whosaid", {"words": "no military solution"}, world.bob),
                ("sources", {}, world.alice),
                ("quote", {"query": "zzzzqqqq"}, world.bob),  # a user error, also slow
            ]
        ]
        bodies = await asyncio.gather(*(handle.response(timeout=10) for handle in handles))
    assert all(body["type"] == 4 for body in bodies)
    assert all(body["data"].get("embeds") for body in bodies[:3])
    assert bodies[3]["data"]["flags"] & EPHEMERAL


async def test_concurrent_commands_under_a_burst_of_faults_all_get_an_answer(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        fake_discord.fail_next("POST", CALLBACK, 500, times=4)
        fake_discord.fail_next("POST", CALLBACK, 429, retry_after=0.2, times=4)
        handles = [
            await ask_quote(world, query)
            for query in ["Lavrov", "coalition", "deconflict", "Syria"] * 5
        ]
        bodies = await asyncio.gather(*(handle.response(timeout=15) for handle in handles))
    assert all(has_quote(body) for body in bodies), [b["data"].get("content") for b in bodies]


async def test_a_digest_posts_once_through_a_gateway_drop_and_a_slow_post(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_berlin_digest(fake_discord, room)
        fake_discord.delay("POST", POSTS, 1.0, times=1)
        clock.set(SEPT_28_0700_BERLIN)
        run = asyncio.create_task(scheduler(bot).run_due(clock.now()))
        await fake_discord.wait_until(
            lambda: fake_discord.requests_matching("POST", POSTS), 5, "the post to start"
        )
        await fake_discord.disconnect()
        [outcome] = await run
        await fake_discord.wait_for_resume()
        again = await scheduler(bot).run_due(clock.now() + timedelta(minutes=5))
    assert outcome.result is Result.POSTED
    assert [o.result for o in again] in ([], [Result.ALREADY_DONE])
    assert len(posts(fake_discord, room.channel)) == 1
