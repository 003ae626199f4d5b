#!/usr/bin/env python3
"""A fault-injecting HTTP proxy for the tests: it sits between the module and the AWS emulator.

It forwards every request to the emulator and logs it (the ELBv2 or STS Action from the form body, or
the S3 method and path), so a test can count calls and check them against the IAM policy. Armed through
its control endpoint, it fails the k-th MUTATING ELBv2 call (and the burst-1 mutating calls after it; with
per_call=N, the first N of those faults go to the k-th call's own retries, the same request sent again, and
calls sent beside it pass, as a client that runs calls side by side retries each on its own):

  mode=500          HTTP 500 <ErrorResponse> InternalFailure; the call never reaches the emulator
  mode=throttle     HTTP 400 <ErrorResponse> Throttling; never reaches the emulator
  mode=denied       HTTP 403 AccessDenied as IAM answers it (ELBv2 <ErrorResponse>, or S3 <Error>); never
                    reaches the emulator, which enforces no IAM
  mode=reset        the connection is reset (TCP RST) before forwarding
  mode=reset-after  forwarded (the change is made), then the connection is reset: the response is lost;
                    the rest of the burst is reset before forwarding (the link stayed down)
  mode=hold         forwarded, then the response is held until /__release (or 120 s): the test kills
                    the caller meanwhile, so the process dies right after the change was made
  mode=hold-before  held before it is forwarded, until /__release (or 120 s), then the connection is reset:
                    the call never reaches the emulator, so the process killed meanwhile dies before the change

Control (GET, answers JSON):
  /__fault?k=3&mode=500&burst=10&latency_ms=0   arm; the mutating-call count starts again from 0
          &per_call=5                           the first 5 faults only for the k-th call's retries (same body)
          &on=s3-put                            count S3 PUTs (lock, snapshot, record) instead
          &action=AddTags                       count only mutating calls of this ELBv2 action (others pass)
  /__clear                                      disarm and release a held response
  /__status                                     {"mutating": n, "injected": n, "held": "Action" or null}
  /__log?since=N                                the log entries from index N
  /__release                                    let a held response go
  /__latency?ms=50                              added latency for every forwarded request
  /__aws?profile=aws&lag_ms=3000&...            the AWS-behaviour layer (aws_behaviour.py): profile=aws turns every
                                                behaviour on with its defaults, profile=moto turns them off; then
                                                shape, lag_ms, lose_reply, conflict, rules_quota, limits, throttle,
                                                require_kms, deny_action one by one. Answers the switches in force.

Each log entry: method, path, service, action, mutating, ordinal, fault, aws (what the AWS layer did: stale,
stale-tags, lost-reply, answered, ConditionalRequestConflict, Throttling, AccessDenied, ValidationError, ...),
status, and for S3 a dict "headers" of the request headers in LOGGED_S3_HEADERS.

Listens on 127.0.0.1 only, on a free port; prints {"port": N} once it is ready. Stops when the process
named by --parent-pid is gone, after --max-seconds, or on SIGTERM.
"""
import argparse
import http.client
import http.server
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
from xml.sax.saxutils import escape as xml_escape

import aws_behaviour

MUTATING_ELBV2 = {
    "CreateRule", "ModifyRule", "DeleteRule", "SetRulePriorities", "AddTags", "RemoveTags", "ModifyListener",
}
MODES = {"500", "throttle", "denied", "reset", "reset-after", "hold", "hold-before"}
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authenticate", "proxy-authorization", "content-length"}
HOLD_SECONDS = 120
ON = {"mutating", "s3-put"}
LOGGED_S3_HEADERS = ("x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
                     "x-amz-expected-bucket-owner", "if-none-match", "if-match")

ERROR_XML = ('<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">'
             '<Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error>'
             '<RequestId>fault-proxy-{seq}</RequestId></ErrorResponse>')


