import secrets

from django.db import migrations, models

import generation.models


def give_each_job_its_own_token(apps, schema_editor):
    # AddField fills existing rows with one shared default; every job needs its own.
    Job = apps.get_model("generation", "Job")
    for job in Job.objects.only("pk").iterator():
        Job.objects.filter(pk=job.pk).update(files_token=secrets.token_urlsafe(24))


class Migration(migrations.Migration):

    dependencies = [
        ("generation", "0003_webhook_sweep_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="files_token",
            field=models.CharField(default=generation.models._token, editable=False, max_length=40),
        ),
        migrations.RunPython(give_each_job_its_own_token, migrations.RunPython.noop),
    ]
