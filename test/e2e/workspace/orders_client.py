"""Orders client: the server behind it is redeployed now and then (sample for the gRPC Doctor walkthrough)."""
import logging

import grpc

import orders_pb2
import orders_pb2_grpc


def place_order(item: str) -> str:
    channel = grpc.insecure_channel("orders.internal:50051")
    stub = orders_pb2_grpc.OrdersStub(channel)
    try:
        return stub.Place(orders_pb2.PlaceRequest(item=item), timeout=5).id
    except grpc.RpcError as err:
        # Seen during deploys: status = StatusCode.UNAVAILABLE, details = "Socket closed"
        if err.code() == grpc.StatusCode.UNAVAILABLE:
            logging.warning("orders server went away: %s", err.details())
        raise
