"""The webhook models leave this app for `webhooks` (its 0001_initial takes them over)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('generation', '0014_brand_kit'),
    ]

    # The webhook models move to the webhooks app with their tables (db_table keeps the
    # names): only Django's idea of which app owns them changes, no table is touched.
    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.RemoveField(
                    model_name='webhookendpoint',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='webhookmessage',
                    name='endpoint',
                ),
                migrations.RemoveField(
                    model_name='webhookmessage',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='webhookmessage',
                    name='job',
                ),
                migrations.RemoveField(
                    model_name='webhooksigningsecret',
                    name='account',
                ),
                migrations.DeleteModel(
                    name='WebhookDelivery',
                ),
                migrations.DeleteModel(
                    name='WebhookEndpoint',
                ),
                migrations.DeleteModel(
                    name='WebhookMessage',
                ),
                migrations.DeleteModel(
                    name='WebhookSigningSecret',
                ),
        ], database_operations=[]),
    ]
