"""The workforce demo: Yuncheng's communities each get a secretary and a social worker."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from nuanxin.kernel.demo_context import DemoContext
from nuanxin.regions.importer import import_regions
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.workforce import demo
from nuanxin.workforce.models import Post, StatusChange

pytestmark = pytest.mark.django_db

TREE = """code,name,level,parent_code
371700,菏泽市,city,
371725,郓城县,county,371700
371725001,郓州街道,township,371725
371725001001,东溪社区居委会,village,371725001
371725001002,西溪社区居委会,village,371725001
"""


def test_two_posts_per_yuncheng_community_with_history() -> None:
    import_regions(TREE)
    demo.build(DemoContext(seed=3, now=timezone.now(), out=StringIO(), quiet=True))
    villages = Region.objects.filter(level=Level.VILLAGE).count()
    assert Post.objects.count() == 2 * villages
    assert set(Post.objects.values_list("position", flat=True)) == {"secretary",
                                                                    "social_worker"}
    for post in Post.objects.all():
        chain = list(StatusChange.objects.filter(post=post).values_list("after", flat=True))
        assert chain[0] == "in_post" and chain[-1] == post.status
        assert post.person.phone_masked.count("*") == 4
