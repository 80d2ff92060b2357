"""The spaCy side of the analyser: language detection, the pipeline and its components."""
