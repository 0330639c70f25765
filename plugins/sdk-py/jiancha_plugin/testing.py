"""Native testing of a plugin on the test vectors that ``jiancha plugin test`` runs against the built component
(format: ``core/src/vectors.rs``: ``{"plugin", "cases": [{"name", "enterprise", "inspection", "expect"}]}``,
``expect`` the rule ids that must fire, as a multiset).

Each record is checked the way the host checks it: only when it carries ``sector_data.<plugin-id>`` and the
enterprise is in the plugin's scope; the inputs are those the host sends (inspection and entry as JSON text,
policy date the inspection day in Asia/Shanghai). The answer is judged as the host judges it (declared rules and
severities, JSON pointers). Works without the componentize-py bindings.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from . import SECTOR_DATA_INVALID, CheckInput, Enterprise, Finding, Plugin, parse_json, shanghai_day

_TRIGGERS = {"plan", "special", "random-sampling", "complaint", "referral", "data-monitoring", "patrol", "enterprise-request"}
_ACTIVITIES = {"inspection", "observation", "supervision", "study-visit", "visit"}
_MODES = {"on-site", "off-site"}
_MEASURES = {"seal", "seize", "freeze", "suspend"}


@dataclass
class CaseResult:
    """One case: its findings and, when it failed, why."""

    name: str
    findings: list[Finding]
    failure: Optional[str] = None


@dataclass
class Report:
    """The outcome of a vectors run."""

    plugin: str
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.cases if c.failure is None)

    @property
    def failures(self) -> list[str]:
        return [f"{c.name}: {c.failure}" for c in self.cases if c.failure is not None]


def bad_inspection(insp: Any) -> Optional[str]:
    """What is wrong with an inspection record, by the fields the host needs (it refuses such a record before any
    plugin sees it), or None."""
    if not isinstance(insp, dict):
        return "not an object"
    for f in ("id", "lead_agency", "enterprise"):
        if not isinstance(insp.get(f), str):
            return f"missing or non-string `{f}`"
    for f in ("inspectors", "items"):
        if not isinstance(insp.get(f), list):
            return f"missing or non-array `{f}`"
    if insp.get("trigger") not in _TRIGGERS:
        return f"unknown trigger {json.dumps(insp.get('trigger'))}"
    if insp.get("mode") not in _MODES:
        return f"unknown mode {json.dumps(insp.get('mode'))}"
    if "activity" in insp and insp["activity"] not in _ACTIVITIES:
        return f"unknown activity {json.dumps(insp['activity'])}"
    for f in ("started_at", "ended_at"):
        if shanghai_day(insp.get(f)) is None:  # type: ignore[arg-type]
            return f"`{f}` is not an RFC 3339 time"
    measures = insp.get("measures")
    if measures is not None:
        if not isinstance(measures, list):
            return "`measures` is not an array"
        for m in measures:
            if not isinstance(m, dict) or m.get("kind") not in _MEASURES:
                return f"unknown measure kind {json.dumps(m.get('kind') if isinstance(m, dict) else m)}"
    sd = insp.get("sector_data", {})
    if not isinstance(sd, dict):
        return "`sector_data` is not an object"
    return None


def _bad_finding(f: Finding, declared: Mapping[str, str]) -> Optional[str]:
    severity = "warning" if f.rule in (SECTOR_DATA_INVALID, "plugin.failed") else declared.get(f.rule)
    if severity is None:
        return f"undeclared rule `{f.rule}`"
    if f.severity != severity:
        return f"severity of `{f.rule}` is {f.severity}, declared {severity}"
    if not all(isinstance(x, str) for x in (f.message, f.message_en, f.path)):
        return f"message, message_en and path of `{f.rule}` must be strings"
    if f.path and not f.path.startswith("/"):
        return f"path `{f.path}` is not a JSON pointer"
    if not all(isinstance(c.source, str) and isinstance(c.article, str) for c in f.citations):
        return f"citations of `{f.rule}` are not (source, article) pairs"
    return None


def run_vectors(plugin: Plugin, text: str) -> Report:
    """Runs every case of a vectors text through ``plugin``."""
    vectors = parse_json(text)
    meta = plugin.meta
    if vectors.get("plugin") != meta.id:
        raise ValueError(
            f"测试向量属于 {vectors.get('plugin')}，插件是 {meta.id} / "
            f"the vectors are for `{vectors.get('plugin')}`, the plugin is `{meta.id}`"
        )
    for r in meta.rules:
        if not r.id.startswith(meta.id + "."):
            raise ValueError(f"规则 {r.id} 须以 {meta.id}. 开头 / rule ids must be `{meta.id}.<name>`")
    declared = {r.id: r.severity for r in meta.rules}
    report = Report(meta.id)
    for case in vectors["cases"]:
        name, insp, e = case["name"], case["inspection"], case["enterprise"]
        bad = bad_inspection(insp)
        if bad:
            report.cases.append(CaseResult(name, [], f"bad inspection: {bad}"))
            continue
        tags = tuple(e.get("tags") or ())
        findings: list[Finding] = []
        if meta.id in insp.get("sector_data", {}) and meta.applies_to(e["industry"], tags):
            input = CheckInput(
                inspection=json.dumps(insp, ensure_ascii=False),
                enterprise=Enterprise(id=e["id"], name=e["name"], industry=e["industry"], tags=tags),
                sector_data=json.dumps(insp["sector_data"][meta.id], ensure_ascii=False),
                policy_date=shanghai_day(insp["started_at"]) or "",
            )
            try:
                (findings,) = plugin.run([input])
            except Exception as err:  # noqa: BLE001 — any exception is a trap in the component
                report.cases.append(CaseResult(name, [], f"check failed (the component would trap): {err!r}"))
                continue
            wrong = next((w for w in (_bad_finding(f, declared) for f in findings) if w), None)
            if wrong:
                report.cases.append(CaseResult(name, findings, wrong))
                continue
        got = [f.rule for f in findings]
        failure = None
        if Counter(got) != Counter(case["expect"]):
            failure = f"expected {json.dumps(sorted(case['expect']))}, got {json.dumps(sorted(got))}"
            # What the plugin raised, or could not read, is the reason to show.
            for f in findings:
                if f.rule in (SECTOR_DATA_INVALID, "plugin.failed"):
                    failure += f"\n    {f.rule}: {f.message_en}"
        report.cases.append(CaseResult(name, findings, failure))
    return report
