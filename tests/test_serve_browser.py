"""``csrlint serve`` in a real browser: headless Chromium (Debian's package) driven by Playwright.

One browser launch for everything (the machine has two cores): drop files on the page, read
the findings shown, use the filters, download the annotated .docx. Skipped when Chromium or
Playwright is missing, unless ``CSRLINT_REQUIRE_BROWSER`` is set (CI sets it where it can
install Chromium). ``CSRLINT_SCREENSHOTS=DIR`` saves a screenshot of the page there.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import docx
import pytest
from conftest import CORPUS, FIXTURES, ROOT, run_cli
from docx_builder import SAMPLE_DRAFT, text_to_docx

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return "Chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    return None


@pytest.fixture()
def server():
    missing = _unavailable()
    if missing:
        if os.environ.get("CSRLINT_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "csrlint", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    workers: list[int] = []
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(url + "api/health", timeout=1) as response:
                    if json.load(response)["status"] == "ok":
                        break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"csrlint serve exited: {process.stderr.read().decode()}")
                time.sleep(0.2)
        yield url
        workers = _children(process.pid)
        assert workers or not Path("/proc").is_dir()  # the files were checked in worker processes
    finally:
        process.terminate()
        process.wait(timeout=20)
    for _ in range(50):  # SIGTERM stops the server and its workers: no orphans left behind
        if not any(Path(f"/proc/{pid}").exists() for pid in workers):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"worker processes left running: {workers}")


def _children(pid: int) -> list[int]:
    """Child processes of ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_drop_files_read_findings_filter_and_download(server, tmp_path):
    from playwright.sync_api import sync_playwright

    draft = text_to_docx(SAMPLE_DRAFT.replace("全年营业收入 5000 万元。", "全年营业收入完成**亿元。")).save(
        tmp_path / "报告.docx"
    )
    broken = tmp_path / "损坏.pdf"
    broken.write_bytes(b"%PDF-1.7 truncated")
    files = [draft, FIXTURES / "placeholder-draft.txt", broken]
    corpus = sorted(CORPUS.glob("002_*.txt")) if CORPUS.is_dir() else []
    files += corpus
    expected = json.loads(run_cli("check", "--isolated", "--format", "json", *files).stdout)["files"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 900})
            page.goto(server)
            page.set_input_files("#files", [str(path) for path in files])
            page.wait_for_selector(f"section.report >> nth={len(files) - 1}", timeout=120_000)

            # Each file: its findings, in order, with their codes; the unreadable one with its reason.
            sections = page.locator("section.report")
            assert sections.count() == len(files)
            for index, report in enumerate(expected):
                section = sections.nth(index)
                assert section.locator("h2").inner_text() == files[index].name
                codes = section.locator("article.finding .code").all_inner_texts()
                assert codes == [finding["code"] for finding in report["findings"]]
                if report["error"]:
                    assert "无法检查" in section.inner_text()
            masked = sections.nth(0).locator("article.finding", has_text="CSR204")
            assert masked.locator("mark").first.inner_text() == "**"  # beside its text, the mask itself marked
            assert "无法检查" in page.locator("#status").inner_text()
            assert page.locator("table.summary tbody tr").count() == len(files)  # one row per report

            # Filters: a family, then a severity, hide exactly their findings and update the counters.
            total = sum(len(report["findings"]) for report in expected)
            placeholder = sum(f["family"] == "placeholder" for report in expected for f in report["findings"])
            visible = page.locator("article.finding:not(.hidden)")
            assert visible.count() == total
            page.uncheck(".filters input[value=placeholder]")
            assert visible.count() == total - placeholder
            assert page.locator("article.finding[data-family=placeholder]:not(.hidden)").count() == 0
            shown = int(sections.nth(0).locator(".shown").inner_text())
            assert shown == sum(f["family"] != "placeholder" for f in expected[0]["findings"])
            page.check(".filters input[value=placeholder]")
            page.uncheck(".filters input[value=warning]")
            assert visible.count() == total - sum(f["severity"] == "warning" for r in expected for f in r["findings"])
            page.check(".filters input[value=warning]")
            if os.environ.get("CSRLINT_SCREENSHOTS"):
                page.screenshot(path=str(Path(os.environ["CSRLINT_SCREENSHOTS"]) / "serve.png"))

            # The annotated copy of the .docx: every finding a comment by csrlint.
            with page.expect_download() as download:
                sections.nth(0).locator("a.annotated").click()
            saved = tmp_path / download.value.suggested_filename
            download.value.save_as(saved)
            assert saved.name == "报告.csrlint.docx"
            comments = [c for c in docx.Document(str(saved)).comments if c.author == "csrlint"]
            assert len(comments) == len(expected[0]["findings"])
            assert sections.nth(1).locator("a.annotated").count() == 0  # a .txt has no Word copy
        finally:
            browser.close()
