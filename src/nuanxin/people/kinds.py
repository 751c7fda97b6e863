from django.db import models


class WorkerKind(models.TextChoices):
    COURIER = "courier", "快递员"
    DELIVERY_RIDER = "delivery_rider", "网约配送员"
    RIDE_HAILING_DRIVER = "ride_hailing_driver", "网约车司机"
    TRUCK_DRIVER = "truck_driver", "货车司机"
    LIVE_STREAMER = "live_streamer", "网络主播"
