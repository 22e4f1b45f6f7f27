#!/usr/bin/env python3
"""compare.sh helper: starts a server and measures process start to its first 200.

    coldstart.py LOG URL CMD... -> prints "PID MILLISECONDS" and leaves the server running
    (its output goes to LOG). Polls URL with a raw HTTP/1.1 GET every 0.5 ms; 20 s at most.
"""
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

log, url, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
u = urlsplit(url)
req = f"GET {u.path or '/'} HTTP/1.1\r\nHost: {u.hostname}\r\nConnection: close\r\n\r\n".encode()
out = open(log, "wb")
t0 = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
while time.perf_counter() - t0 < 20:
    if proc.poll() is not None:
        print(f"{proc.pid} nan")
        sys.exit(1)
    try:
        with socket.create_connection((u.hostname, u.port), timeout=2) as s:
            s.sendall(req)
            if s.recv(12).startswith(b"HTTP/1.1 200"):
                print(f"{proc.pid} {(time.perf_counter() - t0) * 1000:.1f}")
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.0005)
print(f"{proc.pid} nan")
sys.exit(1)
