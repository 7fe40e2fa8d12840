#!/usr/bin/env python3
"""Non-browser WebRTC check against Janus VideoRoom, standing in for a str0m client.

aiortc behaves like the planned str0m load generator in the ways that matter to Janus:
no trickle (all candidates in the SDP, jsep "trickle": false), full ICE, DTLS 1.2, and with
--srtp str0m only the two SRTP profiles str0m supports (AEAD_AES_128_GCM, AES128_CM_SHA1_80),
so the profile Janus picks is the one str0m will get. Its host candidate is set explicitly
(--host-ip, default 127.0.1.1 = the address of jlo0; see PROTOCOL.md on why
other loopback addresses fail), as a str0m client adds its own Candidate::host().

Optional, not needed by the benchmark. Setup (outside the namespace, PyPI):
    python3 -m venv /tmp/aiortc-venv && /tmp/aiortc-venv/bin/pip install aiortc==1.16.0 aiohttp
Run inside the namespace where ../start-janus.sh started Janus:
    /tmp/aiortc-venv/bin/python verify/nonbrowser_check.py [--seconds 8] [--host-ip 127.0.1.1]
        [--srtp str0m|all] [--trickle-flag false|omit] [--publish-as publish|configure|joinandconfigure]
Exit 0 when the subscriber decoded video frames and received audio frames.
"""
import argparse
import asyncio
import json
import random
import sys
import time

import aiohttp
import aioice.ice
import aiortc.rtcdtlstransport as dtls
from aiortc import AudioStreamTrack, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack

ap = argparse.ArgumentParser()
ap.add_argument("--api", default="http://127.0.0.1:8088/janus")
ap.add_argument("--seconds", type=float, default=8)
ap.add_argument("--host-ip", default="127.0.1.1")
ap.add_argument("--srtp", choices=["str0m", "all"], default="str0m")
ap.add_argument("--publish-as", choices=["publish", "configure", "joinandconfigure"], default="publish",
                help="publish with join + publish (default), join + configure, or one joinandconfigure")
ap.add_argument("--trickle-flag", choices=["false", "omit"], default="false",
                help='send jsep "trickle": false (default) or omit it (Janus then assumes trickle)')
args = ap.parse_args()

# The host candidate a str0m client would add explicitly.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [args.host_ip]
if args.srtp == "str0m":
    dtls.SRTP_PROFILES = [dtls.SRTP_AEAD_AES_128_GCM, dtls.SRTP_AES128_CM_SHA1_80]


def tx():
    return "py%x" % random.getrandbits(48)


class Session:
    def __init__(self, http, base):
        self.http, self.base = http, base
        self.waiters, self.events = {}, []
        self.closed = False

    async def post(self, url, body):
        async with self.http.post(url, json=body) as r:
            return await r.json(content_type=None)

    async def create(self):
        r = await self.post(self.base, {"janus": "create", "transaction": tx()})
        self.id = r["data"]["id"]
        self.url = f"{self.base}/{self.id}"
        self.poller = asyncio.create_task(self.poll())
        return self

    async def poll(self):
        while not self.closed:
            try:
                async with self.http.get(f"{self.url}?maxev=10") as r:
                    evs = await r.json(content_type=None)
            except Exception:
                await asyncio.sleep(0.2)
                continue
            for ev in evs if isinstance(evs, list) else [evs]:
                self.events.append(ev)
                fut = self.waiters.pop(ev.get("transaction"), None)
                if fut and not fut.done():
                    fut.set_result(ev)

    async def attach(self):
        r = await self.post(self.url, {"janus": "attach", "plugin": "janus.plugin.videoroom", "transaction": tx()})
        return f"{self.url}/{r['data']['id']}"

    async def request(self, handle, body):
        r = await self.post(handle, {"janus": "message", "transaction": tx(), "body": body})
        return r["plugindata"]["data"]

    async def message(self, handle, body, jsep=None):
        t = tx()
        fut = asyncio.get_running_loop().create_future()
        self.waiters[t] = fut
        req = {"janus": "message", "transaction": t, "body": body}
        if jsep:
            req["jsep"] = jsep
        r = await self.post(handle, req)
        if r["janus"] != "ack":
            raise RuntimeError(json.dumps(r))
        ev = await asyncio.wait_for(fut, 10)
        data = ev["plugindata"]["data"]
        if "error" in data:
            raise RuntimeError(json.dumps(data))
        return ev

    async def destroy(self):
        self.closed = True
        await self.post(self.url, {"janus": "destroy", "transaction": tx()})
        self.poller.cancel()


def sdp_summary(sdp):
    keep = ("m=", "a=rtpmap", "a=setup", "a=ice-options", "a=fingerprint")
    return " | ".join(l.split(" ", 1)[0] + (" " + l.split(" ", 1)[1][:24] if " " in l else "")
                      for l in sdp.splitlines() if l.startswith(keep))


