"""Job lifecycle events. Terminal events go to the account's webhook receivers."""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def job_event_dispatch(*, job_id) -> None:
    logger.info("job %s reached a terminal state", job_id)
