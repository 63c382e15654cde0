"""Load test: N concurrent clients asking real questions over HTTP for a fixed time.

    python bench/load_test.py --url http://127.0.0.1:7860 --clients 20 --seconds 60

Start the server first (`python app.py`). Only loopback targets are allowed. Each client loops
over questions from eval/regression.jsonl (with their history) calling POST /api/ask; a separate
probe fetches the page (/) once a second to show it stays responsive. Every loop is bounded by the
deadline. Prints errors, throughput and latency percentiles; --out writes JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:7860")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    host = urlparse(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        print("refusing: load tests only target this machine (127.0.0.1 / localhost)", file=sys.stderr)
        return 2

    items = [
        json.loads(line)
        for line in (ROOT / "eval" / "regression.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    page: list[float] = []

    def client(k: int) -> None:
        with httpx.Client(base_url=args.url, timeout=30.0) as http:
            i = k
            while time.monotonic() < deadline:
                item = items[i % len(items)]
                i += args.clients
                t = time.perf_counter()
                try:
                    r = http.post("/api/ask", json={"question": item["question"], "history": item.get("history", [])})
                    ok = r.status_code == 200 and "answer" in r.json()
                    err = None if ok else f"HTTP {r.status_code}: {r.text[:120]}"
                except httpx.HTTPError as exc:
                    err = f"{type(exc).__name__}: {exc}"
                dt = (time.perf_counter() - t) * 1000
                with lock:
                    (errors.append(err) if err else latencies.append(dt))

    def probe() -> None:
        with httpx.Client(base_url=args.url, timeout=30.0) as http:
            while time.monotonic() < deadline:
                t = time.perf_counter()
                try:
                    ok = http.get("/").status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    page.append((time.perf_counter() - t) * 1000 if ok else float("inf"))
                time.sleep(1.0)

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(args.clients)]
    threads.append(threading.Thread(target=probe, daemon=True))
    t0 = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=args.seconds + 60)
    elapsed = time.monotonic() - t0

    result = {
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "throughput_rps": round(len(latencies) / elapsed, 2),
        "ask_p50_ms": round(percentile(latencies, 50), 1),
        "ask_p95_ms": round(percentile(latencies, 95), 1),
        "ask_max_ms": round(max(latencies, default=0.0), 1),
        "page_p50_ms": round(percentile(page, 50), 1),
        "page_max_ms": round(max(page, default=0.0), 1),
        "page_failures": sum(1 for p in page if p == float("inf")),
        "first_errors": errors[:5],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if latencies:
        print(
            f"{len(latencies)} requests, {len(errors)} errors; /api/ask p50 {result['ask_p50_ms']} ms, "
            f"p95 {result['ask_p95_ms']} ms; {result['throughput_rps']} req/s; page p50 {result['page_p50_ms']} ms "
            f"(max {result['page_max_ms']} ms, "
            f"mean {statistics.mean(p for p in page if p != float('inf')) if page else 0:.1f})"
        )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
