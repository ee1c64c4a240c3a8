"""Pages of the defector programme: person (being built)."""

urlpatterns: list = []
