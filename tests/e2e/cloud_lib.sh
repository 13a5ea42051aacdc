# Helpers of the cloud end-to-end scripts (source after lib.sh, with a
# private Docker engine started and the base image built):
#   start_cloud [serve options...]  starts mse-cloud serve on loopback ports,
#                                  sets CLOUD_URL, ROUTER_PORT, CLOUD_PID
#   stop_cloud [SIGNAL]            stops it (SIGTERM by default)
#   cloud_admin ARGS...            mse-cloud admin --data "$CLOUD_DATA" ARGS...
#   pkce_login EMAIL PASSWORD      a browser's PKCE login with curl-like steps
#                                  (python): prints the token JSON
: "${MSE_CLOUD:?MSE_CLOUD must point to the mse-cloud binary}"
CLOUD_DATA=${CLOUD_DATA:-$E2E_TMP/cloud-data}
CLOUD_LOG_N=0

start_cloud() {
  CLOUD_LOG_N=$((CLOUD_LOG_N + 1))
  CLOUD_LOG=$E2E_TMP/cloud.$CLOUD_LOG_N.log
  "$MSE_CLOUD" serve --data "$CLOUD_DATA" --api 127.0.0.1:${CLOUD_API_PORT:-0} --router ${ROUTER_PORT:-0} "$@" \
    >"$CLOUD_LOG" 2>&1 &
  CLOUD_PID=$!
  for _ in $(seq 300); do
    if grep -q "mse-cloud: API on" "$CLOUD_LOG"; then
      CLOUD_URL=$(sed -n 's/.*mse-cloud: API on \(http[^ ,]*\),.*/\1/p' "$CLOUD_LOG" | tail -n 1)
      ROUTER_PORT=$(sed -n 's/.*router on port \([0-9]*\).*/\1/p' "$CLOUD_LOG" | tail -n 1)
      CLOUD_API_PORT=${CLOUD_URL##*:}
      export CLOUD_URL ROUTER_PORT
      return 0
    fi
    kill -0 "$CLOUD_PID" 2>/dev/null || { cat "$CLOUD_LOG" >&2; fail "mse-cloud serve exited"; }
    sleep 0.1
  done
  cat "$CLOUD_LOG" >&2
  fail "mse-cloud serve did not start"
}

stop_cloud() {
  [ -n "${CLOUD_PID:-}" ] || return 0
  kill "-${1:-TERM}" "$CLOUD_PID" 2>/dev/null || true
  wait "$CLOUD_PID" 2>/dev/null || true
  CLOUD_PID=""
}

cloud_admin() { "$MSE_CLOUD" admin --data "$CLOUD_DATA" "$@"; }

# pkce_login EMAIL PASSWORD [CLIENT_ID]: GET /authorize, post the login
# form as a browser would, take the code from the redirect (not followed),
# exchange it with the verifier. Prints the token endpoint's JSON.
pkce_login() {
  /usr/bin/python3 - "$CLOUD_URL" "$1" "$2" "${3:-e2e-client}" <<'PY'
import base64, hashlib, html.parser, json, os, sys, urllib.error, urllib.parse, urllib.request
base, email, password, client = sys.argv[1:5]
verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
state = "st-" + os.urandom(4).hex()
redirect = "http://localhost:5355/"
query = urllib.parse.urlencode({"response_type": "code", "client_id": client, "redirect_uri": redirect,
    "scope": "openid profile email offline_access", "audience": "mse", "state": state,
    "code_challenge": challenge, "code_challenge_method": "S256"})
page = urllib.request.urlopen(base + "/authorize?" + query, timeout=10).read().decode()
class Form(html.parser.HTMLParser):
    fields = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
form = Form(); form.feed(page)
fields = dict(form.fields, email=email, password=password)
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args): return None
opener = urllib.request.build_opener(NoRedirect)
try:
    opener.open(base + "/authorize", urllib.parse.urlencode(fields).encode(), timeout=10)
    sys.exit("the login form did not redirect")
except urllib.error.HTTPError as e:
    if e.code != 302: sys.exit("login refused: HTTP %d %s" % (e.code, e.read().decode()[:200]))
    location = e.headers["Location"]
params = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
assert location.startswith(redirect), location
assert params["state"] == [state], params
exchange = {"grant_type": "authorization_code", "client_id": client, "code_verifier": verifier,
            "code": params["code"][0], "redirect_uri": redirect}
if os.environ.get("PKCE_BAD_VERIFIER"): exchange["code_verifier"] = verifier[::-1]
try:
    r = urllib.request.urlopen(base + "/oauth/token", urllib.parse.urlencode(exchange).encode(), timeout=10)
    print(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.read().decode()); sys.exit(3)
PY
}

