from tests.reports.conftest import _fresh_cache_and_outbox, catalogue, media_tmp, people  # noqa: F401
