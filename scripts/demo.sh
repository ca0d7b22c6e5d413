#!/usr/bin/env bash
# The README's curl walk-through, top to bottom, against a running platform (`make dev`, then `make demo`):
# accounts and sessions, administrators, machine clients, files, media, posters, generation tasks, the inbox,
# e-mail and batch sends. Each run uses a new account and new Idempotency-Keys, makes its own sample images,
# waits for whatever is asynchronous (upload confirmation, media jobs, tasks, batches) before reading its result,
# and stops at the first answer that is not the one expected.
#
# Needs curl, jq and the project's Python (.venv: Pillow makes the sample images). Reads the platform's address and
# the administrator's credentials from its data folder (DATA, .local-data); API, ADMIN_EMAIL, ADMIN_PASSWORD and
# the platform's signing credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, local/local) can be given instead.
set -euo pipefail

DATA=${DATA:-.local-data}
PYTHON=${PYTHON:-.venv/bin/python}
KEPT="$DATA/credentials.json"
if [[ -z "${API:-}" ]]; then
  [[ -f "$KEPT" ]] || { echo "no $KEPT: start the platform first (make dev), or set API" >&2; exit 1; }
  API="$(jq -r .platform.api_url "$KEPT")/api/v1"
fi
ADMIN_EMAIL=${ADMIN_EMAIL:-$(jq -r .admin.email "$KEPT" 2>/dev/null || echo admin@design-agent.local)}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-$(jq -r .admin.password "$KEPT")}
SIGNER="${AWS_ACCESS_KEY_ID:-local}:${AWS_SECRET_ACCESS_KEY:-local}"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
RUN=$("$PYTHON" -c 'import uuid; print(uuid.uuid4().hex[:10])')
STEPS=0

