#!/usr/bin/env python3
"""Two Plenum clients built on aiortc (a WebRTC stack independent of Chromium's), written from
docs/protocol/ alone, against a real `plenum serve`.

What it checks: the REST ticket flow; `join` with the initial media state, answered by
`joined` with the command's id; the node's offer of receive slots, the client's answer and the
slot map (`tracks`); `subscribe`
answered with `subscribed` (unknown ids named); both clients decode each other's video and
hear each other's tone at its own frequency; after one camera is off for three seconds and on
again, the other sees video again at once (forwarded streams stay continuous across the node's
pauses); a dropped WebSocket is resumed with `resume` and media goes on; closing with 1000 is
answered with 1000. Prints `N passed, N failed` and exits non-zero on any failure.

Usage: clients.py PLENUM_BINARY (run it in a loopback-only network namespace).
"""

import asyncio
import json
import math
import os
import re
import sys
import tempfile
import time
from array import array

import aiohttp
import aioice.ice
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack

# The test runs where only loopback exists; aioice leaves 127.0.0.1 out of its host candidates.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

RESULTS: list[tuple[str, bool, str]] = []


class ToneTrack(AudioStreamTrack):
    """A sine tone at `hz`, paced like aiortc's own audio track (20 ms frames)."""

    def __init__(self, hz: float) -> None:
        super().__init__()
        self.hz = hz

    async def recv(self):
        frame = await super().recv()
        rate = frame.sample_rate
        samples = array(
            "h",
            (int(12000 * math.sin(2 * math.pi * self.hz * (frame.pts + i) / rate)) for i in range(frame.samples)),
        )
        frame.planes[0].update(samples.tobytes())
        return frame


def tone_hz(frames: list) -> float:
    """The frequency of a tone in decoded audio frames, from its zero crossings."""
    crossings, samples, rate = 0, 0, 48000
    previous = 0
    for frame in frames:
        channels = len(frame.layout.channels)
        rate = frame.sample_rate
        # The plane may be longer than the frame (padding): only `samples` per channel count.
        data = array("h", bytes(frame.planes[0]))[: frame.samples * channels : channels]
        for value in data:
            if (value >= 0) != (previous >= 0):
                crossings += 1
            previous = value
        samples += len(data)
    return crossings / 2 / (samples / rate) if samples else 0.0


def check(name: str, ok: bool, detail: str = "") -> None:
    RESULTS.append((name, ok, detail))
    print(("ok   " if ok else "FAIL ") + name + (f": {detail}" if detail and not ok else ""))


async def start_server(binary: str) -> tuple[asyncio.subprocess.Process, str]:
    """Starts `plenum serve` on loopback with fresh data and returns it with its URL."""
    data = tempfile.mkdtemp(prefix="plenum-interop-")
    proc = await asyncio.create_subprocess_exec(
        binary, "serve", "--listen", "127.0.0.1:0", "--media-port", "0", "--data-dir", data,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PLENUM_LOG": os.environ.get("PLENUM_LOG", "warn")},
    )
    assert proc.stdout is not None
    out = b""
    while True:
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        if not line:
            raise RuntimeError("plenum exited early")
        out += line
        found = re.search(rb"running at (http://\S+)", out)
        if found:
            return proc, found.group(1).decode()


