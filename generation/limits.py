"""Every limit the API enforces, in one place (README, Using the API; each one appears
in docs/api.md as the rule of its field)."""

CLAIM_MAX_CHARS = 280
COUNT_MIN, COUNT_MAX = 1, 10
FORMATS_MAX = 10
CTA_MAX_CHARS = 40
METADATA_MAX_PAIRS = 20
METADATA_KEY_MAX_CHARS = 40
METADATA_VALUE_MAX_CHARS = 500
OUTPUT_FORMATS = ("png", "jpeg", "webp")
DOWNLOAD_FORMATS = ("png", "jpeg", "pdf", "webp")
DOWNLOAD_FORMAT_ALIASES = {"0": "png", "1": "jpeg", "2": "pdf", "3": "webp"}
LOW_RESOLUTION_MAX_SIDE = 512
IDEMPOTENCY_KEY_MAX_CHARS = 255
IDEMPOTENCY_RETENTION_HOURS = 48
JOB_LIST_MAX_LIMIT = 100
JOB_LIST_DEFAULT_LIMIT = 20
ASSET_MAX_BYTES = 12 * 1024 * 1024

# Uploaded images, checked from the header before any pixel is decoded. 25 MP takes
# every phone photo (4032×3024 = 12.2 MP, 4284×5712 = 24.5 MP) and a 5000×5000 scan;
# decoded as RGBA it is at most 100 MB. No side over 8192 px, and no strip thinner
# than 1:10 (a 40,000,000×1 PNG is 39 KB on the wire and cost seconds per image as a
# logo): the widest standard ad format, F8 728×90, is 8:1.
ASSET_MAX_PIXELS = 25_000_000
ASSET_MAX_SIDE = 8192
ASSET_MAX_ASPECT_RATIO = 10
# Decodes at once per process: each may hold ~3 copies of a 25 MP image while it is
# transposed, converted and re-encoded; the others wait for their turn.
ASSET_DECODES_PER_PROCESS = 2
# The working copy stored beside each asset, which logos are drawn from: the largest
# logo box of any format is under 400 px, so 1024 px keeps it sharp at a fraction of
# the cost. Product photos keep the original (a cut-out is at the upload's size).
ASSET_WORKING_MAX_SIDE = 1024

# Work an account may have waiting or running at once (queued + processing), with
# live and test keys alike; beyond it 429 `too_many_active_jobs` (README, What to expect: Errors). A 10-image
# job renders in about a second, so 20 jobs / 200 images is minutes of work for the
# whole cluster — far more than a client polling its jobs needs in flight.
ACCOUNT_ACTIVE_JOBS_MAX = 20
ACCOUNT_ACTIVE_IMAGES_MAX = 200
ACCOUNT_ACTIVE_RETRY_AFTER_SECONDS = 10
WEBHOOK_URL_MAX_CHARS = 2000
WEBHOOK_DESCRIPTION_MAX_CHARS = 200
WEBHOOK_ENDPOINTS_PER_ACCOUNT_MAX = 10
WEBHOOK_MESSAGE_LIST_MAX_LIMIT = 100
API_KEY_NAME_MAX_CHARS = 100
# GET /api/v1/usage: a period of at most a year (and a leap day); the purchases it lists.
USAGE_PERIOD_MAX_DAYS = 366
USAGE_PURCHASES_LISTED_MAX = 100
PHOTOSHOOT_PROMPTS_MIN, PHOTOSHOOT_PROMPTS_MAX = 1, 6
PHOTOSHOOT_PROMPT_MAX_CHARS = 300
PRODUCT_NAME_MAX_CHARS = 100
PRODUCT_DESCRIPTION_MAX_CHARS = 1000
RECOMMENDED_PROMPTS = 4
RECOMMENDED_PRESETS = 6
# Live previews (README, Live previews): free, never stored, one format per request,
# drawn as the job would draw it and scaled to at most this many pixels a side.
PREVIEW_MAX_SIDE = 512
PREVIEW_RATE_LIMIT = "120/min"  # per API key (or signed-in user); settings.PREVIEW_RATE_LIMIT overrides

# Player cards (README, Player cards API).
CARD_NAME_MAX_CHARS = 60
CARD_EXTERNAL_ID_MAX_CHARS = 100
CARD_NUMBER_MIN, CARD_NUMBER_MAX = 1, 99
CARD_SKILL_MIN, CARD_SKILL_MAX = 1, 99
SOURCE_IMAGE_URL_MAX_CHARS = 2000
# A source photo is fetched with the upload limits (ASSET_MAX_BYTES, ASSET_MAX_PIXELS)
# and at most this many redirects, each hop checked like the first URL.
SOURCE_IMAGE_MAX_REDIRECTS = 3
# The photo is scaled to this longest side before the engine sees it (a fetched JPEG
# is decoded at a reduced scale when it is over twice as large): a card is 1350 px
# tall and the engine cuts the player out of a smaller copy, so more only costs time.
CARD_PHOTO_MAX_SIDE = 1600
# What a card is expected to take (fetch, cut-out, render, store) before any has been
# measured; afterwards the median of the last CARD_ESTIMATE_SAMPLES cards decides.
CARD_ESTIMATE_DEFAULT_MS = 2500
CARD_ESTIMATE_SAMPLES = 20
