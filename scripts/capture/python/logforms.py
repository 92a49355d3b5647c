"""Logging forms of the Python capture programs (--log=std|json|structlog).

std        logging.basicConfig text: "2026-12-04 10:00:00,016 ERROR [orders-client] Unary('x') failed: <_InactiveRpcError ...>"
           (multi-line: the RpcError's str() and log.exception tracebacks span lines)
json       python-json-logger's JsonFormatter on the root handler: one JSON object per record, the
           RpcError's text and the traceback ("exc_info") escaped inside JSON strings
structlog  structlog with LogfmtRenderer, the way structlog users log errors: the status as fields
           (code=StatusCode.UNAVAILABLE details="...") and exceptions as exception="Traceback ...\\n..."
           The library's own stdlib loggers (grpc._channel, grpc._server) keep the root handler's
           plain format, as in a service that configured only structlog.
"""
import logging
import sys

import grpc


def setup(form, name):
    if form == "std":
        logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                            format="%(asctime)s %(levelname)-5s [%(name)s] %(message)s")
        log = logging.getLogger(name)
        log.setLevel(logging.DEBUG)
        return log
    if form == "json":
        try:
            from pythonjsonlogger.json import JsonFormatter
        except ImportError:  # python-json-logger < 3
            from pythonjsonlogger.jsonlogger import JsonFormatter
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                           rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(logging.INFO)
        log = logging.getLogger(name)
        log.setLevel(logging.DEBUG)
        return log
    if form == "structlog":
        import structlog
        logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                            format="%(asctime)s %(levelname)s %(name)s %(message)s")
        structlog.configure(
            processors=[
                structlog.processors.add_log_level,
                structlog.processors.TimeStamper(fmt="iso"),
                structlog.processors.format_exc_info,
                structlog.processors.LogfmtRenderer(key_order=["timestamp", "level", "event", "logger"]),
            ],
            wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG),
            logger_factory=structlog.PrintLoggerFactory(sys.stdout),
            cache_logger_on_first_use=True,
        )
        return _Structured(structlog.get_logger().bind(logger=name))
    raise SystemExit("unknown --log form %r" % form)


class _Structured:
    """The stdlib-style calls of client.py/server.py, logged the structlog way: the message is the
    event, an RpcError argument becomes code= / details= fields, log.exception adds exception=."""

    def __init__(self, log):
        self._log = log

    def _emit(self, method, msg, args):
        fields = {}
        if args and isinstance(args[-1], grpc.RpcError) and hasattr(args[-1], "code") and msg.endswith(": %s"):
            e = args[-1]
            fields["code"] = str(e.code())
            fields["details"] = e.details()
            msg, args = msg[:-4], args[:-1]
        event = msg % args if args else msg
        getattr(self._log, method)(event, **fields)

    def debug(self, msg, *args):
        self._emit("debug", msg, args)

    def info(self, msg, *args):
        self._emit("info", msg, args)

    def warning(self, msg, *args):
        self._emit("warning", msg, args)

    def error(self, msg, *args):
        self._emit("error", msg, args)

    def exception(self, msg, *args):
        e = sys.exc_info()[1]
        fields = {}
        if isinstance(e, grpc.RpcError) and hasattr(e, "code"):
            fields = {"code": str(e.code()), "details": e.details()}
        self._log.error(msg % args if args else msg, exc_info=True, **fields)
