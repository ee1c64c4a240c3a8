"""Pages of the defector programme: consent (being built)."""

urlpatterns: list = []
