"""Pages of the defector programme: emergency (being built)."""

urlpatterns: list = []
