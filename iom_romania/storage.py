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
