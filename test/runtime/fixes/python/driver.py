"""Runtime proof for the Python quick fixes: a real grpcio server on 127.0.0.1 that goes away mid-test.

argv: a directory holding unfixed.py, retry.py and reconnect.py; prints one JSON line.
"""
import importlib.util
import json
import os
import sys
import threading
import time
from concurrent import futures

import grpc

LAST = 30


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(sys.argv[1], f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def get_event(request, context):
    return request


def subscribe(request, context):
    for seq in range(int(request.decode()) + 1, LAST + 1):
        if not context.is_active():
            return
        yield str(seq).encode()
        time.sleep(0.04)


def start_server(port):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    handlers = {
        "GetEvent": grpc.unary_unary_rpc_method_handler(get_event),
        "Subscribe": grpc.unary_stream_rpc_method_handler(subscribe),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("demo.feed.v1.Feed", handlers),))
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return server, bound


def later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def unary_across_restart(module):
    server, port = start_server(0)
    channel, stub = module.make_stub(f"127.0.0.1:{port}")
    stub.GetEvent(b"1", timeout=5)
    server.stop(None).wait()
    holder = {}
    timer = later(0.7, lambda: holder.update(server=start_server(port)[0]))
    try:
        reply = stub.GetEvent(b"7", timeout=10)
        result = {"ok": reply == b"7"}
    except grpc.RpcError as error:
        result = {"ok": False, "code": error.code().name, "details": error.details()}
    timer.join()
    channel.close()
    holder["server"].stop(None)
    return result


def stream_across_restart(module, use_loop):
    server, port = start_server(0)
    channel, stub = module.make_stub(f"127.0.0.1:{port}")
    holder = {"server": server}

    def restart():
        holder["server"].stop(None).wait()
        time.sleep(0.3)
        holder["server"] = start_server(port)[0]

    timer = later(0.4, restart)
    seen = []
    error = None
    try:
        if use_loop:
            def handle(message, position):
                seen.append(int(message.decode()))
                return seen[-1]

            module.consume_with_reconnect(lambda position: stub.Subscribe(str(position).encode(), wait_for_ready=True), handle, 0)
        else:
            for message in module.subscribe(stub, 0):
                seen.append(int(message.decode()))
    except grpc.RpcError as e:
        error = {"code": e.code().name, "details": e.details()}
    timer.join()
    channel.close()
    holder["server"].stop(None)
    complete = seen == list(range(1, LAST + 1))
    return {"ok": complete and error is None, "received": len(seen), "error": error}


print(json.dumps({
    "unaryUnfixed": unary_across_restart(load("unfixed")),
    "unaryFixed": unary_across_restart(load("retry")),
    "streamUnfixed": stream_across_restart(load("unfixed"), False),
    "streamFixed": stream_across_restart(load("reconnect"), True),
}))
