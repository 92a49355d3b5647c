"""Echo client on grpcio, no generated code. Same flow as ../node/client.js:

unary "hello" -> server stream (+ bidi) -> after 3 stream messages a slow unary call is
started and "@@ready" is printed (harness marker) -> wait for the calls to end (or give up
after --max-wait ms) -> follow-up unary calls (--retries).

Errors are printed the way applications usually print them: ``log.error("...: %s", e)``
for unary calls and ``log.exception`` (traceback) for the stream. ``--aio`` runs the same
flow on grpc.aio.
"""
import argparse
import asyncio
import logging
import os
import queue
import sys
import threading
import time

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logforms  # noqa: E402
import wire  # noqa: E402

log = logging.getLogger("orders-client")
M_UNARY = "/capture.Echo/Unary"
M_STREAM = "/capture.Echo/ServerStream"
M_BIDI = "/capture.Echo/Bidi"


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--stream-interval", type=int, default=200)
    ap.add_argument("--stream-count", type=int, default=1000)
    ap.add_argument("--slow-delay", type=int, default=1000)
    ap.add_argument("--close-after", type=int, default=-1)
    ap.add_argument("--max-wait", type=int, default=12000)
    ap.add_argument("--retries", type=int, default=1)
    ap.add_argument("--retry-interval", type=int, default=500)
    ap.add_argument("--keepalive", type=int, default=0)
    ap.add_argument("--bidi", default="true")
    ap.add_argument("--aio", action="store_true")
    ap.add_argument("--log", default="std")
    return ap.parse_args()


def channel_options(a):
    if not a.keepalive:
        return []
    return [
        ("grpc.keepalive_time_ms", a.keepalive),
        ("grpc.keepalive_timeout_ms", 5000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),
    ]


def run_sync(a):
    opts = channel_options(a)
    log.info("starting client (grpcio %s, python %s) target=%s options=%s", grpc.__version__,
             sys.version.split()[0], a.target, opts)
    channel = grpc.insecure_channel(a.target, options=opts)
    unary = channel.unary_unary(M_UNARY, request_serializer=wire.ser_req, response_deserializer=wire.de_resp)
    server_stream = channel.unary_stream(M_STREAM, request_serializer=wire.ser_req, response_deserializer=wire.de_resp)
    bidi = channel.stream_stream(M_BIDI, request_serializer=wire.ser_req, response_deserializer=wire.de_resp)

    def call_unary(message, delay_ms, timeout_s):
        try:
            resp = unary({"message": message, "delay_ms": delay_ms}, timeout=timeout_s)
            log.info("Unary(%r) -> %r", message, resp["message"])
            return True
        except grpc.RpcError as e:
            log.error("Unary(%r) failed: %s", message, e)
        except Exception:  # noqa: BLE001 - e.g. ValueError on a closed channel
            log.exception("Unary(%r) raised", message)
        return False

    ok = call_unary("hello", 0, 3)
    if ok:
        ready = threading.Event()
        calls = []
        threads = []

        stream_call = server_stream({"message": "watch orders", "count": a.stream_count,
                                     "interval_ms": a.stream_interval, "burst": 3})
        calls.append(stream_call)

        def read_stream():
            n = 0
            try:
                for m in stream_call:
                    n += 1
                    if n <= 5 or n % 10 == 0:
                        log.info("received message %d (seq=%d %r)", n, m["seq"], m["message"])
                    if n == 3:
                        ready.set()
                log.info("order stream ended after %d messages", n)
            except grpc.RpcError:
                log.exception("order stream failed after %d messages", n)
            finally:
                ready.set()
        threads.append(threading.Thread(target=read_stream, daemon=True))

        if a.bidi == "true":
            outq = queue.Queue()
            stop_sending = threading.Event()

            def requests():
                for i in range(1, 201):
                    if stop_sending.wait(0.5):
                        return
                    yield {"message": "ping-%d" % i}

            chat = bidi(requests())
            calls.append(chat)

            def read_chat():
                n = 0
                try:
                    for m in chat:
                        n += 1
                        if n <= 3 or n % 10 == 0:
                            log.debug("bidi reply %r", m["message"])
                    log.info("bidi chat ended after %d replies", n)
                except grpc.RpcError as e:
                    log.error("bidi chat failed after %d replies: %s", n, e)
                finally:
                    stop_sending.set()
                    outq.put(None)
            threads.append(threading.Thread(target=read_chat, daemon=True))

        for t in threads:
            t.start()
        ready.wait(8)
        log.info("stream is open, starting slow unary call (server delay %d ms)", a.slow_delay)
        slow = threading.Thread(target=call_unary, args=("slow-report", a.slow_delay, a.slow_delay / 1000.0 + 8),
                                daemon=True)
        slow.start()
        threads.append(slow)
        print("@@ready", flush=True)
        if a.close_after >= 0:
            time.sleep(a.close_after / 1000.0)
            log.info("closing channel (channel.close())")
            channel.close()
        end = time.monotonic() + a.max_wait / 1000.0
        for t in threads:
            t.join(max(0.0, end - time.monotonic()))
        if any(t.is_alive() for t in threads):
            log.warning("calls still open after %d ms, cancelling them", a.max_wait)
            for c in calls:
                c.cancel()
            for t in threads:
                t.join(2)

    for i in range(1, a.retries + 1):
        log.info("follow-up call %d/%d", i, a.retries)
        if call_unary("after-%d" % i, 0, 1.0):
            break
        if i < a.retries:
            time.sleep(a.retry_interval / 1000.0)
    log.info("client done")
    try:
        channel.close()
    except Exception:  # noqa: BLE001
        pass


