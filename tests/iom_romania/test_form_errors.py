"""The error summary include (templates/includes/form_errors.html)."""

from django import forms
from django.template import Context, Template


class ContactForm(forms.Form):
    name = forms.CharField(max_length=50)
    email = forms.EmailField()
    channel = forms.ChoiceField(
        choices=[("email", "E-mail"), ("phone", "Phone")], widget=forms.RadioSelect
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Please try again.")
        return self.cleaned_data


def render(form) -> str:
    return Template('{% include "includes/form_errors.html" %}{{ form }}').render(
        Context({"form": form})
    )


def test_no_summary_without_errors():
    assert "error-summary" not in render(ContactForm())


def test_summary_links_each_field_and_django_marks_the_field():
    form = ContactForm(data={"email": "not-an-address", "website": "spam"})
    html = render(form)
    summary, fields = html.split("</div>", 1)
    assert 'role="alert"' in summary and "There is a problem" in summary
    assert '<a href="#id_name">This field is required.</a>' in summary
    assert '<a href="#id_email">Enter a valid email address.</a>' in summary
    # Radio buttons: the link goes to the first one.
    assert '<a href="#id_channel_0">This field is required.</a>' in summary
    # Errors of the form as a whole are listed without a link.
    assert "<li>Please try again.</li>" in summary
    # Next to each field: Django's error list, tied to the field for screen readers.
    assert 'id="id_email_error"' in fields
    assert 'aria-describedby="id_email_error"' in fields
    assert 'aria-invalid="true"' in fields
    assert summary.index("id_name") < summary.index("id_email") < summary.index("id_channel_0")
