"""Start the policy assistant: `python app.py`.

Builds the index on first run, or rebuilds it when a file in the corpus folder was added,
changed or removed, showing progress. Settings come from POLICY_ASSISTANT_* variables
(see README).
"""

from __future__ import annotations

import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(["start", *sys.argv[1:]]))
