"""Input shapes for the generation API. Shape only: business rules (credits, presets
that exist, assets you own) are checked in the services."""
from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fastpath.serializers import InputSerializer
from generation import engine, limits
from generation.models import Job

HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class BrandSerializer(InputSerializer):
    primaryColor = serializers.RegexField(HEX_COLOR, required=False, allow_null=True,
                                          error_messages={"invalid": "Use a #RRGGBB colour."})
    secondaryColor = serializers.RegexField(HEX_COLOR, required=False, allow_null=True,
                                            error_messages={"invalid": "Use a #RRGGBB colour."})
    logoAssetId = serializers.UUIDField(required=False, allow_null=True)


BRAND_KIT = "default"  # `brand: "default"`: the account's saved brand kit (README, Brand kit)


@extend_schema_field({"oneOf": [
    {"type": "object", "properties": {
        "primaryColor": {"type": "string", "pattern": HEX_COLOR.pattern, "nullable": True, "example": "#1D4ED8"},
        "secondaryColor": {"type": "string", "pattern": HEX_COLOR.pattern, "nullable": True, "example": "#F59E0B"},
        "logoAssetId": {"type": "string", "format": "uuid", "nullable": True}}},
    {"type": "string", "enum": [BRAND_KIT], "description": "The account's brand kit (Settings → Brand)."},
]})
class BrandField(serializers.Field):
    """`brand`: an object of colours and a logo, or "default" for the saved brand kit
    (which the service resolves to its colours and logo when the job is accepted)."""

    default_error_messages = {"invalid": "Send brand as an object {{primaryColor, secondaryColor, logoAssetId}} "
                                         "or the string \"default\" for your brand kit."}

    def to_internal_value(self, data):
        if data == BRAND_KIT:
            return BRAND_KIT
        if not isinstance(data, dict):
            self.fail("invalid")
        brand = BrandSerializer(data=data)
        if not brand.is_valid():
            raise serializers.ValidationError(brand.errors)
        return dict(brand.validated_data)

    def to_representation(self, value):
        return value


