#!/usr/bin/env bash
# The seed README's "Usage - MSE cloud" sequence as written, against our
# backend mse-cloud on a private Docker engine with simulated SGX:
#   mse login (the test plays the browser: it opens the printed URL, posts the
#   login form and follows the redirect to localhost:5355), mse scaffold,
#   mse localtest, mse deploy, curl through the router, mse test,
#   mse context --export, mse verify --context --code, list, status, logs, stop;
# then what must be refused: a backend that swaps the code (no key is sent),
# a wrong signer key, the replace prompt answered no, an expired login, an
# unreachable backend, verify of a stopped app; then the seed's cloud
# "Dockerisation" lines with the CLI's image.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cloud_lib.sh"
: "${MSE_ENCLAVE:?MSE_ENCLAVE must point to the mse-enclave binary}"
repo=$(cd "$(dirname "$0")/../.." && pwd)
export HOME="$E2E_TMP/home"; mkdir -p "$HOME"
start_dockerd
SERVE_PIDS=()
trap 'stop_cloud KILL; for p in "${SERVE_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; stop_dockerd; rm -rf "$E2E_TMP" "$E2E_CAPTURE"' EXIT
bash "$repo/scripts/build-base-image.sh" --enclave "$MSE_ENCLAVE" >/dev/null
image=$(docker -H "$DOCKER_HOST" images --format '{{.Repository}}:{{.Tag}}' | grep '^mse-base:[0-9]' | head -n 1)

start_cloud
echo "alice-password" | cloud_admin user add alice@example.com --password-stdin 2>/dev/null
cloud_admin image approve "$image" 2>/dev/null
export MSE_BASE_URL=$CLOUD_URL MSE_DEFAULT_ENV=cloud MSE_ALLOW_SIMULATION=1
unset MSE_AUTH0_DOMAIN_NAME MSE_PCCS_URL MSE_SIGNER_URL MSE_CONSOLE_URL   # from the backend's discovery document
work=$E2E_TMP/work; mkdir -p "$work"; cd "$work"

# browser_login: `mse login` prints the URL; a browser opens it, posts the
# form and lands on the CLI's callback at localhost:5355.
browser_login() {
  "$MSE" login >"$E2E_TMP/login.out" 2>"$E2E_TMP/login.err" &
  local pid=$! url=""
  for _ in $(seq 100); do
    url=$(grep -o 'http://[^ ]*/authorize?[^ ]*' "$E2E_TMP/login.out" | head -n 1 || true)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$E2E_TMP/login.err"; fail "mse login printed no URL"; }
  /usr/bin/python3 - "$url" alice@example.com alice-password <<'PY' || fail "the browser part of the login failed"
import html.parser, sys, urllib.error, urllib.parse, urllib.request
url, email, password = sys.argv[1:4]
class Form(html.parser.HTMLParser):
    fields = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden": self.fields[a["name"]] = a.get("value", "")
form = Form(); form.feed(urllib.request.urlopen(url, timeout=10).read().decode())
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args): return None
opener = urllib.request.build_opener(NoRedirect)
def location(request_url, data=None):
    try:
        r = opener.open(request_url, data, timeout=10); return None
    except urllib.error.HTTPError as e:
        if e.code not in (301, 302, 303): raise
        return e.headers["Location"]
base = url.split("/authorize")[0]
callback = location(base + "/authorize", urllib.parse.urlencode(dict(form.fields, email=email, password=password)).encode())
assert callback and callback.startswith("http://localhost:5355/"), callback
try:
    location(callback)   # the CLI's callback server: 301 to the console, or its own page
except urllib.error.HTTPError as e:
    sys.exit("callback answered %d" % e.code)
PY
  wait "$pid" || { cat "$E2E_TMP/login.err"; fail "mse login failed"; }
}
for attempt in 1 2 3; do  # port 5355 may be held a moment by a unit test
  if browser_login; then break; fi
  [ "$attempt" = 3 ] && fail "mse login"
  sleep 2
done
contains "$(cat "$E2E_TMP/login.out" "$E2E_TMP/login.err")" "alice@example.com"
[ "$(stat -c %a "$MSE_CONF_PATH/login.toml")" = 600 ] || fail "login.toml is not 0600"
run 0 "$MSE" login --whoami
contains "$OUT$ERR" "You are currently logged in as: alice@example.com"

