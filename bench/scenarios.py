"""Two room-sized scenarios for ``bench/load.py`` (``--room`` and ``--costly``).

room:   a workshop of 60 participants, each on the default page, changing the
        learning rate every 5 s for 60 s, as a browser does: a rerun that
        carries the rate field's new value. Reports the server's response
        (rerun sent → script finished) p50/p95 against the 1.5 s target.
costly: 30 distinct links of the page's most expensive kind at once, while a
        bystander reruns the default page every 0.5 s. Reports the
        bystander's p95 against the 2 s target, and what one costly link costs
        against one cold default page, side by side (target at most 3×).
"""

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOM_TARGET_P95, BYSTANDER_TARGET_P95, COSTLY_TARGET_RATIO = 1.5, 2.0, 3.0


@dataclass
class Traffic:
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)


async def rerun(ws, query, widgets=(), timeout=120.0):
    """One run: the query and widget values (id, value) sent, the ids seen back."""
    back = BackMsg()
    back.rerun_script.query_string = query
    for widget_id, value in widgets:
        state = back.rerun_script.widget_states.widgets.add()
        state.id, state.double_value = widget_id, value
    began, ids, status, exceptions = time.perf_counter(), {}, None, []
    await ws.send(back.SerializeToString())
    async with asyncio.timeout(timeout):
        while status is None:
            msg = ForwardMsg()
            msg.ParseFromString(await ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "script_finished":
                status = msg.script_finished
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                name = element.WhichOneof("type")
                if name == "number_input":
                    ids[element.number_input.id.rsplit("-", 1)[-1]] = element.number_input.id
                elif name == "exception":
                    exceptions.append(element.exception.message)
    if status != ForwardMsg.FINISHED_SUCCESSFULLY or exceptions:
        raise RuntimeError(f"run ended {status} {exceptions[:1]}")
    return time.perf_counter() - began, ids


async def participant(connect, url, origin, seed, seconds, every, traffic, start):
    """One participant: the page once, then a new rate every ``every`` seconds."""
    rng = random.Random(seed)
    try:
        async with await connect(url, origin) as ws:
            _, ids = await rerun(ws, "")
            await start.wait()
            await asyncio.sleep(rng.uniform(0, every))  # not all in step
            ends = time.monotonic() + seconds
            while time.monotonic() < ends:
                rate = float(f"{10 ** rng.uniform(-6, -2.5):.4g}")
                took, ids = await rerun(ws, "", [(ids["lr"], rate)])
                traffic.latencies.append(took)
                await asyncio.sleep(max(0.0, every - took))
    except (OSError, TimeoutError, RuntimeError, KeyError, websockets.WebSocketException) as exc:
        traffic.errors.append(f"{type(exc).__name__}: {exc}")


async def room(connect, url, origin, participants=60, seconds=60.0, every=5.0):
    """The room scenario; returns its Traffic."""
    traffic, start = Traffic(), asyncio.Event()
    tasks = [
        asyncio.create_task(participant(connect, url, origin, i, seconds, every, traffic, start))
        for i in range(participants)
    ]
    await asyncio.sleep(2.0)  # every session open and past its first run
    start.set()
    await asyncio.gather(*tasks)
    return traffic


COSTLY = "iterations=1000000&view=rates&sweep=" + ",".join(
    ["1e-6", "1e-5", "1e-4", "3e-4", "6e-4", "9e-4", "0.00119", "0.0013"]
)


def costly_link(i):
    """Distinct link ``i`` of the most expensive kind: a million iterations, the
    learning-rate view with eight compared rates, its own rate and its own start,
    so that nothing it draws is in a cache yet."""
    return f"{COSTLY}&lr={1e-4 * (1 + i / 1000):.7g}&w0={0.1 + i / 100:.2f}&b0={i / 10:.1f}"


def costly_links(count=30):
    """``count`` distinct costliest links (``costly_link``)."""
    return [costly_link(i) for i in range(count)]


async def one_cold(connect, url, origin, query):
    async with await connect(url, origin) as ws:
        return (await rerun(ws, query))[0]


async def costly(connect, url, origin, count=30):
    """The costly scenario: (bystander Traffic, costly Traffic, wall seconds)."""
    bystander, heavy = Traffic(), Traffic()
    done = asyncio.Event()

    async def watch():
        try:
            async with await connect(url, origin) as ws:
                await rerun(ws, "")
                while not done.is_set():
                    took, _ = await rerun(ws, "")
                    bystander.latencies.append(took)
                    await asyncio.sleep(0.5)
        except (OSError, TimeoutError, RuntimeError, websockets.WebSocketException) as exc:
            bystander.errors.append(f"{type(exc).__name__}: {exc}")

    async def hit(query):
        try:
            heavy.latencies.append(await one_cold(connect, url, origin, query))
        except (OSError, TimeoutError, RuntimeError, websockets.WebSocketException) as exc:
            heavy.errors.append(f"{type(exc).__name__}: {exc}")

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(1.0)
    began = time.perf_counter()
    await asyncio.gather(*(hit(q) for q in costly_links(count)))
    wall = time.perf_counter() - began
    await asyncio.sleep(1.0)
    done.set()
    await watcher
    return bystander, heavy, wall


# The costliest links a visitor can send, by kind (issue measurements on the old
# page: Adam's rates view 210x a default page, its comparison 97x, its Math view at
# the last step 2.5 s). Past the work budget each now answers with an offer; the
# work a button starts is not part of this figure.
COSTLY_KINDS = {
    "plain descent, rates view, 8 rates, 1M iterations": costly_link,
    "Adam, rates view, 8 rates, 1M iterations": lambda i: f"optimizer=adam&{costly_link(i)}",
    "Adam, training view comparing 4 optimizers": lambda i: (
        f"optimizer=adam&view=training&compare=gd,momentum,rmsprop&iterations=1000000"
        f"&lr={1e-4 * (1 + i / 1000):.7g}"
    ),
    "Adam, Math view at step 999,999": lambda i: (
        f"optimizer=adam&view=math&iterations=1000000&step=999999&lr={1e-4 * (1 + i / 1000):.7g}"
    ),
}


async def cost_ratio(connect, url, origin, repeats=9, link=costly_link):
    """Median cold cost of one costly link and of one default page, measured in
    alternation on an idle server (each with its own rate and start: nothing cached)."""
    heavy, plain = [], []
    for i in range(repeats):
        heavy.append(await one_cold(connect, url, origin, link(500 + i)))
        plain.append(await one_cold(connect, url, origin, f"w0={6 + i}"))
    return statistics.median(heavy), statistics.median(plain)
