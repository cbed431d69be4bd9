import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache_on(settings):
    """The page cache as production runs it (with local memory instead of Redis)."""
    from iom_romania import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    page_cache._cache_down_until = 0.0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content_cache_on(settings):
    """Content reused per generation as production runs it; the page cache stays off."""
    from iom_romania import content_cache, page_cache

    settings.CONTENT_CACHE_SECONDS = 300
    page_cache._cache_down_until = 0.0
    cache.clear()
    content_cache.forget_all()
    yield
    content_cache.forget_all()
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_cache_outages():
    """A test that makes the cache fail must not leave the page cache backing off."""
    from iom_romania import page_cache

    yield
    page_cache._cache_down_until = 0.0
