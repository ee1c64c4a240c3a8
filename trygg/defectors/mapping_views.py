"""Pages of the defector programme: mapping (being built)."""

urlpatterns: list = []
