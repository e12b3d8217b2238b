"""Hostile requests against a running pc-serve (tests/cmd/pc-serve-hostile.test).

Each case sends something a careless or malicious client might, checks the status code
(or, where HTTP leaves none to send, that the connection is closed in time), then checks
that the server still answers a good request.  Prints one line per failure and the count
of checks; exits 1 on any failure.

usage: pc-serve-hostile.py URL TOKEN PHOTO TIMEOUT
  PHOTO    a JPEG file under the server's image root, named relative to it
  TIMEOUT  the server's --timeout (seconds)
"""
import base64
import json
import os
import socket
import sys
import threading
import time
import urllib.parse

URL, TOKEN, PHOTO, TIMEOUT = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
u = urllib.parse.urlparse(URL)
HOST, PORT = u.hostname, u.port
checks = 0
fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL: " + msg)


def connect():
    s = socket.create_connection((HOST, PORT), timeout=30)
    return s


def read_response(s, limit=30):
    """The status code of the response on s, or None when the server closed without one."""
    s.settimeout(limit)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        return None
    if not data.startswith(b"HTTP/1."):
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    length = None
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    try:
        while length is not None and len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    read_response.body = body
    return int(head.split(b" ")[1])


def raw(data, limit=30):
    s = connect()
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    code = read_response(s, limit)
    s.close()
    return code


def request(method, path, body=b"", headers=None, token=True):
    h = {"Host": "%s:%d" % (HOST, PORT), "Connection": "close"}
    if token:
        h["Authorization"] = "Bearer " + TOKEN
    if body or method == "POST":
        h["Content-Length"] = str(len(body))
    h.update(headers or {})
    head = "%s %s HTTP/1.1\r\n" % (method, path) + "".join("%s: %s\r\n" % kv for kv in h.items())
    return raw(head.encode("latin-1") + b"\r\n" + body)


def alive(after):
    global checks
    checks += 1
    code = request("GET", "/healthz", token=False)
    if code != 200:
        fail("the server stopped answering after: %s (got %s)" % (after, code))
    code = request("POST", "/v1/predict", json.dumps({"designation": "piscine"}).encode())
    if code != 200:
        fail("the server stopped scoring after: %s (got %s)" % (after, code))


def expect(what, code, want):
    global checks
    checks += 1
    if code != want:
        body = getattr(read_response, "body", b"")[:200]
        fail("%s: status %s, expected %s %r" % (what, code, want, body))
    else:
        body = getattr(read_response, "body", b"")
        if want >= 400 and b'"error":' in body and body.count(b"\n") > 1:
            fail("%s: the reason is more than one line" % what)
    alive(what)


def predict(obj_or_bytes, **kw):
    body = obj_or_bytes if isinstance(obj_or_bytes, bytes) else json.dumps(obj_or_bytes).encode()
    return request("POST", "/v1/predict", body, **kw)


def closed_within(what, s, seconds):
    """The server closes s (no response owed) within `seconds`."""
    global checks
    checks += 1
    s.settimeout(seconds)
    t0 = time.time()
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
    except socket.timeout:
        fail("%s: still open after %.0f s" % (what, seconds))
    except ConnectionResetError:
        pass
    s.close()
    alive(what)
    return time.time() - t0


# the token
expect("no token", predict({"designation": "x"}, token=False), 401)
expect("a wrong token", predict({"designation": "x"}, token=False,
                                headers={"Authorization": "Bearer nope-0123456789abcdef"}), 401)
expect("a token in the query of an API route", request(
    "GET", "/v1/model?token=" + TOKEN, token=False), 401)
expect("a basic-auth header", request("GET", "/v1/model", token=False, headers={
    "Authorization": "Basic " + base64.b64encode(b"a:" + TOKEN.encode()).decode()}), 401)

# bodies
expect("truncated JSON", predict(b'{"designation": "piscine", "descr'), 400)
expect("empty body", predict(b""), 400)
expect("invalid JSON", predict(b"{designation: piscine}"), 400)
expect("invalid UTF-8 in a string", predict(b'{"designation": "caf\xc3\x28"}'), 400)
expect("an overlong UTF-8 encoding", predict(b'{"designation": "\xc0\xaf"}'), 400)
expect("a NUL in a string", predict(b'{"designation": "a\\u0000b"}'), 400)
expect("a lone surrogate", predict(b'{"designation": "\\ud800"}'), 400)
expect("duplicate keys", predict(b'{"designation": "a", "designation": "b"}'), 400)
expect("nesting 100000 deep", predict(b"[" * 100000 + b"]" * 100000), 400)
expect("an array", predict(b"[1, 2, 3]"), 400)
expect("an unknown field", predict({"designation": "x", "price": 3}), 400)
expect("a number for a title", predict({"designation": 42}), 400)
expect("an empty product", predict({"id": "1"}), 400)
expect("products not an array", predict({"products": {"designation": "x"}}), 400)
expect("an unknown field in a batch product",
       predict({"products": [{"designation": "x"}, {"designation": "y", "colour": 1}]}), 400)
expect("a batch too large", predict({"products": [{"designation": "x"}] * 65}), 413)
expect("top out of range", predict({"designation": "x", "top": 10 ** 9}), 400)
expect("a body above --max-body", predict(b"{" + b" " * (2 << 20) + b"}"), 413)
expect("Content-Length above --max-body", raw(
    ("POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
     "Content-Length: 999999999999\r\n\r\n{" % TOKEN).encode()), 413)
