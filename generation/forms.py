"""The Generate form. It only collects the fields and turns them into the API's
request body; CreativeRequestSerializer (the API's own validator) judges it, and
job_create applies the business rules — one rule, one place."""
from __future__ import annotations

from django import forms
from django.utils.translation import get_language_info

from accounts.forms import PlainLabels
from generation import engine, limits
from generation.i18n import DJANGO_LANGUAGE
from generation.models import BrandKit, Job, Preset

INITIAL_FORMATS = list(engine.DEFAULT_FORMAT_ORDER[:3])

def language_label(code: str) -> str:
    try:
        info = get_language_info(DJANGO_LANGUAGE.get(code, code.lower()))
    except KeyError:
        return code
    if info["name_local"].lower() == info["name"].lower():
        return f"{info['name']} ({code})"
    return f"{info['name']} — {info['name_local']} ({code})"


def format_choices() -> list[tuple[str, str]]:
    return [(f.code, f"{f.code} · {f.name} · {f.width}×{f.height}") for f in engine.FORMATS.values()]


# Error keys of the API body → the form field that shows them.
API_FIELD_NAMES = {
    "claim": "claim",
    "language": "language",
    "count": "formats",
    "formats": "formats",
    "outputFormat": "output_format",
    "preset": "preset",
    "brand": "primary_color",
    "brand.primaryColor": "primary_color",
    "brand.secondaryColor": "secondary_color",
    "brand.logoAssetId": "use_logo",
    "cta": "cta",
    "productImageAssetId": "product_image",
    "file": "product_image",
}


