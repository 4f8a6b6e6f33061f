"""Serve the clinic's web pages (web/) with the chat widget, as static files.

/webchat.js is the rasa-webchat bundle installed from the npm registry
(web/node_modules, pinned by web/package-lock.json), served without its
@import of a web font from a CDN (the page loads nothing from outside); /config.js tells the page
where the assistant is, the clinic's phone number (from clinic.yml) and the
assistant's answer once it has deleted a conversation (clinic/replies.py).
Usage: python scripts/serve_web.py [--port 8080] [--rasa-url http://localhost:5005]
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from clinic import replies  # noqa: E402
from clinic.settings import clinic  # noqa: E402

WEB = ROOT / "web"
BUNDLE = WEB / "node_modules" / "rasa-webchat" / "lib" / "index.js"
REMOTE_FONT = b"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"


def config_script(rasa_url: str) -> bytes:
    settings = {
        "socketUrl": rasa_url,
        "clinicName": clinic().name,
        "phone": clinic().phone,
        "emergencyNumber": clinic().emergency_number,
        "connectTimeoutMs": 8000,
        # the assistant's answer once it has deleted the conversation ("Clear chat" waits for it)
        "deletedReply": replies.conversation_deleted(clinic()).text,
    }
    return f"window.CLINIC_CHAT = {json.dumps(settings)};\n".encode()


class Handler(SimpleHTTPRequestHandler):
    """Static files from web/, plus /config.js and /webchat.js."""

    rasa_url = ""

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        if path == "/config.js":
            self._send(config_script(self.rasa_url), "application/javascript")
        elif path == "/webchat.js":
            self._send(BUNDLE.read_bytes().replace(REMOTE_FONT, b""), "application/javascript")
        elif path == "/favicon.ico":
            self._send(b"", "image/x-icon")
        elif path.startswith("/node_modules") or path.startswith("/package"):
            self.send_error(404)
        else:
            super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    args = parser.parse_args()
    if not BUNDLE.is_file():
        sys.exit(f"error: {BUNDLE} is missing: run `npm ci` in web/ (make web-deps)")
    Handler.rasa_url = args.rasa_url
    server = ThreadingHTTPServer(("127.0.0.1", args.port), partial(Handler, directory=str(WEB)))
    print(f"Clinic page with the chat widget: http://localhost:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
