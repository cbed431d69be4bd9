import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache_on(settings):
    """The page cache as production runs it (with local memory instead of Redis)."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
