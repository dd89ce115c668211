from django.apps import AppConfig


class GenerationConfig(AppConfig):
    name = "generation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_q.signals import post_spawn

        from generation import worker_drain
        from generation.tasks import worker_warm_up

        post_spawn.connect(worker_warm_up, dispatch_uid="generation.worker_warm_up")
        post_spawn.connect(worker_drain.worker_process_started, dispatch_uid="worker-drain-spawn")
        worker_drain.sentinel_drains_workers()
