"""A plain grpcio Feed client: scripts/runtime-fixes.mjs applies gRPC Doctor's quick fixes to this file."""
import grpc


class FeedStub:
    """demo.feed.v1.Feed with raw-bytes messages (ASCII numbers), so no code generation is needed."""

    def __init__(self, channel):
        self.GetEvent = channel.unary_unary("/demo.feed.v1.Feed/GetEvent")
        self.Subscribe = channel.unary_stream("/demo.feed.v1.Feed/Subscribe")


def make_stub(target):
    channel = grpc.insecure_channel(target)
    return channel, FeedStub(channel)


def subscribe(stub, resume_after):
    return stub.Subscribe(str(resume_after).encode())
