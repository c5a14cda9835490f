from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("tracker.api.urls")),
    path("", include("claims.transfer.urls")),
    path("", include("sources.urls")),
    path("", include("claims.urls")),
]

# Under /api/ an unknown address is a JSON 404, as the schema documents; elsewhere the site's own page.
handler404 = "tracker.api.errors.page_not_found"

# A lost database answers 503 with a plain message; anything else, a plain 500 page.
handler500 = "tracker.errors.server_error"
