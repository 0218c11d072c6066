// `porter collect --help`, also the tail of `porter --help`, which must print without loading any command.
export const collectUsage = `Usage: porter collect [--project DIR] [--source DIR[=PREFIX]]... [--out DIR]
                      [--django-version 3.2|4.2|5.2|6.0|6.1] [--no-hash] [--ignore PATTERN]...
                      [--no-default-ignore] [--no-recipes] [--compress | --no-compress]
                      [--keep-broken-references] [--drop-missing-source-maps]
                      [--dry-run] [--json] [--verbose]
                      [--allow-python | --no-python]

Gathers every source's static files into --out exactly as Django's collectstatic with
ManifestStaticFilesStorage does: the same files, hashed names, rewritten references and
staticfiles.json. Broken references are all listed and nothing is written, unless you choose
to keep them (below). The recipes in porter.json (chosen in the Savings view) are applied
from each source file before hashing.

  --project DIR          the project folder (default: the current folder)
  --source DIR[=PREFIX]  a source folder, in finder order; PREFIX puts its files under PREFIX/
                         (default: porter.json "sources", else detected from the Django project)
  --out DIR              the folder to collect into (default: the settings' STATIC_ROOT)
  --django-version V     whose output to reproduce: 3.2, 4.2, 5.2, 6.0 or 6.1 (default: the
                         project's Django, else 6.1)
  --no-hash              plain StaticFilesStorage: copy only, no hashed names or manifest
  --ignore PATTERN       skip files or folders matching this glob (repeatable)
  --no-default-ignore    don't skip 'CVS', '.*' and '*~'
  --no-recipes           collect every file as it is, ignoring porter.json's recipes
  --compress             also write .br and .gz siblings as WhiteNoise's
                         CompressedManifestStaticFilesStorage does (default: porter.json
                         "collect": {"compress": true})
  --no-compress          no siblings, whatever porter.json says
  --keep-broken-references
                         collect anyway, leaving every reference that cannot be resolved as it
                         is (everything else is exactly what Django writes); porter.json
                         "collect": {"keepBrokenReferences": [{"file": GLOB, "reference": R}]}
                         accepts chosen ones only, and warns about rules that match nothing
  --drop-missing-source-maps
                         remove a sourceMappingURL comment whose .map is missing instead of
                         stopping (default: porter.json "collect": {"dropMissingSourceMaps": true})
  --dry-run              show what would change; write nothing
  --json                 print a machine-readable summary
  --verbose, -v          list each symlink followed out of its source folder
  --allow-python         run the project's Python to ask Django for its sources (this executes
                         the project's settings); remembered for this project
  --no-python            never run the project's Python; read settings.py as text`;
