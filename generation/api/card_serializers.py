"""Input and output shapes of the player-card API (README, Player cards API): snake_case,
answers in a `data` envelope. Shape only; the rules (the URL's address policy, assets
you own, credits) are the services'."""
from __future__ import annotations

from rest_framework import serializers

from fastpath.serializers import InputSerializer
from generation import engine, limits
from generation.api.serializers import MetadataField, StrictCharField, _clean_text
from generation.models import Job


class PlayerSerializer(InputSerializer):
    external_id = StrictCharField(max_length=limits.CARD_EXTERNAL_ID_MAX_CHARS, required=False, allow_blank=True,
                                  allow_null=True)
    name = StrictCharField(max_length=limits.CARD_NAME_MAX_CHARS, error_messages={
        "required": "Give the player's name, as the card should show it.",
        "blank": "Give the player's name, as the card should show it.",
        "max_length": f"A name has at most {limits.CARD_NAME_MAX_CHARS} characters."})
    position = serializers.ChoiceField(choices=engine.cards.POSITIONS, error_messages={
        "invalid_choice": f"{{input}} is not a position; use one of {', '.join(engine.cards.POSITIONS)}."})
    # Optional: a card without a shirt number leaves the number out.
    number = serializers.IntegerField(min_value=limits.CARD_NUMBER_MIN, max_value=limits.CARD_NUMBER_MAX,
                                      required=False, allow_null=True,
                                      error_messages={"min_value": "A shirt number is 1 to 99.",
                                                      "max_value": "A shirt number is 1 to 99."})
    skill_level = serializers.IntegerField(min_value=limits.CARD_SKILL_MIN, max_value=limits.CARD_SKILL_MAX,
                                           error_messages={"min_value": "A skill level is 1 to 99.",
                                                           "max_value": "A skill level is 1 to 99."})
    source_image_url = serializers.URLField(max_length=limits.SOURCE_IMAGE_URL_MAX_CHARS, required=False,
                                            allow_blank=True, allow_null=True)
    source_image_asset_id = serializers.UUIDField(required=False, allow_null=True, error_messages={
        "invalid": "Use the assetId that POST /api/v1/assets returned (a UUID)."})

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("position"), str):
            data = {**data, "position": data["position"].strip().upper()}
        return super().to_internal_value(data)

    def validate_name(self, value: str) -> str:
        value = " ".join(_clean_text(value).split())
        if not value:
            raise serializers.ValidationError("Give the player's name, as the card should show it.")
        problem = engine.card_name_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate_external_id(self, value):
        return _clean_text(value) if value else value

    def validate(self, attrs):
        url, asset = attrs.get("source_image_url"), attrs.get("source_image_asset_id")
        if bool(url) == bool(asset):
            message = ("Send the player's photo as source_image_url (an http(s) URL) or source_image_asset_id "
                       "(from POST /api/v1/assets).") if not url else (
                "Send source_image_url or source_image_asset_id, not both.")
            raise serializers.ValidationError({"source_image_url": [message]})
        player = {"name": attrs["name"], "position": attrs["position"], "number": attrs.get("number"),
                  "skill_level": attrs["skill_level"]}
        if attrs.get("external_id"):
            player["external_id"] = attrs["external_id"]
        if url:
            player["source_image_url"] = url
        else:
            player["source_image_asset_id"] = str(asset)
        return player


class CardStyleSerializer(InputSerializer):
    preset = serializers.ChoiceField(choices=(), required=False, error_messages={
        "invalid_choice": "{input} is not a card design; GET /api/v1/images/presets lists them."})

    def get_fields(self):
        fields = super().get_fields()
        fields["preset"].choices = list(engine.CARD_PRESETS)  # the engine's designs, read when used
        return fields


class PlayerCardRequestSerializer(InputSerializer):
    type = serializers.ChoiceField(choices=[Job.Type.PLAYER_CARD], default=Job.Type.PLAYER_CARD, error_messages={
        "invalid_choice": "This endpoint makes player cards: type is \"player_card\"."})
    player = PlayerSerializer()
    style = CardStyleSerializer(required=False)  # type: ignore[assignment]  # a field named like a Field/Serializer attribute; DRF allows it, the stubs do not
    webhook_url = serializers.URLField(max_length=limits.WEBHOOK_URL_MAX_CHARS, required=False, allow_blank=True)
    metadata = MetadataField(required=False)

    def to_job_request(self) -> dict:
        """The validated input as the job stores and echoes it (`request`)."""
        style = self.validated_data.get("style") or {}
        return {"type": Job.Type.PLAYER_CARD, "player": dict(self.validated_data["player"]),
                "style": {"preset": style.get("preset") or engine.DEFAULT_CARD_PRESET}}


# --- Response shapes, for the OpenAPI schema -----------------------------------------------

class CardAcceptedDataSerializer(serializers.Serializer):
    image_id = serializers.CharField(help_text="\"img_\" + the job id's 32 hex digits.")
    status = serializers.ChoiceField(choices=["processing"])
    progress = serializers.FloatField(allow_null=True)
    estimated_completion_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()


class CardAcceptedSerializer(serializers.Serializer):
    data = CardAcceptedDataSerializer()  # type: ignore[assignment]  # a field named like a Field/Serializer attribute; DRF allows it, the stubs do not


class CardResultSerializer(serializers.Serializer):
    image_url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    content_type = serializers.CharField()


class CardFailureSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="source_image_unreachable, source_image_invalid, no_person_found, …")
    message = serializers.CharField()


class CardPlayerSerializer(serializers.Serializer):
    external_id = serializers.CharField(allow_null=True)
    name = serializers.CharField()


class CardDataSerializer(serializers.Serializer):
    image_id = serializers.CharField()
    job_id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=[Job.Type.PLAYER_CARD])
    status = serializers.ChoiceField(choices=["processing", "completed", "failed"])
    mode = serializers.ChoiceField(choices=Job.Mode.values)
    progress = serializers.FloatField(allow_null=True, required=False,
                                      help_text="While processing: 0.0–1.0, null until a worker starts it.")
    estimated_completion_at = serializers.DateTimeField(required=False)
    result = CardResultSerializer(required=False)
    failure = CardFailureSerializer(required=False)
    player = CardPlayerSerializer()
    style = serializers.DictField()  # type: ignore[assignment]  # a field named like a Field/Serializer attribute; DRF allows it, the stubs do not
    metadata = serializers.DictField(child=serializers.CharField())
    credits_consumed = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    failed_at = serializers.DateTimeField(allow_null=True)


class CardSerializer(serializers.Serializer):
    data = CardDataSerializer()  # type: ignore[assignment]  # a field named like a Field/Serializer attribute; DRF allows it, the stubs do not


class CardPresetSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    preview_url = serializers.URLField()
    default = serializers.BooleanField()


class CardPresetListSerializer(serializers.Serializer):
    data = CardPresetSerializer(many=True)  # type: ignore[assignment]  # a field named like a Field/Serializer attribute; DRF allows it, the stubs do not
