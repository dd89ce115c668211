
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Sum


def count_active_work(apps, schema_editor):
    """The cap counts from here on: start from the jobs already queued or processing."""
    Job = apps.get_model("generation", "Job")
    AccountWorkload = apps.get_model("generation", "AccountWorkload")
    rows = (Job.objects.filter(status__in=("queued", "processing")).order_by().values("account_id")
            .annotate(jobs=Count("id"), images=Sum("requested")))
    AccountWorkload.objects.bulk_create([
        AccountWorkload(account_id=row["account_id"], active_jobs=row["jobs"], active_images=row["images"] or 0)
        for row in rows
    ])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('generation', '0007_idempotency_record_account_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccountWorkload',
            fields=[
                ('account', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='workload', serialize=False, to='accounts.account')),
                ('active_jobs', models.PositiveIntegerField(default=0)),
                ('active_images', models.PositiveIntegerField(default=0)),
                ('last_claimed_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.AddField(
            model_name='asset',
            name='working_file',
            field=models.FileField(blank=True, max_length=300, upload_to=''),
        ),
        migrations.RunPython(count_active_work, migrations.RunPython.noop),
    ]
