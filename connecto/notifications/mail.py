"""Email over SMTP (aiosmtplib)."""

from __future__ import annotations

import html
from email.message import EmailMessage

import aiosmtplib

from connecto.notifications.delivery_errors import DeliveryError
from connecto.settings import Settings


def compose(settings: Settings, to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(
        f"{text}\n\n-- \nConnecto. Change what we send you in the app's settings.\n"
    )
    message.add_alternative(
        f"<html><body><h2>{html.escape(subject)}</h2><p>{html.escape(text)}</p>"
        "<p style='color:#888'>Connecto. Change what we send you in the app's settings.</p>"
        "</body></html>",
        subtype="html",
    )
    return message


async def send(settings: Settings, message: EmailMessage) -> str:
    try:
        _refused, response = await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            start_tls=settings.smtp_security == "starttls",
            use_tls=settings.smtp_security == "tls",
            timeout=15,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"recipient refused: {exc}", permanent=True) from None
    except aiosmtplib.SMTPResponseException as exc:
        # 5xx: the server will not take it; 4xx: try again later.
        raise DeliveryError(f"SMTP {exc.code} {exc.message}", permanent=exc.code >= 500) from None
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP unavailable: {exc}", permanent=False) from None
    return response
