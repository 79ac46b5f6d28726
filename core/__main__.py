"""``python -m runlift``: the same as the ``runlift`` command."""

from runlift.cli import cli

cli(prog_name="runlift")
