"""Pages of the defector programme: journal (being built)."""

urlpatterns: list = []
