from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('generation', '0007_idempotency_record_account_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('beat_at', models.DateTimeField()),
                ('last_job_at', models.DateTimeField(blank=True, null=True)),
                ('last_reap_at', models.DateTimeField(blank=True, null=True)),
                ('last_ping_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
    ]
