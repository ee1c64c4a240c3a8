"""Pages of the defector programme: retention (being built)."""

urlpatterns: list = []