expect("a chunked body above --max-body", raw(
    ("POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n"
     "Transfer-Encoding: chunked\r\n\r\n" % TOKEN).encode() +
    b"".join(b"100000\r\n" + b" " * 0x100000 + b"\r\n" for _ in range(3)) + b"0\r\n\r\n"), 413)
expect("a job upload above --max-job-bytes", raw(
    ("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n"
     "Transfer-Encoding: chunked\r\n\r\n" % TOKEN).encode() +
    b"".join(b"100000\r\n" + b"a,b\n" * 0x40000 + b"\r\n" for _ in range(5)) + b"0\r\n\r\n"), 413)
expect("an empty job", request("POST", "/v1/jobs", b""), 400)
expect("a binary job", request("POST", "/v1/jobs", os.urandom(5000)), 400)

# photos
jpeg = open(PHOTO_FILE, "rb").read() if (PHOTO_FILE := os.environ.get("PHOTO_FILE")) else None
expect("base64 of text", predict({"designation": "x", "image": base64.b64encode(b"hello").decode()}), 400)
expect("base64 of a PNG header", predict({"designation": "x", "image": base64.b64encode(
    b"\x89PNG\r\n\x1a\n" + b"\0" * 100).decode()}), 400)
expect("not base64", predict({"designation": "x", "image": "@@@@"}), 400)
expect("base64 cut in the middle of a quantum", predict({"designation": "x", "image": "QUJD" + "Q"}), 400)
if jpeg:
    expect("a truncated JPEG", predict({"designation": "x", "image": base64.b64encode(
        jpeg[: len(jpeg) // 2]).decode()}), 400)
    expect("a good JPEG in base64", predict({"designation": "x", "image": base64.b64encode(
        jpeg).decode()}), 200)
    expect("a data URL", predict({"designation": "x", "image": "data:image/jpeg;base64," +
                                  base64.b64encode(jpeg).decode()}), 200)
    # a JPEG whose header claims 60000 x 60000 pixels: refused from the header
    big = bytearray(jpeg)
    i = big.find(b"\xff\xc0")
    if i > 0:
        big[i + 5:i + 9] = (60000).to_bytes(2, "big") + (60000).to_bytes(2, "big")
        expect("a JPEG claiming 60000 x 60000", predict({"designation": "x", "image": base64.b64encode(
            bytes(big)).decode()}), 400)
expect("../ in a photo path", predict({"designation": "x", "image_path": "../../../etc/passwd"}), 403)
expect("a photo path climbing out and back", predict({"designation": "x", "image_path": "a/../../x.jpg"}), 403)
expect("an absolute photo path outside", predict({"designation": "x", "image_path": "/etc/passwd"}), 403)
expect("a symbolic link out of the root", predict({"designation": "x", "image_path": "link-out.jpg"}), 403)
expect("a missing photo", predict({"designation": "x", "image_path": "no-such.jpg"}), 400)
expect("a directory as a photo", predict({"designation": "x", "image_path": "."}), 400)
expect("a good photo path", predict({"designation": "x", "image_path": PHOTO}), 200)
expect("both image and image_path", predict({"designation": "x", "image_path": PHOTO, "image": "QUJD"}), 400)

# HTTP itself
many = {"X-H%d" % i: "1" for i in range(80)}
expect("80 header fields", request("GET", "/v1/model", headers=many), 431)
expect("a 100 kB header", request("GET", "/v1/model", headers={"X-Big": "a" * 100000}), 431)
expect("an unknown method", request("BREW", "/v1/predict"), 405)
expect("an unknown route", request("GET", "/../../etc/passwd"), 404)
expect("a job id with dots", request("GET", "/v1/jobs/..%2f..%2fetc"), 404)
code = raw(b"\x00\x01\x02garbage\r\n\r\n", limit=TIMEOUT + 5)
expect("a garbage request line", 400 if code in (400, None) else code, 400)

# slow clients: one that stops in its headers, one whose body stops short, one whose body
# trickles past --request-time; meanwhile others are served
s = connect()
s.sendall(b"GET /v1/model HTTP/1.1\r\nHost: x\r\n")
closed_within("a client silent in its headers", s, TIMEOUT + 5)
s = connect()
s.sendall(("POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
           "Content-Length: 1000\r\n\r\n{\"designation\"" % TOKEN).encode())
closed_within("a body shorter than its Content-Length", s, TIMEOUT + 5)
s = connect()
s.sendall(("POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
           "Content-Length: 1000\r\n\r\n" % TOKEN).encode())
stop = threading.Event()


def trickle(sock):
    try:
        while not stop.is_set():
            sock.sendall(b" ")
            time.sleep(0.2)
    except OSError:
        pass


t = threading.Thread(target=trickle, args=(s,))
t.start()
closed_within("a body trickling past --request-time", s, TIMEOUT + 10)
stop.set()
t.join()
# twenty slow-header clients at once: the server answers others all the while
slow = []
for _ in range(20):
    c = connect()
    c.sendall(b"GET /healthz HTTP/1.1\r\n")
    slow.append(c)
t0 = time.time()
alive("twenty slow clients connected")
if time.time() - t0 > 5:
    fail("answers were slow while twenty slow clients waited: %.1f s" % (time.time() - t0))
for c in slow:
    c.close()
alive("twenty slow clients gone")

print("%d checks, %d failed" % (checks, fails))
sys.exit(1 if fails else 0)
