"""The periodic webhook sweep: every minute, attempt the messages that are due and
were not delivered by their own task or retry schedule (a lost task, a dead worker)."""
from django.db import migrations

NAME = "webhook deliveries"


def create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": "generation.webhooks.tasks.webhook_deliver_due_task", "schedule_type": "I",
                  "minutes": 1, "repeats": -1},
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("generation", "0002_webhooks"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create, remove)]
