"""The Starlette application behind ``csrlint serve``.

- ``GET /`` the page (inline CSS and JS, no outside assets);
- ``GET /api/health``;
- ``POST /api/check`` (multipart, field ``file``, one or more): the JSON of ``check --format json``;
  its ``X-Csrlint-Batch`` header names the batch whose views and downloads follow;
- ``GET /api/batches/{id}/view`` the HTML report's summary and sections for the page;
- ``GET /api/batches/{id}/report.html``, ``…/summary.csv``, ``…/files/{n}/annotated.docx``.

Requests whose ``Origin`` is another site are refused (403), as are Host names other than
this computer's when bound to it (a DNS-rebinding page cannot reach the server).
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import secrets
import shutil
import tempfile
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from .uploads import PREVIOUS_FIELD, UploadError, receive
from .work import Outcome, check_upload, failed, worker_signals

#: Batches kept for their downloads; older ones are forgotten.
KEEP_BATCHES = 16
MAX_FILES = 50
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Batch:
    """One upload's results, its HTML sections, and the annotated copies ready to download."""

    results: list
    sections: list[str]
    annotated: dict[int, bytes] = field(default_factory=dict)


class _Guard:
    """ASGI middleware: refuse another site's Origin and, on a local bind, foreign Host names."""

    def __init__(self, app, allowed_hosts: set[str] | None):
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
            host = headers.get("host", "")
            hostname = urlsplit(f"//{host}").hostname or ""
            origin = headers.get("origin")
            if self.allowed_hosts is not None and hostname not in self.allowed_hosts:
                await _refuse(scope, receive, send, f"不接受的主机名 / host not allowed: {host}")
                return
            if origin is not None and origin != f"{scope.get('scheme', 'http')}://{host}":
                await _refuse(scope, receive, send, "拒绝来自其他网站的请求 / cross-site request refused")
                return
        await self.app(scope, receive, send)


async def _refuse(scope, receive, send, message: str) -> None:
    await JSONResponse({"error": message}, status_code=403)(scope, receive, send)


