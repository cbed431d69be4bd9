import pytest
from django.core.cache import caches


@pytest.fixture
def page_cache_on(settings):
    """The page cache as production runs it (with local memory instead of Redis)."""
    from iom_romania import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    page_cache._cache_down_until = 0.0
    caches[page_cache.CACHE_ALIAS].clear()
    yield
    caches[page_cache.CACHE_ALIAS].clear()


@pytest.fixture(autouse=True)
def _forget_cache_outages():
    """A test that makes the cache fail must not leave the page cache backing off."""
    from iom_romania import page_cache

    yield
    page_cache._cache_down_until = 0.0


@pytest.fixture
def gazetteer_index_loaded(seeded):
    """The place-name index behind the centre lookup is read once per process (3 queries,
    centres/gazetteer_db.py), by whichever request comes first; loaded here so that the
    budgets count what every page costs, whatever ran before in this process."""
    from centres.gazetteer_db import get_gazetteer

    get_gazetteer()
