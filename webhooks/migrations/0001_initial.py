"""The webhook models, taken over from the generation app with their tables."""
import django.db.models.deletion
import uuid
import webhooks.models
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('generation', '0015_webhooks_app'),
    ]

    # The tables exist already (created by generation's 0002_webhooks, named by
    # db_table as they were): this takes over the models in Django's state only.
    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='WebhookEndpoint',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('url', models.URLField(max_length=2000)),
                        ('description', models.CharField(blank=True, max_length=200)),
                        ('event_types', models.JSONField(blank=True, default=list, help_text='Empty: every job event.')),
                        ('secret_encrypted', models.TextField(help_text='Encrypted with a key derived from SECRET_KEY.')),
                        ('is_active', models.BooleanField(default=True)),
                        ('disabled_reason', models.CharField(blank=True, max_length=200)),
                        ('disabled_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='webhook_endpoints', to='accounts.account')),
                    ],
                    options={
                        'db_table': 'generation_webhookendpoint',
                        'ordering': ['created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookMessage',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('msg_id', models.CharField(default=webhooks.models.message_id_new, max_length=40, unique=True)),
                        ('url', models.URLField(max_length=2000)),
                        ('event_type', models.CharField(max_length=40)),
                        ('payload', models.TextField(help_text='The JSON body exactly as it is signed and sent.')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('succeeded', 'Delivered'), ('failed', 'Failed')], default='pending', max_length=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('next_attempt_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                        ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('dedupe_key', models.CharField(blank=True, max_length=200, null=True, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='webhook_messages', to='accounts.account')),
                        ('endpoint', models.ForeignKey(blank=True, help_text="Empty: the job's own webhookUrl.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='webhooks.webhookendpoint')),
                        ('job', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='webhook_messages', to='generation.job')),
                    ],
                    options={
                        'db_table': 'generation_webhookmessage',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('attempt', models.PositiveSmallIntegerField()),
                        ('succeeded', models.BooleanField(default=False)),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('latency_ms', models.PositiveIntegerField(blank=True, null=True)),
                        ('response_excerpt', models.CharField(blank=True, max_length=1024)),
                        ('error', models.CharField(blank=True, max_length=300)),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('message', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='webhooks.webhookmessage')),
                    ],
                    options={
                        'verbose_name_plural': 'webhook deliveries',
                        'db_table': 'generation_webhookdelivery',
                        'ordering': ['-created_at', '-attempt'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookSigningSecret',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('secret_encrypted', models.TextField(help_text='Encrypted with a key derived from SECRET_KEY.')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('account', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='webhook_signing_secret', to='accounts.account')),
                    ],
                    options={
                        'db_table': 'generation_webhooksigningsecret',
                    },
                ),
                migrations.AddIndex(
                    model_name='webhookmessage',
                    index=models.Index(fields=['account', '-created_at'], name='generation__account_579c1c_idx'),
                ),
                migrations.AddIndex(
                    model_name='webhookmessage',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='generation__status_58f303_idx'),
                ),
                migrations.AddConstraint(
                    model_name='webhookdelivery',
                    constraint=models.UniqueConstraint(fields=('message', 'attempt'), name='webhook_delivery_unique_attempt'),
                ),
        ], database_operations=[]),
    ]
