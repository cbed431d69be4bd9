from django.db import models
from django.utils.translation import gettext_lazy as _


class Publishing(models.Model):
    """No table: only the home of the site-wide "publish content" permission.

    Status and schedule of every public model are decided by users who hold
    `iom_romania.publish_content` (the Publisher role); see iom_romania/roles.py.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("publish_content", _("Can publish, schedule and archive content"))]
        verbose_name = _("publishing")

    def __str__(self):
        return str(self._meta.verbose_name)
