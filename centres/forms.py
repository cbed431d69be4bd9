from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from iom_romania.public_forms import BotTrapMixin, bot_trap, validate_contact

from .models import InformationReport


class InformationReportForm(BotTrapMixin, forms.ModelForm):
    class Meta:
        model = InformationReport
        fields = ["message", "contact"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("message", "contact", bot_trap(), Submit("send", _("Send")))

    def clean_contact(self):
        value = self.cleaned_data["contact"]
        validate_contact(value)
        return value
