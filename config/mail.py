"""Where mail goes when no SMTP server is configured and DEBUG is off: nowhere, and
the log says so — without the message's body, which may hold a password-reset
link. (With DEBUG the console backend prints whole messages: development only.)"""
from __future__ import annotations

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class UnsentMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            logger.warning("Mail %r to %s not sent: set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, "
                           "EMAIL_HOST_PASSWORD) to send mail", message.subject, ", ".join(message.recipients()))
        return 0
