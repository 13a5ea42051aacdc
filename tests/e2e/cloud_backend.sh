#!/usr/bin/env bash
# mse-cloud end to end, without the mse CLI's cloud commands (a client made
# of curl and openssl): a private Docker engine, simulated SGX, the base
# image approved; a PKCE login; an encrypted scaffold app deployed through
# POST /apps; spawning → initializing; the RA-TLS certificate served through
# the router (SNI) verified; the code key posted; running; the app queried
# through the router; logs, metrics; stop → stopped and the route gone.
# Then every refusal (auth, images, quota, uploads, another user's app,
# unknown SNI), kill -9 of the backend while an app initializes and while
# it runs, and a bounded load on GET /apps.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cloud_lib.sh"
: "${MSE_ENCLAVE:?MSE_ENCLAVE must point to the mse-enclave binary}"
repo=$(cd "$(dirname "$0")/../.." && pwd)
export HOME="$E2E_TMP/home"; mkdir -p "$HOME"
start_dockerd
trap 'stop_cloud KILL; stop_dockerd; rm -rf "$E2E_TMP" "$E2E_CAPTURE"' EXIT
bash "$repo/scripts/build-base-image.sh" --enclave "$MSE_ENCLAVE" >/dev/null
image=$(docker -H "$DOCKER_HOST" images --format '{{.Repository}}:{{.Tag}}' | grep '^mse-base:[0-9]' | head -n 1)

start_cloud --max-upload-mb 1
echo "alice-password" | cloud_admin user add alice@example.com --password-stdin
echo "bob-password-1" | cloud_admin user add bob@example.com --password-stdin
run 2 cloud_admin image approve mse-base:latest
contains "$ERR" "latest"
cloud_admin image approve "$image" 2>/dev/null
run 0 cloud_admin image list
contains "$OUT" "$image"

# --- log in (PKCE, as a browser would) -------------------------------------
tokens=$(pkce_login alice@example.com alice-password) || fail "PKCE login: $tokens"
ACCESS=$(json_get "$tokens" access_token)
REFRESH=$(json_get "$tokens" refresh_token)
api GET /users/me
[ "$CODE" = 200 ] || fail "users/me: $CODE $BODY"
contains "$BODY" "alice@example.com"
if out=$(pkce_login alice@example.com wrong-password 2>&1); then fail "a wrong password logged in"; fi
contains "$out" "login refused: HTTP 401"
if out=$(PKCE_BAD_VERIFIER=1 pkce_login alice@example.com alice-password 2>&1); then fail "a bad PKCE verifier was accepted"; fi
contains "$out" "invalid_grant"

# --- an encrypted scaffold app ---------------------------------------------
make_encrypted_app
deploy web
[ "$CODE" = 201 ] || fail "POST /apps: $CODE $BODY"
app=$(json_get "$BODY" id); domain=$(json_get "$BODY" domain_name)
[ "$(json_get "$BODY" status)" = spawning ] || fail "a new app is not spawning: $BODY"
wait_status "$app" initializing 120
configure "$app" "$domain"
wait_status "$app" running 60
health=$(curl -sS --cacert "$E2E_TMP/$app.pem" --connect-to "$domain:$ROUTER_PORT:127.0.0.1:$ROUTER_PORT" "https://$domain:$ROUTER_PORT/health")
[ "$health" = OK ] || fail "/health through the router: $health"
curl -sS --cacert "$E2E_TMP/$app.pem" "https://$domain:$ROUTER_PORT/health" >/dev/null || fail "*.localhost is not resolved by curl"
api GET "/apps/$app/logs"
contains "$BODY" "GET /health"
api GET "/apps/$app/metrics"
contains "$BODY" "amount_of_connection"
metrics=$(curl -sf "$CLOUD_URL/metrics")
contains "$metrics" 'mse_cloud_apps{status="running"} 1'

