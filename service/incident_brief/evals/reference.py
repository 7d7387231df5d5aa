"""`incident-brief eval --reference DIR`: the LLM engine on reference answers, measured for survival.

Each dataset's answers live in DIR/<dataset>/ (answers in DIR itself are found too); the replay endpoint
(eval/replay.py) serves them in-process on a free port, and writes every request it has no answer for to
DIR/<dataset>/pending/. A case with an extraction or draft request pending is reported as pending, not scored:
a missing answer is not a failure of the engine. A repair request pending is the engine sending a good draft
back; the sections it names count as not used as written."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from incident_brief.engines import summarize
from incident_brief.errors import InputError
from incident_brief.llm.gateway import Answer, Gateway, ModelRequest
from incident_brief.render import render
from incident_brief.settings import Settings
from incident_brief.evals.consistency import flags_consistent
from incident_brief.evals.datasets import Case, absent_reason, load
from incident_brief.evals.runner import FIXED_TIME, aggregate
from incident_brief.evals.scorers import score
from incident_brief.evals.match import Score
from incident_brief.evals.survival import drafts_survival, facts_survival

ENGINE = "llm-reference"
# Report fields judged against gold: their mean is the field accuracy.
FIELD_METRICS = ("duration", "start", "end", "severity", "impact_figures", "services_recall", "services_precision",
                 "status", "incident_id", "other_figures")
POOLED = {"facts_survival": "facts", "drafts_as_written": "drafts"}  # shares over all facts / sections, not case means
_SETTINGS_KEYS = ("model", "max_output_tokens", "repair_rounds", "context_tokens", "structured_output")


def replay_module(root: Path):
    """eval/replay.py of the project folder (the replay endpoint is a script there, not part of the package)."""
    path = root / "eval" / "replay.py"
    if not path.is_file():
        raise InputError(f"{path} not found: the replay endpoint is needed for --reference")
    spec = importlib.util.spec_from_file_location("incident_brief_replay", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def reference_settings(base: Settings, folder: Path, url: str) -> Settings:
    """The engine's settings for a replayed run: model "reference" unless DIR/settings.json says otherwise."""
    saved = folder / "settings.json"
    chosen = {"model": "reference"}
    if saved.is_file():
        chosen |= {k: v for k, v in json.loads(saved.read_text()).items() if k in _SETTINGS_KEYS}
    return Settings(**{**base.model_dump(), **chosen, "openai_base_url": url, "openai_api_key": "replay",
                       "llm_max_retries": 0})


@dataclass
class Calls:
    """What one case's run asked and was answered, by stage."""

    extract: list[dict] = field(default_factory=list)
    draft: list[dict] = field(default_factory=list)
    sent_back: dict[str, str] = field(default_factory=dict)  # section -> the repair prompt's errors naming it
    pending: list[tuple[str, str]] = field(default_factory=list)  # (stage, key)


class RecordingGateway(Gateway):
    """The gateway pointed at the replay endpoint, noting each answer (and each request left pending)."""

    def __init__(self, settings: Settings, server, calls: Calls):
        super().__init__(settings)
        self.server, self.calls = server, calls

    def send(self, req: ModelRequest) -> Answer:
        before = len(self.server.missing)
        answer = super().send(req)
        repair = any(m.get("role") == "assistant" for m in req.messages)
        stage = "repair" if repair else req.stage
        if repair:
            errors = str(req.messages[-1].get("content", ""))
            for line in errors.splitlines():
                for section in _sections_named(line):
                    self.calls.sent_back.setdefault(section, line.strip(" -"))
        if len(self.server.missing) > before:
            self.calls.pending.append((stage, self.server.missing[-1]))
        elif answer.completion is not None and not repair:
            content = answer.completion.choices[0].message.content or ""
            try:
                parsed = json.loads(content)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                (self.calls.extract if req.stage == "extract" else self.calls.draft).append(parsed)
        return answer


def _sections_named(line: str) -> list[str]:
    from incident_brief.schema import DRAFTED

    return [s for s in DRAFTED if line.lstrip(" -").startswith(s)]


def _answers(replay, folder: Path, shared: Path):
    """The dataset's answer folder; an answer kept in the shared folder is found too."""

    class Answers(replay.Answers):
        def find(self, key: str):
            found = super().find(key)
            return found if found is not None or folder == shared else replay.Answers(shared).find(key)

    return Answers(folder)


def run_case(case: Case, settings: Settings, server) -> dict:
    calls = Calls()
    report = summarize(case.source, engine="llm", settings=settings, generated_at=FIXED_TIME,
                       gateway=RecordingGateway(settings, server, calls))
    out = {"id": case.id, "dataset": case.dataset, "scores": {}, "reasons": {},
           "fallback_sections": report.engine.fallback_sections,
           "pending": [{"stage": s, "key": k} for s, k in calls.pending]}
    if any(s != "repair" for s, _ in calls.pending):
        return out  # answers missing: not measured
    markdown = render(report, "markdown")
    scores = score(case, report, markdown) | flags_consistent(case, report, markdown)
    totals = {"facts": facts_survival(calls.extract, report, markdown)}
    if calls.draft:
        totals["drafts"] = drafts_survival(calls.draft[0], report, calls.sent_back)
    for metric, key in POOLED.items():
        if key in totals:
            scores[metric] = totals[key][0]
    scores["sections_repaired"] = Score(float(len(report.engine.repaired_sections or [])))
    scores["sections_fallback"] = Score(float(len(report.engine.fallback_sections or [])))
    fields = [scores[m].value for m in FIELD_METRICS if m in scores and scores[m].value is not None]
    if fields:
        scores["field_accuracy"] = Score(sum(fields) / len(fields))
    out["scores"] = {k: s.value for k, s in scores.items()}
    out["reasons"] = {k: s.reasons for k, s in scores.items() if s.reasons}
    out["counts"] = {key: [n - len(s.reasons), n] for key, (s, n) in totals.items()}  # [kept, total]
    return out


def run(datasets: list[str], root: Path, reference: Path, base: Settings, only: set[str] | None = None) -> dict:
    replay = replay_module(root)
    result = {"engine": ENGINE, "reference": str(reference), "datasets": {}, "skipped": [], "skip_reasons": {},
              "pending": {}}
    for name in datasets:
        corpus, more = base.corpus_dir, base.corpus_more_dir
        cases = [c for c in load(name, root, corpus, more) if not only or c.id in only]
        if not cases:
            result["skipped"].append(name)
            result["skip_reasons"][name] = absent_reason(name, root, corpus, more)
            continue
        folder = reference / name
        server = replay.ReplayServer(folder)
        server.answers = _answers(replay, folder, reference)
        with server:
            settings = reference_settings(base, reference, server.url)
            scored = [run_case(c, settings, server) for c in cases]
        result["datasets"][name] = summary(scored)
        if any(c["pending"] for c in scored):
            result["pending"][name] = str(folder / "pending")
    return result


def summary(cases: list[dict]) -> dict:
    measured = [c for c in cases if c["scores"]]
    agg = aggregate(measured)
    for metric, key in POOLED.items():
        kept = sum(c.get("counts", {}).get(key, [0, 0])[0] for c in measured)
        total = sum(c.get("counts", {}).get(key, [0, 0])[1] for c in measured)
        if total > 0:
            agg[metric] = {"mean": round(kept / total, 4), "judged": total}
    return {"cases": cases, "aggregate": agg, "measured": len(measured),
            "pending_cases": [c["id"] for c in cases if not c["scores"]],
            "pending_requests": sum(len(c["pending"]) for c in cases)}
