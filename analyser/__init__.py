"""ticket-analyser: measure how service-desk agents write to customers (English and Dutch, offline).

The public API, callable from a notebook exactly as the CLI calls it::

    import analyser
    features = analyser.extract_features(["Thanks for your patience, I have reset your password."])
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build_pipeline", "extract_features", "pipeline_metadata", "read_replies"]


def __getattr__(name: str):  # lazy so that `import analyser` does not load spaCy
    if name == "extract_features":
        from analyser.features import extract_features

        return extract_features
    if name in {"build_pipeline", "pipeline_metadata"}:
        from analyser.nlp import pipeline

        return getattr(pipeline, name)
    if name == "read_replies":
        from analyser.ingest.generic import read_replies

        return read_replies
    raise AttributeError(f"module 'analyser' has no attribute {name!r}")
