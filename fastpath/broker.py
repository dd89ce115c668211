"""The queue message built before the write transaction, and the django-q2 ORM broker
enqueueing it with one pre-built INSERT.

Jobs are enqueued inside the transaction that creates them (the queue row commits
with the job row), so the enqueue is paid while SQLite's single write lock is held:
`OrmQ.objects.create()` rebuilt its INSERT through the query compiler every time.
Everything else is django-q2's own ORM broker."""
from __future__ import annotations

from django.utils import timezone
from django_q.brokers import Broker
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import OrmQ

from fastpath.statements import PreparedInsert, prepare_insert


class OrmBroker(ORM):
    def prepare_enqueue(self, task) -> PreparedInsert:
        """The queue row for `task`, converted now: `.execute()` enqueues it (inside
        the job's write transaction, built before it)."""
        self.get_connection()  # the parent's stale-connection handling outside transactions
        return prepare_insert([OrmQ(key=self.list_key or Conf.CLUSTER_NAME, payload=task, lock=timezone.now())],
                              using=Conf.ORM)

    def enqueue(self, task):
        self.prepare_enqueue(task).execute()
        return None


class _MessageCapture(Broker):
    """A broker that keeps the message instead of sending it."""

    message: bytes | None = None

    def enqueue(self, task):
        self.message = task


def task_message(func: str, *args, **kwargs) -> bytes:
    """The signed message `async_task(func, *args, **kwargs)` would enqueue (task id,
    signature and all), built without sending it, so that it can be built before a
    write transaction and sent inside it or after it."""
    from django_q.tasks import async_task

    capture = _MessageCapture()
    async_task(func, *args, broker=capture, **kwargs)
    assert capture.message is not None  # async_task enqueues on the broker it is given
    return capture.message
