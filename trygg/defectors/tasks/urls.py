from django.urls import path

from trygg.defectors.tasks.views import (
    my_tasks_view,
    task_add_view,
    task_done_view,
    task_reopen_view,
    tasks_view,
)

urlpatterns = [
    path("uppgifter/", my_tasks_view, name="my_tasks"),
    path("arende/<int:case_id>/uppgifter/", tasks_view, name="tasks"),
    path("arende/<int:case_id>/uppgifter/ny/", task_add_view, name="task_add"),
    path("arende/<int:case_id>/uppgifter/<int:task_id>/klar/", task_done_view, name="task_done"),
    path(
        "arende/<int:case_id>/uppgifter/<int:task_id>/ateroppna/",
        task_reopen_view,
        name="task_reopen",
    ),
]
