"""Errors that reach the user as a clean message and exit code 2, never a traceback."""

from __future__ import annotations


class RunliftError(Exception):
    """Base of every error the CLI reports as a message (exit code 2)."""

    exit_code = 2

    def messages(self) -> tuple[str, ...]:
        return (str(self),)


class ConfigError(RunliftError):
    """One or more problems in a config file (ruleset, plan, athlete, roster, catalog).

    ``messages`` are complete lines such as ``mine.toml: rules[3].options.max: expected int, got 'two'``.
    """

    def __init__(self, path: str, messages: list[str] | tuple[str, ...]):
        self.path = str(path)
        self._messages = tuple(messages)
        super().__init__("\n".join(self._messages))

    def messages(self) -> tuple[str, ...]:
        return self._messages


class PluginError(RunliftError):
    """A third-party plugin failed to import, raised in a hook, or registered something invalid."""

    def __init__(self, plugin: str, message: str):
        self.plugin = plugin
        super().__init__(f"plugin {plugin}: {message}")


class InfeasibleError(RunliftError):
    """The planner found no week that satisfies the hard rules; ``conflict`` names the minimal cause."""

    def __init__(self, message: str, conflict: tuple[str, ...] = ()):
        self.conflict = tuple(conflict)
        super().__init__(message)
