"""Pages of the defector programme: statistics (being built)."""

urlpatterns: list = []
