"""Hand-written protobuf encoding of capture.Req / capture.Resp (see ../echo.proto).

Only varint (int32) and length-delimited (string) fields are used, so no protobuf
runtime or generated code is needed.
"""


def _varint(n):
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _read_varint(buf, i):
    shift = 0
    n = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        if not b & 0x80:
            break
        shift += 7
    if n >= 1 << 63:
        n -= 1 << 64
    return n, i


def encode(fields):
    """fields: list of (number, value); str -> length-delimited, int -> varint."""
    out = bytearray()
    for num, val in fields:
        if isinstance(val, str):
            data = val.encode()
            if not data:
                continue
            out += _varint(num << 3 | 2) + _varint(len(data)) + data
        else:
            if not val:
                continue
            out += _varint(num << 3 | 0) + _varint(int(val))
    return bytes(out)


def decode(buf):
    res = {}
    i = 0
    while i < len(buf):
        key, i = _read_varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            res[num], i = _read_varint(buf, i)
        elif wt == 2:
            ln, i = _read_varint(buf, i)
            res[num] = bytes(buf[i:i + ln]).decode()
            i += ln
        else:
            raise ValueError("unsupported wire type %d" % wt)
    return res


REQ_FIELDS = {"message": 1, "count": 2, "interval_ms": 3, "delay_ms": 4, "burst": 5}
RESP_FIELDS = {"message": 1, "seq": 2}


def _ser(names):
    def ser(d):
        return encode([(names[k], v) for k, v in d.items()])
    return ser


def _de(names):
    inv = {v: k for k, v in names.items()}

    def de(buf):
        raw = decode(buf)
        out = {k: ("" if k == "message" else 0) for k in names}
        for num, v in raw.items():
            if num in inv:
                out[inv[num]] = v
        return out
    return de


ser_req = _ser(REQ_FIELDS)
de_req = _de(REQ_FIELDS)
ser_resp = _ser(RESP_FIELDS)
de_resp = _de(RESP_FIELDS)
