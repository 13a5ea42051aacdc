#!/usr/bin/env bash
# Issue 13, item 5: the configuration server under abuse, SIMULATED
# attestation, bounded in count and time (about 25 s). At once:
#   - 200 idle TCP connections (no TLS handshake),
#   - a 60 MiB upload announced by Content-Length, and one sent chunked,
#   - a nested-JSON bomb (1 000 000 '[' then ']', 2 MB) and one inside
#     app_secrets,
#   - 5 slow-loris clients dribbling their header one byte every 0.5 s.
# Then: the server still answers; its peak RSS (VmHWM) stayed under
# MAX_RSS_MB (default 96); the uploads got 413 before the body was read
# (Content-Length) or at the 8 MiB limit (chunked), the bombs 400 without a
# crash; the slow clients and the idle connections were cut by the 10 s
# header timeout; and the legitimate configuration succeeds while the idle
# connections are still open. Prints the peak RSS and the CPU time used.
# Usage: MSE=... MSE_ENCLAVE=... bash enclave_abuse.sh
source "$(dirname "$0")/enclave_lib.sh"
MAX_RSS_MB=${MAX_RSS_MB:-96}
enclave_setup "${MSE_ENCLAVE:-}"
enclave_use_sim
enclave_start
sleep 0.5
start_rss=$(awk '/^VmRSS/ {print $2}' "/proc/$ENCLAVE_PID/status")
/usr/bin/python3 - "$PORT" "$ENCLAVE_PID" "$UUID" "$MAX_RSS_MB" <<'PY' > "$WORK/abuse.out" 2>&1 || { cat "$WORK/abuse.out"; fail "abuse driver"; }
import http.client, json, socket, ssl, sys, threading, time
port, pid, uuid, max_rss_mb = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
results, lock = {}, threading.Lock()
def record(name, value):
    with lock:
        results[name] = value
def tls():
    return ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=20), server_hostname="x")
def status_of(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    line = data.split(b"\r\n", 1)[0].decode(errors="replace")
    return int(line.split()[1]) if line.startswith("HTTP/") else 0, data

def upload_with_length():
    s = tls()
    size = 60 << 20
    s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % size)
    sent = 0
    try:
        while sent < size:
            s.sendall(b"x" * 65536)
            sent += 65536
    except OSError:
        pass
    code, _ = status_of(s) if sent < size else (0, b"")
    record("upload_content_length", {"status": code, "sent_before_refusal_mb": round(sent / 2**20, 1)})

def upload_chunked():
    s = tls()
    s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    sent = 0
    try:
        while sent < (60 << 20):
            s.sendall(b"10000\r\n" + b"y" * 65536 + b"\r\n")
            sent += 65536
    except OSError:
        pass
    code, _ = status_of(s)
    record("upload_chunked", {"status": code, "sent_mb": round(sent / 2**20, 1)})

def bomb(name, body):
    s = tls()
    s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    code, data = status_of(s)
    record(name, {"status": code, "nested": b"nested deeper than 64" in data})

def slowloris(i):
    s = tls()
    s.settimeout(0.5)
    start = time.monotonic()
    request = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100 + b"\r\n\r\n"
    for byte in request:
        try:
            s.sendall(bytes([byte]))
            if s.recv(1) == b"":
                break
        except socket.timeout:
            continue
        except OSError:
            break
        if time.monotonic() - start > 20:
            break
    record("slowloris_%d" % i, round(time.monotonic() - start, 1))

def rss_kb(field):
    for line in open("/proc/%d/status" % pid):
        if line.startswith(field):
            return int(line.split()[1])

idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
n = 1000000
threads = [threading.Thread(target=upload_with_length), threading.Thread(target=upload_chunked),
           threading.Thread(target=bomb, args=("bomb", b"[" * n + b"]" * n)),
           threading.Thread(target=bomb, args=("bomb_in_secrets",
               ('{"uuid": "%s", "app_secrets": ' % uuid).encode() + b"[" * n + b"]" * n + b"}"))]
threads += [threading.Thread(target=slowloris, args=(i,)) for i in range(5)]
start = time.monotonic()
for t in threads:
    t.start()
for t in threads[:4]:
    t.join(30)
# The server answers and takes the legitimate configuration while the idle
# connections and the slow clients are still there.
peak_attack_kb = rss_kb("VmHWM")
conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=30)
conn.request("GET", "/")
waiting = conn.getresponse()
record("waiting", [waiting.status, waiting.getheader("Mse-Status")])
waiting.read()
conn.request("POST", "/", body=json.dumps({"uuid": uuid, "app_secrets": {"login": "alice"}}))
configured = conn.getresponse()
record("legit_configuration", [configured.status, configured.read().decode()])
for t in threads[4:]:
    t.join(30)
closed = 0
for s in idle:
    s.settimeout(2)
    try:
        closed += s.recv(1) == b""
    except OSError:
        closed += 1
record("idle_closed_by_server", closed)
record("elapsed_s", round(time.monotonic() - start, 1))
record("peak_rss_during_attack_mb", round(peak_attack_kb / 1024, 1))
record("peak_rss_after_configuration_mb", round(rss_kb("VmHWM") / 1024, 1))
print(json.dumps(results, sort_keys=True))
PY
cat "$WORK/abuse.out"
/usr/bin/python3 - "$WORK/abuse.out" "$MAX_RSS_MB" <<'PY' || fail "abuse results"
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
max_mb = int(sys.argv[2])
problems = []
if r["upload_content_length"]["status"] != 413: problems.append("Content-Length upload not 413")
if r["upload_content_length"]["sent_before_refusal_mb"] >= 60: problems.append("60 MiB accepted")
if r["upload_chunked"]["status"] != 413: problems.append("chunked upload not 413")
for bomb in ("bomb", "bomb_in_secrets"):
    if r[bomb] != {"status": 400, "nested": True}: problems.append(bomb + " " + str(r[bomb]))
for i in range(5):
    if not 8 <= r["slowloris_%d" % i] <= 13: problems.append("slow loris %d lasted %s s" % (i, r["slowloris_%d" % i]))
if r["waiting"] != [200, "Waiting"]: problems.append("not waiting: " + str(r["waiting"]))
if r["legit_configuration"][0] != 200: problems.append("legit configuration: " + str(r["legit_configuration"]))
if r["idle_closed_by_server"] != 200: problems.append("idle connections left open: %d closed" % r["idle_closed_by_server"])
if r["peak_rss_during_attack_mb"] > max_mb: problems.append("peak RSS %s MiB over %d" % (r["peak_rss_during_attack_mb"], max_mb))
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
URL="https://127.0.0.1:$PORT"
[[ "$(ecurl "$URL/whoami")" == alice ]] || fail "/whoami after the legitimate configuration"
read -r utime stime < <(awk '{print $14, $15}' "/proc/$ENCLAVE_PID/stat")
echo "enclave: start RSS $((start_rss / 1024)) MiB, CPU $(( (utime + stime) * 1000 / $(getconf CLK_TCK) )) ms in total"
enclave_stop
echo PASS
