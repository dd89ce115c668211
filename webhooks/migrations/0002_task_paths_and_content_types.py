"""The webhook tasks and models changed module (generation.webhooks → webhooks):
schedules keep working and admin permissions stay attached to the same models."""
from django.db import migrations

OLD, NEW = "generation.webhooks.tasks.", "webhooks.tasks."
MODELS = ["webhookendpoint", "webhookmessage", "webhookdelivery", "webhooksigningsecret"]


def forwards(apps, schema_editor):
    _move(apps, OLD, NEW, "generation", "webhooks")


def backwards(apps, schema_editor):
    _move(apps, NEW, OLD, "webhooks", "generation")


def _move(apps, old_prefix, new_prefix, old_label, new_label):
    Schedule = apps.get_model("django_q", "Schedule")
    for schedule in Schedule.objects.filter(func__startswith=old_prefix):
        schedule.func = new_prefix + schedule.func[len(old_prefix):]
        schedule.save(update_fields=["func"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new_label, model=model).exists():
            ContentType.objects.filter(app_label=old_label, model=model).update(app_label=new_label)


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("generation", "0003_webhook_sweep_schedule"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
