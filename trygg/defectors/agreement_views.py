"""Pages of the defector programme: agreement (being built)."""

urlpatterns: list = []
