"""Detail pages that staff can preview before they are public.

Use `PreviewableDetailMixin` in any public DetailView (it must come before DetailView)::

    class CentreDetailView(PreviewableDetailMixin, DetailView):
        model = Centre
        template_name = "centres/centre_detail.html"

        def get_base_queryset(self):           # optional: joins/prefetches, no publication filter
            return Centre.objects.select_related(...)

The public get what `.visible_by_url()` allows (published, plus archived with a notice).
A logged-in staff user who may see that model in the admin (view or change permission:
an Editor, or Report triage looking at the draft warning made from a report) also gets
drafts and scheduled or expired items at the same URL: the context then has
`is_preview = True`, base.html shows the
"Draft — not public" ribbon, and the response is marked private, never cached, not indexed.
Lists never use this: they show `.published()` only, to staff too.
"""

from django.contrib.auth import get_permission_codename
from django.http import Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control


def can_preview(user, model) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


class PreviewableDetailMixin:
    is_preview = False

    def get_base_queryset(self):
        """Every row of the model, with what the template needs; no publication filter."""
        return self.model._default_manager.all()

    def get_queryset(self):
        return self.get_base_queryset().visible_by_url()

    def get_object(self, queryset=None):
        try:
            return self._public_object(queryset)
        except Http404:
            model = self.get_base_queryset().model
            if queryset is not None or not can_preview(self.request.user, model):
                raise
        obj = super().get_object(self.get_base_queryset())
        self.is_preview = True
        return obj

    def _public_object(self, queryset):
        """What the public may see at this address (by slug)."""
        slug = self.kwargs.get(self.slug_url_kwarg)
        if queryset is not None or slug is None:
            return super().get_object(queryset)
        found = self.get_queryset().filter(**{self.slug_field: slug}).first()
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=self.is_preview, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_preview:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
