"""Trial client for the evidence harness (scripts/evidence/measure.mjs) on grpcio.

Long-lived: reads one JSON command per stdin line and answers with "@@<kind> <json>" lines.
Same protocol as ../node/trial.js (see there); runs on the venv's grpcio and on Debian's
python3-grpcio (/usr/bin/python3).
"""
import json
import os
import random
import sys
import time

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire  # noqa: E402

REOPEN = {"UNAVAILABLE", "CANCELLED", "INTERNAL", "RESOURCE_EXHAUSTED", "UNKNOWN"}
state = {"channel": None, "variant": "none"}


def out(kind, obj):
    sys.stdout.write("@@%s %s\n" % (kind, json.dumps(obj)))
    sys.stdout.flush()


def service_config(codes):
    return json.dumps({"methodConfig": [{"name": [{"service": "capture.Echo"}], "retryPolicy": {
        "maxAttempts": 5, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2,
        "retryableStatusCodes": codes}}]})


def wfr():
    return state["variant"] in ("wfr", "loop")


def unary_once(message, delay_ms, deadline_ms):
    ch = state["channel"]
    call = ch.unary_unary("/capture.Echo/Unary", request_serializer=wire.ser_req, response_deserializer=wire.de_resp)
    try:
        call({"message": message, "delay_ms": delay_ms}, timeout=deadline_ms / 1000.0, wait_for_ready=wfr())
        return {"ok": True}
    except grpc.RpcError as e:
        return {"ok": False, "code": e.code().name, "details": e.details(), "printed": str(e)}


def stream(cmd):
    ch = state["channel"]
    mc = ch.unary_stream("/capture.Echo/ServerStream", request_serializer=wire.ser_req, response_deserializer=wire.de_resp)
    t0 = time.monotonic()
    end = t0 + cmd["deadlineMs"] / 1000.0
    received, in_order, reopens, delay, progressed = 0, True, 0, 0.2, False
    last = {"ok": False, "code": "NONE", "details": ""}
    while received < cmd["count"] and time.monotonic() < end:
        offset = received  # resume position: ask only for what is missing
        try:
            it = mc({"message": "watch", "count": cmd["count"] - offset, "interval_ms": cmd["intervalMs"], "burst": 3},
                    timeout=max(0.01, end - time.monotonic()), wait_for_ready=wfr())
            for m in it:
                if offset + m["seq"] != received + 1:
                    in_order = False
                received += 1
                if received == 3 and not progressed:
                    progressed = True
                    out("progress", {"id": cmd["id"], "received": received})
            last = {"ok": True}
        except grpc.RpcError as e:
            last = {"ok": False, "code": e.code().name, "details": e.details(), "printed": str(e)}
        if last["ok"] or state["variant"] != "loop" or last["code"] not in REOPEN:
            break
        reopens += 1
        time.sleep(delay * random.uniform(0.8, 1.2))
        delay = min(delay * 1.6, 2.0)
    ok = received == cmd["count"] and in_order
    out("result", {"id": cmd["id"], "ok": ok, "received": received, "inOrder": in_order, "reopens": reopens,
                   "code": last.get("code"), "details": last.get("details"), "printed": last.get("printed"), "ms": int((time.monotonic() - t0) * 1000)})


def handle(cmd):
    op = cmd["op"]
    if op == "open":
        state["variant"] = cmd["variant"]
        opts = []
        if cmd["variant"] == "retry":
            opts.append(("grpc.service_config", service_config(cmd.get("codes") or ["UNAVAILABLE"])))
        if cmd["variant"] == "keepalive":
            opts += [("grpc.keepalive_time_ms", 10000), ("grpc.keepalive_timeout_ms", 5000)]
        state["channel"] = grpc.insecure_channel(cmd["target"], options=opts)
        r = {"ok": False}
        for _ in range(20):
            r = unary_once("hello", 0, 2000)
            if r["ok"]:
                break
            time.sleep(0.1)
        out("opened", {"ok": r["ok"], "version": grpc.__version__, "details": r.get("details")})
    elif op == "unary":
        t0 = time.monotonic()
        r = unary_once(cmd["id"], cmd.get("delayMs", 0), cmd["deadlineMs"])
        r.update({"id": cmd["id"], "ms": int((time.monotonic() - t0) * 1000)})
        out("result", r)
    elif op == "stream":
        stream(cmd)
    elif op == "close":
        if state["channel"] is not None:
            state["channel"].close()
        state["channel"] = None
        out("closed", {})


def main():
    out("hello", {"impl": "grpcio", "version": grpc.__version__})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            handle(json.loads(line))
        except Exception as e:  # noqa: BLE001 - report, keep the process alive
            out("result", {"ok": False, "code": "HARNESS", "details": repr(e)})


if __name__ == "__main__":
    main()
