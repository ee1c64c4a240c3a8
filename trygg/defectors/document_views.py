"""Pages of the defector programme: document (being built)."""

urlpatterns: list = []
