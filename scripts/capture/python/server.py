"""Echo server on grpcio (sync API), no generated code.

Prints "@@listening <port>" (harness marker) and reads commands on stdin:
"graceful <ms>" -> server.stop(grace), "hard" -> server.stop(None), "quit".
"""
import argparse
import logging
import os
import sys
import threading
import time
from concurrent import futures

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logforms  # noqa: E402
import wire  # noqa: E402

log = logging.getLogger("echo-server")


def sleep_while_active(context, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not context.is_active():
            return False
        time.sleep(min(0.05, max(0.0, end - time.monotonic())))
    return context.is_active()


def unary(req, context):
    log.info("Unary message=%r delay_ms=%d", req["message"], req["delay_ms"])
    if req["delay_ms"] and not sleep_while_active(context, req["delay_ms"] / 1000.0):
        log.warning("Unary %r: client went away before reply", req["message"])
    return {"message": "echo: " + req["message"], "seq": 0}


def server_stream(req, context):
    count = req["count"] or 10
    burst = req["burst"]
    log.info("ServerStream started: count=%d burst=%d interval_ms=%d", count, burst, req["interval_ms"])
    for seq in range(1, count + 1):
        if seq > burst and not sleep_while_active(context, (req["interval_ms"] or 200) / 1000.0):
            log.warning("ServerStream: RPC no longer active after %d messages", seq - 1)
            return
        if seq <= 3 or seq % 10 == 0:
            log.debug("ServerStream sent message %d", seq)
        yield {"message": "tick %d" % seq, "seq": seq}
    log.info("ServerStream finished after %d messages", count)


def bidi(req_iter, context):
    n = 0
    try:
        for req in req_iter:
            n += 1
            yield {"message": "pong: " + req["message"], "seq": n}
    except Exception as e:  # noqa: BLE001 - log what the handler sees
        log.error("Bidi request iterator failed after %d messages: %r", n, e)
        return
    log.info("Bidi client half-closed after %d messages", n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--max-age", type=int, default=0)
    ap.add_argument("--max-age-grace", type=int, default=0)
    ap.add_argument("--log", default="std")
    a = ap.parse_args()
    global log
    log = logforms.setup(a.log, "echo-server")
    options = []
    if a.max_age:
        options.append(("grpc.max_connection_age_ms", a.max_age))
    if a.max_age_grace:
        options.append(("grpc.max_connection_age_grace_ms", a.max_age_grace))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=options)
    handler = grpc.method_handlers_generic_handler("capture.Echo", {
        "Unary": grpc.unary_unary_rpc_method_handler(unary, wire.de_req, wire.ser_resp),
        "ServerStream": grpc.unary_stream_rpc_method_handler(server_stream, wire.de_req, wire.ser_resp),
        "Bidi": grpc.stream_stream_rpc_method_handler(bidi, wire.de_req, wire.ser_resp),
    })
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:%d" % a.port)
    server.start()
    log.info("server (grpcio %s, python %s) listening on 127.0.0.1:%d", grpc.__version__,
             sys.version.split()[0], port)
    print("@@listening %d" % port, flush=True)

    stopped = threading.Event()

    def commands():
        for line in sys.stdin:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "graceful":
                grace = int(parts[1]) / 1000.0 if len(parts) > 1 else 2.0
                log.info("shutting down gracefully: server.stop(grace=%.1f)", grace)
                ev = server.stop(grace)
                threading.Thread(target=lambda: (ev.wait(30), log.info("server stopped")), daemon=True).start()
            elif parts[0] == "hard":
                log.info("stopping now: server.stop(None)")
                server.stop(None).wait(10)
                log.info("server stopped")
            elif parts[0] == "quit":
                break
        stopped.set()

    threading.Thread(target=commands, daemon=True).start()
    stopped.wait(600)
    server.stop(None).wait(5)
    os._exit(0)  # noqa: SLF001 - do not wait for handler threads


if __name__ == "__main__":
    main()
