#!/usr/bin/env python
"""The stock Wagtail site Kepu is benchmarked against (bench/README.md, "HTTP (wrk)")."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocksite.settings")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
