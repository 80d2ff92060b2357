"""A folder of feature parts (the output of ``extract --engine dask -o FOLDER/``) as the replies of a study.

``study TICKETS --features FOLDER/`` takes the scored replies from such a folder instead of the dataset's
replies table.  The folder is checked before any work starts, and a folder that is not a finished extract
output is refused with one line (exit 2):

* ``FOLDER.meta.json`` beside the folder must exist: ``extract`` writes it last, so without it the run did not
  finish (``--resume`` finishes it) and some parts may be missing;
* every part it lists must be there with the number of rows it recorded, and the parts must have been cut by
  ticket (``partitioned_by: ticket_id``), which is what lets each part be aggregated to tickets on its own;
* every part must have the first part's columns and types (else the line names the part).

With the local engine the parts are read into one frame, in part order, and the study runs as on a replies
table; with ``--engine dask`` they are aggregated to one row per ticket on the cluster
(:mod:`analyser.engines.dask_study`), so only the per-ticket table is held here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analyser.errors import InputError


@dataclass
class FeatureParts:
    """A checked folder of feature parts: the part files in order and what ``meta.json`` says of them."""

    folder: Path
    meta_path: Path
    files: list[Path]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(int(part.get("rows_out", 0)) for part in self.meta.get("parts", []))

    def read(self) -> pd.DataFrame:
        """Every part in one frame, in part order (what ``extract`` assembles for a file OUTPUT)."""
        from analyser.io import read_table

        frames = [read_table(path) for path in self.files]
        frames = [frame for frame in frames if len(frame)] or frames[:1]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def meta_path_of(folder: str | Path) -> Path:
    """Where ``extract`` writes the ``meta.json`` of a folder OUTPUT: ``FOLDER.meta.json`` beside it."""
    folder = Path(folder)
    return folder.with_name(folder.name + ".meta.json")


def write_feature_parts(replies: pd.DataFrame, folder: str | Path, parts: int) -> Path:
    """Write a table of scored replies as a folder of ``parts`` feature parts cut by ticket (tickets in the
    order they first appear), with the ``meta.json`` :func:`open_feature_parts` checks: what ``extract
    --engine dask`` leaves, for replies scored otherwise (simulated data, the tests, the benchmark)."""
    folder = Path(folder)
    folder.mkdir(parents=True)
    tickets = replies["ticket_id"].astype(str)
    order = {ticket: number for number, ticket in enumerate(dict.fromkeys(tickets))}
    which = tickets.map(order) * parts // max(len(order), 1)
    listed = []
    for index in range(parts):
        name = f"part-{index:05d}.parquet"
        part = replies.loc[(which == index).to_numpy()]
        part.to_parquet(folder / name, index=False)
        listed.append({"part": name, "rows_out": len(part)})
    meta = {"partitioned_by": "ticket_id", "parts": listed, "counts": {"rows_out": len(replies)}}
    meta_path_of(folder).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return folder


def open_feature_parts(folder: str | Path) -> FeatureParts:
    """Check ``folder`` is a finished, consistent extract output (see the module docstring) and list its parts.

    Raises :class:`InputError` (one line naming the folder or the part) when it is not."""
    import pyarrow.parquet as pq

    from analyser.engines.partitions import check_schemas

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "--features needs a folder of feature parts (written by `extract --engine dask -o FOLDER/`)",
            file=str(folder),
        )
    meta_path = meta_path_of(folder)
    if not meta_path.is_file():
        raise InputError(
            f"incomplete extract output: {meta_path.name} is missing beside the folder, so the extract run that "
            "wrote it did not finish; finish it with the same `extract --engine dask` command and --resume",
            file=str(folder),
        )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        listed = [str(part["part"]) for part in meta["parts"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"not an extract meta.json ({type(error).__name__}: {error})", file=str(meta_path)) from None
    if not listed:
        raise InputError(
            "meta.json lists no parts: it belongs to an extract run that wrote one file, not a folder of parts",
            file=str(meta_path),
        )
    if meta.get("partitioned_by") != "ticket_id":
        raise InputError(
            "the parts were not cut by ticket (the extract input had no ticket_id), so replies cannot be "
            "aggregated to tickets part by part",
            file=str(meta_path),
        )
    files = [folder / name for name in listed]
    for path, part in zip(files, meta["parts"], strict=True):
        if not path.is_file():
            raise InputError("a part listed in meta.json is missing from the folder", file=str(path))
        try:
            rows = pq.read_metadata(path).num_rows
        except Exception as error:  # a damaged footer: pyarrow raises several kinds
            raise InputError(f"not a readable Parquet part ({type(error).__name__})", file=str(path)) from None
        if rows != part.get("rows_out"):
            raise InputError(
                f"the part has {rows} rows but meta.json recorded {part.get('rows_out')}: it was changed after "
                "the extract run",
                file=str(path),
            )
    check_schemas(files)
    return FeatureParts(folder=folder, meta_path=meta_path, files=files, meta=meta)


def study_input(data: Any, features: str | Path, config: Any, settings: Any) -> tuple[Any, Any]:
    """The dataset and, with ``--engine dask``, the :class:`~analyser.study.prepare.ReplySummary` a study of
    ``data`` (a dataset path or :class:`~analyser.io.Dataset`: only its tickets are used) runs on when its
    replies are the feature parts in ``features``.

    Local engine: the parts are read into this process as the replies table (summary None: the study goes on
    as for any replies table that carries features).  Dask: the replies stay on the cluster and come back
    aggregated; the dataset's replies table is left empty."""
    from analyser.io import Dataset, read_dataset

    parts = open_feature_parts(features)
    dataset = read_dataset(data, replies=False) if not isinstance(data, Dataset) else data
    if settings.engine.name == "dask":
        from analyser.engines import _echo
        from analyser.engines.dask_study import summarise_on_dask
        from analyser.schema import empty_replies

        summary = summarise_on_dask(parts, config, settings, echo=_echo)
        return (
            Dataset(
                tickets=dataset.tickets, replies=empty_replies(), source=dataset.source, unreadable=dataset.unreadable
            ),
            summary,
        )
    from analyser.schema import conform_replies

    replies = conform_replies(parts.read())
    return Dataset(tickets=dataset.tickets, replies=replies, source=dataset.source, unreadable=dataset.unreadable), None


__all__ = ["FeatureParts", "meta_path_of", "open_feature_parts", "study_input", "write_feature_parts"]
