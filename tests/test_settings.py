"""Each environment's settings load, read the environment, and production refuses unsafe starts."""

import pytest

from tests.conftest import run_manage

pytestmark = pytest.mark.slow

PRODUCTION_ENV = {
    "SECRET_KEY": "prod-test-7f3c9a1b2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
    "ALLOWED_HOSTS": "kepu.example.cn,www.kepu.example.cn",
    "KEPU_PII_KEY": "dGVzdC1vbmx5LWtlcHUtcGlpLWtleS0wMTIzNDU2Nzg=",
}

PRINT_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.DEBUG, settings.TIME_ZONE, settings.LANGUAGE_CODE, "
    "settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'], "
    "settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], sorted(settings.ALLOWED_HOSTS))"
)


@pytest.mark.parametrize(
    "module,env",
    [("config.settings.dev", {}), ("config.settings.test", {}), ("config.settings.production", PRODUCTION_ENV)],
)
def test_each_settings_module_loads(module, env):
    result = run_manage(
        "shell", "--no-imports", "-c", PRINT_SETTINGS, settings_module=module, env={"DATABASE_URL": "", **env}
    )
    assert result.returncode == 0, result.stderr
    assert "Asia/Shanghai zh-hans django.db.backends.sqlite3" in result.stdout
    if module.endswith("production"):
        assert result.stdout.startswith("False")
        assert "'kepu.example.cn', 'www.kepu.example.cn'" in result.stdout


@pytest.mark.parametrize(
    "env,missing",
    [
        ({"ALLOWED_HOSTS": "kepu.example.cn"}, "SECRET_KEY"),
        ({"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]}, "ALLOWED_HOSTS"),
        ({}, "SECRET_KEY and ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_or_hosts(env, missing):
    result = run_manage("check", settings_module="config.settings.production", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"without {missing}" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", settings_module="config.settings.production", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_environment_selects_database_cache_and_search_engine():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_SETTINGS,
        settings_module="config.settings.dev",
        env={
            "DATABASE_URL": "postgres://kepu:secret@db.internal:5432/kepu",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            "OPENSEARCH_URL": "http://127.0.0.1:9200",
            "DEBUG": "false",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:6] == [
        "False",
        "Asia/Shanghai",
        "zh-hans",
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "search.backend",
    ]
    # Kepu's backend with its jieba-fed index on the cluster, not Wagtail's stock one.
    engine = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; b = settings.WAGTAILSEARCH_BACKENDS['default']; "
        "print(b['ENGINE'], b['URLS'], b['INDEX_PREFIX'])",
        settings_module="config.settings.dev",
        env={
            "ELASTICSEARCH_URL": "https://kepu:secret@es1.internal:9200,https://es2.internal:9200",
            "SEARCH_INDEX_PREFIX": "city_",
        },
    )
    assert engine.returncode == 0, engine.stderr
    assert engine.stdout.split() == [
        "elasticsearch",
        "['https://kepu:secret@es1.internal:9200',",
        "'https://es2.internal:9200']",
        "city_",
    ]


def test_a_malformed_boolean_is_named():
    result = run_manage("check", settings_module="config.settings.dev", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr
