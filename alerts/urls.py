from django.urls import path, re_path

from . import feeds, views

app_name = "alerts"
# Fixed paths come before "<slug>/"; models.RESERVED_SLUGS keeps alerts off them.
urlpatterns = [
    path("", views.AlertListView.as_view(), name="alert_list"),
    path("check/", views.check_offer, name="check"),
    path("how-to-check/", views.HowToCheckView.as_view(), name="how_to_check"),
    path("report/", views.report_scam, name="report"),
    path("report/sent/", views.report_sent, name="report_sent"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path(
        "subscription/confirm/<str:token>/",
        views.confirm_subscription,
        name="confirm_subscription",
    ),
    path("subscription/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("subscription/<str:token>/", views.manage_subscription, name="manage_subscription"),
    path("feed/rss/", feeds.AlertsRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.AlertsAtomFeed(), name="feed_atom"),
    path("feed/cap/", feeds.CapIndexFeed(), name="feed_cap"),
    path("<slug:slug>/cap.xml", feeds.alert_cap, name="alert_cap"),
    path("<slug:slug>/qr.svg", views.alert_qr_code, name="alert_qr_code"),
    path("<slug:slug>/poster/", views.alert_poster_choice, name="alert_poster"),
    path("<slug:slug>/", views.AlertDetailView.as_view(), name="alert_detail"),
]

# Poster files, outside the language prefix (included from iom_romania/urls.py): a poster
# names both its languages, and the page cache keeps pages, not files.
poster_urlpatterns = [
    re_path(
        r"^alerts/(?P<slug>[-a-zA-Z0-9_]+)/poster/(?P<language>[a-z]{2})\.(?P<file_format>pdf|png)$",
        views.alert_poster_file,
        name="alert_poster_file",
    ),
]
