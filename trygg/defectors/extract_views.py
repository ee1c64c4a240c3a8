"""Pages of the defector programme: extract (being built)."""

urlpatterns: list = []
