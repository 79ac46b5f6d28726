"""Built-in rulesets (TOML), read with importlib.resources by the built-in plugins."""
