from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the schema extension that describes API-key authentication, and
        # the check that the secrets keys are hashed and sessions signed with exist.
        import accounts.checks  # noqa: F401
        import config.openapi  # noqa: F401
