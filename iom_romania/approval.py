"""Changes to live items that wait for a Publisher: what changed, and applying it.

A proposal keeps the admin form as its author posted it (iom_romania.models.ProposedChange).
Everything here binds that data again to the admin's own form and inline formsets for the
item as it is live now, so the diff is always against the live version and approving saves
exactly what the admin would have saved: same validation, same `save_model`/`save_related`,
same history records.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.choices import flatten_choices
from django.utils.translation import gettext as _

from . import history
from .models import ProposedChange

EMPTY = "—"
# What the admin's change form posts besides the fields: never part of a proposal.
NOT_FIELDS = (
    "csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew", "_publish",
)  # fmt: skip


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class BoundProposal:
    form: forms.ModelForm
    formsets: list

    def is_valid(self) -> bool:
        # Every formset is validated, even after one fails, so every error can be shown.
        valid = self.form.is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets)])

    def errors(self) -> list[str]:
        messages = [f"{name}: {' '.join(errors)}" for name, errors in self.form.errors.items()]
        for formset in self.formsets:
            messages += [str(error) for error in formset.non_form_errors()]
            for form in formset.forms:
                messages += [f"{n}: {' '.join(e)}" for n, e in form.errors.items()]
        return messages


def posted_form(data) -> dict[str, list[str]]:
    """The admin form's posted fields (inline rows included), as JSON-ready lists."""
    return {name: data.getlist(name) for name in data if name not in NOT_FIELDS}


def propose(request, obj, form) -> ProposedChange:
    return ProposedChange.objects.create(
        target=obj,
        form_data=posted_form(form.data),
        form_fields=list(form.base_fields),
        author=request.user,
    )


def model_admin_for(proposal: ProposedChange):
    model = proposal.content_type.model_class()
    if model is None or not admin.site.is_registered(model):
        return None
    return admin.site.get_model_admin(model)


def bind(model_admin, request, proposal: ProposedChange) -> BoundProposal | None:
    """The proposal's data bound to the admin's form and inlines for the live item."""
    obj = model_admin.get_object(request, str(proposal.object_id))
    if obj is None:
        return None  # the item was deleted since
    data = proposal.posted_data()
    form_class = model_admin.get_form(request, obj, change=True, fields=proposal.form_fields)
    form = form_class(data, instance=obj)
    # As the admin's change view names them: the default prefix, numbered when repeated.
    formsets, prefixes = [], {}
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset_class.get_default_prefix()
        prefixes[prefix] = prefixes.get(prefix, 0) + 1
        if prefixes[prefix] != 1 or not prefix:
            prefix = f"{prefix}-{prefixes[prefix]}"
        formsets.append(
            formset_class(
                data, {}, instance=obj, prefix=prefix, queryset=inline.get_queryset(request)
            )
        )
    return BoundProposal(form, formsets)


def readable(field: forms.Field, value) -> str:
    """A form value as staff read it: choice labels, names of related items, local dates."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(field, forms.ModelChoiceField):
        values = value if isinstance(field, forms.ModelMultipleChoiceField) else [value]
        keys = [item.pk if isinstance(item, models.Model) else item for item in values]
        names = sorted(str(item) for item in field.queryset.filter(pk__in=keys))
        return ", ".join(names) or EMPTY
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): str(label) for key, label in flatten_choices(field.choices)}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, datetime.date | datetime.time):
        return formats.localize(value)
    return str(value)


def _field_changes(form, row="") -> list[FieldChange]:
    found = []
    for name in form.changed_data:
        if name not in form.cleaned_data:
            continue
        field = form.fields[name]
        label = str(field.label or name)
        found.append(
            FieldChange(
                f"{row}: {label}" if row else label,
                readable(field, form.initial.get(name)),
                readable(field, form.cleaned_data[name]),
            )
        )
    return found


def changes(bound: BoundProposal) -> list[FieldChange]:
    """Field by field, what approving would change on the live item (after is_valid)."""
    found = _field_changes(bound.form)
    for formset in bound.formsets:
        name = formset.model._meta.verbose_name
        deleted = set(map(id, formset.deleted_forms))
        for number, form in enumerate(formset.forms, start=1):
            existing = form.instance.pk is not None
            if id(form) in deleted:
                if existing:
                    label = _("%(part)s %(number)d") % {"part": name, "number": number}
                    found.append(FieldChange(label, str(form.instance), _("removed")))
                continue
            if not form.has_changed():
                continue
            if existing:
                row = _("%(part)s %(number)d") % {"part": name, "number": number}
            else:
                row = _("new %(part)s") % {"part": name}
            found += _field_changes(form, row)
    return found


def approve(model_admin, request, proposal: ProposedChange, bound: BoundProposal) -> None:
    """Save the proposal through the admin, as the approver, in one transaction."""
    with transaction.atomic():
        obj = model_admin.save_form(request, bound.form, change=True)
        model_admin.save_model(request, obj, bound.form, change=True)
        model_admin.save_related(request, bound.form, bound.formsets, change=True)
        message = model_admin.construct_change_message(request, bound.form, bound.formsets)
        model_admin.log_change(request, obj, message)
        # Stored like Django's own change messages: in English, whoever reads it later.
        author = proposal.author.get_username() if proposal.author else "?"
        history.set_reason(obj, f"Proposed by {author}, approved by {request.user.get_username()}")
        decide(request, proposal, ProposedChange.State.APPROVED)


def decide(request, proposal: ProposedChange, state) -> None:
    proposal.state = state
    proposal.decided_by = request.user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "decided_by", "decided_at"])
