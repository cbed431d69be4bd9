"""Development-only scripts: not imported by the running portal."""
