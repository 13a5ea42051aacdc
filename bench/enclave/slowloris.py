#!/usr/bin/python3
"""Slow-loris probe, loopback only: opens one TLS connection to 127.0.0.1:PORT
and sends a request header one byte per second. Prints how many seconds
passed before the server closed the connection, or 'still-open' after
LIMIT seconds. Usage: slowloris.py PORT LIMIT_SECONDS"""
import socket
import ssl
import sys
import time

port, limit = int(sys.argv[1]), float(sys.argv[2])
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
raw = socket.create_connection(("127.0.0.1", port), timeout=5)
conn = context.wrap_socket(raw, server_hostname="localhost")
request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 200 + b"\r\n\r\n"
start = time.monotonic()
conn.settimeout(1.0)
for byte in request:
    if time.monotonic() - start > limit:
        print("still-open after %.0f s" % limit)
        sys.exit(0)
    try:
        conn.sendall(bytes([byte]))
        data = conn.recv(1)
        if data == b"":
            break
    except socket.timeout:
        continue
    except (ssl.SSLError, OSError):
        break
print("closed after %.1f s" % (time.monotonic() - start))