json_get() {  # json_get JSON KEY: a top-level member
  /usr/bin/python3 -c 'import json,sys; v=json.loads(sys.argv[1])[sys.argv[2]]; print(v if v is not None else "")' "$1" "$2"
}

# api METHOD PATH [curl args...]: the API with the current $ACCESS token;
# sets $CODE (HTTP status) and $BODY.
api() {
  local method=$1 path=$2; shift 2
  CODE=$(curl -sS -o "$E2E_CAPTURE/body" -w '%{http_code}' -X "$method" -H "Authorization: Bearer ${ACCESS:-}" \
    "$@" "$CLOUD_URL$path") || CODE=000
  BODY=$(cat "$E2E_CAPTURE/body")
}

# make_encrypted_app: the scaffold app's code encrypted as `mse home package
# --encrypt` does it: $E2E_TMP/pkg/app.tar, its key in $code_key (hex).
make_encrypted_app() {
  (cd "$E2E_TMP" && "$MSE" home scaffold example >/dev/null)
  "$MSE" home package --project "$E2E_TMP/example" --output "$E2E_TMP/pkg" --encrypt >/dev/null 2>&1
  local package
  package=$(ls "$E2E_TMP"/pkg/package_example_*.tar)
  tar -xf "$package" -C "$E2E_TMP/pkg" app.tar
  code_key=$(od -An -tx1 -v "${package%.tar}.key" | tr -d ' \n')
}

conf() {  # conf NAME [DOCKER]
  printf '{"name": "%s", "project": "default", "dev_mode": false, "healthcheck_endpoint": "/health", "python_application": "app:app", "expires_at": null, "ssl_certificate": null, "domain_name": null, "hardware": "4g-eu-001", "docker": "%s"}' \
    "$1" "${2:-$image}" > "$E2E_TMP/conf.json"
}
deploy() {  # deploy NAME [DOCKER] [CODE_FILE]: POST /apps as the original CLI sends it
  conf "$1" "${2:-$image}"
  api POST /apps -F "code=@${3:-$E2E_TMP/pkg/app.tar};type=application/tar;headers=\"Expires: 0\"" \
    -F "conf=<$E2E_TMP/conf.json;type=application/json"
}
wait_status() {  # wait_status ID STATUS [SECONDS]
  for _ in $(seq $(( ${3:-60} * 5 ))); do
    api GET "/apps/$1"
    [ "$(json_get "$BODY" status)" = "$2" ] && return 0
    case "$(json_get "$BODY" status)" in on_error|stopped) [ "$2" = on_error ] || [ "$2" = stopped ] || fail "app $1: $BODY";; esac
    sleep 0.2
  done
  fail "app $1 did not reach $2: $BODY"
}
# configure ID DOMAIN: fetch the certificate through the router (SNI),
# verify it fully, then post the code key pinned to it.
configure() {
  local id=$1 domain=$2
  openssl s_client -connect "127.0.0.1:$ROUTER_PORT" -servername "$domain" </dev/null 2>/dev/null |
    openssl x509 > "$E2E_TMP/$id.pem" || fail "no certificate through the router for $domain"
  curl -sf "$CLOUD_URL/sim-root.pem" > "$E2E_TMP/sim-root.pem"
  "$MSE" attest verify "$E2E_TMP/$id.pem" --pccs "$CLOUD_URL" --allow-simulation --sim-root "$E2E_TMP/sim-root.pem" \
    --mrsigner "$(openssl rsa -pubin -in <(curl -sf "$CLOUD_URL/signer.pem") -noout -modulus 2>/dev/null |
      sed 's/Modulus=//' | /usr/bin/python3 -c 'import sys,hashlib; n=bytes.fromhex(sys.stdin.read().strip()); print(hashlib.sha256(n[::-1]).hexdigest())')" \
    >/dev/null 2>"$E2E_TMP/verify.err" || { cat "$E2E_TMP/verify.err"; fail "the enclave's certificate does not verify"; }
  code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$E2E_TMP/$id.pem" --connect-to "$domain:$ROUTER_PORT:127.0.0.1:$ROUTER_PORT" \
    -X POST --data "{\"uuid\": \"$id\", \"code_secret_key\": \"$code_key\"}" "https://$domain:$ROUTER_PORT/")
  [ "$code" = 200 ] || fail "configuration POST answered $code"
}

