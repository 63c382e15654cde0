"""Policy Assistant: answers questions about Chinese government policy documents, clause by clause.

from assistant import Assistant
Assistant().ask("蓝天保卫战由哪个部门牵头？").answer
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Assistant", "Answer", "__version__"]


def __getattr__(name: str):
    # Lazy, so `import assistant` (and the CLI's start-up) stays cheap.
    if name == "Assistant":
        from .pipeline import Assistant

        return Assistant
    if name == "Answer":
        from .answer.compose import Answer

        return Answer
    raise AttributeError(name)
