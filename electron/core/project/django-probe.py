# Asks Django for its static-file finders' view of the project, exactly as collectstatic sees it.
# Porter runs this with the project's Python (cwd = the folder of manage.py, DJANGO_SETTINGS_MODULE
# set) and reads one JSON object from stdout. Keep it compatible with every Python Django 3.2 supports.
import json
import os
import sys


def qualified_name(obj):
    cls = type(obj)
    return cls.__module__ + "." + cls.__qualname__


def describe_finder(finder, finders):
    entry = {"class": qualified_name(finder), "kind": "other"}
    if isinstance(finder, finders.FileSystemFinder):
        entry["kind"] = "filesystem"
        # Storages are keyed by root, so a root listed twice shares the last prefix: report it per location.
        entry["locations"] = [
            {
                "prefix": finder.storages[root].prefix,
                "location": finder.storages[root].location,
            }
            for _prefix, root in finder.locations
        ]
    elif isinstance(finder, finders.AppDirectoriesFinder):
        entry["kind"] = "app-directories"
        entry["apps"] = [
            {"name": name, "location": storage.location}
            for name, storage in finder.storages.items()
        ]
    return entry


def storage_backend(settings):
    storages = getattr(settings, "STORAGES", None)
    if isinstance(storages, dict) and "staticfiles" in storages:
        return storages["staticfiles"].get("BACKEND")
    return getattr(settings, "STATICFILES_STORAGE", None)


def describe_loader(loader, apps, folders, others):
    name = qualified_name(loader)
    inner = getattr(loader, "loaders", None)
    if name == "django.template.loaders.cached.Loader" and inner is not None:
        for wrapped in inner:
            describe_loader(wrapped, apps, folders, others)
    elif name == "django.template.loaders.filesystem.Loader":
        folders.extend({"dir": os.path.abspath(os.fspath(d)), "origin": "dirs"} for d in loader.get_dirs())
    elif name == "django.template.loaders.app_directories.Loader":
        for config in apps.get_app_configs():
            folder = os.path.join(config.path, "templates")
            if os.path.isdir(folder):
                folders.append({"dir": folder, "origin": "app", "app": config.name})
    else:
        others.append(name)


def template_report(apps):
    # The loaders' own answer, in the order they are asked; other backends (Jinja2) are named, not listed.
    from django.template import engines
    from django.template.backends.django import DjangoTemplates

    folders, others = [], []
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            for loader in engine.engine.template_loaders:
                describe_loader(loader, apps, folders, others)
        else:
            others.append(qualified_name(engine))
    unique = []
    for folder in folders:
        if all(seen["dir"] != folder["dir"] for seen in unique):
            unique.append(folder)
    return {"folders": unique, "others": others}


def main():
    report_stream = sys.stdout
    # Settings and apps may print while loading; only the report goes to stdout.
    sys.stdout = sys.stderr

    import django
    from django.conf import settings

    django.setup()

    from django.apps import apps
    from django.contrib.staticfiles import finders

    try:
        ignore_patterns = list(apps.get_app_config("staticfiles").ignore_patterns)
    except LookupError:
        ignore_patterns = None

    # A broken TEMPLATES setting only fails pages; it must not cost the static sources.
    try:
        templates = template_report(apps)
    except Exception as error:  # noqa: BLE001
        templates = {"folders": [], "others": [], "error": "%s: %s" % (type(error).__name__, error)}

    static_root = settings.STATIC_ROOT
    report = {
        "djangoVersion": django.get_version(),
        "staticUrl": None if settings.STATIC_URL is None else str(settings.STATIC_URL),
        "staticRoot": os.path.abspath(os.fspath(static_root)) if static_root else None,
        "storage": storage_backend(settings),
        "ignorePatterns": ignore_patterns,
        "finders": [describe_finder(finder, finders) for finder in finders.get_finders()],
        "templates": templates,
    }
    report_stream.write(json.dumps(report) + "\n")
    report_stream.flush()


main()
