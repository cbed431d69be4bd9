"""What an admin change form posts back unchanged, read from the page the admin rendered:
its fields, and every inline's management form and rows."""

from django import forms


def _values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key = form.add_prefix(name)
        value = form[name].value()
        if value is None:
            continue
        if isinstance(field.widget, forms.MultiWidget):  # split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"  # an unticked box is simply not posted
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = str(value)
    return data


def change_form_data(response) -> dict:
    data = _values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_values(formset.management_form))
        for form in formset.forms:
            data.update(_values(form))
    return data


def inline_prefix(response, model) -> str:
    """The prefix of the inline editing `model` (e.g. "phones")."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise LookupError(model)
