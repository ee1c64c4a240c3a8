"""Pages of the defector programme: plan (being built)."""

urlpatterns: list = []
