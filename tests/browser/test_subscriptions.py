"""A reader subscribes in Arabic, confirms from the e-mail, gets the next warning in Arabic
and leaves with one click: through the pages' own forms, in a real browser."""

import re

import pytest
from django.core import mail

from alerts import outbox
from alerts.models import ScamAlert, Subscriber
from iom_romania.publishing import Status

pytestmark = pytest.mark.browser


def send_outbox():
    while outbox.run_batch().claimed:
        pass


def link_in(message, kind: str) -> str:
    return re.search(rf"(http://\S+/subscription/{kind}\S+/)", message.body)[1]


def test_subscribe_in_arabic_confirm_receive_and_leave(page, portal, settings):
    settings.SITE_URL = portal
    settings.SCAM_REPORT_MIN_FILL_SECONDS = 0
    page.goto(f"{portal}/ar/alerts/")
    page.get_by_role("link", name="اشترك في تحذيرات الاحتيال").first.click()
    page.get_by_label("عنوان بريدك الإلكتروني").fill("reader@example.org")
    assert page.get_by_label("لغة الرسائل").input_value() == "ar"
    page.get_by_label("عرض عمل مزيف في الخارج").check()
    page.get_by_role("button", name="اشترك").click()
    assert page.get_by_role("heading", level=1).inner_text() == "تحقّق من بريدك الإلكتروني"

    send_outbox()
    [confirmation] = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    page.goto(link_in(confirmation, "confirm"))
    assert page.get_by_role("heading", level=1).inner_text() == "تم تأكيد الاشتراك"
    assert Subscriber.objects.get().confirmed_at is not None

    ScamAlert.objects.create(
        title="Fake jobs in Germany",
        title_ar="وظائف مزيفة في ألمانيا",
        slug="fake-jobs-in-germany",
        summary="They ask for a fee.",
        summary_ar="يطلبون رسومًا مقابل تأشيرة العمل.",
        scam_type="job_offer",
        status=Status.PUBLISHED,
    )
    send_outbox()
    warning = mail.outbox[1]
    assert "وظائف مزيفة في ألمانيا" in warning.subject
    assert "يطلبون رسومًا" in warning.body
    assert 'dir="rtl"' in warning.alternatives[0][0]

    page.goto(link_in(warning, "unsubscribe"))
    page.get_by_role("button", name="إلغاء الاشتراك").click()
    assert page.get_by_role("heading", level=1).inner_text() == "تم إلغاء اشتراكك"
    assert not Subscriber.objects.exists()


def test_an_expired_or_changed_link_is_explained(page, portal):
    response = page.goto(f"{portal}/ro/alerts/subscription/confirm/MQ:1tampered:abc/")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Acest link nu funcționează"
