"""What every Kepu app stands on: how pages are delivered (the content generation, the
per-worker cache of what every page needs, the page cache and the proxy purge, the page view,
the outage page, security headers, document sendfile), backup and restore, the StreamField
blocks every body uses, the reader's preferences and the site-wide template tags. It imports
none of Kepu's other apps (an import-linter contract in pyproject.toml)."""