def create_app(
    max_size_mb: int = 50,
    bound_host: str = "127.0.0.1",
    workers: int | None = None,
    allowed_hosts: set[str] | None = None,
):
    """The application; ``allowed_hosts`` defaults to this computer's names when bound to it."""
    state: dict = {}
    batches: OrderedDict[str, Batch] = OrderedDict()
    max_bytes = max_size_mb * 1024 * 1024

    @asynccontextmanager
    async def lifespan(app):
        state["dir"] = Path(tempfile.mkdtemp(prefix="csrlint-serve-"))  # mode 0700
        others = set(multiprocessing.active_children())  # not the pool's: left alone at shutdown
        state["workers"] = workers or min(2, os.cpu_count() or 1)
        state["pool"] = new_pool()
        app.state.upload_dir = state["dir"]
        try:
            yield
        finally:
            state["pool"].shutdown(wait=False, cancel_futures=True)
            for worker in set(multiprocessing.active_children()) - others:  # a slow PDF is not waited for
                worker.terminate()
                worker.join(5)
            shutil.rmtree(state["dir"], ignore_errors=True)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=state["workers"], initializer=worker_signals)

    async def page(request: Request) -> Response:
        from .page import PAGE

        return HTMLResponse(PAGE)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def check(request: Request) -> Response:
        from ..formatters import json_report

        try:
            uploads = await receive(request, state["dir"], max_bytes, MAX_FILES)
        except UploadError as error:
            return JSONResponse({"error": error.message}, status_code=error.status)
        previous = next((upload for upload in uploads if upload.field == PREVIOUS_FIELD), None)
        drafts = [upload for upload in uploads if upload.field != PREVIOUS_FIELD]
        try:
            outcomes = await asyncio.gather(*(checked(upload, index, previous) for index, upload in enumerate(drafts)))
        finally:
            for upload in uploads:
                upload.path.unlink(missing_ok=True)
        batch = Batch(
            [o.result for o in outcomes],
            [o.section for o in outcomes],
            {index: o.annotated for index, o in enumerate(outcomes) if o.annotated is not None},
        )
        key = secrets.token_urlsafe(12)
        batches[key] = batch
        while len(batches) > KEEP_BATCHES:
            batches.popitem(last=False)
        stream = io.StringIO()
        json_report.render(batch.results, stream)
        return Response(stream.getvalue(), media_type="application/json", headers={"X-Csrlint-Batch": key})

    async def checked(upload, index: int, previous=None) -> Outcome:
        """One upload in a worker process; a worker that dies (a crash in a PDF library) is that file's error.
        With ``previous`` (last year's report, uploaded beside them) it is compared with it."""
        pool = state["pool"]
        last_year = (str(previous.path), previous.name) if previous is not None else None
        try:
            return await asyncio.get_running_loop().run_in_executor(
                pool, check_upload, str(upload.path), upload.name, index, max_size_mb, last_year
            )
        except BrokenProcessPool:
            if state["pool"] is pool:  # the first to notice starts a new pool for the next files
                state["pool"] = new_pool()
                pool.shutdown(wait=False, cancel_futures=True)
            return failed(upload.name, index, "检查进程意外退出 / the checking process died")

    def _batch(request: Request) -> Batch | None:
        return batches.get(request.path_params["key"])

    async def view(request: Request) -> Response:
        batch = _batch(request)
        if batch is None:
            return _gone()
        return HTMLResponse(_view(request.path_params["key"], batch))

    async def report(request: Request) -> Response:
        batch = _batch(request)
        if batch is None:
            return _gone()
        return Response(
            _report(batch), media_type="text/html; charset=utf-8", headers=_attachment("csrlint-report.html")
        )

    async def summary(request: Request) -> Response:
        from ..formatters.summary import write_csv

        batch = _batch(request)
        if batch is None:
            return _gone()
        stream = io.StringIO()
        write_csv(batch.results, stream)
        return Response(
            ("\ufeff" + stream.getvalue()).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers=_attachment("csrlint-summary.csv"),
        )

    async def annotated(request: Request) -> Response:
        batch = _batch(request)
        index = request.path_params["index"]
        if batch is None or index not in batch.annotated:
            return _gone()
        name = Path(batch.results[index].path).stem + ".csrlint.docx"
        return Response(
            batch.annotated[index],
            headers=_attachment(name),
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )

    routes = [
        Route("/", page),
        Route("/api/health", health),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/batches/{key}/view", view),
        Route("/api/batches/{key}/report.html", report),
        Route("/api/batches/{key}/summary.csv", summary),
        Route("/api/batches/{key}/files/{index:int}/annotated.docx", annotated),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    if allowed_hosts is None and bound_host in LOCAL_HOSTS:
        allowed_hosts = LOCAL_HOSTS
    app.add_middleware(_Guard, allowed_hosts=allowed_hosts)
    return app


def _gone() -> Response:
    return JSONResponse({"error": "结果已过期，请重新上传 / batch not found, upload again"}, status_code=404)


def _attachment(name: str) -> dict:
    fallback = "".join(char if char.isascii() and char.isalnum() or char in "._-" else "_" for char in name)
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"}


def _families(results) -> list[str]:
    from ..findings import FAMILIES

    return [*FAMILIES, *sorted({f.family for r in results for f in r.findings} - set(FAMILIES))]


def _view(key: str, batch: Batch) -> str:
    """Filters, summary table and each file's section, with its download, as the HTML report shows them."""
    from ..formatters import html

    families = _families(batch.results)
    base = f"api/batches/{key}"
    links = (
        f'<div class="downloads">下载 / download：<a href="{base}/report.html" download>HTML 报告</a>'
        f' · <a href="{base}/summary.csv" download>汇总表 CSV</a></div>'
    )
    sections = []
    for index, section in enumerate(batch.sections):
        if index in batch.annotated:
            link = (
                f'<a class="annotated" href="{base}/files/{index}/annotated.docx" download>下载批注版 Word（.docx）</a>'
            )
            section = section.replace("</h2>", f"</h2>{link}", 1)
        sections.append(section)
    return html._header(batch.results, families) + links + html._summary(batch.results, families) + "".join(sections)


def _report(batch: Batch) -> str:
    """The whole HTML report (``check --format html``), from the sections rendered while the files existed."""
    from html import escape

    from ..formatters import html

    families = _families(batch.results)
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width,initial-scale=1">',
            f"<title>{escape(f'csrlint 检查结果（{len(batch.results)} 份报告）')}</title><style>{html.STYLE}</style>",
            "</head><body>",
            html._header(batch.results, families),
            "<main>",
            html._summary(batch.results, families),
            *batch.sections,
            f"</main><script>{html.SCRIPT}</script></body></html>\n",
        ]
    )