async def run_aio(a):
    opts = channel_options(a)
    log.info("starting asyncio client (grpcio %s, python %s) target=%s options=%s", grpc.__version__,
             sys.version.split()[0], a.target, opts)
    channel = grpc.aio.insecure_channel(a.target, options=opts)
    unary = channel.unary_unary(M_UNARY, request_serializer=wire.ser_req, response_deserializer=wire.de_resp)
    server_stream = channel.unary_stream(M_STREAM, request_serializer=wire.ser_req, response_deserializer=wire.de_resp)

    async def call_unary(message, delay_ms, timeout_s):
        call = None
        try:
            call = unary({"message": message, "delay_ms": delay_ms}, timeout=timeout_s)
            resp = await call
            log.info("Unary(%r) -> %r", message, resp["message"])
            return True
        except grpc.aio.AioRpcError as e:
            log.error("Unary(%r) failed: %s", message, e)
        except asyncio.CancelledError:
            # grpc.aio cancels in-flight calls on channel.close(); the call object tells why
            log.warning("Unary(%r) was cancelled: %r", message, call)
        except Exception:  # noqa: BLE001
            log.exception("Unary(%r) raised", message)
        return False

    if await call_unary("hello", 0, 3):
        ready = asyncio.Event()
        stream_call = server_stream({"message": "watch orders", "count": a.stream_count,
                                     "interval_ms": a.stream_interval, "burst": 3})

        async def read_stream():
            n = 0
            try:
                async for m in stream_call:
                    n += 1
                    if n <= 5 or n % 10 == 0:
                        log.info("received message %d (seq=%d %r)", n, m["seq"], m["message"])
                    if n == 3:
                        ready.set()
                log.info("order stream ended after %d messages", n)
            except grpc.aio.AioRpcError:
                log.exception("order stream failed after %d messages", n)
            except asyncio.CancelledError:
                log.warning("order stream cancelled after %d messages: %r", n, stream_call)
            finally:
                ready.set()

        tasks = [asyncio.ensure_future(read_stream())]
        try:
            await asyncio.wait_for(ready.wait(), 8)
        except asyncio.TimeoutError:
            pass
        log.info("stream is open, starting slow unary call (server delay %d ms)", a.slow_delay)
        tasks.append(asyncio.ensure_future(call_unary("slow-report", a.slow_delay, a.slow_delay / 1000.0 + 8)))
        print("@@ready", flush=True)
        if a.close_after >= 0:
            await asyncio.sleep(a.close_after / 1000.0)
            log.info("closing channel (await channel.close())")
            await channel.close()
        done, pending = await asyncio.wait(tasks, timeout=a.max_wait / 1000.0)
        if pending:
            log.warning("calls still open after %d ms, cancelling them", a.max_wait)
            stream_call.cancel()
            await asyncio.wait(pending, timeout=2)

    for i in range(1, a.retries + 1):
        log.info("follow-up call %d/%d", i, a.retries)
        if await call_unary("after-%d" % i, 0, 1.0):
            break
        if i < a.retries:
            await asyncio.sleep(a.retry_interval / 1000.0)
    log.info("client done")
    await channel.close()


def main():
    a = parse()
    global log
    log = logforms.setup(a.log, "orders-client")
    if a.aio:
        asyncio.run(run_aio(a))
    else:
        run_sync(a)
    sys.stdout.flush()
    os._exit(0)  # noqa: SLF001 - don't hang on daemon threads


if __name__ == "__main__":
    main()