class GenerateForm(PlainLabels, forms.Form):
    # No `required`/`max_length` checks here: the serializer is the judge. The HTML
    # attributes only help the browser say it earlier. The claim has no `maxlength`:
    # the browser would cut a pasted claim at 280 without a word; a counter says it.
    claim = forms.CharField(
        label="Claim", required=False, strip=False,
        help_text=(f"The headline of your ad, up to {limits.CLAIM_MAX_CHARS} characters. Press Enter where you "
                   "want a line to end: each format keeps your lines where it has room for them."),
        widget=forms.Textarea(attrs={"rows": 3, "required": True,
                                     "placeholder": "Best protein supplements for endurance athletes"}),
    )
    language = forms.ChoiceField(label="Language", initial="EN",
                                 choices=[(code, language_label(code)) for code in engine.LANGUAGES])
    formats = forms.MultipleChoiceField(
        label="Formats", required=False, initial=INITIAL_FORMATS, choices=format_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Up to {limits.FORMATS_MAX} formats, one image each; each image spends one credit.",
    )
    preset = forms.ChoiceField(label="Style preset", required=False, widget=forms.RadioSelect)
    use_brand_colors = forms.BooleanField(label="Use brand colours", required=False)
    primary_color = forms.CharField(label="Primary colour", required=False, initial="#1d4ed8",
                                    widget=forms.TextInput(attrs={"type": "color"}))
    secondary_color = forms.CharField(label="Secondary colour", required=False, initial="#f59e0b",
                                      widget=forms.TextInput(attrs={"type": "color"}))
    use_logo = forms.BooleanField(label="Show my logo", required=False)
    # The logo and product a job uses, by asset id: the brand kit's logo, or what the
    # job being edited and re-run used (the serializer and the renderer's plan check
    # that they are the account's).
    logo_asset = forms.CharField(required=False, widget=forms.HiddenInput)
    product_asset = forms.CharField(required=False, widget=forms.HiddenInput)
    cta = forms.CharField(label="Call to action (optional)", required=False,
                          help_text="Leave empty for the default in the chosen language.",
                          widget=forms.TextInput(attrs={"maxlength": limits.CTA_MAX_CHARS,
                                                        "placeholder": "Shop now"}))
    output_format = forms.ChoiceField(label="File type", initial="png", widget=forms.RadioSelect,
                                      choices=[(f, f.upper()) for f in limits.OUTPUT_FORMATS])
    product_image = forms.FileField(
        label="Product image (optional)", required=False,
        help_text=(f"A cut-out PNG with a transparent background, or a photo of the product (JPEG, PNG or WebP, "
                   f"up to {limits.ASSET_MAX_BYTES // (1024 * 1024)} MB): every format shows it beside your claim."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def __init__(self, *args, presets: list[Preset] | None = None, brand_kit: BrandKit | None = None, **kwargs):
        if brand_kit is not None and not brand_kit.is_empty and kwargs.get("initial") is None:
            kwargs["initial"] = brand_kit_initial(brand_kit)
        super().__init__(*args, **kwargs)
        self.brand_kit = brand_kit
        self.presets = presets if presets is not None else list(Preset.objects.filter(is_active=True))
        self.fields["preset"].choices = [("", "No preset")] + [(p.pk, p.name) for p in self.presets]  # type: ignore[attr-defined]

    def to_api_body(self) -> dict:
        """The form's answers as the body of POST /api/v1/generate."""
        data = self.cleaned_data
        body: dict = {"claim": (data.get("claim") or "").replace("\r\n", "\n"),
                      "language": data.get("language") or "EN", "outputFormat": data.get("output_format") or "png"}
        body["formats"] = list(data.get("formats") or [])  # an empty list is the serializer's to refuse
        if data.get("preset"):
            body["preset"] = data["preset"]
        brand = {}
        if data.get("use_brand_colors"):
            brand = {"primaryColor": data.get("primary_color") or None,
                     "secondaryColor": data.get("secondary_color") or None}
        if data.get("use_logo") and data.get("logo_asset"):
            brand["logoAssetId"] = data["logo_asset"]
        if brand:
            body["brand"] = brand
        if data.get("cta"):
            body["cta"] = data["cta"]
        if data.get("product_asset"):
            body["productImageAssetId"] = data["product_asset"]
        return body


def brand_kit_initial(kit: BrandKit) -> dict:
    """What the Generate form starts with when the account has a brand kit."""
    initial: dict = {"use_brand_colors": bool(kit.primary_color or kit.secondary_color)}
    if kit.primary_color:
        initial["primary_color"] = kit.primary_color.lower()
    if kit.secondary_color:
        initial["secondary_color"] = kit.secondary_color.lower()
    if kit.logo_id:
        initial.update(use_logo=True, logo_asset=str(kit.logo_id))
    return initial


def generate_initial_from_job(job: Job) -> dict:
    """The Generate form filled in with what `job` was asked for (Edit and re-run)."""
    request = job.request or {}
    brand = request.get("brand") or {}
    initial = {"claim": request.get("claim", ""), "language": request.get("language", "EN"),
               "formats": list(request.get("formats") or []), "preset": request.get("preset") or "",
               "cta": request.get("cta", ""), "output_format": request.get("outputFormat", "png"),
               "use_brand_colors": bool(brand.get("primaryColor") or brand.get("secondaryColor")),
               "use_logo": bool(brand.get("logoAssetId")), "logo_asset": brand.get("logoAssetId") or "",
               "product_asset": request.get("productImageAssetId") or ""}
    if brand.get("primaryColor"):
        initial["primary_color"] = brand["primaryColor"].lower()
    if brand.get("secondaryColor"):
        initial["secondary_color"] = brand["secondaryColor"].lower()
    return initial


class BrandKitForm(PlainLabels, forms.Form):
    """Settings → Brand. The colours are judged by the API's brand validator, the logo
    by the API's upload checks (asset_create)."""

    primary_color = forms.CharField(label="Primary colour", required=False, initial="#1d4ed8",
                                    help_text="The main colour of your creatives' backgrounds and panels.",
                                    widget=forms.TextInput(attrs={"type": "color"}))
    secondary_color = forms.CharField(label="Secondary colour", required=False, initial="#f59e0b",
                                      help_text="Buttons and accents.",
                                      widget=forms.TextInput(attrs={"type": "color"}))
    logo = forms.FileField(
        label="Upload a logo", required=False,
        help_text=(f"PNG with a transparent background works best (JPEG, PNG or WebP, up to "
                   f"{limits.ASSET_MAX_BYTES // (1024 * 1024)} MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)


class JobFilterForm(PlainLabels, forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "All statuses")] + Job.Status.choices)
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "All types")] + Job.Type.choices)


class PhotoshootUploadForm(PlainLabels, forms.Form):
    """Step 1 of the Photoshoot page: the product photo (judged by the same upload
    checks as POST /api/v1/photoshoots/recommendations)."""

    product_image = forms.FileField(label="Product photo", required=False,
                                    help_text="JPEG, PNG or WebP up to 12 MB: one product, ideally on a plain "
                                              "background.",
                                    widget=forms.ClearableFileInput(
                                        attrs={"accept": "image/jpeg,image/png,image/webp"}))
    product_name = forms.CharField(label="Product name (optional)", required=False,
                                   widget=forms.TextInput(attrs={"maxlength": limits.PRODUCT_NAME_MAX_CHARS,
                                                                 "placeholder": "Taken from the file name if empty"}))


# Error keys of the photoshoot API body → the form field that shows them.
PHOTOSHOOT_FIELD_NAMES = {"productName": "product_name", "productDescription": "product_description",
                          "prompts": "presets"}


