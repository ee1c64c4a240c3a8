"""Pages of the defector programme: status (being built)."""

urlpatterns: list = []
