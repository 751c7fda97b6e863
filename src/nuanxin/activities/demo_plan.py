"""The year's care plan for the Heze demo: which activity runs when, where, for whom.

年年有主线 (a yearly theme and its flagship days), 季季有项目 (a project each season),
月月有服务 (services every month in every county), 天天有关怀 (a small daily care
session at a warm station, rotating over the counties).
"""

from __future__ import annotations

from dataclasses import dataclass, field

THEMES = {  # year -> the yearly theme (主线)
    2024: "党建引领·暖“新”同行",
    2025: "暖“新”聚力·共建共享",
    2026: "暖“新”护航·幸福同行",
    2027: "暖“新”赋能·共治共享",
}
DEFAULT_THEME = "暖“新”同行"


@dataclass(frozen=True)
class Spec:
    category: str
    cadence: str
    title: str
    station_kinds: tuple[str, ...]  # where it is held, first kind found in the county
    capacity: tuple[int, int]
    hours: tuple[int, int]  # start hour, duration hours
    kinds: tuple[str, ...] = ()
    waitlist: int = 10
    for_children: bool = False
    ages: tuple[int, int] | None = None
    days: int = 0  # extra days (camps run several days)
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)


MONTHLY: list[Spec] = [
    Spec("legal_aid", "monthly", "法律援助进驿站：劳动权益咨询", ("warm_station", "union_station"),
         (20, 40), (14, 2), description="律师现场解答劳动合同、工伤认定、欠薪维权等问题。"),
    Spec("safety", "monthly", "交通安全微课堂", ("warm_station", "service_centre"), (30, 50),
         (15, 2), kinds=("delivery_rider", "courier"),
         description="交警讲解电动车安全驾驶，免费检测刹车与灯光。"),
    Spec("daily_care", "monthly", "电动车电池免费检测", ("service_centre", "warm_station"),
         (30, 60), (9, 3), kinds=("delivery_rider", "courier"),
         description="兴荷惠民服务联合会技师现场检测电池、线路，排查隐患。"),
    Spec("theme", "monthly", "心理健康沙龙", ("community_centre", "warm_station"), (20, 30),
         (19, 2), description="心理咨询师带领减压放松，分享与家人、顾客沟通的方法。"),
]

# month -> seasonal projects that month (季季有项目)
SEASONAL: dict[int, list[Spec]] = {
    4: [Spec("training", "seasonal", "春风行动·技能提升培训", ("training_base", "community_centre"),
             (40, 60), (9, 6), description="电商直播、驾驶技能、职业规划，结业发证书。")],
    6: [Spec("summer_cooling", "seasonal", "夏送清凉", ("warm_station",), (50, 80), (10, 3),
             waitlist=20, description="送藿香正气水、冰袖、毛巾，驿站全天供应绿豆汤。")],
    7: [Spec("summer_cooling", "seasonal", "夏送清凉", ("warm_station",), (50, 80), (10, 3),
             waitlist=20, description="送藿香正气水、冰袖、毛巾，驿站全天供应绿豆汤。")],
    8: [Spec("summer_cooling", "seasonal", "夏送清凉", ("warm_station",), (50, 80), (10, 3),
             waitlist=20, description="送藿香正气水、冰袖、毛巾，驿站全天供应绿豆汤。")],
    9: [Spec("health_check", "seasonal", "免费体检", ("rider_pharmacy", "community_centre"),
             (40, 60), (8, 4), waitlist=20, description="血压、血糖、心电图、肝功能，空腹前来。")],
    10: [Spec("health_check", "seasonal", "免费体检", ("rider_pharmacy", "community_centre"),
              (40, 60), (8, 4), waitlist=20,
              description="血压、血糖、心电图、肝功能，空腹前来。")],
    12: [Spec("winter_warmth", "seasonal", "冬送温暖", ("warm_station",), (50, 80), (10, 3),
              description="送护膝、手套、暖宝宝，驿站提供热饭热水。")],
    2: [Spec("holiday_meal", "seasonal", "新春团圆饭", ("rider_canteen", "community_centre"),
             (40, 60), (11, 3), description="留岗过年的小哥一起包饺子、吃团圆饭。")],
}

CAMP = Spec("summer_camp", "seasonal", "新就业群体子女夏令营", ("community_centre", "training_base"),
            (40, 40), (9, 7), waitlist=15, for_children=True, ages=(6, 14), days=4,
            description="科技馆、牡丹园研学，体育和阅读课；每天专车接送。")
FLAGSHIP = [  # month, title: the yearly theme's two city-wide days
    (3, "年度主线启动：暖“新”同行关爱行动"),
    (11, "“暖新”之夜：新就业群体年度表彰"),
]
DAILY = Spec("daily_care", "daily", "天天有关怀：爱心早餐·热饮", ("warm_station",), (15, 20),
             (7, 2), waitlist=0, description="驿站早7点供应免费早餐和热饮，先到先得，报名可预留。")
