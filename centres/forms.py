from django import forms
from django.utils.translation import gettext_lazy as _

from .models import InformationReport


class InformationReportForm(forms.ModelForm):
    # A field people do not see (hidden by CSS); bots that fill every field are ignored.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = InformationReport
        fields = ["message", "contact"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
        }

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
