"""Run inside a network namespace by tests/test_offline_netns.py: start the server, knock with a foreign and a same
Origin WebSocket, and build a PDF/PPTX handout with chart images. Prints one JSON line of what it saw."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from binjai import db, handout, slides  # noqa: E402
from binjai.filters import Filters  # noqa: E402


def handshake(port: int, origin: str) -> int:
    """The HTTP status of a WebSocket upgrade to Streamlit's stream with this Origin."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
               f"Sec-WebSocket-Protocol: streamlit\r\nOrigin: {origin}\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request.encode())
        return int(sock.recv(200).split(b" ", 2)[1])


def main(db_file: str, port: int) -> None:
    """Serve, knock, build; report as JSON."""
    env = {**os.environ, "BINJAI_DB": db_file}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as answer:
            page = answer.status
        foreign = handshake(port, "http://attacker.example.com")
        same = handshake(port, f"http://127.0.0.1:{port}")
        end = dt.date(2026, 6, 30)
        deck = slides.build_deck(db.warehouse(Path(db_file)), Filters(dt.date(2026, 1, 1), end, (), "custom"), "id",
                                 end)
        files = handout.make_both(deck, "id")
        print(json.dumps({"page": page, "foreign": foreign, "same": same, "missing": files["pdf"].images_missing,
                          "pdf": len(files["pdf"].data), "pptx": len(files["pptx"].data)}))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
