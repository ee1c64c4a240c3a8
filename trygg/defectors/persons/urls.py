from django.urls import path

from trygg.defectors.persons.views import (
    contact_add_view,
    contact_remove_view,
    person_identify_view,
    person_reveal_view,
    person_update_view,
    person_view,
)

urlpatterns = [
    path("arende/<int:case_id>/person/", person_view, name="person"),
    path("arende/<int:case_id>/person/visa-identitet/", person_reveal_view, name="person_reveal"),
    path("arende/<int:case_id>/person/andra/", person_update_view, name="person_update"),
    path("arende/<int:case_id>/person/identifiera/", person_identify_view, name="person_identify"),
    path("arende/<int:case_id>/person/kontakter/", contact_add_view, name="contact_add"),
    path(
        "arende/<int:case_id>/person/kontakter/<int:contact_id>/ta-bort/",
        contact_remove_view,
        name="contact_remove",
    ),
]
