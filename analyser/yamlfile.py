"""Reading YAML: the one place that decides how.

PyYAML's pure-Python parser takes about half a second for the grammar rules alone; its libyaml binding
(``CSafeLoader``, in PyYAML's wheels) reads the same documents to the same values about ten times faster,
which a pre-commit hook pays at every commit.  Where PyYAML was built without libyaml, the pure-Python
``SafeLoader`` gives the same values, only slower.  Both raise :class:`yaml.YAMLError` on bad input.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["YAMLError", "safe_load"]

YAMLError = yaml.YAMLError


def safe_load(text: str) -> Any:
    """The value of one YAML document (plain data only, as :func:`yaml.safe_load`)."""
    return yaml.load(text, Loader=SafeLoader)
