"""What the public forms (a scam report, a centre correction) share: the bot trap and the
check of a person's own contact details. The rate limit both count against is in
alerts/abuse.py; the markup is the site's crispy-forms pack (templates/crispy_site/)."""

from __future__ import annotations

from crispy_forms.layout import Div
from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.indicators import is_possible_phone, normalise_email

# One name in every form, so one CSS rule and one check cover them all.
BOT_TRAP = "website"


class BotTrapMixin:
    """A field people never see: bots that fill every field fill this one too.

    Put `bot_trap()` in the form's layout: it hides the field from sight (clipped in place,
    which stays correct in right-to-left pages), from screen readers (aria-hidden) and from
    the keyboard (tabindex -1).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[BOT_TRAP] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def caught_a_bot(self) -> bool:
        return bool(self.data.get(BOT_TRAP))


def bot_trap() -> Div:
    return Div(BOT_TRAP, css_class="bot-trap", aria_hidden="true")


def validate_contact(value: str) -> None:
    """A person's own e-mail address or phone number, as the forms ask for it."""
    if value and not (normalise_email(value) or is_possible_phone(value)):
        raise forms.ValidationError(
            _("Enter an e-mail address (like name@example.com) or a phone number."),
            code="contact",
        )
