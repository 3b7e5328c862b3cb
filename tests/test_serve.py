"""``csrlint serve``: the HTTP API (health, check, limits, origins, downloads) through Starlette's client."""

from __future__ import annotations

import io
import json
import sys

import pytest

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")
import docx
from conftest import FIXTURES, run_cli
from docx_builder import SAMPLE_DRAFT, text_to_docx
from starlette.testclient import TestClient

from csrlint.serve.app import create_app

BASE = "http://127.0.0.1:8765"
DRAFT = FIXTURES / "placeholder-draft.txt"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(max_size_mb=1, workers=1), base_url=BASE) as test_client:
        yield test_client


def upload(*files: tuple[str, bytes]) -> list:
    return [("file", (name, content)) for name, content in files]


def test_health(client):
    response = client.get("/api/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_check_returns_the_json_of_check(client, monkeypatch):
    response = client.post("/api/check", files=upload((DRAFT.name, DRAFT.read_bytes())))
    assert response.status_code == 200
    monkeypatch.chdir(FIXTURES)
    cli = run_cli("check", "--isolated", "--format", "json", DRAFT.name)
    assert response.json() == json.loads(cli.stdout)
    assert response.json()["files"][0]["findings"]
    assert list(client.app.state.upload_dir.iterdir()) == []  # the upload is deleted once checked


def test_each_unreadable_file_gets_its_reason_and_the_others_are_checked(client):
    response = client.post(
        "/api/check",
        files=upload(
            ("binary.txt", b"\x00\x01\x02" * 400), ("old.doc", b"\xd0\xcf\x11\xe0"), (DRAFT.name, DRAFT.read_bytes())
        ),
    )
    files = response.json()["files"]
    assert [f["path"] for f in files] == ["binary.txt", "old.doc", DRAFT.name]
    assert "二进制" in files[0]["error"] and ".doc" in files[1]["error"]
    assert files[2]["error"] is None and files[2]["findings"]


def test_file_names_are_never_paths(client):
    response = client.post(
        "/api/check", files=upload(("../../etc/passwd.txt", DRAFT.read_bytes()), ("..\\evil\\x.md", b"# title\n"))
    )
    assert [f["path"] for f in response.json()["files"]] == ["passwd.txt", "x.md"]
    assert list(client.app.state.upload_dir.iterdir()) == []


def test_upload_over_the_limit_is_413(client):
    response = client.post("/api/check", files=upload(("big.txt", "一".encode() * 400_000)))
    assert response.status_code == 413 and "过大" in response.json()["error"]
    assert list(client.app.state.upload_dir.iterdir()) == []


def test_no_file_is_400(client):
    response = client.post("/api/check", files={"other": ("a.txt", b"x")})
    assert response.status_code == 400 and "file" in response.json()["error"]


def test_another_sites_origin_is_refused(client):
    refused = client.post(
        "/api/check", headers={"Origin": "http://evil.example"}, files=upload((DRAFT.name, DRAFT.read_bytes()))
    )
    assert refused.status_code == 403 and "其他网站" in refused.json()["error"]
    assert client.get("/api/health", headers={"Origin": BASE}).status_code == 200  # the page's own requests
    rebound = client.get("/api/health", headers={"Host": "evil.example:8765", "Origin": "http://evil.example:8765"})
    assert rebound.status_code == 403  # DNS rebinding: the Host is not this computer


def test_downloads(client, tmp_path):
    draft = text_to_docx(SAMPLE_DRAFT).save(tmp_path / "报告.docx")
    response = client.post(
        "/api/check", files=upload((draft.name, draft.read_bytes()), (DRAFT.name, DRAFT.read_bytes()))
    )
    batch = response.headers["X-Csrlint-Batch"]
    findings = response.json()["files"][0]["findings"]
    annotated = client.get(f"/api/batches/{batch}/files/0/annotated.docx")
    assert (
        annotated.status_code == 200 and "%E6%8A%A5%E5%91%8A.csrlint.docx" in annotated.headers["content-disposition"]
    )
    comments = [c for c in docx.Document(io.BytesIO(annotated.content)).comments if c.author == "csrlint"]
    assert len(comments) == len(findings)
    assert client.get(f"/api/batches/{batch}/files/1/annotated.docx").status_code == 404  # a .txt has none
    csv = client.get(f"/api/batches/{batch}/summary.csv").content.decode("utf-8-sig").splitlines()
    assert csv[0].startswith("path,profile,coverage") and csv[1].startswith("报告.docx,")
    report = client.get(f"/api/batches/{batch}/report.html").text
    assert report.startswith("<!DOCTYPE html>") and "报告.docx" in report and 'class="finding' in report
    assert str(client.app.state.upload_dir) not in report
    view = client.get(f"/api/batches/{batch}/view").text
    assert "annotated.docx" in view and view.count('<section class="report"') == 2
    assert client.get("/api/batches/unknown/view").status_code == 404


def test_the_page_is_self_contained(client):
    page = client.get("/").text
    assert 'id="files"' in page and "api/check" in page
    assert "http://" not in page and "https://" not in page  # no CDN, nothing fetched from elsewhere


def test_serve_without_the_extra_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = run_cli("serve", "--port", "0")
    assert result.exit_code == 2 and "csrlint[serve]" in result.stderr


def _worker_dies(*args):
    import os

    os._exit(1)


def test_a_dying_worker_is_that_files_error_and_the_next_request_works(monkeypatch):
    with TestClient(create_app(workers=1), base_url=BASE) as client:
        monkeypatch.setattr("csrlint.serve.app.check_upload", _worker_dies)
        response = client.post("/api/check", files=upload((DRAFT.name, DRAFT.read_bytes())))
        assert response.status_code == 200
        assert "意外退出" in response.json()["files"][0]["error"]
        monkeypatch.undo()
        again = client.post("/api/check", files=upload((DRAFT.name, DRAFT.read_bytes())))
        assert again.json()["files"][0]["findings"]


def test_serve_on_a_busy_port_is_a_message():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_cli("serve", "--port", str(busy.getsockname()[1]))
    assert result.exit_code == 2 and "无法监听" in result.stderr


def test_a_malformed_body_is_400(client):
    response = client.post(
        "/api/check",
        content=b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc\r\n--xyzGARBAGE',
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 400 and "error" in response.json()
    assert list(client.app.state.upload_dir.iterdir()) == []


def test_last_years_report_beside_the_drafts_is_compared_and_named_as_uploaded(client):
    """The optional ``previous`` field is ``check --previous``: every draft is compared with it,
    and last year's place is named by the name the user gave it, never the upload's path."""
    pair = FIXTURES / "carryover"
    this_year, last_year = pair / "恒安电梯-2023.txt", pair / "恒安电梯-2022.txt"
    response = client.post(
        "/api/check",
        files=[
            *upload((this_year.name, this_year.read_bytes())),
            ("previous", (last_year.name, last_year.read_bytes())),
        ],
    )
    assert response.status_code == 200
    (report,) = response.json()["files"]  # last year's report is not one of the checked files
    assert report["previous"] == {"path": last_year.name, "report_year": 2022}
    carried = [f for f in report["findings"] if f["family"] == "carryover"]
    assert {"CSR501", "CSR503", "CSR505"} <= {f["code"] for f in carried}
    assert all(place["path"] == last_year.name for f in carried for place in f["related"])
    assert list(client.app.state.upload_dir.iterdir()) == []


def test_previous_alone_is_400(client):
    last_year = FIXTURES / "carryover" / "恒安电梯-2022.txt"
    response = client.post("/api/check", files=[("previous", (last_year.name, last_year.read_bytes()))])
    assert response.status_code == 400
