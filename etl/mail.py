"""Optional e-mail of alert changes through a configured SMTP server; nothing is sent unless configured.

Settings (environment): BINJAI_SMTP_HOST, BINJAI_SMTP_PORT (default 25), BINJAI_SMTP_USER and
BINJAI_SMTP_PASSWORD (both or neither), BINJAI_SMTP_STARTTLS (1 to upgrade the connection), BINJAI_ALERT_FROM
(default binjai-dashboard@localhost), BINJAI_ALERT_TO (comma-separated recipients), BINJAI_ALERT_LANG (id|en).
"""

from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage
from types import SimpleNamespace
from typing import TYPE_CHECKING

from binjai import alerts
from binjai.i18n import normalise_language, t

if TYPE_CHECKING:
    from etl.alerts import Changes

log = logging.getLogger(__name__)


def configured() -> bool:
    """True when a server and at least one recipient are set."""
    return bool(os.environ.get("BINJAI_SMTP_HOST") and os.environ.get("BINJAI_ALERT_TO"))


def message(changes: Changes, lang: str) -> EmailMessage:
    """The plain-text e-mail listing the alerts a batch opened and closed."""
    mail = EmailMessage()
    mail["Subject"] = t("alerts.mail_subject", lang, opened=len(changes.opened), closed=len(changes.closed),
                        batch=changes.batch_id)
    mail["From"] = os.environ.get("BINJAI_ALERT_FROM", "binjai-dashboard@localhost")
    mail["To"] = ", ".join(a.strip() for a in os.environ.get("BINJAI_ALERT_TO", "").split(",") if a.strip())
    lines = []
    if changes.opened:
        lines += [t("alerts.mail_opened", lang), *(f"- {alerts.describe(a, lang)}" for a in changes.opened), ""]
    if changes.closed:
        closed = [SimpleNamespace(rule_id=r[1], kind=r[2], key=r[3], value=r[4]) for r in changes.closed]
        lines += [t("alerts.mail_closed", lang), *(f"- {alerts.describe(a, lang)}" for a in closed)]
    mail.set_content("\n".join(lines) + "\n")
    return mail


def send_changes(changes: Changes) -> bool:
    """Send the changes when configured and there are any; returns True when a message was sent."""
    if not configured() or not (changes.opened or changes.closed):
        return False
    env = os.environ
    try:
        with smtplib.SMTP(env["BINJAI_SMTP_HOST"], int(env.get("BINJAI_SMTP_PORT", "25")), timeout=20) as smtp:
            if env.get("BINJAI_SMTP_STARTTLS") == "1":
                smtp.starttls()
            if env.get("BINJAI_SMTP_USER"):
                smtp.login(env["BINJAI_SMTP_USER"], env.get("BINJAI_SMTP_PASSWORD", ""))
            smtp.send_message(message(changes, normalise_language(env.get("BINJAI_ALERT_LANG"))))
    except (OSError, smtplib.SMTPException, ValueError) as err:
        log.warning("alert e-mail not sent: %s", err)
        return False
    return True
