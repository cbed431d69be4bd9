from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from iom_romania.public_forms import BotTrapMixin, bot_trap, validate_contact

from .checker import MAX_CHECK_LENGTH
from .indicators import is_possible_phone, normalise_domain, normalise_email
from .models import Channel, MoneyAsked, ScamReport, ScamType


class CheckForm(forms.Form):
    # Anything may be pasted here: what is not a link, an address or a number is plain text.
    text = forms.CharField(
        label=_("Paste a link, e-mail address, phone number or the whole message"),
        max_length=MAX_CHECK_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("text", Submit("check", _("Check")))


class ScamReportForm(BotTrapMixin, forms.ModelForm):
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    channel = forms.ModelChoiceField(
        queryset=Channel.objects.all(),
        required=False,
        label=_("How did they contact you?"),
        empty_label=_("Choose…"),
    )
    scam_type = forms.ChoiceField(
        choices=[("", _("Choose…")), *ScamType.choices],
        required=False,
        label=_("What were they offering?"),
    )
    money_asked = forms.ChoiceField(
        choices=MoneyAsked.choices,
        required=False,
        widget=forms.RadioSelect,
        label=_("Did they ask you for money?"),
    )
    contact_consent = forms.BooleanField(
        required=False,
        label=_("IOM Romania may contact me about this report."),
    )

    class Meta:
        model = ScamReport
        fields = [
            "what_happened",
            "channel",
            "scam_type",
            "first_contact_on",
            "scammer_website",
            "scammer_email",
            "scammer_phone",
            "scammer_profile",
            "money_asked",
            "money_amount",
            "reporter_name",
            "reporter_contact",
            "contact_consent",
        ]
        labels = {
            "what_happened": _("What happened?"),
            "first_contact_on": _("When did they first contact you?"),
            "scammer_website": _("Their website"),
            "scammer_email": _("Their e-mail address"),
            "scammer_phone": _("Their phone number"),
            "scammer_profile": _("Their social-media profile or username"),
            "money_amount": _("How much, and how? (for example 500 EUR by bank transfer)"),
            "reporter_name": _("Your name"),
            "reporter_contact": _("Your e-mail address or phone number"),
        }
        help_texts = {
            "what_happened": _(
                "Tell us what they offered, what they asked for and what you did. "
                "Do not send passwords or card numbers."
            ),
        }
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 6}),
            "first_contact_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Details typed about a scammer are not the person's own: no autofill.
        for name in ("scammer_website", "scammer_email", "scammer_phone", "scammer_profile"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        # The person's own name: the browser may fill it in (WCAG 1.3.5).
        self.fields["reporter_name"].widget.attrs.setdefault("autocomplete", "name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("What happened"),
                "what_happened",
                "channel",
                "scam_type",
                "first_contact_on",
            ),
            Fieldset(
                _("The scammer's details (if you have them)"),
                "scammer_website",
                "scammer_email",
                "scammer_phone",
                "scammer_profile",
                "money_asked",
                "money_amount",
            ),
            Fieldset(
                _("Your contact details (optional)"),
                HTML('{% include "alerts/includes/privacy_notice.html" %}'),
                "reporter_name",
                "reporter_contact",
                "contact_consent",
            ),
            bot_trap(),
            "started",
            Submit("submit", _("Send report")),
        )

    # The scammer's details become indicators that "Check an offer" matches against: each
    # must be readable as what it says it is. The person's own contact must reach them.
    def clean_scammer_website(self):
        value = self.cleaned_data["scammer_website"]
        if value and not normalise_domain(value):
            raise forms.ValidationError(
                _("Enter a web address like example.com, or leave this empty."), code="website"
            )
        return value

    def clean_scammer_email(self):
        value = self.cleaned_data["scammer_email"]
        if value and not normalise_email(value):
            raise forms.ValidationError(
                _("Enter an e-mail address like name@example.com, or leave this empty."),
                code="email",
            )
        return value

    def clean_scammer_phone(self):
        value = self.cleaned_data["scammer_phone"]
        if value and not is_possible_phone(value):
            raise forms.ValidationError(
                _("Enter a phone number like 0721 234 567, or leave this empty."),
                code="phone",
            )
        return value

    def clean_scammer_profile(self):
        value = self.cleaned_data["scammer_profile"]
        # A user name is any text; something written as a link must be one.
        if "://" in value and not normalise_domain(value):
            raise forms.ValidationError(
                _("Enter a profile link or a user name like @name, or leave this empty."),
                code="profile",
            )
        return value

    def clean_reporter_contact(self):
        value = self.cleaned_data["reporter_contact"]
        validate_contact(value)
        return value

    def clean_first_contact_on(self):
        value = self.cleaned_data.get("first_contact_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        has_contact = cleaned.get("reporter_name") or cleaned.get("reporter_contact")
        if cleaned.get("reporter_contact") and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _("Tick this box if we may contact you, or leave your contact details empty."),
            )
        if not has_contact:
            cleaned["contact_consent"] = False
        return cleaned


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself, so a reader finds theirs whatever the page's language."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class SubscriptionChoicesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=language_choices)
    topics = forms.MultipleChoiceField(
        label=_("Types of scam (optional)"),
        help_text=_("Choose none to receive every warning."),
        choices=ScamType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SubscribeForm(BotTrapMixin, SubscriptionChoicesForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = ["email", "language", "topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            HTML('{% include "alerts/includes/subscription_privacy_notice.html" %}'),
            "email",
            "language",
            "topics",
            bot_trap(),
            "started",
            Submit("subscribe", _("Subscribe")),
        )

    def clean_email(self):
        # One spelling per address, so the same person cannot subscribe twice.
        return self.cleaned_data["email"].strip().lower()


class ManageSubscriptionForm(SubscriptionChoicesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("language", "topics", Submit("save", _("Save my choices")))