class PhotoshootForm(PlainLabels, forms.Form):
    """Step 2: name, description and up to six prompts — turned into the body of
    POST /api/v1/photoshoots, which the API's own validator judges."""

    product_name = forms.CharField(label="Product name", required=False,
                                   widget=forms.TextInput(attrs={"maxlength": limits.PRODUCT_NAME_MAX_CHARS}))
    product_description = forms.CharField(
        label="Description", required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": limits.PRODUCT_DESCRIPTION_MAX_CHARS}))
    presets = forms.MultipleChoiceField(label="Scenes", required=False, widget=forms.CheckboxSelectMultiple)
    custom_prompts = forms.CharField(required=False)  # read with getlist(); one text field per prompt
    disable_safe_margin = forms.BooleanField(label="Use the full 1200×628 frame (no safe margin)", required=False)
    use_style_reference = forms.BooleanField(label="Blend each scene's colours with the product's", required=False,
                                             initial=True)

    def __init__(self, *args, presets: list[Preset], **kwargs):
        super().__init__(*args, **kwargs)
        self.preset_list = presets
        self.fields["presets"].choices = [(p.pk, p.name) for p in presets]  # type: ignore[attr-defined]

    def to_api_body(self, *, asset_id: str, custom_prompts: list[str]) -> dict:
        data = self.cleaned_data
        prompts = [{"tag": "preset", "preset": preset} for preset in data.get("presets") or []]
        prompts += [{"tag": "custom", "prompt": text} for text in custom_prompts if text.strip()]
        return {"productImageAssetId": asset_id, "prompts": prompts,
                "productName": data.get("product_name") or "",
                "productDescription": data.get("product_description") or "",
                "disableSafeMargin": bool(data.get("disable_safe_margin")),
                "useSameStyleReferenceImage": bool(data.get("use_style_reference"))}


# Error keys of the player-card API body → the form field that shows them.
CARD_FIELD_NAMES = {"player.name": "name", "player.position": "position", "player.number": "number",
                    "player.skill_level": "skill_level", "player.source_image_url": "photo_url",
                    "player.source_image_asset_id": "photo", "file": "photo", "style.preset": "preset"}


class PlayerCardForm(PlainLabels, forms.Form):
    """The Player cards page: the profile, the photo (an upload or a URL) and the
    design — turned into the body of POST /api/v1/images, which the API's own
    validator judges."""

    name = forms.CharField(label="Player name", required=False, widget=forms.TextInput(attrs={
        "maxlength": limits.CARD_NAME_MAX_CHARS, "required": True, "placeholder": "Alex Morgan", "dir": "auto"}))
    position = forms.ChoiceField(label="Position", initial="ST",
                                 choices=[(p, p) for p in engine.cards.POSITIONS])
    number = forms.IntegerField(label="Shirt number", required=False, initial=9, help_text="Optional.",
                                widget=forms.NumberInput(attrs={"min": limits.CARD_NUMBER_MIN,
                                                                "max": limits.CARD_NUMBER_MAX}))
    skill_level = forms.IntegerField(label="Skill level", required=False, initial=80,
                                     help_text="1 to 99: it picks the card's tier (bronze, silver, gold) where the "
                                               "design has tiers.",
                                     widget=forms.NumberInput(attrs={"min": limits.CARD_SKILL_MIN,
                                                                     "max": limits.CARD_SKILL_MAX}))
    photo = forms.FileField(label="Photo", required=False,
                            help_text=f"JPEG, PNG or WebP up to {limits.ASSET_MAX_BYTES // (1024 * 1024)} MB: one "
                                      "person, head and shoulders or more. We cut the player out.",
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    photo_url = forms.CharField(label="…or a photo URL", required=False, widget=forms.URLInput(attrs={
        "placeholder": "https://example.com/players/alex.jpg", "maxlength": limits.SOURCE_IMAGE_URL_MAX_CHARS}))
    preset = forms.ChoiceField(label="Design", required=False, widget=forms.RadioSelect)

    def __init__(self, *args, designs: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.designs = designs
        self.fields["preset"].choices = [(d["id"], d["name"]) for d in designs]  # type: ignore[attr-defined]
        self.fields["preset"].initial = designs[0]["id"] if designs else None

    def to_api_body(self, *, asset_id: str | None = None) -> dict:
        """The form's answers as the body of POST /api/v1/images."""
        data = self.cleaned_data
        player = {"name": data.get("name") or "", "position": data.get("position") or "",
                  "number": data.get("number"), "skill_level": data.get("skill_level")}
        if asset_id:
            player["source_image_asset_id"] = asset_id
        elif data.get("photo_url"):
            player["source_image_url"] = data["photo_url"].strip()
        body = {"type": "player_card", "player": player}
        if data.get("preset"):
            body["style"] = {"preset": data["preset"]}
        return body
