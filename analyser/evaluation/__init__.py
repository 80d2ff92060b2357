"""Validation of the analyser's scores against human-labelled data (``ticket-analyser evaluate``).

Each score is run over the public labelled sets in ``../shared/data`` (see :mod:`analyser.evaluation.datasets`)
and compared with the baselines the literature or a simple model reaches on the same files.  Sets that are
absent are skipped: a new clone has none of them, and the project never downloads data at run time.
"""
