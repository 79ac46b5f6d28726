"""Built-in plugins: the core rule kinds and the five coaching philosophies."""
