"""Test helper for test_webui.py and test_browser.py: the whole app (create_app with the page)
served by uvicorn in a background thread on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from assistant.server import create_app
from assistant.service import AssistantService

STARTUP_TIMEOUT_S = 30.0


@contextmanager
def serve(service: AssistantService) -> Iterator[str]:
    """Yields the base URL ("http://127.0.0.1:PORT/") while the app runs; stops it afterwards."""
    app = create_app(service, ui=True)
    # Bind first and hand the socket over, so no other process can take the port in between.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", ws="none", timeout_graceful_shutdown=5)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        # Gradio clients keep a heartbeat stream open that uvicorn would wait out; ending it the
        # way Blocks.close() does lets the server stop at once.
        for route in app.routes:
            stop_event = getattr(getattr(route, "app", None), "stop_event", None)
            if stop_event is not None:
                stop_event.set()
        thread.join(timeout=5)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout=5)
        sock.close()
