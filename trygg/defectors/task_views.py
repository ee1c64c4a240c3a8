"""Pages of the defector programme: task (being built)."""

urlpatterns: list = []
