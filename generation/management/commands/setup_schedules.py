from django.core.management.base import BaseCommand
from django_q.models import Schedule


class Command(BaseCommand):
    help = "Creates (or updates) the periodic tasks: the job reaper, every minute."

    def handle(self, *args, **options):
        Schedule.objects.update_or_create(
            name="job reaper",
            defaults={"func": "generation.tasks.job_reap_task", "schedule_type": Schedule.MINUTES, "minutes": 1,
                      "repeats": -1},
        )
        self.stdout.write("Schedule ready: job reaper every minute.")
