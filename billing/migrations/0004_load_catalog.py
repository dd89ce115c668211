"""The catalog (README, Billing): three credit packs and three monthly plans. Prices are
what the billing page shows; edit them (and add items) in admin, and keep them in
step with the Stripe Prices named by STRIPE_PRICE_<CODE>."""
from django.db import migrations

CATALOG = [
    # code, kind, name, credits, price shown, position
    ("pack_100", "pack", "100 credits", 100, "$10", 1),
    ("pack_500", "pack", "500 credits", 500, "$40", 2),
    ("pack_2000", "pack", "2,000 credits", 2000, "$140", 3),
    ("starter", "plan", "Starter", 200, "$19", 1),
    ("pro", "plan", "Pro", 1000, "$79", 2),
    ("business", "plan", "Business", 5000, "$299", 3),
]


def load_catalog(apps, schema_editor):
    CatalogItem = apps.get_model("billing", "CatalogItem")
    for code, kind, name, credits, price, position in CATALOG:
        # get_or_create: an operator's edits survive if the migration runs again on a copy.
        CatalogItem.objects.get_or_create(code=code, defaults={
            "kind": kind, "name": name, "credits": credits, "price_display": price, "position": position})


def unload_catalog(apps, schema_editor):
    CatalogItem = apps.get_model("billing", "CatalogItem")
    CatalogItem.objects.filter(code__in=[row[0] for row in CATALOG], subscriptions__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0003_stripe_billing"),
    ]

    operations = [
        migrations.RunPython(load_catalog, unload_catalog),
    ]
