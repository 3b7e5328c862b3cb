"""``csrlint serve``: a page on this computer where reviewers drop drafts and read the findings.

Built on Starlette (ASGI) and uvicorn, installed with ``pip install 'csrlint[serve]'`` so that
the command line stays light. Files are checked in worker processes; nothing leaves the machine.
"""

from __future__ import annotations

import sys

#: Modules of the ``serve`` extra: a missing one means the extra is not installed.
EXTRA_MODULES = {"starlette", "uvicorn", "python_multipart", "multipart", "anyio"}
INSTALL_HINT = "csrlint serve 需要额外的依赖，请运行 pip install 'csrlint[serve]' / install the serve extra"


class MissingExtra(Exception):
    """The ``serve`` extra is not installed."""


def run(host: str, port: int, max_size: int, open_browser: bool = False) -> None:
    """Serve until interrupted; raises MissingExtra or OSError (the port cannot be bound)."""
    import socket
    import threading
    import webbrowser

    try:
        import uvicorn

        from .app import create_app
    except ImportError as error:
        if (error.name or "").split(".")[0] in EXTRA_MODULES:
            raise MissingExtra(INSTALL_HINT) from None
        raise
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{bound}/"
    print(f"csrlint serve: {url} （Ctrl+C 退出 / to stop）", file=sys.stderr, flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"csrlint serve: 注意，监听 {host}，其他计算机也能访问 / listening beyond this computer",
            file=sys.stderr,
            flush=True,
        )
    app = create_app(max_size_mb=max_size, bound_host=host)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])
