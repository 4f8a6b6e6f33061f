"""Write the clinic's web page as static files for nginx (docker/web.Dockerfile).

The same files scripts/serve_web.py serves: the pages from web/ (without
node_modules and package files), /config.js with the assistant's public address
and the clinic's phone number, and /webchat.js, the widget bundle without its
web-font @import. It uses serve_web's own functions, so the two cannot drift.
Usage: python docker/build_site.py OUT_DIR RASA_PUBLIC_URL
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import serve_web  # noqa: E402


def build_site(out: Path, rasa_url: str) -> None:
    if not serve_web.BUNDLE.is_file():
        sys.exit(f"error: {serve_web.BUNDLE} is missing: run `npm ci` in web/")
    shutil.copytree(serve_web.WEB, out, ignore=shutil.ignore_patterns("node_modules", "package*"))
    (out / "config.js").write_bytes(serve_web.config_script(rasa_url))
    (out / "webchat.js").write_bytes(serve_web.BUNDLE.read_bytes().replace(serve_web.REMOTE_FONT, b""))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    build_site(Path(sys.argv[1]), sys.argv[2])
