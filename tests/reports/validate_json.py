#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema (any draft the schema names).

Usage: validate_json.py SCHEMA DOCUMENT
Prints every violation with its path and exits 1 if there is one.
"""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    with open(sys.argv[2], encoding="utf-8") as handle:
        document = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    for error in errors:
        path = "/".join(str(part) for part in error.path) or "(root)"
        print(f"{sys.argv[2]}: {path}: {error.message}", file=sys.stderr)
    if errors:
        return 1
    print(f"{sys.argv[2]}: valid against {sys.argv[1]} ({validator_class.__name__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
