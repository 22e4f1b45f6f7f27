"""Shared pieces of the reliability battery (tests/reliability/test_*.py).

The battery drives the real `edgerun` binary over real loopback sockets (through
tests/integration/harness.py) and prints the numbers it measures (counts, RSS, fd counts) so
that a CI log shows them. Nothing here is timed against a performance target: time bounds are
only there so that a stuck server fails the test instead of hanging it.
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import BIN, Server, parse_response, write_project  # noqa: E402,F401


def report(name, **numbers):
    """One greppable line of numbers in the test output."""
    fields = " ".join(f"{k}={v}" for k, v in numbers.items())
    print(f"[reliability] {name}: {fields}", flush=True)


def rss_kb(pid):
    """VmRSS of a process in KiB, from /proc/PID/status."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS line")


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def settle_fds(pid, target, slack=2, timeout=8.0):
    """Waits until the fd count of pid is within target +- slack (or timeout); returns it."""
    deadline = time.monotonic() + timeout
    n = fd_count(pid)
    while abs(n - target) > slack and time.monotonic() < deadline:
        time.sleep(0.1)
        n = fd_count(pid)
    return n


def exchange(port, data, timeout=10.0):
    """Sends raw bytes on a new connection and reads until the server closes it.

    Returns (bytes received, how it ended): "eof" when the server closed the connection (FIN),
    "reset" on ECONNRESET, "timeout" when the connection was still open after `timeout`.
    A send error (the server closed early and reset) is tolerated: whatever was received is
    still read and returned.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        end = "timeout"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                end = "reset"
                break
            if not chunk:
                end = "eof"
                break
            chunks.append(chunk)
        return b"".join(chunks), end


def split_responses(data):
    """Parses back-to-back HTTP/1.1 responses (Content-Length framed, or chunked) from bytes.

    Returns (list of (status, head bytes, body bytes), leftover bytes that are not a complete
    response). Used to prove that no second response came out of one connection's bytes.
    """
    out = []
    rest = data
    while rest:
        end = rest.find(b"\r\n\r\n")
        if end < 0:
            break
        head = rest[:end]
        lines = head.split(b"\r\n")
        try:
            status = int(lines[0].split(b" ")[1])
        except (IndexError, ValueError):
            break
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            headers.setdefault(k.strip().lower(), v.strip())
        body_start = end + 4
        if b"content-length" in headers:
            n = int(headers[b"content-length"])
            if len(rest) < body_start + n:
                break
            out.append((status, head, rest[body_start:body_start + n]))
            rest = rest[body_start + n:]
        elif b"chunked" in headers.get(b"transfer-encoding", b""):
            pos = body_start
            body = b""
            complete = False
            while True:
                le = rest.find(b"\r\n", pos)
                if le < 0:
                    break
                size = int(rest[pos:le].split(b";")[0], 16)
                pos = le + 2
                if size == 0:
                    if rest[pos:pos + 2] == b"\r\n":
                        pos += 2
                        complete = True
                    break
                body += rest[pos:pos + size]
                pos += size + 2
            if not complete:
                break
            out.append((status, head, body))
            rest = rest[pos:]
        else:
            out.append((status, head, rest[body_start:]))
            rest = b""
    return out, rest


class KeepAliveClient:
    """A minimal HTTP/1.1 keep-alive client over one socket (Content-Length or chunked bodies).

    Reconnects transparently only when asked to (`reconnect()`); any unexpected close is an
    error the caller counts.
    """

    def __init__(self, port, timeout=10.0):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buf = b""
        self.received = 0  # bytes received for the current request (0: the server sent nothing)

    def connect(self):
        self.close()
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None

    def _fill(self):
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.received += len(chunk)
        self.buf += chunk

    def _read_line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line

    def _read_exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def get(self, path, method="GET"):
        """Returns (status, headers dict of lower-case names, body)."""
        if self.sock is None:
            self.connect()
        self.received = len(self.buf)
        self.sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        status_line = self._read_line()
        status = int(status_line.split(b" ")[1])
        headers = {}
        while True:
            line = self._read_line()
            if not line:
                break
            k, _, v = line.partition(b":")
            headers[k.strip().lower().decode()] = v.strip().decode("latin-1")
        if method == "HEAD" or status in (204, 304):
            body = b""
        elif "content-length" in headers:
            body = self._read_exact(int(headers["content-length"]))
        elif "chunked" in headers.get("transfer-encoding", ""):
            parts = []
            while True:
                size = int(self._read_line().split(b";")[0], 16)
                if size == 0:
                    while self._read_line():
                        pass
                    break
                parts.append(self._read_exact(size))
                self._read_exact(2)
            body = b"".join(parts)
        else:
            raise ConnectionError("response without a length on a keep-alive connection")
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body


# Under ASan (EDGERUN_SANITIZED=1, set by tests/CMakeLists.txt) freed memory sits in the
# quarantine and every allocation carries shadow memory, so RSS says nothing about leaks there;
# LeakSanitizer checks leaks in that build instead.
SANITIZED = os.environ.get("EDGERUN_SANITIZED") == "1"
