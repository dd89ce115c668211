from django.apps import AppConfig


class GenerationConfig(AppConfig):
    name = "generation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_q.signals import post_execute_in_worker, post_spawn, pre_execute

        from generation import worker_drain

        post_spawn.connect(worker_drain.worker_process_started, dispatch_uid="worker-drain-spawn")
        pre_execute.connect(worker_drain.worker_task_starting, dispatch_uid="worker-drain-start")
        post_execute_in_worker.connect(worker_drain.worker_task_finished, dispatch_uid="worker-drain-finish")
        worker_drain.sentinel_drains_workers()
