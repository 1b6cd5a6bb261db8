"""The docstring examples of every analysis module run and pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analysis

MODULES = sorted(m.name for m in pkgutil.iter_modules(analysis.__path__))


@pytest.mark.parametrize("name", ["__init__", *MODULES])
def test_docstring_examples(name):
    module = analysis if name == "__init__" else importlib.import_module(f"analysis.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name != "vocab":  # constants only
        assert result.attempted > 0, f"analysis.{name} has no runnable example"
