"""Start the policy assistant: `python app.py` (options: --host, --port).

Builds the index on first run, or rebuilds it when a file in the corpus folder was added,
changed or removed, showing progress; then serves the chat page at http://127.0.0.1:7860/,
the API under /api and /v1, the WeChat callback at /wechat, docs at /docs and health at /healthz.
Settings come from POLICY_ASSISTANT_* variables (see README).
"""

from __future__ import annotations

import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
