"""The brief as JSON (every sentence with its trace and the rule's figures) and the three files a scheduler writes."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from binjai.brief import pdf
from binjai.brief import text as words
from binjai.brief.build import Brief


def as_json(brief: Brief, lang: str) -> str:
    """Sections with sentences and traces, the changes' test figures and the rule, as JSON text."""
    changes = [{"metric_id": c.metric_id, "kecamatan": c.kecamatan, "category": c.category,
                "trace": c.trace(brief.start, brief.end), **asdict(c.outcome),
                "recent_weeks": [w.isoformat() for w in c.recent_weeks],
                "seasonal_weeks": [w.isoformat() for w in c.seasonal_weeks]} for c in brief.changes]
    sections = [{"key": s.key, "title": s.title, "lines": [{"text": x.text, "trace": x.trace} for x in s.lines]}
                for s in words.sections(brief, lang)]
    body = {"week": brief.week, "start": brief.start.isoformat(), "end": brief.end.isoformat(),
            "title": words.title(brief, lang), "sample": brief.is_sample, "series_tested": brief.tested,
            "sources_judged": brief.judged_sources, "changes": changes, "sections": sections,
            "rule": words.rule_text(lang)}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def write_all(brief: Brief, lang: str, out: Path) -> list[Path]:
    """Write `ringkasan-<week>-<lang>.pdf`, `.txt` (WhatsApp) and `.json` into `out`; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"ringkasan-{brief.week}-{lang}"
    files = {".pdf": pdf.render(brief, lang), ".txt": words.whatsapp(brief, lang).encode("utf-8"),
             ".json": as_json(brief, lang).encode("utf-8")}
    paths = []
    for suffix, data in files.items():
        path = stem.with_suffix(suffix)
        partial = path.with_suffix(suffix + ".part")
        partial.write_bytes(data)
        partial.replace(path)
        paths.append(path)
    return paths
