"""The native-speaker review list of the most visible Kazakh strings (issue 15.9): a
Markdown table (msgid, the kk text from the catalog, where it is shown, what to check),
kept in README.md between the kk-review markers.

Run: .venv/bin/python scripts/kk_review.py          print the table
     .venv/bin/python scripts/kk_review.py --write  put it in README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from assembly.i18n import catalog

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- kk-review:start -->", "<!-- kk-review:end -->"

# (msgid, where a citizen or an officer sees it, what a native speaker should check).
STRINGS: tuple[tuple[str, str, str], ...] = (
    ("File a notice", "home page, menu: the start button",
     "a verb phrase a citizen reads as «file», both procedures named"),
    ("My notices", "menu", "the plural possessives; «хабарлама (өтініш)» kept apart"),
    ("registered, awaiting review", "status of a new notice", "not read as «accepted»"),
    ("under review", "status", "plain and current"),
    ("may go ahead: no answer in time", "status of a notification deemed accepted",
     "Art. 11(1) part 2 in plain words"),
    ("The akimat must answer by %(due)s; %(silence)s.", "notice page",
     "the date inserted without a case ending after it"),
    ("What the law says about these answers", "each step of the filing wizard",
     "a heading, not a question"),
    ("The earliest date you can still choose is %(date)s.", "the wizard's \"When\" step",
     "the date inserted without a case ending after it"),
    ("Decision on your notification %(reference)s: %(outcome)s", "letter title (PDF and page)",
     "«хабарлама» for a notification; the outcome after the colon"),
    ("How to appeal", "letter heading", "the term of the APPC («шағымдану»)"),
    ("How to appeal: you may file a complaint against this decision with the akimat, which "
     "forwards it to the superior body, within %(months)s months of the day you learned of "
     "this decision (%(article)s); then you may go to the court.",
     "letter of a decision from 1 July 2021",
     "APPC Art. 91(4), 92(1) as the kk text of the Code says them"),
    ("Administrative Procedural and Process-Related Code of the Republic of Kazakhstan, "
     "%(article)s", "letter, after the complaint period", "the Code's official kk title"),
    ("The akimat did not answer your notification %(reference)s within the review period, "
     "which ended on %(due)s. You may hold the assembly as notified (%(article)s).",
     "letter and e-mail of a notification deemed accepted", "Art. 11(1) in plain words"),
    ("to check with the akimat", "lead of an advisory (a working value no act confirms)",
     "a request, not an order; not read as the law"),
    ("An IIN is 12 digits.", "IIN field error (account, wizard)", "«ЖСН» and the digits"),
    ("Enter the IIN: the 12 digits of the identity document.", "empty IIN field",
     "«жеке куәлік» as the document's name"),
    ("The e-mail address or the password is not correct.", "sign-in failure",
     "says nothing about which one"),
    ("Withdraw the notice", "notice page: the warning button",
     "«қайтарып алу» kept apart from the akimat's «бас тарту»"),
    ("Answer the proposal", "notice page after a proposal", "plain imperative"),
    ("Expected participants", "wizard, letters, officer's desk",
     "the law's wording (Art. 12(2)(6))"),
)


def rows(strings: tuple[tuple[str, str, str], ...] = STRINGS) -> list[tuple[str, ...]]:
    """(msgid, kk text, where, what to check) for each string; a missing kk text is empty."""
    kk = catalog("kk")
    return [(msgid, kk.get(msgid, ""), where, check) for msgid, where, check in strings]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    """The review list as a Markdown table."""
    lines = ["| msgid | kk | where shown | what to check |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows()]
    return "\n".join(lines) + "\n"


def with_table(readme: str) -> str:
    """README.md's text with the table between the markers replaced by the current one."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}{END}{tail}"


def main(argv: list[str]) -> int:
    """Print the table, or write it into README.md (--write)."""
    if argv[1:] == ["--write"]:
        README.write_text(with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    sys.stdout.write(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
