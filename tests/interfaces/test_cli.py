"""The command line as a user meets it: output, exit codes, and one-line errors (no tracebacks)."""

from __future__ import annotations

import json
import subprocess
import sys

from assistant.cli import main

JINHUA = "jinhua-innovative-city-plan-2018"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ingest_then_inspect(env_settings, capsys):
    code, out, err = run(capsys, "ingest")
    assert code == 0, err
    assert "Indexed 118 clauses" in out and "5 added" in out

    code, out, _ = run(capsys, "documents")
    assert code == 0
    assert "金华市建设国家创新型城市工作实施方案" in out and "金政办发〔2018〕106号" in out

    code, out, _ = run(capsys, "clauses", "--doc", JINHUA)
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith(f"{JINHUA}#2.8 "))
    assert "二（八）" in line and "牵头: 市蓝天办" in line

    code, out, _ = run(capsys, "clauses", "--unit", "市蓝天办", "--json")
    assert [c["id"] for c in json.loads(out)] == [f"{JINHUA}#2.8"]

    code, out, _ = run(capsys, "show", f"{JINHUA}#2.8")
    assert code == 0
    assert "牵头单位: 市蓝天办" in out and "责任单位: 市发改委、" in out
    assert "全市PM2.5平均浓度达到35微克/立方米以下" in out

    code, out, _ = run(capsys, "show", f"{JINHUA}#2.8", "--json")
    data = json.loads(out)
    assert data["clause"]["fields"]["lead_units"] == ["市蓝天办"]
    assert data["document"]["doc_number"] == "金政办发〔2018〕106号"


def test_skipped_files_are_listed_and_the_exit_code_says_so(env_settings, capsys):
    (env_settings.corpus_dir / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "ingest")
    assert code == 1
    assert err.strip().endswith("empty.txt: empty file")
    assert "1 skipped" in out


def test_missing_paths_and_unknown_ids_are_clear_errors(env_settings, capsys):
    code, _, err = run(capsys, "documents")
    assert code == 2 and err.startswith("error: No index found") and "policy-assistant ingest" in err
    code, _, err = run(capsys, "ingest", "/no/such/file.txt")
    assert code == 1 and "does not exist" in err or "no such" in err.lower()
    run(capsys, "ingest")
    code, _, err = run(capsys, "show", "nope#1")
    assert code == 1 and "No clause 'nope#1'" in err
    code, _, err = run(capsys, "clauses", "--doc", "nope")
    assert code == 2 and "No document 'nope'" in err


def test_module_entry_point_reports_errors_without_traceback(tmp_path):
    env = {"POLICY_ASSISTANT_INDEX_DIR": str(tmp_path / "none"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "documents"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: No index found")
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "no-such-command"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "No such command" in proc.stderr


def test_clause_lookups_answer_the_same_here_as_in_the_api(assistant, capsys):
    """The CLI goes through AssistantService: `--unit 科技局` also finds 市科技局's clauses, as
    /api/clauses?unit=科技局 does."""
    from fastapi.testclient import TestClient

    from assistant.server import create_app
    from assistant.service import AssistantService

    service = AssistantService(assistant.settings, assistant=assistant)
    index = str(assistant.settings.index_dir)
    code, out, _ = run(capsys, "clauses", "--unit", "科技局", "--json", "--index-dir", index)
    assert code == 0
    cli_ids = [c["id"] for c in json.loads(out)]
    service_ids = [r["clause_id"] for r in service.search_clauses(unit="科技局", limit=10_000)]
    api = TestClient(create_app(service, assistant.settings, ui=False))
    api_ids = [r["clause_id"] for r in api.get("/api/clauses", params={"unit": "科技局", "limit": 1000}).json()]
    assert cli_ids == service_ids == api_ids
    exact = {cid for cid, _ in assistant.store.clauses_by_unit("科技局")}
    assert exact < set(cli_ids)  # more than the clauses naming exactly "科技局"
    assert {cid for cid, _ in assistant.store.clauses_by_unit("市科技局")} <= set(cli_ids)

    code, out, _ = run(capsys, "clauses", "--unit", "科技局", "--doc", JINHUA, "--json", "--index-dir", index)
    assert [c["id"] for c in json.loads(out)] == [
        r["clause_id"] for r in service.search_clauses(unit="科技局", doc=JINHUA, limit=10_000)
    ]

    code, out, _ = run(capsys, "show", f"{JINHUA}#2.8", "--json", "--index-dir", index)
    assert code == 0 and json.loads(out) == api.get(f"/api/clauses/{JINHUA}%232.8").json()
