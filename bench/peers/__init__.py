"""Peers the benchmark measures runlift against. Bench-only: nothing in the ``runlift`` package imports them.

* :mod:`problem`: the week-scheduling problem of ``bench/week.toml`` in plain terms, shared by the models;
* :mod:`cpsat`: that problem as an OR-Tools CP-SAT model (optimal);
* :mod:`csp`: the same problem for python-constraint2 (first feasible solution);
* :mod:`rules`: the rules of ``bench/week.toml`` evaluated with rule-engine, and as hand-written predicates.
"""
