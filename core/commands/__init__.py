"""CLI commands, one module each, loaded lazily by :mod:`runlift.cli`."""