# --- the seed's sequence ----------------------------------------------------
run 0 "$MSE" scaffold my_app
[ -f my_app/mse.toml ] || fail "scaffold wrote no mse.toml"
contains "$(cat my_app/mse.toml)" "docker = \"$image\""
run 0 "$MSE" localtest --path my_app/mse.toml
run 0 "$MSE" deploy --path my_app/mse.toml --workspace .
contains "$OUT$ERR" "ready to be used on https://"
[ -s ratls.pem ] || fail "deploy wrote no ratls.pem in the workspace"
run 0 "$MSE" list --json
app=$(/usr/bin/python3 -c 'import json,sys; a=[x for x in json.loads(sys.argv[1]) if x["name"]=="my_app"]; print(a[0]["id"])' "$OUT")
domain=$(/usr/bin/python3 -c 'import json,sys; a=[x for x in json.loads(sys.argv[1]) if x["name"]=="my_app"]; print(a[0]["domain_name"])' "$OUT")
[ "$(curl -sS "https://$domain:$ROUTER_PORT/health" --cacert ./ratls.pem)" = OK ] || fail "health through the router"
run 0 "$MSE" test
contains "$OUT$ERR" "$app"
run 0 "$MSE" context --export "$app"
[ -f "$app.toml" ] || fail "context --export wrote no $app.toml"
run 0 "$MSE" verify --context "$app.toml" --code my_app/mse_src --workspace . "$domain"
run 0 "$MSE" context --context "$app.toml" --code my_app/mse_src --workspace . "$domain"   # the seed's spelling
run 0 "$MSE" list
contains "$OUT" "$app"
run 0 "$MSE" status "$app"
contains "$OUT$ERR" "running"
run 0 "$MSE" logs "$app"
contains "$OUT" "GET /health"
# A code directory that differs from what runs: verify refuses it.
cp -r my_app/mse_src "$E2E_TMP/other_src"; echo "# changed" >> "$E2E_TMP/other_src/app.py"
run 1 "$MSE" verify --context "$app.toml" --code "$E2E_TMP/other_src" --workspace "$E2E_TMP" "$domain"
contains "$ERR" "MRENCLAVE_MISMATCH"

# --- refusals -----------------------------------------------------------------
# Replace prompt answered no: the running app stays.
run 1 bash -c "echo no | '$MSE' deploy --path my_app/mse.toml --workspace '$E2E_TMP/ws-no'"
contains "$OUT$ERR" "replace it"
run 0 "$MSE" status "$app"
contains "$OUT$ERR" "running"
# A wrong signer key: refused before any key is sent.
mkdir -p "$E2E_TMP/signer"
openssl genrsa -3 -out "$E2E_TMP/other-signer.pem" 3072 2>/dev/null
openssl rsa -in "$E2E_TMP/other-signer.pem" -pubout -out "$E2E_TMP/signer/other.pem" 2>/dev/null
sigport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$E2E_TMP/signer" && exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "$sigport" >/dev/null 2>&1) &
SERVE_PIDS+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$sigport/other.pem" >/dev/null && break; sleep 0.1; done
cp -r my_app "$E2E_TMP/app2"; sed -i 's/^name = .*/name = "wrong_signer"/' "$E2E_TMP/app2/mse.toml"
run 1 env MSE_SIGNER_URL="http://127.0.0.1:$sigport/other.pem" "$MSE" deploy -y --path "$E2E_TMP/app2/mse.toml" --workspace "$E2E_TMP/ws-signer"
contains "$ERR" "MRSIGNER_MISMATCH"
app_id_of() { /usr/bin/python3 -c 'import json,sys; print([x["id"] for x in json.loads(sys.argv[1]) if x["name"]==sys.argv[2] and x["status"] not in ("stopped","on_error")][0])' "$("$MSE" list --json)" "$1"; }
run 0 "$MSE" stop "$(app_id_of wrong_signer)"   # the refused enclave never got a key; free its unit
# A backend that swaps the uploaded code: verification fails, no key is sent.
stop_cloud
tar -cf "$E2E_TMP/swapped.tar" -C my_app/mse_src .
start_cloud --test-tamper-code "$E2E_TMP/swapped.tar"
sed -i 's/^name = .*/name = "tampered"/' "$E2E_TMP/app2/mse.toml"
run 1 "$MSE" deploy -y --path "$E2E_TMP/app2/mse.toml" --workspace "$E2E_TMP/ws-tamper"
contains "$ERR" "MRENCLAVE_MISMATCH"
tampered=$(app_id_of tampered)
run 0 "$MSE" status "$tampered"
contains "$OUT$ERR" "initializing"   # the enclave never got its key
run 0 "$MSE" stop "$tampered"
stop_cloud
start_cloud
# An unreachable backend: one clear line.
run 1 env MSE_BASE_URL=http://127.0.0.1:9 "$MSE" list
contains "$ERR" "cannot reach"
[ "$(grep -c . <<<"$ERR")" -eq 1 ] || fail "more than one line for an unreachable backend: $ERR"

# --- stop, then verify of a stopped app --------------------------------------
run 0 "$MSE" stop "$app"
run 1 "$MSE" verify "$domain"
contains "$ERR" "$domain"
# An expired login (its refresh token revoked): log in again.
token=$(sed -n 's/^refresh_token = "\(.*\)"$/\1/p' "$MSE_CONF_PATH/login.toml")
curl -sS --data "token=$token" "$CLOUD_URL/oauth/revoke" >/dev/null
run 1 "$MSE" list
contains "$ERR" "mse login"

# --- the seed's cloud "Dockerisation" lines, with the CLI's image -------------
# The workspace must be at the same path on the host and in the container
# (the engine mounts paths of the host); the seed uses /mnt/workspace.
token=$(cloud_admin token create alice@example.com 2>/dev/null)
mkdir -p "$E2E_TMP/cli_image/build/src/cli"
cp "$repo/Dockerfile" "$E2E_TMP/cli_image/"
cp "$MSE" "$E2E_TMP/cli_image/build/src/cli/mse"
docker -H "$DOCKER_HOST" build -q --network host -t mse "$E2E_TMP/cli_image" >/dev/null 2>&1 || fail "docker build of the CLI image"
ws=/mnt/workspace
rm -rf "$ws"; mkdir -p "$ws" "$HOME/.config/mse"
sock=${DOCKER_HOST#unix://}
# -e MSE_*: the seed's "use the docker parameter -e" to target another
# backend; --network=host on every line: this engine has no bridge.
dr() { docker -H "$DOCKER_HOST" run --rm -i -v "$ws:$ws" -v "$HOME/.config/mse:/root/.config/mse" \
         -v "$sock:/var/run/docker.sock" --network=host -e MSE_BASE_URL="$CLOUD_URL" -e MSE_ALLOW_SIMULATION=1 mse "$@"; }
echo "$token" | dr cloud login --with-token >/dev/null 2>&1 || fail "login in the CLI's image"
dr cloud scaffold my_app >/dev/null 2>&1 || fail "scaffold in the CLI's image"
dr cloud localtest --path my_app/mse.toml >/dev/null 2>&1 || fail "localtest in the CLI's image"
dr cloud deploy --path my_app/mse.toml --workspace . > "$E2E_TMP/docker-deploy.log" 2>&1 || { cat "$E2E_TMP/docker-deploy.log"; fail "deploy in the CLI's image"; }
list=$(dr list --json 2>/dev/null)
dapp=$(/usr/bin/python3 -c 'import json,sys; print([x["id"] for x in json.loads(sys.argv[1]) if x["status"]=="running"][0])' "$list")
ddomain=$(/usr/bin/python3 -c 'import json,sys; print([x["domain_name"] for x in json.loads(sys.argv[1]) if x["status"]=="running"][0])' "$list")
[ "$(curl -sS "https://$ddomain:$ROUTER_PORT/health" --cacert "$ws/ratls.pem")" = OK ] || fail "health of the app deployed from the image"
dr cloud test >/dev/null 2>&1 || fail "test in the CLI's image"
dr context --export "$dapp" >/dev/null 2>&1 || fail "context --export in the CLI's image"
dr context --context "$dapp.toml" --code my_app/mse_src --workspace . "$ddomain" >/dev/null 2>&1 || fail "verify in the CLI's image"
dr list >/dev/null 2>&1 || fail "list in the CLI's image"
dr status "$dapp" >/dev/null 2>&1 || fail "status in the CLI's image"
dr logs "$dapp" >/dev/null 2>&1 || fail "logs in the CLI's image"
dr stop "$dapp" >/dev/null 2>&1 || fail "stop in the CLI's image"
rm -rf "$ws"
stop_cloud
echo "ok"
