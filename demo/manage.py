#!/usr/bin/env python
"""Porter's demo project: a small Django-shaped site to try collect, savings and push without a cloud account."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
