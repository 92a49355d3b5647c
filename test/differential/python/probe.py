"""Feeds service configs to grpcio and reports what it does with each (see test/differential/cases.ts).

stdin: {"cases": [{"id", "config", "path"}]}; stdout: one JSON line per case:
{"id", "outcome": "rejected"|"ok", "attempts": n, "detail"}. A loopback server answers every method
with UNAVAILABLE and counts attempts per case id (metadata x-case). C-core never raises for an invalid
config: the channel is lame and the first RPC fails with INVALID_ARGUMENT before reaching the server.
"""
import json
import sys
import threading
from concurrent import futures

import grpc

attempts = {}
lock = threading.Lock()


class CountingHandler(grpc.GenericRpcHandler):
    def service(self, handler_call_details):
        case_id = dict(handler_call_details.invocation_metadata).get("x-case", "")

        def handle(_request, context):
            with lock:
                attempts[case_id] = attempts.get(case_id, 0) + 1
            context.abort(grpc.StatusCode.UNAVAILABLE, "probe says unavailable")

        return grpc.unary_unary_rpc_method_handler(handle)


def main():
    cases = json.load(sys.stdin)["cases"]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((CountingHandler(),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        for case in cases:
            result = {"id": case["id"], "outcome": "ok", "attempts": 0, "detail": ""}
            try:
                channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.service_config", case["config"])])
            except Exception as err:  # not expected: C-core reports config errors through the channel
                result.update(outcome="rejected", detail=f"{type(err).__name__}: {err}")
                print(json.dumps(result), flush=True)
                continue
            call = channel.unary_unary(case["path"])
            try:
                call(b"", metadata=(("x-case", case["id"]),), timeout=10)
            except grpc.RpcError as err:
                result["detail"] = f"{err.code().name}: {err.details()}"
                with lock:
                    count = attempts.get(case["id"], 0)
                if err.code() == grpc.StatusCode.INVALID_ARGUMENT and count == 0:
                    result["outcome"] = "rejected"
            finally:
                channel.close()
            with lock:
                result["attempts"] = attempts.get(case["id"], 0)
            print(json.dumps(result), flush=True)
    finally:
        server.stop(None)


if __name__ == "__main__":
    main()
