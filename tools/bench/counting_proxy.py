#!/usr/bin/env python3
"""A counting HTTP proxy for the benchmark: sits on 127.0.0.1 in front of an AWS emulator (moto), forwards
every request unchanged, and logs what each one was, so API calls are counted without touching product code.

Each request is classified by its SigV4 credential scope (Authorization: ... Credential=KEY/DATE/REGION/SERVICE/...):
  - Query protocol services (elasticloadbalancing, sts, ec2): the Action from the form body;
  - s3: the HTTP method and the path;
and marked read (Describe*/Get*/List*, S3 GET/HEAD) or mutating (everything else).

Control endpoints (never forwarded; not valid S3 bucket names, so they cannot collide):
  GET  /__bench__/log    the log as JSON: [{t0, t1, service, action, mutating, status, fixedResponse}]
                         (fixedResponse: the status code of a CreateRule's fixed response, else null)
  POST /__bench__/reset  clears the log
  POST /__bench__/latency?ms=N
                         adds N ms before every forwarded request (0 to stop): a stand-in for the round
                         trip to AWS, which loopback does not have

Times are seconds since the Unix epoch (t0 when the request arrived, t1 when its response was sent), so a
caller on the same machine can place calls relative to its own clock.

Example:
    python3 tools/bench/counting_proxy.py --upstream http://127.0.0.1:5000 --port 5001
"""
import argparse
import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect"}
READ_PREFIXES = ("Describe", "Get", "List")


class Log:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self.latency_ms = 0

    def add(self, entry):
        with self._lock:
            self._entries.append(entry)

    def snapshot(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()


def classify(method, path, headers, body):
    match = SCOPE.search(headers.get("Authorization", ""))
    service = match.group(1) if match else "unsigned"
    if service == "s3":
        action = f"{method} {urllib.parse.urlsplit(path).path}"
        return service, action, method not in ("GET", "HEAD"), None
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace")) if body else {}
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    action = (form.get("Action") or query.get("Action") or [f"{method} {path}"])[0]
    fixed = None  # the fixed response's status code, for a CreateRule that answers with one
    if action == "CreateRule":
        fixed = next((v[0] for k, v in form.items() if k.endswith("FixedResponseConfig.StatusCode")), None)
    return service, action, not action.startswith(READ_PREFIXES), fixed


def make_handler(upstream, log):
    target = urllib.parse.urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, and 100-continue for S3 PUTs
        # Headers and body go out in separate writes; with Nagle on, the body waits for the client's
        # delayed ACK of the headers (40 ms on Linux), which would be counted against the module.
        disable_nagle_algorithm = True

        def log_message(self, fmt, *args):  # quiet: the log is the JSON one
            pass

        def _read_body(self):
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _reply(self, status, body, content_type="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _control(self):
            if self.path == "/__bench__/log" and self.command == "GET":
                self._reply(200, json.dumps(log.snapshot()).encode())
                return True
            if self.path == "/__bench__/reset" and self.command == "POST":
                self._read_body()
                log.clear()
                self._reply(200, b"{}")
                return True
            if self.path.startswith("/__bench__/latency?") and self.command == "POST":
                self._read_body()
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                log.latency_ms = max(0, int(query.get("ms", ["0"])[0]))
                self._reply(200, json.dumps({"latencyMs": log.latency_ms}).encode())
                return True
            return False

        def _forward(self):
            if self._control():
                return
            t0 = time.time()
            body = self._read_body()
            if log.latency_ms:
                time.sleep(log.latency_ms / 1000.0)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            if body or self.command in ("POST", "PUT"):
                headers["Content-Length"] = str(len(body))
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                self.send_response(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)
                self.wfile.flush()
                status = response.status
            finally:
                conn.close()
            service, action, mutating, fixed = classify(self.command, self.path, self.headers, body)
            log.add({"t0": t0, "t1": time.time(), "service": service, "action": action,
                     "mutating": mutating, "status": status, "fixedResponse": fixed})

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    return Handler


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="the emulator, for example http://127.0.0.1:5000")
    parser.add_argument("--port", type=int, required=True, help="port to listen on, on 127.0.0.1")
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.upstream, Log()))
    server.daemon_threads = True
    print(f"counting proxy on http://127.0.0.1:{args.port} -> {args.upstream}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
