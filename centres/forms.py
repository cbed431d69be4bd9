from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from iom_romania.public_forms import BotTrapMixin, bot_trap, validate_contact

from .models import Centre, InformationReport, OpeningHours, Weekday
from .week import DAYS, RANGES_PER_DAY, DayEntry, Week, check_week


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


# -- the admin's week grid for a centre's usual opening hours ----------------------------

TIMES_PER_DAY = 2 * RANGES_PER_DAY
WIDGETS_PER_DAY = 1 + TIMES_PER_DAY  # "Closed", then opens and closes of each range

# The browser's own date and time pickers (keyboard-friendly), not the admin's "Now" and
# "Today" links, which make no sense for opening hours or a holiday's date.
BROWSER_PICKERS = {
    models.TimeField: {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")},
    models.DateField: {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
}


class WeekHoursWidget(forms.MultiWidget):
    """Seven rows, Monday to Sunday: a "Closed" box, then two ranges of time inputs."""

    # In the app, not templates/: widgets render with the form renderer, which reads the
    # apps' templates only.
    template_name = "centres/widgets/week_hours.html"

    def __init__(self, attrs=None):
        widgets = []
        for _day in range(DAYS):
            widgets.append(forms.CheckboxInput())
            widgets += [
                forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
                for _time in range(TIMES_PER_DAY)
            ]
        super().__init__(widgets, attrs)

    def id_for_label(self, id_):
        return ""  # each input has its own label (day and time); the field's names the grid

    def decompress(self, value):
        values = []
        for day in (value or Week()).days:
            times = [time for span in day[:RANGES_PER_DAY] for time in span]
            values += [not day, *times, *[None] * (TIMES_PER_DAY - len(times))]
        return values

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        days = []
        for weekday in range(DAYS):
            start = weekday * WIDGETS_PER_DAY
            times = subwidgets[start + 1 : start + WIDGETS_PER_DAY]
            days.append(
                {
                    "name": Weekday(weekday).label,
                    "closed": subwidgets[start],
                    "ranges": [times[i : i + 2] for i in range(0, TIMES_PER_DAY, 2)],
                }
            )
        context["days"] = days
        return context


class WeekHoursField(forms.MultiValueField):
    """A centre's usual week (centres.week.Week), checked day by day."""

    widget = WeekHoursWidget

    def __init__(self, **kwargs):
        fields = []
        for _day in range(DAYS):
            fields.append(forms.BooleanField(required=False))
            fields += [forms.TimeField(required=False) for _time in range(TIMES_PER_DAY)]
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return Week()
        entries = []
        for weekday in range(DAYS):
            start = weekday * WIDGETS_PER_DAY
            closed, *times = data_list[start : start + WIDGETS_PER_DAY]
            pairs = tuple(zip(times[::2], times[1::2], strict=True))
            entries.append(DayEntry(bool(closed), pairs))
        week, problems = check_week(entries)
        if problems:
            raise forms.ValidationError(problems)
        return week


def save_week(centre: Centre, week: Week) -> None:
    """Store the week as the centre's OpeningHours rows, touching only the rows that differ,
    one save or delete each, so that the history records each change."""
    stored = {(row.weekday, row.opens, row.closes): row for row in centre.weekly_hours.all()}
    wanted = week.rows()
    for key, row in stored.items():
        if key not in wanted:
            row.delete()
    for weekday, opens, closes in sorted(wanted - stored.keys()):
        OpeningHours.objects.create(centre=centre, weekday=weekday, opens=opens, closes=closes)
