"""The django-q2 ORM broker, enqueueing with one pre-built INSERT.

Jobs are enqueued inside the transaction that creates them (the queue row commits
with the job row), so the enqueue is paid while SQLite's single write lock is held:
`OrmQ.objects.create()` rebuilt its INSERT through the query compiler every time.
Everything else is django-q2's own ORM broker."""
from __future__ import annotations

from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import OrmQ

from config.db import PreparedInsert, prepare_insert


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
