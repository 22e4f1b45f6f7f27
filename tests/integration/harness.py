"""Starts the real edgerun binary on a free loopback port and speaks HTTP to it.

Every integration test goes through here: `Server(project_dir, *extra_args)` launches
`edgerun dev` with `--port 0`, waits for "Ready on http://IP:PORT", and `request()` sends one
request over a fresh socket (raw bytes, so malformed input can be tested too).
"""
import os
import re
import signal
import socket
import subprocess
import tempfile
import textwrap
import threading
import time
import unittest

BIN = os.environ.get("EDGERUN_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build", "edgerun"))
SOURCE_DIR = os.environ.get("EDGERUN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def write_project(files):
    """Writes {relative path: text} into a new temporary folder and returns its path."""
    root = tempfile.mkdtemp(prefix="edgerun-it-")
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(path, mode) as f:
            f.write(text if isinstance(text, bytes) else textwrap.dedent(text))
    return root


class ServedProjectTest(unittest.TestCase):
    """A test class whose tests share one `edgerun dev` of a project: set FILES (as for
    write_project) and, if need be, SERVER_ARGS; `cls.dir` and `cls.server` are then ready."""
    FILES = None
    SERVER_ARGS = ("--quiet",)

    @classmethod
    def setUpClass(cls):
        if cls.FILES is None:  # this base itself
            return
        cls.dir = write_project(cls.FILES)
        cls.server = Server(cls.dir, *cls.SERVER_ARGS)

    @classmethod
    def tearDownClass(cls):
        if cls.FILES is not None:
            cls.server.stop()


class Server:
    def __init__(self, project_dir, *args, threads=1, ready_timeout=20, port=0):
        # port=None leaves --port off, so the config's [dev] port applies.
        port_args = [] if port is None else ["--port", str(port)]
        cmd = [BIN, "dev", project_dir, *port_args, "--threads", str(threads), *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stdout_lines = []
        self.stderr_lines = []
        self.port = None
        ready = threading.Event()

        def pump(stream, sink, look_for_ready):
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", "replace")
                sink.append(line)
                if look_for_ready:
                    m = re.search(r"Ready on http://(?:\[[^\]]+\]|[^:]+):(\d+)", line)
                    if m:
                        self.port = int(m.group(1))
                        ready.set()
            ready.set()

        self._threads = [
            threading.Thread(target=pump, args=(self.proc.stdout, self.stdout_lines, True), daemon=True),
            threading.Thread(target=pump, args=(self.proc.stderr, self.stderr_lines, False), daemon=True),
        ]
        for t in self._threads:
            t.start()
        ready.wait(ready_timeout)
        if self.port is None:
            self.stop()
            raise RuntimeError("edgerun did not become ready:\n" + "".join(self.stderr_lines))

    def wait_for_stderr(self, text, timeout=5):
        """The server's stderr once it contains `text` (log lines arrive after the response)."""
        deadline = time.time() + timeout
        while text not in self.stderr and time.time() < deadline:
            time.sleep(0.01)
        return self.stderr

    def wait_for_stdout(self, text, timeout=5):
        deadline = time.time() + timeout
        while text not in self.stdout and time.time() < deadline:
            time.sleep(0.01)
        return self.stdout

    @property
    def stderr(self):
        return "".join(self.stderr_lines)

    @property
    def stdout(self):
        return "".join(self.stdout_lines)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for t in self._threads:
            t.join(2)
        for stream in (self.proc.stdout, self.proc.stderr):
            stream.close()
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def raw(self, data, timeout=10, read_until_close=True):
        """Sends raw bytes and returns everything received until the server closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if not read_until_close:
                        break
            except socket.timeout:
                pass
            return b"".join(chunks)

    def request(self, method="GET", path="/", headers=None, body=b""):
        headers = dict(headers or {})
        if isinstance(body, str):
            body = body.encode()
        lines = [f"{method} {path} HTTP/1.1", f"Host: localhost:{self.port}", "Connection: close"]
        for k, v in headers.items():
            lines.append(f"{k}: {v}")
        if body:
            lines.append(f"Content-Length: {len(body)}")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        return parse_response(self.raw(data), head=(method == "HEAD"))


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (lower name, value)
        self.body = body

    def header(self, name):
        values = [v for k, v in self.headers if k == name.lower()]
        return ", ".join(values) if values else None

    def header_list(self, name):
        return [v for k, v in self.headers if k == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


def parse_response(data, head=False):
    end = data.find(b"\r\n\r\n")
    if end < 0:
        raise AssertionError(f"no complete response head in {data[:300]!r}")
    head_lines = data[:end].decode("latin-1").split("\r\n")
    parts = head_lines[0].split(" ", 2)
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    headers = []
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    rest = data[end + 4:]
    te = ", ".join(v for k, v in headers if k == "transfer-encoding")
    if head or status in (204, 304):
        body = b""
    elif "chunked" in te:
        body = b""
        while True:
            line_end = rest.find(b"\r\n")
            size = int(rest[:line_end].split(b";")[0], 16)
            rest = rest[line_end + 2:]
            if size == 0:
                break
            body += rest[:size]
            rest = rest[size + 2:]
    else:
        cl = [v for k, v in headers if k == "content-length"]
        body = rest[: int(cl[0])] if cl else rest
    return Response(status, reason, headers, body)
