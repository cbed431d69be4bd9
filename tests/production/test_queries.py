"""No N+1: every public page runs a fixed, small number of queries, with 1× and 50× the data."""

import pytest

from .pages import DEFAULT_QUERY_BUDGET, QUERY_BUDGET, multiply_content, public_pages

pytestmark = pytest.mark.usefixtures("gazetteer_index_loaded")


def _assert_query_budget(client, django_assert_max_num_queries):
    for name, url in public_pages():
        budget = QUERY_BUDGET.get(name, DEFAULT_QUERY_BUDGET)
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(url)
        assert response.status_code == 200, url


def test_queries_per_page_with_the_seed(client, seeded, django_assert_max_num_queries):
    _assert_query_budget(client, django_assert_max_num_queries)


def test_queries_per_page_with_fifty_times_the_data(client, seeded, django_assert_max_num_queries):
    from centres.models import Centre
    from programmes.models import Project

    projects, centres = Project.objects.count(), Centre.objects.count()
    multiply_content(50)
    assert Project.objects.count() == projects * 50
    assert Centre.objects.count() == centres * 50
    _assert_query_budget(client, django_assert_max_num_queries)


@pytest.mark.parametrize("language", ["ro", "ar"])
def test_queries_do_not_depend_on_the_language(
    client, seeded, django_assert_max_num_queries, language
):
    for name, url in public_pages(language):
        with django_assert_max_num_queries(QUERY_BUDGET.get(name, DEFAULT_QUERY_BUDGET)):
            assert client.get(url).status_code == 200, url
