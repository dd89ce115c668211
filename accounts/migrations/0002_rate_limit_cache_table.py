from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    # The rate-limit counters live in the database cache unless CACHE_URL names Redis
    # (config/settings.py); without its table every API request would fail. The
    # command is idempotent and does nothing for a Redis cache.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