# call EXPECTED METHOD URL [curl arguments...]: the answer's body on stdout; any other status ends the walk-through
call() {
  local expected=$1 method=$2 url=$3; shift 3
  local answer status
  answer=$(curl -s -X "$method" "$url" -w '\n%{http_code}' "$@")
  status=${answer##*$'\n'}
  if [[ ! " $expected " =~ " $status " ]]; then
    echo "FAILED: $method $url answered $status (expected $expected): ${answer%$'\n'*}" >&2
    exit 1
  fi
  STEPS=$((STEPS + 1))
  echo "ok  $method ${url#"$API"} -> $status" >&2
  printf '%s' "${answer%$'\n'*}"
}
# until URL STATUS_FILTER VALUES...: poll (as the signed-in user) until jq's STATUS_FILTER is one of VALUES
until_status() {
  local url=$1 filter=$2; shift 2
  for _ in $(seq 1 300); do
    local now; now=$(curl -s "$url" -H "Authorization: Bearer $ACCESS" | jq -r "$filter")
    [[ " $* " =~ " $now " ]] && return 0
    sleep 0.2
  done
  echo "FAILED: $url stayed $now (waiting for $*)" >&2; exit 1
}
upload() {  # upload FILE CONTENT_TYPE KIND: the file id, once the upload is confirmed
  local token file_id
  token=$(call 201 POST "$API/storage/upload-tokens" -H "Authorization: Bearer $ACCESS" -H 'Content-Type: application/json' \
          -d "{\"filename\":\"$(basename "$1")\",\"content_type\":\"$2\",\"kind\":\"$3\"}")
  file_id=$(echo "$token" | jq -r .file_id)
  mapfile -t form < <(echo "$token" | jq -r '.fields | to_entries[] | "-F", "\(.key)=\(.value)"')
  curl -sf "${form[@]}" -F "file=@$1" "$(echo "$token" | jq -r .url)" >/dev/null
  until_status "$API/storage/files/$file_id" .status stored
  echo "$file_id"
}

echo "== the walk-through against $API (run $RUN)" >&2
"$PYTHON" - "$WORK" <<'EOF'
import sys
from PIL import Image, ImageDraw
out = sys.argv[1]
photo = Image.new("RGB", (1200, 800), (40, 90, 160))
draw = ImageDraw.Draw(photo)
draw.ellipse((420, 180, 780, 620), fill=(240, 200, 60))
draw.rectangle((0, 640, 1200, 800), fill=(30, 120, 60))
photo.save(f"{out}/photo.jpg", "JPEG", quality=90)
logo = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
ImageDraw.Draw(logo).rounded_rectangle((10, 10, 150, 150), radius=30, fill=(220, 40, 60, 255))
logo.save(f"{out}/logo.png", "PNG")
EOF

# --- accounts and sessions --------------------------------------------------------------------------------------
EMAIL="ada-$RUN@example.com"; PASSWORD="correct horse battery"
call 201 POST "$API/users/register" -H 'Content-Type: application/json' \
     -d "{\"email\":\"$EMAIL\",\"username\":\"ada$RUN\",\"password\":\"$PASSWORD\"}" >/dev/null
login() { call 200 POST "$API/users/login" -H 'Content-Type: application/json' \
          -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"; }
LOGIN=$(login)
ACCESS=$(echo "$LOGIN" | jq -r .access_token); REFRESH=$(echo "$LOGIN" | jq -r .refresh_token)
AUTH=(-H "Authorization: Bearer $ACCESS")
call 200 GET "$API/users/me" "${AUTH[@]}" >/dev/null
call 200 GET "$API/users/me/quota" "${AUTH[@]}" >/dev/null
call 200 POST "$API/users/me/check-permission" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d '{"resource":"tasks","action":"create"}' >/dev/null
ACCESS=$(call 200 POST "$API/auth/refresh" -H 'Content-Type: application/json' \
         -d "{\"refresh_token\":\"$REFRESH\"}" | jq -r .access_token)
AUTH=(-H "Authorization: Bearer $ACCESS")
call 200 GET "$API/auth/sessions" "${AUTH[@]}" >/dev/null
call 200 GET "$API/auth/jwks.json" >/dev/null
call 200 POST "$API/auth/verify" -H 'Content-Type: application/json' -d "{\"token\":\"$ACCESS\"}" >/dev/null
call 204 POST "$API/auth/logout" "${AUTH[@]}" >/dev/null
call 401 GET "$API/users/me" "${AUTH[@]}" >/dev/null          # that session is over
ACCESS=$(login | jq -r .access_token); AUTH=(-H "Authorization: Bearer $ACCESS")

# --- administrators -----------------------------------------------------------------------------------------------
ADMIN=$(call 200 POST "$API/users/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | jq -r .access_token)
ADMIN_AUTH=(-H "Authorization: Bearer $ADMIN")
call 200 GET "$API/users?limit=10" "${ADMIN_AUTH[@]}" >/dev/null
USER_ID=$(call 200 GET "$API/users/me" "${AUTH[@]}" | jq -r .id)
call 200 POST "$API/users/$USER_ID/block" "${ADMIN_AUTH[@]}" >/dev/null
call 401 GET "$API/users/me" "${AUTH[@]}" >/dev/null          # a block ends the user's sessions
call 200 POST "$API/users/$USER_ID/unblock" "${ADMIN_AUTH[@]}" >/dev/null
ACCESS=$(login | jq -r .access_token); AUTH=(-H "Authorization: Bearer $ACCESS")

# --- machine clients ----------------------------------------------------------------------------------------------
CLIENT=$(call 201 POST "$API/auth/clients" "${ADMIN_AUTH[@]}" -H 'Content-Type: application/json' \
         -d "{\"name\":\"demo-worker-$RUN\"}")
CLIENT_ID=$(echo "$CLIENT" | jq -r .client_id); CLIENT_SECRET=$(echo "$CLIENT" | jq -r .client_secret)
WORKER=$(call 200 POST "$API/auth/token" -d grant_type=client_credentials -d "client_id=$CLIENT_ID" \
         -d "client_secret=$CLIENT_SECRET" | jq -r .access_token)
call 200 POST "$API/auth/verify" -H 'Content-Type: application/json' -d "{\"token\":\"$WORKER\"}" >/dev/null
call 200 GET "$API/auth/clients?limit=20" "${ADMIN_AUTH[@]}" >/dev/null
call 204 DELETE "$API/auth/clients/$CLIENT_ID" "${ADMIN_AUTH[@]}" >/dev/null

# --- files ----------------------------------------------------------------------------------------------------------
FILE_ID=$(upload "$WORK/photo.jpg" image/jpeg image)
call 200 GET "$API/storage/files?kind=image&limit=20" "${AUTH[@]}" >/dev/null
call 200 GET "$API/storage/stats" "${AUTH[@]}" >/dev/null
call 201 POST "$API/storage/files" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"filename\":\"logo.png\",\"content_type\":\"image/png\",\"data_base64\":\"$(base64 -w0 "$WORK/logo.png")\"}" \
     >/dev/null
call 201 POST "$API/files/images/resize" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"file_id\":\"$FILE_ID\",\"width\":800,\"height\":800,\"mode\":\"fit\"}" >/dev/null
call 201 POST "$API/files/images/convert" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"file_id\":\"$FILE_ID\",\"format\":\"webp\"}" >/dev/null
call 201 POST "$API/files/images/compress" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"file_id\":\"$FILE_ID\",\"target_bytes\":100000}" >/dev/null

# --- media ----------------------------------------------------------------------------------------------------------
call 201 POST "$API/media/remove-background" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"file_id\":\"$FILE_ID\"}" >/dev/null
call 201 POST "$API/media/smart-crop" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"file_id\":\"$FILE_ID\",\"aspect\":\"1:1\"}" >/dev/null
call 201 POST "$API/media/watermark" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"file_id\":\"$FILE_ID\",\"text\":\"© Design Agent\",\"anchor\":\"bottom-right\",\"opacity\":0.5}" >/dev/null
JOB=$(call 202 POST "$API/media/jobs" "${AUTH[@]}" -H 'Content-Type: application/json' \
      -d "{\"items\":[{\"file_id\":\"$FILE_ID\",\"operations\":[{\"op\":\"resize\",\"width\":800},
           {\"op\":\"watermark\",\"text\":\"DA\"},{\"op\":\"convert\",\"format\":\"webp\"}]}]}" | jq -r .job_id)
until_status "$API/media/jobs/$JOB" .status completed            # then its results exist
RESULT=$(call 200 GET "$API/media/jobs/$JOB" "${AUTH[@]}" | jq -r '.items[0].result.url')
curl -sf -o "$WORK/result.webp" "$RESULT"
[[ "$(head -c 4 "$WORK/result.webp")" == "RIFF" ]] || { echo "FAILED: the job's result is not a WebP" >&2; exit 1; }
call 200 GET "$API/media/jobs" "${AUTH[@]}" >/dev/null

# --- posters ----------------------------------------------------------------------------------------------------------
POSTER=$(call 201 POST "$API/designs/posters" "${AUTH[@]}" -H 'Content-Type: application/json' -d '{
  "title": "Spring sale", "width": 1080, "height": 1920, "background": {"color": "#fff4e6"},
  "layers": [
    {"name": "background", "elements": [{"kind": "shape", "shape": "rectangle", "x": 60, "y": 60, "width": 960,
      "height": 1800, "fill": "#ff6600", "corner_radius": 40}]},
    {"name": "text", "elements": [{"kind": "text", "content": "Spring Sale 春季特卖", "x": 120, "y": 300,
      "width": 840, "height": 200, "font_size": 96, "color": "#ffffff", "align": "center"}]}]}' \
  | jq -r .poster.poster_id)
call 200 GET "$API/designs/posters/$POSTER" "${AUTH[@]}" >/dev/null
call 304 GET "$API/designs/posters/$POSTER" "${AUTH[@]}" -H 'If-None-Match: "1"' >/dev/null
call 204 PATCH "$API/designs/posters/$POSTER" "${AUTH[@]}" -H 'If-Match: "1"' -H 'Content-Type: application/json' \
     -d '{"title":"Spring sale (final)"}' >/dev/null
call 412 PATCH "$API/designs/posters/$POSTER" "${AUTH[@]}" -H 'If-Match: "1"' -H 'Content-Type: application/json' \
     -d '{"title":"late"}' >/dev/null
LAYERS=$(call 200 GET "$API/designs/posters/$POSTER" "${AUTH[@]}" | jq -c '[.layers[].layer_id] | reverse')
call 204 PUT "$API/designs/posters/$POSTER/layer-order" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"layer_ids\": $LAYERS}" >/dev/null
TOP=$(echo "$LAYERS" | jq -r '.[-1]')
call 201 POST "$API/designs/posters/$POSTER/elements" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d "{\"elements\":[{\"layer_id\":\"$TOP\",\"body\":{\"kind\":\"shape\",\"shape\":\"ellipse\",\"x\":400,
          \"y\":1400,\"width\":280,\"height\":280,\"fill\":\"#ffffff80\"}}]}" >/dev/null
call 201 POST "$API/designs/posters/$POSTER/export" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d '{"scale": 0.5}' >/dev/null
TPL=$(call 201 POST "$API/designs/posters/$POSTER/template" "${AUTH[@]}" -H 'Content-Type: application/json' \
      -d '{"name":"Spring","category":"festival","tags":["red"]}' | jq -r .template_id)
call 200 GET "$API/designs/templates?scope=mine&category=festival&tag=red" "${AUTH[@]}" >/dev/null
call 201 POST "$API/designs/templates/$TPL/posters" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d '{"title":"Summer sale"}' >/dev/null
call 200 GET "$API/designs/posters?limit=10" "${AUTH[@]}" >/dev/null

# --- generation tasks (a new Idempotency-Key per run: a repeated key returns the earlier task) ----------------------
TASK=$(call 201 POST "$API/tasks" "${AUTH[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: demo-$RUN" \
       -d "{\"type\":\"poster.generate\",\"params\":{\"prompt\":\"Autumn jazz night at the riverside\",
            \"subtitle\":\"Saturday 8pm, Pier 4\",\"style\":\"retro\",\"size\":{\"width\":1080,\"height\":1920},
            \"reference_file_ids\":[\"$FILE_ID\"]}}" | jq -r .task_id)
until_status "$API/tasks/$TASK/status" .status succeeded failed cancelled   # a worker must be running
call 200 GET "$API/tasks/$TASK/status" "${AUTH[@]}" | jq -e '.status == "succeeded"' >/dev/null
DONE=$(call 200 GET "$API/tasks/$TASK" "${AUTH[@]}")
call 200 GET "$API/designs/posters/$(echo "$DONE" | jq -r .result.poster_id)" "${AUTH[@]}" >/dev/null
curl -sf -o "$WORK/preview.png" "$(echo "$DONE" | jq -r .result.preview_url)"
call 200 GET "$API/tasks?status=succeeded&limit=10" "${AUTH[@]}" >/dev/null
call 409 POST "$API/tasks/$TASK/cancel" "${AUTH[@]}" >/dev/null     # it has finished
call 409 POST "$API/tasks/$TASK/retry" "${AUTH[@]}" >/dev/null      # only failed or cancelled ones

# --- the inbox, e-mail, batch sends -----------------------------------------------------------------------------------
LAST=$(call 200 GET "$API/notifications/inbox?limit=20" "${AUTH[@]}" | jq -r '.items[0].message_id')
call 200 GET "$API/notifications/inbox?since=$LAST" "${AUTH[@]}" >/dev/null
call 200 GET "$API/notifications/inbox/unread-count" "${AUTH[@]}" >/dev/null
call 200 POST "$API/notifications/inbox/read-all" "${AUTH[@]}" >/dev/null
call 200 PUT "$API/notifications/preferences" "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d '{"email_enabled": false}' >/dev/null
call 200 GET "${API%/api/v1}/_local/emails" --aws-sigv4 aws:amz:us-east-1:execute-api --user "$SIGNER" >/dev/null
BATCH=$(call 202 POST "$API/notifications/batches" "${ADMIN_AUTH[@]}" -H 'Content-Type: application/json' \
        -d "{\"title\":\"Maintenance tonight ($RUN)\",\"body\":\"02:00-02:15 UTC\",\"user_ids\":[\"$USER_ID\"]}" \
        | jq -r .batch_id)
ACCESS=$ADMIN until_status "$API/notifications/batches/$BATCH" .status done

echo "== the walk-through passed: $STEPS calls answered as expected" >&2
