#!/usr/bin/env bash
# Make a player card and wait for it: the Pro Clubs partner walkthrough, as it runs
# against Creative Studio (README, Player cards API). Needs curl and jq.
#
#   HOST=http://127.0.0.1:8000 API_KEY=cs_live_… PHOTO_URL=https://example.com/alex.jpg scripts/player_card.sh
set -euo pipefail

HOST="${HOST:-http://127.0.0.1:8000}"
API_KEY="${API_KEY:?Set API_KEY to a key from Settings → API keys}"
PHOTO_URL="${PHOTO_URL:?Set PHOTO_URL to the address of the photo of the player}"
IDEMPOTENCY_KEY="$(uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid)"

BODY=$(jq -n --arg url "$PHOTO_URL" '{
  type: "player_card",
  player: {
    external_id: "pc-1042",
    name: "Alex Morgan",
    position: "ST",
    number: 9,
    skill_level: 87,
    source_image_url: $url
  },
  style: {preset: "pro_clubs_card"}
}')

RESPONSE=$(curl -sS -X POST "$HOST/api/v1/images" \
  -H "X-API-Key: $API_KEY" \
  -H "Content-Type: application/json" \
  -H "Idempotency-Key: $IDEMPOTENCY_KEY" \
  -d "$BODY")
ID=$(echo "$RESPONSE" | jq -r .data.image_id)
if [ "$ID" = "null" ]; then
  echo "Refused: $RESPONSE" >&2
  exit 1
fi
echo "Image ID: $ID (ready around $(echo "$RESPONSE" | jq -r .data.estimated_completion_at))"

while true; do
  RESULT=$(curl -sS "$HOST/api/v1/images/$ID" -H "X-API-Key: $API_KEY")
  STATUS=$(echo "$RESULT" | jq -r .data.status)
  echo "Status: $STATUS $(echo "$RESULT" | jq -r '.data.progress // empty')"
  if [ "$STATUS" = "completed" ] || [ "$STATUS" = "failed" ]; then
    break
  fi
  sleep 2
done

if [ "$STATUS" = "failed" ]; then
  echo "Failed: $(echo "$RESULT" | jq -r '.data.failure.code + ": " + .data.failure.message')" >&2
fi
echo "Done! URL: $(echo "$RESULT" | jq -r .data.result.image_url)"