# --- refusals: each a clear 4xx JSON error and nothing stored ---------------
deploy other "${image%%:*}:latest"
[ "$CODE" = 400 ] || fail "expected HTTP 400, got $CODE: $BODY"
contains "$BODY" "You shouldn't use latest tag for the docker image"
deploy other "evil:1"
[ "$CODE" = 403 ] || fail "expected HTTP 403, got $CODE: $BODY"
contains "$BODY" 'Docker `evil:1` is not approved or supported yet.'
deploy web
[ "$CODE" = 409 ] || fail "second live app of the same name: $CODE"
deploy second
second=$(json_get "$BODY" id)
deploy third
[ "$CODE" = 409 ] || fail "expected HTTP 409, got $CODE: $BODY"
contains "$BODY" "has not enough hardware available"
printf 'not a tar archive' > "$E2E_TMP/bad.tar"
deploy bad "$image" "$E2E_TMP/bad.tar"
[ "$CODE" = 400 ] || fail "expected HTTP 400, got $CODE: $BODY"
contains "$BODY" "app.tar"
head -c 1572864 /dev/urandom > "$E2E_TMP/big.tar"
deploy big "$image" "$E2E_TMP/big.tar"
[ "$CODE" = 413 ] || fail "expected HTTP 413 for an upload over the limit, got $CODE: $BODY"
api POST /apps -H 'Content-Type: multipart/form-data; boundary=zz' --data-binary $'--zz\r\nbroken'
[ "$CODE" = 400 ] || fail "expected HTTP 400, got $CODE: $BODY"
contains "$BODY" "malformed multipart body"
api GET /apps
[ "$(echo "$BODY" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 2 ] || fail "refusals stored something: $BODY"
api POST "/apps/$second/stop"
[ "$CODE" = 200 ] || fail "stop of the second app: $CODE"
# Another user's app does not exist for bob.
bob=$(pkce_login bob@example.com bob-password-1)
BOB=$(json_get "$bob" access_token)
code=$(curl -sS -o "$E2E_CAPTURE/b" -w '%{http_code}' -H "Authorization: Bearer $BOB" "$CLOUD_URL/apps/$app")
[ "$code" = 404 ] || fail "expected HTTP 404, got $code: $BODY"
contains "$(cat "$E2E_CAPTURE/b")" "Cannot find the app with id $app"
# A forged token and a revoked refresh token.
sig=${ACCESS##*.}; flipped=$( [ "${sig:10:1}" = A ] && echo B || echo A )
tampered="${ACCESS%.*}.${sig:0:10}$flipped${sig:11}"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tampered" "$CLOUD_URL/apps")
[ "$code" = 401 ] || fail "a tampered access token answered $code"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${ACCESS%?}x" "$CLOUD_URL/apps")
[ "$code" = 401 ] || fail "an access token with stray low bits in its last character answered $code"
code=$(curl -sS -o /dev/null -w '%{http_code}' --data "grant_type=refresh_token&client_id=e2e-client&refresh_token=$REFRESH" "$CLOUD_URL/oauth/token")
[ "$code" = 200 ] || fail "refresh grant: $code"
curl -sS --data "token=$REFRESH" "$CLOUD_URL/oauth/revoke" >/dev/null
code=$(curl -sS -o "$E2E_CAPTURE/r" -w '%{http_code}' --data "grant_type=refresh_token&client_id=e2e-client&refresh_token=$REFRESH" "$CLOUD_URL/oauth/token")
[ "$code" = 400 ] || fail "expected HTTP 400, got $code: $BODY"
contains "$(cat "$E2E_CAPTURE/r")" "invalid_grant"
# An unknown SNI is closed without reaching any enclave.
before=$(curl -sf "$CLOUD_URL/metrics" | sed -n 's/.*outcome="unknown_host"} //p')
openssl s_client -connect "127.0.0.1:$ROUTER_PORT" -servername "nobody.localhost" </dev/null >/dev/null 2>&1 || true
after=$(curl -sf "$CLOUD_URL/metrics" | sed -n 's/.*outcome="unknown_host"} //p')
[ "$after" -gt "$before" ] || fail "unknown SNI not counted as refused ($before → $after)"

# --- bounded load: 64 clients on GET /apps for 10 s, no error ---------------
wrk -t2 -c64 -d10s -H "Authorization: Bearer $ACCESS" "$CLOUD_URL/apps" > "$E2E_TMP/wrk.txt"
grep -q "Non-2xx" "$E2E_TMP/wrk.txt" && { cat "$E2E_TMP/wrk.txt"; fail "errors under load"; }
grep -q "Socket errors" "$E2E_TMP/wrk.txt" && { cat "$E2E_TMP/wrk.txt"; fail "socket errors under load"; }

# --- restart safety: kill -9 while running, and while initializing ---------
deploy later
later=$(json_get "$BODY" id); later_domain=$(json_get "$BODY" domain_name)
wait_status "$later" initializing 120
stop_cloud KILL
start_cloud --max-upload-mb 1
wait_status "$app" running 10
wait_status "$later" initializing 10
[ "$(curl -sS --cacert "$E2E_TMP/$app.pem" "https://$domain:$ROUTER_PORT/health")" = OK ] || fail "running app unreachable after a restart"
configure "$later" "$later_domain"
wait_status "$later" running 60
stop_cloud KILL
docker -H "$DOCKER_HOST" rm -f "mse-cloud-$later" >/dev/null   # vanishes while the backend is down
start_cloud --max-upload-mb 1 --rotate-refresh-tokens
wait_status "$later" on_error 10
contains "$BODY" "gone when mse-cloud restarted"
[ "$(curl -sS --cacert "$E2E_TMP/$app.pem" "https://$domain:$ROUTER_PORT/health")" = OK ] || fail "running app unreachable after a second restart"
# Rotation on: each refresh hands out a new token; a rotated-away token
# coming back revokes its whole sign-in.
refresh() { curl -sS -o "$E2E_CAPTURE/r" -w '%{http_code}' --data "grant_type=refresh_token&client_id=e2e-client&refresh_token=$1" "$CLOUD_URL/oauth/token"; }
r1=$(json_get "$(pkce_login alice@example.com alice-password)" refresh_token)
[ "$(refresh "$r1")" = 200 ] || fail "refresh with rotation: $(cat "$E2E_CAPTURE/r")"
r2=$(json_get "$(cat "$E2E_CAPTURE/r")" refresh_token)
[ -n "$r2" ] && [ "$r2" != "$r1" ] || fail "no rotated refresh token"
[ "$(refresh "$r1")" = 400 ] || fail "a reused refresh token was accepted"
contains "$(cat "$E2E_CAPTURE/r")" "already used"
[ "$(refresh "$r2")" = 400 ] || fail "the sign-in of a reused token was not revoked"
ACCESS=$(json_get "$(pkce_login alice@example.com alice-password)" access_token)

# --- stop: stopped, route gone, logs kept -----------------------------------
api POST "/apps/$app/stop"
[ "$CODE" = 200 ] && [ "$(json_get "$BODY" status)" = stopped ] || fail "stop: $CODE $BODY"
if curl -sS --max-time 5 --cacert "$E2E_TMP/$app.pem" "https://$domain:$ROUTER_PORT/health" >/dev/null 2>&1; then
  fail "the route of a stopped app still answers"
fi
api GET "/apps/$app/logs"
contains "$BODY" "stopped by its owner"
stop_cloud
echo "ok"
