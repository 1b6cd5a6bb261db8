"""`POST /loads`: a dataset load over HTTP, for editors (docs/api-auth.md, docs/data-format.md).

The upload (app/upload.py) is unpacked into a temporary folder, validated by the loader the
CLI uses (the same `file:line: column: reason` problems) and written in one transaction
(loaders/scoped.py): whole or not at all. An editor limited to provinces can load only rows
inside them; one row outside refuses the whole load. The temporary folder is removed
whatever happens, and the outcome is counted for /metrics as `stsgraph load` counts its own.

Answers (JSON): 200 `{"status": "loaded" | "valid", …}`; 422 invalid data and 403 rows
outside the editor's provinces, both `{"errors": [{"message", "extensions": {"code",
"problems"}}]}` with every problem as `file:line: column: reason`; 400 a bad upload, 401/403
credentials and role, 413 a body over settings.load_max_bytes, 503 Neo4j unreachable.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from neo4j.exceptions import DriverError, Neo4jError
from starlette.concurrency import run_in_threadpool

from app.export import ExportRoute
from app.state import AppState
from app.upload import dataset_name, unpack
from graph import queries
from graph.errors import DatabaseUnavailableError
from loaders.issues import DatasetError
from loaders.load import LoadReport, prepare_load
from loaders.scoped import OutsideProvincesError, write_in_one_transaction
from loaders.writer import Counts, WriteSummary
from schema.analysis import invalidate_whole_graph
from schema.errors import ErrorCode
from schema.principal import Principal

log = logging.getLogger("stsgraph")

router = APIRouter(tags=["loads"], route_class=ExportRoute)


def _json(body: dict[str, Any], status: int) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _refusal(status: int, code: ErrorCode, message: str, error: DatasetError,
             **extensions: Any) -> Response:
    problems = [str(issue) for issue in error.issues]
    return _json({"status": "refused", "errors": [{"message": message, "extensions": {
        "code": str(code), "problems": problems, **extensions}}]}, status)


def _counts(counts: Counts) -> dict[str, int]:
    return {"created": counts.created, "updated": counts.updated,
            "unchanged": counts.unchanged, "deleted": counts.deleted}


def _summary(summary: WriteSummary) -> dict[str, Any]:
    """Counts by kind, the kinds the load did not concern left out."""
    def listed(by_kind: dict[str, Counts]) -> dict[str, dict[str, int]]:
        return {k: _counts(c) for k, c in by_kind.items() if any(_counts(c).values())}

    return {"entities": listed(summary.entities),
            "relationships": listed(summary.relationships),
            "indicators": _counts(summary.indicators)}


async def _record(state: AppState, outcome: str, dataset: str) -> None:
    """Count the outcome as `stsgraph load` does (best effort: /metrics reads the graph)."""
    try:
        await state.driver.execute_query(queries.RECORD_LOAD_OUTCOME, outcome=outcome,
                                         dataset=dataset, database_=state.settings.neo4j_database)
    except Exception as e:  # Neo4j down: the load failed for it too
        log.info("the outcome of a load over HTTP was not recorded: %s", e)


async def _validate_and_write(state: AppState, folder: Path, principal: Principal | None,
                              dry_run: bool, sync: bool) -> LoadReport:
    database = state.settings.neo4j_database
    report = await prepare_load(state.driver, folder, sync=sync, database=database)
    provinces = principal.provinces if principal is not None and principal.province_limited \
        else None
    await write_in_one_transaction(state.driver, report, provinces=provinces,
                                   commit=not dry_run, database=database)
    return report


def _success(report: LoadReport, name: str, files: list[str], dry_run: bool) -> Response:
    assert report.summary is not None
    return _json({"status": "valid" if dry_run else "loaded", "dataset": name,
                  "files": files, "records": report.dataset.record_count,
                  "summary": _summary(report.summary),
                  "notices": report.notices,
                  "warnings": [str(w) for w in report.warnings]}, 200)


@router.post("/loads")
async def post_load(request: Request,
                    files: Annotated[list[UploadFile], File(description="a .zip of a dataset "
                                                            "folder and/or dataset files")],
                    dry_run: Annotated[bool, Form(alias="dryRun")] = False,
                    sync: Annotated[bool, Form()] = False,
                    name: Annotated[str | None, Form()] = None) -> Response:
    """Validate and load an uploaded dataset in one transaction (editor role and above)."""
    state: AppState = request.app.state.stsgraph
    principal: Principal | None = getattr(request.state, "principal", None)
    uploads = [(f.filename or "", f.file) for f in files]
    with tempfile.TemporaryDirectory(prefix="stsgraph-load-") as tmp:
        staging = Path(tmp) / "_upload"
        staging.mkdir()
        unpacked = await run_in_threadpool(unpack, staging, uploads,
                                           state.settings.load_max_unpacked_bytes)
        dataset = dataset_name(name, unpacked)
        folder = staging.rename(Path(tmp) / dataset)
        try:
            report = await _validate_and_write(state, folder, principal, dry_run, sync)
        except OutsideProvincesError as e:
            await _record(state, "refused", dataset)
            return _refusal(403, ErrorCode.FORBIDDEN,
                            f"{len(e.issues)} row(s) create or touch entities outside your "
                            f"provinces ({', '.join(sorted(e.provinces))}); nothing was written",
                            e, provinces=sorted(e.provinces))
        except DatasetError as e:
            await _record(state, "refused", dataset)
            return _refusal(422, ErrorCode.BAD_USER_INPUT,
                            f"{len(e.issues)} problem(s) in the dataset; nothing was written",
                            e)
        except (Neo4jError, DriverError, DatabaseUnavailableError):
            await _record(state, "failed", dataset)  # one transaction: nothing was written
            raise
    if not dry_run:
        invalidate_whole_graph()
        await _record(state, "loaded", dataset)
    return _success(report, dataset, unpacked.files, dry_run)