class Client:
    """One participant: a WebSocket to the node and one RTCPeerConnection."""

    def __init__(self, http: aiohttp.ClientSession, base: str, name: str) -> None:
        self.http, self.base, self.name = http, base, name
        self.pc = RTCPeerConnection()
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.me = ""
        self.next_id = 1
        self.replies: dict[int, asyncio.Future] = {}
        self.tracks: dict[str, tuple[str, str]] = {}  # mid -> (publisher, kind)
        self.frames: dict[tuple[str, str], list[float]] = {}  # (publisher, kind) -> arrival times
        self.audio: dict[str, list] = {}  # publisher -> the latest decoded audio frames
        self.negotiating = asyncio.Lock()
        self.tasks: list[asyncio.Task] = []
        self.joined: dict = {}
        self.pc.on("track", self.on_track)

    async def send(self, namespace: str, payload: dict) -> int:
        command_id = self.next_id
        self.next_id += 1
        self.replies[command_id] = asyncio.get_running_loop().create_future()
        assert self.ws is not None
        await self.ws.send_str(json.dumps({"namespace": namespace, "id": command_id, "payload": payload}))
        return command_id

    async def reply(self, command_id: int, timeout: float = 10) -> dict:
        return await asyncio.wait_for(self.replies[command_id], timeout)

    async def connect(self, ws_url: str) -> None:
        self.ws = await self.http.ws_connect(ws_url)
        self.tasks.append(asyncio.create_task(self.read()))
        self.tasks.append(asyncio.create_task(self.ping()))

    async def join(self, room: str, hz: float, owner_key: str | None = None) -> None:
        body = {"display_name": self.name}
        if owner_key:
            body["owner_key"] = owner_key
        async with self.http.post(f"{self.base}/api/v1/rooms/{room}/tickets", json=body) as r:
            granted = await r.json()
            assert r.status == 200, granted
        ws_url = granted["ws_url"]
        if ws_url.startswith("/"):  # relative to the page's origin (docs: rooms API)
            ws_url = "ws" + self.base[len("http"):] + ws_url
        self.ws_url = ws_url
        await self.connect(ws_url)
        join = await self.send("control", {"action": "join", "ticket": granted["ticket"], "audio": True, "video": True})
        self.joined = await self.reply(join)
        self.me = self.joined["you"]
        # Send-only audio and camera video, in this order (docs/protocol/media.md).
        self.pc.addTransceiver(ToneTrack(hz), direction="sendonly")
        self.video = VideoStreamTrack()
        self.pc.addTransceiver(self.video, direction="sendonly")
        async with self.negotiating:
            await self.pc.setLocalDescription(await self.pc.createOffer())
            offer = await self.send("media", {"action": "offer", "sdp": self.pc.localDescription.sdp})
            answer = await self.reply(offer)
            await self.pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))

    async def drop_and_resume(self) -> dict:
        """Loses the WebSocket (closing it with an abnormal code, so the node keeps the place)
        and takes the place back on a new one; returns the `joined` of the resume."""
        assert self.ws is not None
        for task in self.tasks[:2]:
            task.cancel()
        self.tasks = self.tasks[2:]
        await self.ws.close(code=4100)
        await self.connect(self.ws_url)
        resume = await self.send("control", {"action": "resume", "token": self.joined["resume_token"]})
        self.joined = await self.reply(resume)
        return self.joined

    async def ping(self) -> None:
        while True:
            await asyncio.sleep(2)
            await self.send("control", {"action": "ping"})

    async def read(self) -> None:
        assert self.ws is not None
        async for msg in self.ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            env = json.loads(msg.data)
            payload, command_id = env["payload"], env.get("id")
            if command_id in self.replies and not self.replies[command_id].done():
                self.replies[command_id].set_result(payload)
            if env["namespace"] == "media" and payload.get("event") == "offer":
                asyncio.create_task(self.on_offer(payload))
            if env["namespace"] == "media" and payload.get("event") == "tracks":
                asyncio.create_task(self.on_tracks(payload))

    def set_slot_map(self, tracks: list) -> None:
        """Whose media each receive slot carries now (the whole map)."""
        self.tracks = {t["mid"]: (t["participant_id"], t["kind"]) for t in tracks}

    async def on_tracks(self, event: dict) -> None:
        async with self.negotiating:
            self.set_slot_map(event["tracks"])

    async def on_offer(self, offer: dict) -> None:
        async with self.negotiating:
            self.set_slot_map(offer["tracks"])
            await self.pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
            await self.pc.setLocalDescription(await self.pc.createAnswer())
            await self.send("media", {"action": "answer", "sdp": self.pc.localDescription.sdp})

    def on_track(self, track) -> None:
        transceiver = next(t for t in self.pc.getTransceivers() if t.receiver.track is track)
        self.tasks.append(asyncio.create_task(self.receive(transceiver.mid, track)))

    async def receive(self, mid: str, track) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            key = self.tracks.get(mid)
            if key is not None:
                self.frames.setdefault(key, []).append(time.monotonic())
                if key[1] == "audio":
                    latest = self.audio.setdefault(key[0], [])
                    latest.append(frame)
                    del latest[:-50]

    def count(self, publisher: str, kind: str) -> int:
        return len(self.frames.get((publisher, kind), []))

    def first_after(self, publisher: str, kind: str, since: float) -> float | None:
        return next((t for t in self.frames.get((publisher, kind), []) if t > since), None)

    async def close(self) -> int | None:
        assert self.ws is not None
        await self.ws.close(code=1000)
        for task in self.tasks:
            task.cancel()
        await self.pc.close()
        return self.ws.close_code