class Faults:
    """The armed fault and the log, shared by the handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.log = []
        self.mutating = 0
        self.injected = 0
        self.k = 0
        self.mode = None
        self.burst = 0
        self.per_call = 0
        self.fingerprint = None
        self.on = "mutating"
        self.action = None
        self.latency = 0.0
        self.held = None
        self.release = threading.Event()

    def arm(self, k, mode, burst, latency_ms, on, per_call=0, action=None):
        with self.lock:
            self.action = action
            self.per_call = per_call
            self.fingerprint = None
            self.release.set()  # a response still held from an earlier fault goes now
            self.release = threading.Event()
            self.mutating = 0
            self.injected = 0
            self.k = k
            self.mode = mode
            self.burst = burst
            self.on = on
            self.held = None
            if latency_ms is not None:
                self.latency = latency_ms / 1000.0

    def clear(self):
        with self.lock:
            self.mode = None
            self.k = 0
            self.burst = 0
            self.action = None
            self.held = None
            self.release.set()

    def decide(self, mutating, s3_put, body=b"", action=None):
        """Counts a call of the armed kind and returns the fault mode for it, or None."""
        with self.lock:
            if not (s3_put if self.on == "s3-put" else mutating):
                return None
            if self.action and action != self.action:
                return None
            self.mutating += 1
            n = self.mutating
            if self.per_call:
                # The k-th call and its retries first; then, in arrival order, whatever comes.
                if not self.mode or n < self.k or self.injected >= self.burst:
                    return None
                if n == self.k:
                    self.fingerprint = body
                elif self.injected < self.per_call and body != self.fingerprint:
                    return None
            elif not (self.mode and self.k <= n < self.k + self.burst):
                return None
            self.injected += 1
            if self.mode == "reset-after" and n > self.k:
                return "reset"
            return self.mode

    def record(self, entry):
        with self.lock:
            entry["seq"] = len(self.log)
            self.log.append(entry)
            return entry["seq"]


def service_of(headers):
    # SigV4: Credential=KEY/DATE/REGION/SERVICE/aws4_request; the emulator routes by the same scope.
    auth = headers.get("Authorization", "")
    marker = "Credential="
    at = auth.find(marker)
    if at < 0:
        return None
    scope = auth[at + len(marker):].split(",", 1)[0].split("/")
    return scope[3] if len(scope) >= 5 else None


def read_body(handler):
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        parts = []
        while True:
            size_line = handler.rfile.readline().strip()
            size = int(size_line.split(b";", 1)[0], 16)
            if size == 0:
                while handler.rfile.readline().strip():  # trailer lines, then the blank line
                    pass
                return b"".join(parts)
            parts.append(handler.rfile.read(size))
            handler.rfile.readline()
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else b""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FaultProxy"
    # Headers and body go out in separate writes; with Nagle on, the body waits for the client's delayed
    # ACK of the headers (~40 ms on Linux) on every call, which only slows the tests down.
    disable_nagle_algorithm = True

    def log_message(self, *args):  # the JSON log is the record; keep stderr quiet
        pass

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    def do_HEAD(self):
        self.handle_any()

    def handle_any(self):
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/__"):
            return self.control(path)
        body = read_body(self)
        service = service_of(self.headers)
        entry = {"method": self.command, "path": self.path, "service": service, "action": None,
                 "mutating": False, "fault": None, "aws": None, "status": None}
        form = {}
        if self.command == "POST" and body and service != "s3":
            form = aws_behaviour.form_of(body)
            entry["action"] = form.get("Action")
            # The resources and tag keys a call names, for the narrowed IAM policy's check (no values: they may be secrets).
            entry["resources"] = {k: v for k, v in form.items()
                                  if re.fullmatch(r"(ListenerArn|RuleArn|ResourceArns\.member\.\d+|RulePriorities\.member\.\d+\.RuleArn"
                                                  r"|Tags\.member\.\d+\.Key|TagKeys\.member\.\d+)", k)}
        action = entry["action"]
        if service in ("elasticloadbalancing", None) and action in MUTATING_ELBV2:
            entry["mutating"] = True
        headers = {k.lower(): v for k, v in self.headers.items()}
        if service == "s3":
            # A dict of the headers that matter, so a test can assert any of them (add names to LOGGED_S3_HEADERS).
            entry["headers"] = {k: v for k, v in headers.items() if k in LOGGED_S3_HEADERS}
        faults = self.server.faults
        aws = self.server.aws

        # What AWS refuses outright (IAM, throttling, limits) never reaches the emulator nor counts as a call.
        refusal = aws.refuse(service, self.command, action, form, headers, self.query_upstream)
        if refusal:
            status, code, message, s3 = refusal
            entry["aws"] = code
            entry["status"] = status
            faults.record(entry)
            if s3:
                return self.s3_error(status, code, message)
            return self.reply(status, ERROR_XML.format(type="Sender", code=code, message=xml_escape(message), seq="aws"))

        counted = entry["mutating"] if faults.on == "mutating" else (service == "s3" and self.command == "PUT")
        counted = counted and not (faults.action and action != faults.action)
        mode = faults.decide(entry["mutating"], service == "s3" and self.command == "PUT", body or b"", action)
        entry["fault"] = mode
        entry["ordinal"] = faults.mutating if counted else None
        once = None if mode else aws.take_once(service, self.command, action, headers)
        if once == "lose":
            entry["aws"] = "lost-reply"
        seq = faults.record(entry)
        if faults.latency:
            time.sleep(faults.latency)

        if mode == "500":
            entry["status"] = 500
            return self.reply(500, ERROR_XML.format(type="Receiver", code="InternalFailure",
                                                    message="Injected by the fault proxy", seq=seq))
        if mode == "throttle":
            entry["status"] = 400
            return self.reply(400, ERROR_XML.format(type="Sender", code="Throttling",
                                                    message="Rate exceeded", seq=seq))
        if mode == "denied":
            entry["status"] = 403
            if service == "s3":
                return self.s3_error(403, "AccessDenied", "Access Denied")
            return self.reply(403, ERROR_XML.format(type="Sender", code="AccessDenied",
                                                    message="User is not authorized to perform: elasticloadbalancing:%s" % entry.get("action"), seq=seq))
        if mode == "reset":
            entry["status"] = "reset"
            return self.reset()
        if mode == "hold-before":
            with faults.lock:
                faults.held = entry["action"] or "%s %s" % (self.command, self.path)
                release = faults.release
            release.wait(HOLD_SECONDS)
            entry["status"] = "held-then-reset"
            return self.reset()
        if once == "conflict":
            entry["aws"] = "ConditionalRequestConflict"
            entry["status"] = 409
            return self.s3_error(409, "ConditionalRequestConflict",
                                 "A conflicting operation occurred. If using PutObject you can retry the request. If using multipart upload you should initiate another CompleteMultipartUpload request.")

        local = aws.answer_locally(action) if service in ("elasticloadbalancing", None) else None
        if local is not None:
            entry["aws"] = "answered"
            entry["status"] = 200
            return self.reply(200, local)
        stale = aws.stale_read(action, form) if service in ("elasticloadbalancing", None) else None
        if stale is not None:
            entry["aws"] = "stale"
            status, headers_out, data = 200, [("Content-Type", "text/xml")], stale
        else:
            status, headers_out, data = self.forward(body)
            if service in ("elasticloadbalancing", None):
                aws.after_write(action, status, data)
                fresh = data
                data = aws.after_read(action, form, status, data)
                if data is not fresh:
                    entry["aws"] = "stale-tags"
        if service in ("elasticloadbalancing", None):
            data = aws.shaped(action, status, data)
        entry["status"] = status
        if mode == "reset-after":
            entry["status"] = "reset-after-%d" % status
            return self.reset()
        if once == "lose":
            entry["status"] = "lost-%d" % status
            return self.reset()
        if mode == "hold":
            with faults.lock:
                faults.held = entry["action"] or "%s %s" % (self.command, self.path)
                release = faults.release
            release.wait(HOLD_SECONDS)
        self.send_response(status)
        for name, value in headers_out:
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def query_upstream(self, params):
        """An ELBv2 Query call of the proxy's own (counting rules), signed as the caller's was: moto checks no signature."""
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        try:
            body = urllib.parse.urlencode(params).encode("utf-8")
            headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                       "Authorization": self.headers.get("Authorization", ""), "Content-Length": str(len(body))}
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def s3_error(self, status, code, message):
        return self.reply(status, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message>'
                                  '<RequestId>fault-proxy</RequestId></Error>' % (code, xml_escape(message)), "application/xml")

    def forward(self, body):
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Content-Length"] = str(len(body))
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def reply(self, status, text, content_type="text/xml"):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reset(self):
        # SO_LINGER 0 makes close() send RST instead of FIN: the client sees "connection reset".
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def control(self, path):
        query = {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).items()}
        faults = self.server.faults
        if path == "/__fault":
            mode = query.get("mode", "500")
            if mode not in MODES:
                return self.reply(400, json.dumps({"error": "mode must be one of " + ", ".join(sorted(MODES))}), "application/json")
            on = query.get("on", "mutating")
            if on not in ON:
                return self.reply(400, json.dumps({"error": "on must be one of " + ", ".join(sorted(ON))}), "application/json")
            latency = query.get("latency_ms")
            faults.arm(int(query.get("k", "1")), mode, int(query.get("burst", "1")), None if latency is None else int(latency), on,
                       int(query.get("per_call", "0")), query.get("action") or None)
        elif path == "/__aws":
            try:
                self.server.aws.configure(query)
            except (ValueError, TypeError) as error:
                return self.reply(400, json.dumps({"error": str(error)}), "application/json")
            return self.reply(200, json.dumps(self.server.aws.describe()), "application/json")
        elif path == "/__clear":
            faults.clear()
        elif path == "/__release":
            faults.release.set()
        elif path == "/__latency":
            faults.latency = int(query.get("ms", "0")) / 1000.0
        elif path == "/__log":
            since = int(query.get("since", "0"))
            with faults.lock:
                entries = faults.log[since:]
            return self.reply(200, json.dumps(entries), "application/json")
        elif path != "/__status":
            return self.reply(404, json.dumps({"error": "unknown control path " + path}), "application/json")
        with faults.lock:
            status = {"mutating": faults.mutating, "injected": faults.injected, "held": faults.held,
                      "logged": len(faults.log), "mode": faults.mode, "k": faults.k, "burst": faults.burst, "on": faults.on,
                      "per_call": faults.per_call, "action": faults.action}
        return self.reply(200, json.dumps(status), "application/json")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that went away (killed, reset) is expected here


def watch_parent(pid, deadline):
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            pass
        time.sleep(1)
    os._exit(0)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="the emulator, e.g. http://127.0.0.1:5000")
    parser.add_argument("--parent-pid", type=int, required=True, help="stop when this process is gone")
    parser.add_argument("--profile", choices=("aws", "moto"), default="moto",
                        help="the AWS behaviours to start with (see aws_behaviour.py); /__aws switches them later")
    parser.add_argument("--max-seconds", type=int, default=1800, help="stop after this long in any case")
    args = parser.parse_args(argv)

    server = Server(("127.0.0.1", 0), Handler)
    server.faults = Faults()
    server.aws = aws_behaviour.AwsBehaviour()
    if args.profile:
        server.aws.apply_profile(args.profile)
    server.upstream = urllib.parse.urlsplit(args.upstream)
    if server.upstream.hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the upstream must be on this machine (127.0.0.1)")
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Thread(target=watch_parent, args=(args.parent_pid, time.monotonic() + args.max_seconds), daemon=True).start()
    sys.stdout.write(json.dumps({"port": server.server_address[1]}) + "\n")
    sys.stdout.flush()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
