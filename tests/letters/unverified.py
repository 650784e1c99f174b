"""The shipped law with one value's confidence lowered: what a letter does with a rule
not verified in the act."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from assembly import paths
from assembly.law.rulebook import Rulebook
from assembly.law.workdays import calendar_for
from assembly.notices.workflow import notice_workflow
from assembly.services.law import Law


def law_with_unverified_complaint_period(tmp_path: Path) -> Law:
    """A copy of rules/ whose APPC complaint period is marked unverified, loaded as a Law."""
    root = tmp_path / "rules"
    shutil.copytree(paths.rules_dir(), root)
    law_file = root / "kz" / "law.yaml"
    data = yaml.safe_load(law_file.read_text(encoding="utf-8"))
    data["appeal"]["complaint_period"]["appc-350"]["confidence"] = "unverified"
    law_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    rulebook = Rulebook.load(root)
    return Law(rulebook, calendar_for(rulebook), notice_workflow())
