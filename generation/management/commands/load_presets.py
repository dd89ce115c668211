from django.core.management.base import BaseCommand

from generation.services_cards import card_preset_previews_render
from generation.services_presets import preset_catalog_load


class Command(BaseCommand):
    help = ("Loads the preset catalog into the database and renders missing previews, of the scene presets and "
            "of the player-card designs (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument("--rerender", action="store_true", help="Render every preview again.")

    def handle(self, *args, rerender, **options):
        report = preset_catalog_load(rerender=rerender)
        self.stdout.write(f"Presets: {report.created} created, {report.updated} updated, "
                          f"{report.previews} previews rendered, {report.total} in the catalog.")
        cards = card_preset_previews_render(rerender=rerender)
        self.stdout.write(f"Card designs: {cards} previews rendered.")