def jsep_of(pc, kind):
    jsep = {"type": kind, "sdp": pc.localDescription.sdp}
    if args.trickle_flag == "false":
        jsep["trickle"] = False
    return jsep


def srtp_of(pc):
    t = pc.getTransceivers()[0].sender.transport
    ssl = t._ssl
    return {"dtls_role": t._role, "srtp": ssl.get_selected_srtp_profile().decode(),
            "version": ssl.get_protocol_version_name(), "cipher": ssl.get_cipher_name()}


async def main():
    ok = False
    async with aiohttp.ClientSession() as http:
        admin = await Session(http, args.api).create()
        ah = await admin.attach()
        room = 800000 + random.randrange(99999)
        print("create", await admin.request(ah, {
            "request": "create", "room": room, "publishers": 100, "bitrate": 4000000,
            "audiocodec": "opus", "videocodec": "vp8", "audiolevel_ext": True}))

        # Publisher: offer with all candidates, trickle false.
        ps = await Session(http, args.api).create()
        ph = await ps.attach()
        pub = RTCPeerConnection()
        pub.addTrack(AudioStreamTrack())
        pub.addTrack(VideoStreamTrack())
        await pub.setLocalDescription(await pub.createOffer())
        t0 = time.monotonic()
        if args.publish_as == "joinandconfigure":
            # join + publish in one request: the "joined" event carries the JSEP answer.
            ev = await ps.message(ph, {"request": "joinandconfigure", "ptype": "publisher", "room": room,
                                       "display": "aiortc"}, jsep_of(pub, "offer"))
            pub_id = ev["plugindata"]["data"]["id"]
        else:
            joined = await ps.message(ph, {"request": "join", "ptype": "publisher", "room": room, "display": "aiortc"})
            pub_id = joined["plugindata"]["data"]["id"]
            t0 = time.monotonic()
            ev = await ps.message(ph, {"request": args.publish_as}, jsep_of(pub, "offer"))
        print("%s answer after %.0f ms: %s" % (args.publish_as, (time.monotonic() - t0) * 1000, ev["plugindata"]["data"]))
        cands = [l for l in ev["jsep"]["sdp"].splitlines() if l.startswith("a=candidate")]
        print("janus candidates:", cands)
        print("publisher offer:", sdp_summary(pub.localDescription.sdp))
        print("janus answer:   ", sdp_summary(ev["jsep"]["sdp"]))
        await pub.setRemoteDescription(RTCSessionDescription(**{k: ev["jsep"][k] for k in ("type", "sdp")}))
        # The feed can be subscribed to only once its PeerConnection is up (else 428 "No such feed").
        for _ in range(100):
            if any(e.get("janus") == "webrtcup" for e in ps.events):
                break
            await asyncio.sleep(0.05)
        print("publisher webrtcup after %.0f ms" % ((time.monotonic() - t0) * 1000))

        # Subscriber: Janus offers, we answer with all candidates, trickle false.
        ss = await Session(http, args.api).create()
        sh = await ss.attach()
        ev = await ss.message(sh, {"request": "join", "ptype": "subscriber", "room": room, "streams": [{"feed": pub_id}]})
        print("janus sub offer:", sdp_summary(ev["jsep"]["sdp"]))
        sub = RTCPeerConnection()
        counts = {"video": 0, "audio": 0, "size": None}

        @sub.on("track")
        def on_track(track):
            async def consume():
                while True:
                    try:
                        f = await track.recv()
                    except Exception:
                        return
                    counts[track.kind] += 1
                    if track.kind == "video":
                        counts["size"] = f"{f.width}x{f.height}"
            asyncio.ensure_future(consume())

        await sub.setRemoteDescription(RTCSessionDescription(type="offer", sdp=ev["jsep"]["sdp"]))
        await sub.setLocalDescription(await sub.createAnswer())
        t1 = time.monotonic()
        ev = await ss.message(sh, {"request": "start"}, jsep_of(sub, "answer"))
        print("start:", ev["plugindata"]["data"])
        for i in range(int(args.seconds)):
            await asyncio.sleep(1)
            print(f"t={i + 1}s subscriber decoded video frames={counts['video']} ({counts['size']}) audio frames={counts['audio']}"
                  f" ice={sub.iceConnectionState}")
        print("publisher transport:", srtp_of(pub), "subscriber transport:", srtp_of(sub))
        print("janus events (pub):", [e["janus"] for e in ps.events], "(sub):", [e["janus"] for e in ss.events])
        ok = counts["video"] > args.seconds * 5 and counts["audio"] > args.seconds * 20
        await pub.close()
        await sub.close()
        await admin.request(ah, {"request": "destroy", "room": room})
        for s in (ps, ss, admin):
            await s.destroy()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


sys.exit(asyncio.run(main()))
