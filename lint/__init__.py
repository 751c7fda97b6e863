"""Project-specific lint checks (import-linter contract types); not shipped with the app."""
