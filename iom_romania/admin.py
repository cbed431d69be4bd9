from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from solo.admin import SingletonModelAdmin

# staff_admin registers the user admin with its two-factor reset action; technical_admin
# keeps lockouts and two-factor devices for administrators.
from . import (  # noqa: F401
    approval,
    demand_admin,
    history,
    staff_admin,
    technical_admin,
    translation_admin,
)
from .i18n import DEFAULT_LANGUAGE, missing_translation_q, untranslatable_fields
from .models import OfficeContact, ProposedChange
from .preview import PreviewableDetailMixin
from .publishing import Status, note_staff_publication
from .roles import can_publish, public_models, translates_only

admin.site.site_header = _("IOM Romania portal: staff area")
admin.site.site_title = _("IOM Romania staff")
admin.site.index_title = _("Content and reports")

SOON = timedelta(days=7)
# The optional "reason for this change" typed above the Save buttons (history.py shows it).
CHANGE_REASON = "_change_reason"


class ScheduleFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [
            ("publishes-soon", _("Publishes in the next 7 days")),
            ("expires-soon", _("Expires in the next 7 days")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "publishes-soon":
            return queryset.filter(publish_at__gt=now, publish_at__lte=now + SOON)
        if self.value() == "expires-soon":
            return queryset.filter(unpublish_at__gt=now, unpublish_at__lte=now + SOON)
        return queryset


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [
            (code, get_language_info(code)["name_translated"])
            for code, _name in settings.LANGUAGES
            if code != DEFAULT_LANGUAGE
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.filter(missing_translation_q(queryset.model, self.value()))
        return queryset


class LabelledInlineMixin:
    """For a tabular inline: each input named by its column's label. Django's table gives
    the names only as column headers, which screen readers do not tie to the inputs
    (axe: label)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        return labelled_delete(super().get_formset(request, obj, **kwargs))


def labelled_delete(formset_class):
    """The formset with each row's "Delete?" box named too (it is added after the fields)."""

    class LabelledFormSet(formset_class):
        def add_fields(self, form, index):
            super().add_fields(form, index)
            if "DELETE" in form.fields:
                form.fields["DELETE"].widget.attrs["aria-label"] = _("Remove this row")

    return LabelledFormSet


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Admin for every public model.

    - one tab per language for translated fields (jQuery UI self-hosted in static/vendor/);
    - history of every change, with a diff and a revert (django-simple-history);
    - only Publishers (`iom_romania.publish_content`) may set the status, publish-at and
      unpublish-at: for everyone else those fields are read-only, so new items stay drafts;
    - a change to a live item (published or archived) by someone who may not publish is not
      saved: it becomes a proposed change that a Publisher approves or rejects
      (ProposedChangeAdmin below); drafts they edit directly;
    - a preview link opening the item at its public address, drafts included;
    - filters by schedule and by missing translation, used by the admin front page.
    """

    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    publication_fields = ("status", "publish_at", "unpublish_at")
    # The actions (save, publish, preview) above the form as well as below it.
    save_on_top = True
    change_form_template = "admin/content_change_form.html"
    # Inlines (phones, hours, indicators) shown before this fieldset instead of at the end,
    # so that what staff correct most sits near the top; None keeps them at the end.
    inlines_before_fieldset = None
    # Help texts for office staff, by model field name, replacing the model's own.
    help_texts = {}
    # Models edited with the item by a form field rather than an inline (a centre's week
    # grid): their rights go with the item's, like the inlines' (iom_romania/roles.py).
    edited_parts = []

    class Media:
        js = (
            "admin/js/jquery.init.js",
            "modeltranslation/js/force_jquery.js",
            "vendor/jquery-ui/jquery-ui.min.js",
            "modeltranslation/js/tabbed_translation_fields.js",
        )
        css = {"all": ("modeltranslation/css/tabbed_translation_fields.css",)}

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        extra = [f for f in (ScheduleFilter, MissingTranslationFilter) if f not in filters]
        return [*filters, *extra]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "preview_link"]
        if not can_publish(request.user):
            fields += [name for name in self.publication_fields if name not in fields]
        if translates_only(request.user, self.model):
            fields += [name for name in untranslatable_fields(self.model) if name not in fields]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        # A translator's slug is read-only: nothing to fill in from the English title.
        if translates_only(request.user, self.model):
            return {}
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description=_("public page"))
    def preview_link(self, obj):
        link = public_link(obj)
        if link is None:
            return "-"
        if not link["url"]:
            return link["label"]
        return format_html('<a href="{}">{}</a>', link["url"], link["label"])

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A translation field (title_ro) takes the help text of the field it translates.
        name = getattr(db_field, "translated_field", db_field).name
        if formfield is not None and name in self.help_texts:
            formfield.help_text = self.help_texts[name]
        if formfield is not None and isinstance(formfield.widget, forms.SplitDateTimeWidget):
            # Django labels only the pair; each box gets its own name (axe: label).
            date, time = formfield.widget.widgets
            date.attrs["aria-label"] = _("%(field)s: date") % {"field": formfield.label}
            time.attrs["aria-label"] = _("%(field)s: time") % {"field": formfield.label}
        return formfield

    def content_actions(self, request, obj, stored_status=None) -> dict:
        """The buttons above and below the form, named for what they do to this item.

        `stored_status` is the item's status as saved: after a refused "Publish", `obj`
        already carries the status the form asked for, and the button must stay."""
        # A Publisher's save does what the status field says; anyone else's keeps a draft
        # or, for a live item, sends the change for approval.
        if can_publish(request.user):
            save_label = _("Save")
        elif self.must_propose(request, obj):
            save_label = _("Submit for approval")
        else:
            save_label = _("Save draft")
        return {
            "save_label": save_label,
            "can_publish": can_publish(request.user)
            and (obj is None or stored_status != Status.PUBLISHED),
            "public_link": public_link(obj),
            # A reason is kept with a save that goes live; a proposal waits for approval.
            "takes_reason": not self.must_propose(request, obj),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        stored_status = context["adminform"].form.initial.get("status") if obj else None
        context["content_actions"] = self.content_actions(request, obj, stored_status)
        context["inlines_before_fieldset"] = self.inlines_before_fieldset
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # "Publish" is "Save" with the status set to Published: the form checks it as if a
        # Publisher had picked that status, so the same rules apply to both ways.
        if request.method == "POST" and "_publish" in request.POST and can_publish(request.user):
            data = request.POST.copy()
            data["status"] = Status.PUBLISHED
            request.POST = data
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        # Added here, not in `actions`, so that an admin defining its own actions keeps these.
        actions = super().get_actions(request)
        if can_publish(request.user):
            for name in ("publish_selected", "archive_selected"):
                func = getattr(type(self), name)
                actions[name] = (func, name, func.short_description)
        return actions

    @admin.action(description=_("Publish the selected items"))
    def publish_selected(self, request, queryset):
        count = self._set_status(queryset, Status.PUBLISHED)
        self.message_user(request, _("%(count)d items published.") % {"count": count})

    @admin.action(description=_("Archive the selected items"))
    def archive_selected(self, request, queryset):
        count = self._set_status(queryset, Status.ARCHIVED)
        self.message_user(request, _("%(count)d items archived.") % {"count": count})

    def _set_status(self, queryset, status) -> int:
        # One save per item (not queryset.update) so that history records each change.
        count = 0
        for obj in queryset.exclude(status=status):
            obj.status = status
            note_staff_publication(obj)
            obj.save()
            count += 1
        return count

    def must_propose(self, request, obj) -> bool:
        """Whether this user's change to `obj` waits for a Publisher: a live item (published,
        scheduled or archived, as stored now) changed by someone who may not publish."""
        if obj is None or obj.pk is None or can_publish(request.user):
            return False
        live = type(obj)._default_manager.filter(pk=obj.pk).exclude(status=Status.DRAFT)
        return live.exists()

    def save_model(self, request, obj, form, change):
        # The read-only fields already keep these out of the form; this is the second lock.
        if not can_publish(request.user):
            if change:
                before = (
                    type(obj)._default_manager.filter(pk=obj.pk).values(*self.publication_fields)[0]
                )
                changed = any(before[name] != getattr(obj, name) for name in before)
            else:
                changed = obj.status != Status.DRAFT or obj.publish_at or obj.unpublish_at
            if changed:
                raise PermissionDenied
        if change and self.must_propose(request, obj):
            return  # the live row stays as it is; save_related keeps the proposal
        note_staff_publication(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change and self.must_propose(request, form.instance):
            if form.has_changed() or any(formset.has_changed() for formset in formsets):
                approval.propose(request, form.instance, form)
            return
        super().save_related(request, form, formsets, change)
        reason = " ".join(request.POST.get(CHANGE_REASON, "").split())[:100]
        if reason:
            history.set_reason(form.instance, reason)

    def construct_change_message(self, request, form, formsets, add=False):
        if not add and self.must_propose(request, form.instance):
            # Nothing was saved, so the formsets have no saved rows to describe.
            return "Proposed a change for approval."
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if self.must_propose(request, obj):
            self.message_user(
                request,
                _(
                    "Your change was sent to a Publisher for approval. Until it is approved, "
                    "the public sees the current version."
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        if not obj.is_public and not can_publish(request.user) and obj.status == Status.DRAFT:
            self.message_user(
                request, _("Saved as a draft. A Publisher will publish it."), messages.INFO
            )
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            pending = pending_proposals(self.model, object_id)
            if pending:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d proposed change to this item awaits approval.",
                        "%(count)d proposed changes to this item await approval.",
                        pending,
                    )
                    % {"count": pending},
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        opts = self.model._meta
        undo = path(
            "<path:object_id>/history/<int:history_id>/undo/",
            self.admin_site.admin_view(self.undo_view),
            name=f"{opts.app_label}_{opts.model_name}_undo",
        )
        return [undo, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        """One entry per save: who, when, why and only what changed (iom_romania/history.py)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History of %(item)s") % {"item": obj},
            "opts": self.model._meta,
            "module_name": capfirst(self.model._meta.verbose_name_plural),  # the breadcrumbs
            "object": obj,
            "entries": history.entries(obj),
            "can_undo": self.may_undo(request, obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/content_history.html", context)

    def may_undo(self, request, obj) -> bool:
        # An undo saves straight to the live item: only for those whose changes go live.
        return self.has_change_permission(request, obj) and not self.must_propose(request, obj)

    def undo_view(self, request, object_id, history_id):
        """Asks first, then puts back what one entry changed, as a new entry."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.may_undo(request, obj):
            raise PermissionDenied
        entry = history.find(obj, history_id)
        if entry is None or entry.created:
            raise Http404
        opts = self.model._meta
        history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        if request.method == "POST":
            when = formats.localize(timezone.localtime(entry.date))
            who = entry.user.get_username() if entry.user else "?"
            # Stored like Django's own change messages: in English, whoever reads it later.
            history.undo(obj, entry, f"Undo of the change of {when} by {who}")
            self.log_change(request, obj, f"Undid the change of {when}.")
            self.message_user(request, _("The change was undone."), messages.SUCCESS)
            return redirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Undo this change?"),
            "opts": opts,
            "object": obj,
            "entry": entry,
            "history_url": history_url,
        }
        return TemplateResponse(request, "admin/content_undo.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves straight to the live row: only for those whose changes go live.
        if request.method == "POST" and self.must_propose(
            request, self.get_object(request, object_id)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or self.must_propose(request, obj)


def public_link(obj) -> dict | None:
    """Where staff see the item as the public will: its page, or a preview of a draft.
    None when it has no page of its own; an empty url when the page shows no drafts."""
    url = obj.get_absolute_url() if obj and obj.pk else ""
    if not url or "#" in url:
        return None
    if obj.is_public or obj.is_archived:
        return {"url": url, "label": _("View on the site")}
    if not previews(url):
        return {"url": "", "label": _("Not public yet; this page has no preview.")}
    return {"url": url, "label": _("Preview (not public)")}


def pending_proposals(model, object_id) -> int:
    if not str(object_id).isdigit():
        return 0
    return ProposedChange.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        state=ProposedChange.State.PENDING,
    ).count()


def previews(url: str) -> bool:
    """Whether the view at this address shows drafts to staff (PreviewableDetailMixin)."""
    try:
        view_class = getattr(resolve(url).func, "view_class", None)
    except Resolver404:
        return False
    return view_class is not None and issubclass(view_class, PreviewableDetailMixin)


def scheduled_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(publish_at__gt=now, publish_at__lte=now + SOON) | Q(
        unpublish_at__gt=now, unpublish_at__lte=now + SOON
    )


@admin.register(ProposedChange)
class ProposedChangeAdmin(admin.ModelAdmin):
    """Awaiting approval: changes to live items, each shown as a diff against the live
    version with Approve and Reject buttons (templates/admin/iom_romania/proposedchange/).

    Everyone who may change a type of content sees the proposals for it; only Publishers
    (and superusers) may decide. A proposal is never edited or deleted: it is the record
    of who proposed what and who decided.
    """

    list_display = ["__str__", "content_type", "author", "created_at", "state", "decided_by"]
    list_filter = ["state", "content_type"]
    list_select_related = ["content_type", "author", "decided_by"]
    fields = ["item_link", "author", "created_at", "state", "decided_by", "decided_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("target")
        if request.user.is_superuser:
            return queryset
        models = [model for model in public_models() if may_change(request.user, model)]
        types = ContentType.objects.get_for_models(*models).values()
        return queryset.filter(content_type__in=types)

    def has_add_permission(self, request):
        return False  # made by saving a live item in its own admin

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # "Change" here means approve or reject, and only while the change is pending.
        if obj is not None and obj.state != ProposedChange.State.PENDING:
            return False
        return can_publish(request.user) and super().has_change_permission(request, obj)

    @admin.display(description=_("item"))
    def item_link(self, obj):
        if obj.target is None:
            return _("(deleted)")
        opts = obj.content_type.model_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.object_id])
        return format_html('<a href="{}">{}</a>', url, obj.target)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": _("Awaiting approval"), **(extra_context or {})}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, object_id)
        target_admin = approval.model_admin_for(proposal) if proposal else None
        if proposal is None or target_admin is None:
            return super().change_view(request, object_id, form_url, extra_context)
        pending = proposal.state == ProposedChange.State.PENDING
        bound = approval.bind(target_admin, request, proposal) if pending else None
        valid = bound is not None and bound.is_valid()
        if request.method == "POST":
            return self.decide(request, proposal, target_admin, bound if valid else None)
        context = {
            "title": _("Proposed change"),
            "proposal": proposal,
            "changes": approval.changes(bound) if valid else [],
            "errors": bound.errors() if bound is not None and not valid else [],
            "item_gone": pending and bound is None,
            "can_decide": self.has_change_permission(request, proposal),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    def decide(self, request, proposal, target_admin, bound):
        if not self.has_change_permission(request, proposal):
            raise PermissionDenied
        if "_reject" in request.POST:
            approval.decide(request, proposal, ProposedChange.State.REJECTED)
            self.message_user(request, _("The change was rejected; the live version stays."))
        elif "_approve" in request.POST and bound is not None:
            approval.approve(target_admin, request, proposal, bound)
            self.message_user(request, _("The change was approved and is now live."))
        else:
            self.message_user(
                request,
                _("This change no longer fits the live version. Reject it and ask for a new one."),
                messages.ERROR,
            )
            return redirect(request.path)
        return redirect("admin:iom_romania_proposedchange_changelist")


def may_change(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


@admin.register(OfficeContact)
class OfficeContactAdmin(SingletonModelAdmin, SimpleHistoryAdmin, TranslationAdmin):
    """The office's contact page (/<lang>/contact/): one form, no list, with its history.

    Publishers change it, at once; Editors may read it (iom_romania/roles.py).
    """

    # simple-history's page (with the diff and revert), not django-solo's plain one.
    object_history_template = "simple_history/object_history.html"
    fields = [
        "address",
        "phones",
        "email",
        "opening_hours",
        "emergency_numbers",
        "updated_at",
        "public_page",
    ]
    readonly_fields = ["updated_at", "public_page"]

    class Media:
        js = ContentAdmin.Media.js
        css = ContentAdmin.Media.css

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        url = reverse("contact")
        return format_html('<a href="{}">{}</a>', url, _("View on the site"))
