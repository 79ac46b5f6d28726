"""The ``runlift`` command line: one Click group whose subcommands are loaded only when used.

Exit codes: 0 ok, 1 the plan breaks error-level rules, 2 usage, config or plugin errors.
"""

from __future__ import annotations

import importlib

import click

from . import __version__

#: Built-in subcommands: name -> "module:attribute", imported on first use.
COMMANDS = {
    "rulesets": "runlift.commands.rulesets:rulesets",
    "show": "runlift.commands.show:show",
    "validate": "runlift.commands.validate:validate",
    "plugins": "runlift.commands.plugins:plugins",
    "check": "runlift.commands.check:check",
    "plan": "runlift.commands.plan:plan",
    "compare": "runlift.commands.compare:compare",
    "explain": "runlift.commands.explain:explain",
    "batch": "runlift.commands.batch:batch",
}


class App:
    """Per-invocation state shared by commands: the plugins and the ruleset loader, built on demand."""

    def __init__(self, blocked: tuple[str, ...] = (), plugins=None):
        self.blocked = blocked
        self._plugins = plugins
        self._loader = None

    @property
    def plugins(self):
        if self._plugins is None:
            from .plugin_manager import Plugins

            self._plugins = Plugins.load(blocked=self.blocked)
        return self._plugins

    @property
    def loader(self):
        if self._loader is None:
            from .loader import RulesetLoader

            self._loader = RulesetLoader(self.plugins)
        return self._loader


def report(error) -> None:
    """Print a RunliftError's messages to stderr, one per line, with no traceback."""
    for line in error.messages():
        click.echo(f"runlift: error: {line}", err=True)


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        names = {*COMMANDS, *self.commands, *self._plugin_commands(ctx)}
        return sorted(n for n in names if self.get_command(ctx, n) is not None)

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        if name in COMMANDS:
            module, attr = COMMANDS[name].split(":")
            try:
                return getattr(importlib.import_module(module), attr)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
                return None  # a command still being built in this checkout
        return self._plugin_commands(ctx).get(name)

    def _plugin_commands(self, ctx) -> dict:
        """Commands added by plugins through ``runlift_register_commands`` (resolved when asked for)."""
        app = ctx.find_object(App) if ctx is not None else None
        if app is None:
            return {}
        if not hasattr(app, "plugin_commands"):
            group = click.Group()
            app.plugins.add_commands(group)
            app.plugin_commands = dict(group.commands)
        return app.plugin_commands

    def invoke(self, ctx):
        from .errors import RunliftError

        try:
            return super().invoke(ctx)
        except RunliftError as exc:
            report(exc)
            ctx.exit(exc.exit_code)

    def resolve_command(self, ctx, args):
        from .errors import RunliftError

        try:
            return super().resolve_command(ctx, args)
        except RunliftError as exc:
            report(exc)
            ctx.exit(exc.exit_code)


def _blocked(ctx, param, values):
    out = []
    for value in values:
        if not value.startswith("no:") or len(value) <= 3:
            raise click.BadParameter(f"expected no:NAME to block a plugin, got {value!r}")
        out.append(value[3:])
    return tuple(out)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="runlift")
@click.option("-p", "block", multiple=True, metavar="no:NAME", callback=_blocked,
              help="Block a plugin by name (repeatable), like pytest's -p no:NAME.")
@click.pass_context
def cli(ctx, block):
    """Plan and check training weeks that combine running and strength training.

    Each coaching philosophy is a ruleset: compare them side by side, generate a plan
    under one, or check your own plan against any of them.

    Exit codes: 0 ok, 1 the plan breaks error-level rules, 2 usage, config or plugin errors.
    """
    if ctx.obj is None:  # tests may pass their own App(plugins=...)
        ctx.obj = App(blocked=block)