class StrictCharField(serializers.CharField):
    """A string, and only a string: 42 or true are type errors, not text."""

    default_error_messages = {"invalid": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MetadataField(serializers.DictField):
    def __init__(self, **kwargs):
        super().__init__(child=StrictCharField(max_length=limits.METADATA_VALUE_MAX_CHARS, allow_blank=True),
                         **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if len(value) > limits.METADATA_MAX_PAIRS:
            raise serializers.ValidationError(f"At most {limits.METADATA_MAX_PAIRS} pairs.")
        for key in value:
            if not key or len(key) > limits.METADATA_KEY_MAX_CHARS:
                raise serializers.ValidationError(f"Keys have 1 to {limits.METADATA_KEY_MAX_CHARS} characters.")
        return value


def _clean_text(value: str) -> str:
    # Control characters never render and only confuse layout.
    return "".join(ch for ch in value if ch == "\n" or ch.isprintable()).strip()


class CreativeRequestSerializer(InputSerializer):
    claim = StrictCharField(max_length=limits.CLAIM_MAX_CHARS, trim_whitespace=True, error_messages={
        "blank": "Write a claim: the headline the creative shows.",
        "required": "Write a claim: the headline the creative shows.",
        "max_length": f"A claim has at most {limits.CLAIM_MAX_CHARS} characters.",
    })
    language = serializers.ChoiceField(choices=engine.LANGUAGES, default="EN")
    count = serializers.IntegerField(min_value=limits.COUNT_MIN, max_value=limits.COUNT_MAX, required=False)
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=list(engine.FORMATS), error_messages={
            "invalid_choice": "{input} is not a format; GET /api/v1/formats lists F1 to F12."}),
        min_length=1, max_length=limits.FORMATS_MAX, required=False, error_messages={
            "min_length": "Choose at least one format.",
            "max_length": f"Choose at most {limits.FORMATS_MAX} formats (repeat one for variants).",
        })
    outputFormat = serializers.ChoiceField(choices=limits.OUTPUT_FORMATS, default="png")
    preset = serializers.SlugField(max_length=64, required=False, allow_null=True)
    brand = BrandField(required=False, allow_null=True)
    cta = StrictCharField(max_length=limits.CTA_MAX_CHARS, required=False, allow_blank=True)
    webhookUrl = serializers.URLField(max_length=limits.WEBHOOK_URL_MAX_CHARS, required=False, allow_blank=True)
    metadata = MetadataField(required=False)
    productImageAssetId = serializers.UUIDField(required=False, allow_null=True, error_messages={
        "invalid": "Use the assetId that POST /api/v1/assets returned (a UUID)."})

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("language"), str):
            data = {**data, "language": data["language"].upper()}
        return super().to_internal_value(data)

    def validate_claim(self, value: str) -> str:
        value = _clean_text(value)
        if not value:
            raise serializers.ValidationError("Write a claim: the headline the creative shows.")
        return value

    def validate_cta(self, value: str) -> str:
        return _clean_text(value)

    def validate(self, attrs):
        formats = attrs.get("formats")
        count = attrs.get("count")
        if formats is not None and count is not None and count != len(formats):
            raise serializers.ValidationError(
                {"count": [f"count ({count}) must equal the number of formats ({len(formats)}), or be left out."]}
            )
        # Characters the language's font has no glyph for would be drawn as empty boxes.
        undrawable = {field: [problem] for field in ("claim", "cta")
                      if (problem := engine.missing_glyphs_message(attrs.get(field) or "", attrs["language"]))}
        if undrawable:
            raise serializers.ValidationError(undrawable)
        if formats is None:
            formats = list(engine.DEFAULT_FORMAT_ORDER[: count or 1])
        attrs["formats"] = formats
        attrs["count"] = len(formats)
        return attrs

    def to_job_request(self) -> dict:
        """The validated input as the job stores and echoes it (`request`)."""
        data = dict(self.validated_data)
        data.pop("webhookUrl", None)
        data.pop("metadata", None)
        brand = data.get("brand")
        if brand == BRAND_KIT:
            pass  # resolved to the kit's colours and logo by the service (brand_kit_resolve)
        elif brand:
            data["brand"] = {k: (str(v) if v is not None else None) for k, v in brand.items() if v is not None}
            if not data["brand"]:
                data.pop("brand")
        elif "brand" in data:
            data.pop("brand")
        if not data.get("preset"):
            data.pop("preset", None)
        if not data.get("cta"):
            data.pop("cta", None)
        if data.get("productImageAssetId"):
            data["productImageAssetId"] = str(data["productImageAssetId"])
        else:
            data.pop("productImageAssetId", None)
        return data


class PreviewRequestSerializer(CreativeRequestSerializer):
    """POST /api/v1/previews: the generate body, for one format."""

    def validate(self, attrs):
        formats = attrs.get("formats")
        if formats is not None and len(formats) != 1:
            raise serializers.ValidationError(
                {"formats": ['A preview draws one format: send one, e.g. "formats": ["F4"].']})
        if formats is None and attrs.get("count", 1) != 1:
            raise serializers.ValidationError({"count": ['A preview draws one format: leave count out, and send '
                                                         '"formats": ["F4"].']})
        return super().validate(attrs)


class FitReportSerializer(serializers.Serializer):
    format = serializers.CharField()
    fits = serializers.BooleanField()
    fontSizePx = serializers.IntegerField(allow_null=True, help_text="The claim's font size as set; null when it "
                                                                     "does not fit.")
    lines = serializers.ListField(child=serializers.CharField(), help_text="The claim as set, one string per line.")
    shortened = serializers.BooleanField(help_text="The format sets part of the claim (its first sentence or "
                                                   "clause) where the whole would not fit.")
    message = serializers.CharField(allow_blank=True, help_text="Why the claim does not fit; empty when it fits.")


