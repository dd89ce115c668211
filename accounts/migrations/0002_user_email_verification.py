from django.db import migrations, models
from django.db.models import F


def existing_users_are_verified(apps, schema_editor):
    # Users from before e-mail verification got their opening grant at sign-up already.
    apps.get_model("accounts", "User").objects.filter(email_verified_at__isnull=True).update(
        email_verified_at=F("date_joined"))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="email_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(existing_users_are_verified, migrations.RunPython.noop),
    ]
