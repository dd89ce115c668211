"""Job lifecycle events. Terminal events go to the account's webhook receivers."""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def job_event_dispatch(*, job_id) -> None:
    """Called after commit whenever a job reaches a terminal state. It only records
    the messages and enqueues their delivery, so a slow receiver never holds up the
    worker that rendered the job; a failure here must not fail the job either."""
    from webhooks.services import webhook_job_event_dispatch

    try:
        messages = webhook_job_event_dispatch(job_id=job_id)
    except Exception:
        logger.exception("Job %s: could not record its webhook messages", job_id)
        return
    logger.info("job %s reached a terminal state; %d webhook message(s)", job_id, len(messages))