class PhotoshootPromptSerializer(InputSerializer):
    tag = serializers.ChoiceField(choices=("preset", "custom"), error_messages={
        "invalid_choice": "A prompt's tag is \"preset\" (with `preset`) or \"custom\" (with `prompt`)."})
    preset = serializers.SlugField(max_length=64, required=False)
    prompt = StrictCharField(max_length=limits.PHOTOSHOOT_PROMPT_MAX_CHARS, required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs["tag"] == "preset":
            if not attrs.get("preset"):
                raise serializers.ValidationError({"preset": ["Name a preset id; GET /api/v1/presets lists them."]})
            return {"tag": "preset", "preset": attrs["preset"]}
        prompt = _clean_text(attrs.get("prompt") or "").replace("\n", " ")
        if not prompt:
            raise serializers.ValidationError(
                {"prompt": ["Describe the scene, e.g. \"on white marble in soft light\"."]}
            )
        return {"tag": "custom", "prompt": prompt}


class PhotoshootRequestSerializer(InputSerializer):
    productImageAssetId = serializers.UUIDField(error_messages={
        "required": "Name the product image: the backgroundRemovedImageAssetId from "
                    "POST /api/v1/photoshoots/recommendations, or an asset from POST /api/v1/assets.",
        "invalid": "Must be an asset id (a UUID)."})
    prompts = PhotoshootPromptSerializer(many=True, min_length=limits.PHOTOSHOOT_PROMPTS_MIN,  # type: ignore[call-arg]
                                         max_length=limits.PHOTOSHOOT_PROMPTS_MAX, error_messages={
        "min_length": "Send at least one prompt.",
        "max_length": f"Send at most {limits.PHOTOSHOOT_PROMPTS_MAX} prompts (one image each).",
        "empty": "Send at least one prompt."})
    productName = StrictCharField(max_length=limits.PRODUCT_NAME_MAX_CHARS, required=False, allow_blank=True)
    productDescription = StrictCharField(max_length=limits.PRODUCT_DESCRIPTION_MAX_CHARS, required=False,
                                         allow_blank=True)
    disableSafeMargin = serializers.BooleanField(required=False, default=False)
    useSameStyleReferenceImage = serializers.BooleanField(required=False, default=True)
    webhookUrl = serializers.URLField(max_length=limits.WEBHOOK_URL_MAX_CHARS, required=False, allow_blank=True)
    metadata = MetadataField(required=False)

    def validate_productName(self, value: str) -> str:
        return _clean_text(value)

    def validate_productDescription(self, value: str) -> str:
        return _clean_text(value)

    def to_job_request(self) -> dict:
        """The validated input as the job stores and echoes it (`request`); custom
        prompts list the words the scene mapping did not use (`ignoredWords`)."""
        data = dict(self.validated_data)
        data.pop("webhookUrl", None)
        data.pop("metadata", None)
        data["productImageAssetId"] = str(data["productImageAssetId"])
        prompts = []
        for prompt in data["prompts"]:
            prompt = dict(prompt)
            if prompt["tag"] == "custom":
                prompt["ignoredWords"] = engine.scene_from_prompt(prompt["prompt"])[1]
            prompts.append(prompt)
        data["prompts"] = prompts
        for field in ("productName", "productDescription"):
            if not data.get(field):
                data.pop(field, None)
        return data


class RecommendationsFormSerializer(InputSerializer):
    productName = StrictCharField(max_length=limits.PRODUCT_NAME_MAX_CHARS, required=False, allow_blank=True)

    def validate_productName(self, value: str) -> str:
        return _clean_text(value)


class JobListQuerySerializer(InputSerializer):
    limit = serializers.IntegerField(min_value=1, max_value=limits.JOB_LIST_MAX_LIMIT,
                                     default=limits.JOB_LIST_DEFAULT_LIMIT)
    offset = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    status = serializers.ChoiceField(choices=Job.Status.values, required=False)
    type = serializers.ChoiceField(choices=Job.Type.values, required=False)


class DownloadQuerySerializer(InputSerializer):
    format = serializers.CharField(required=False, default="png")
    lowResolution = serializers.BooleanField(required=False, default=False)

    def validate_format(self, value: str) -> str:
        value = limits.DOWNLOAD_FORMAT_ALIASES.get(value, value.lower())
        if value not in limits.DOWNLOAD_FORMATS:
            raise serializers.ValidationError("Use png, jpeg, pdf or webp (or 0, 1, 2, 3).")
        return value


class ArchiveQuerySerializer(InputSerializer):
    """`?format=` of a job's ZIP (the images at full size, so no lowResolution)."""

    format = serializers.CharField(required=False, default="png")
    validate_format = DownloadQuerySerializer.validate_format


# --- Response shapes, for the OpenAPI schema -----------------------------------------------

class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class AcceptedResultSerializer(serializers.Serializer):
    requested = serializers.IntegerField()
    produced = serializers.IntegerField()
    progress = ProgressSerializer()


class JobAcceptedSerializer(serializers.Serializer):
    jobId = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Job.Status.values)
    pollUrl = serializers.CharField()
    result = AcceptedResultSerializer()


class OutputSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    format = serializers.CharField()
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    contentType = serializers.CharField()
    downloadUrl = serializers.URLField()


class FailureSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    format = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class JobResultSerializer(serializers.Serializer):
    requested = serializers.IntegerField()
    produced = serializers.IntegerField()
    failed = serializers.IntegerField()
    progress = ProgressSerializer()
    images = serializers.ListField(child=serializers.URLField())
    formats = serializers.ListField(child=serializers.CharField())
    outputs = OutputSerializer(many=True)
    failures = FailureSerializer(many=True)


class JobImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()


class JobErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class JobSerializer(serializers.Serializer):
    jobId = serializers.UUIDField()
    type = serializers.ChoiceField(choices=Job.Type.values)
    status = serializers.ChoiceField(choices=Job.Status.values)
    mode = serializers.ChoiceField(choices=Job.Mode.values)
    progress = serializers.FloatField(allow_null=True)
    createdAt = serializers.DateTimeField()
    startedAt = serializers.DateTimeField(allow_null=True)
    completedAt = serializers.DateTimeField(allow_null=True)
    failedAt = serializers.DateTimeField(required=False, allow_null=True)
    canceledAt = serializers.DateTimeField(required=False, allow_null=True)
    creditsConsumed = serializers.IntegerField()
    request = serializers.DictField()
    metadata = serializers.DictField(child=serializers.CharField())
    result = JobResultSerializer()
    images = JobImageSerializer(many=True)
    error = JobErrorSerializer(allow_null=True)


class JobListSerializer(serializers.Serializer):
    jobs = JobSerializer(many=True)
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    hasMore = serializers.BooleanField()


class FormatSerializer(serializers.Serializer):
    code = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    name = serializers.CharField()
    family = serializers.CharField()
    maxBytes = serializers.IntegerField(allow_null=True)


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()
    # The problem body's field, documented only: this serializer never validates input.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False)
    requestId = serializers.CharField(allow_null=True)


class AssetSerializer(serializers.Serializer):
    assetId = serializers.UUIDField()
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    contentType = serializers.CharField()
    byteSize = serializers.IntegerField()
    createdAt = serializers.DateTimeField()


class PresetQuerySerializer(serializers.Serializer):
    category = serializers.CharField(max_length=64, required=False, allow_blank=True)
    tag = serializers.CharField(max_length=64, required=False, allow_blank=True)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)


class PresetCategorySerializer(serializers.Serializer):
    name = serializers.CharField()


class PresetSerializer(serializers.Serializer):
    id = serializers.CharField()
    previewImageUrl = serializers.URLField(allow_null=True)
    previewName = serializers.CharField()
    promptText = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    categories = PresetCategorySerializer(many=True)
    isOldPreset = serializers.BooleanField()


class ProductInfoSerializer(serializers.Serializer):
    productName = serializers.CharField()
    productDescription = serializers.CharField()


class RecommendationsSerializer(serializers.Serializer):
    productInfo = ProductInfoSerializer()
    backgroundRemovedImageAssetId = serializers.UUIDField()
    backgroundRemovedImageUrl = serializers.URLField()
    originalImageAssetId = serializers.UUIDField()
    originalImageUrl = serializers.URLField()
    recommendedPrompts = serializers.ListField(child=serializers.CharField())
    recommendedPresetIds = serializers.ListField(child=serializers.CharField())
    dominantColors = serializers.ListField(child=serializers.CharField())
