"""Static file storage for production: WhiteNoise's hashed, compressed files."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (
            extension,
            tuple(
                pattern
                for pattern in rules
                if "sourceMappingURL" not in (pattern if isinstance(pattern, str) else pattern[0])
            ),
        )
        for extension, rules in patterns
    )


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names and .gz/.br copies, without rewriting source map comments.

    Vendored libraries (Leaflet) name a `.map` file they do not ship; Django would refuse to
    collect them. Source maps are for developers' tools and are not served here.
    """

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        # Every page asks for the same few files; the manifest does not change while the
        # process runs (a release restarts it), so each address is worked out once.
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
