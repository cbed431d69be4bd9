from django.contrib.postgres.search import SearchVectorField
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


class SearchDocument(models.Model):
    """The words of one item in one language, as a text-search vector (PostgreSQL only).

    The site search matches these instead of building a vector for every item on every
    search. Every row of a searchable type is indexed, drafts too: whether an item may be
    shown is decided at search time by its `published()` queryset, so publishing, archiving
    or a schedule never needs the index to change. iom_romania/search.py keeps it current.
    """

    model_label = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=10)
    vector = SearchVectorField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_id", "language"], name="one_document_per_language"
            )
        ]

    def __str__(self):
        return f"{self.model_label} {self.object_id} ({self.language})"
