"""``python -m runlift``: the same as the ``runlift`` command."""

from runlift.entry import main

main()
