from django.urls import path

from . import feeds, views

app_name = "alerts"
# Fixed paths come before "<slug>/"; models.RESERVED_SLUGS keeps alerts off them.
urlpatterns = [
    path("", views.AlertListView.as_view(), name="alert_list"),
    path("check/", views.check_offer, name="check"),
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
    path("<slug:slug>/", views.AlertDetailView.as_view(), name="alert_detail"),
]
