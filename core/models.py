from django.db import models


class CacheGeneration(models.Model):
    """A counter that every content change bumps; cached pages of older generations are stale
    (core/generations.py)."""

    PAGES = "pages"

    key = models.CharField(max_length=30, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "缓存版本"
        # Made by home's migration 0002, before this model moved here; the rows stay put.
        db_table = "home_cachegeneration"

    def __str__(self):
        return f"{self.key}: {self.value}"


# Read without the ORM: compiling a queryset cost as much as the cache read of a page-cache hit.
GENERATION_SQL = f"SELECT value FROM {CacheGeneration._meta.db_table} WHERE key = %s"
