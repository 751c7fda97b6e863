from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "nuanxin.planning"
    verbose_name = "覆盖规划"

    def ready(self) -> None:
        # Stations (a lower layer) must not import planning: planning listens to its
        # finder hook instead, and counts the asked point's cell (never the point).
        from nuanxin.planning.services import count_finder_query
        from nuanxin.stations.services import listen_to_finder

        listen_to_finder(count_finder_query)
