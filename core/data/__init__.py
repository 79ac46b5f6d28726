"""Built-in data files (the exercise catalog), read with runlift.diskcache.read_package_text."""
