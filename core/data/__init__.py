"""Built-in data files (the exercise catalog), read with importlib.resources."""