async def eventually(check_fn, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check_fn():
            return True
        await asyncio.sleep(0.1)
    return check_fn()


async def run(binary: str) -> None:
    proc, base = await start_server(binary)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{base}/api/v1/rooms") as r:
                created = await r.json()
            ada, bob = Client(http, base, "Ada"), Client(http, base, "Bob")
            await ada.join(created["id"], 440, created["owner_key"])
            await bob.join(created["id"], 660)
            me = next(p for p in bob.joined["participants"] if p["id"] == bob.me)
            check("join: joined answers the join's id, with the media asked for", me["audio"] and me["video"], str(me))

            sub = await bob.send("media", {"action": "subscribe", "video": [ada.me, "nobody-here"]})
            answer = await bob.reply(sub)
            check(
                "subscribe: answered with what was taken and the unknown ids",
                answer == {"event": "subscribed", "video": [ada.me], "unknown": ["nobody-here"]},
                str(answer),
            )
            sub = await ada.send("media", {"action": "subscribe", "video": [bob.me]})
            await ada.reply(sub)

            got = await eventually(
                lambda: bob.count(ada.me, "audio") > 50 and bob.count(ada.me, "video") > 30
                and ada.count(bob.me, "audio") > 50 and ada.count(bob.me, "video") > 30,
                20,
            )
            check(
                "media: both receive each other's audio and video",
                got,
                f"bob<-ada {bob.count(ada.me, 'audio')}/{bob.count(ada.me, 'video')}, "
                f"ada<-bob {ada.count(bob.me, 'audio')}/{ada.count(bob.me, 'video')}",
            )

            heard = (tone_hz(bob.audio.get(ada.me, [])), tone_hz(ada.audio.get(bob.me, [])))
            check(
                "media: each hears the other's tone (440 Hz and 660 Hz)",
                abs(heard[0] - 440) < 25 and abs(heard[1] - 660) < 25,
                f"{heard[0]:.0f} Hz, {heard[1]:.0f} Hz",
            )

            # Camera off for three seconds, then on: video must be back at once.
            await ada.send("control", {"action": "update_media", "audio": True, "video": False})
            await asyncio.sleep(3)
            resumed_at = time.monotonic()
            await ada.send("control", {"action": "update_media", "audio": True, "video": True})
            back = await eventually(lambda: bob.first_after(ada.me, "video", resumed_at + 0.3) is not None, 10)
            first = bob.first_after(ada.me, "video", resumed_at + 0.3)
            delay = (first - resumed_at) if first else float("inf")
            check("continuity: video is back within 2 s after camera off and on", back and delay < 2.0, f"{delay:.1f} s")

            # A dropped WebSocket: resumed on a new one, the media session untouched.
            joined = await bob.drop_and_resume()
            resumed_at = time.monotonic()
            check("resume: joined again with resumed set", joined.get("resumed") is True, str(joined.get("resumed")))
            flowing = await eventually(
                lambda: bob.first_after(ada.me, "video", resumed_at + 1) is not None
                and bob.first_after(ada.me, "audio", resumed_at + 1) is not None,
                10,
            )
            check("resume: media goes on after the resume", flowing)

            code = await bob.close()
            check("close: a client's 1000 is answered with 1000", code == 1000, str(code))
            await ada.close()
    finally:
        proc.terminate()
        await proc.wait()


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        asyncio.run(asyncio.wait_for(run(sys.argv[1]), 120))
    except Exception as e:  # noqa: BLE001 - any crash is a failed check, reported as such
        check("the run completes", False, repr(e))
    failed = sum(1 for _, ok, _ in RESULTS if not ok)
    print(f"{len(RESULTS) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
