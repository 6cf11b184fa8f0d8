"""Every default-seed call of README.md's ```console examples still answers exactly as the README documents.

README.md is parsed into sections (`## ` headings) and their ```console blocks; each section's commands run in order in
one bash process against the session's idemu (conftest.py), reset to the default seed before each section, with
`localhost:8080` / `127.0.0.1:8080` pointed at its real port. Each command's own stdout is compared with the output the
README shows under it: JSON structurally, anything else line by line, with the README's `…` as a wildcard and
volatile values (JWTs, UUIDs, random tokens, timestamps, `iat`/`exp`/... ) matched by shape. The exact rules are in the
docstring of readme_examples.py. Every mismatch of a section is reported at once.

Only commands that cannot run here are skipped (a container engine, the build, a browser, or a tool that is not
installed); `test_commands_that_cannot_run_here` lists them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readme_examples import Section, parse_readme, run_section, seed_text, why_unrunnable

REPOSITORY = Path(__file__).resolve().parents[2]
README = REPOSITORY / "README.md"

# Examples known to answer differently from what the README documents, pending a decision on whether the README or
# the code is wrong: (section title, first line of the command as in the README) → why. A section whose only mismatches
# are listed here is an xfail; a listed example that answers as documented again fails the test (remove it here).
KNOWN_README_MISMATCHES: dict[tuple[str, str], str] = {}

SECTIONS: list[Section] = parse_readme(README.read_text())
SEED = seed_text(REPOSITORY)


def test_readme_examples_are_parsed() -> None:
    blocks = README.read_text().count("```console")
    assert sum(section.blocks for section in SECTIONS) == blocks, "a ```console block was not parsed"
    assert all(section.commands for section in SECTIONS), "a ```console block without `$ ` commands"
    listed = {(section.title, command.first_line) for section in SECTIONS for command in section.commands}
    stale = [key for key in KNOWN_README_MISMATCHES if key not in listed]
    assert not stale, f"KNOWN_README_MISMATCHES names commands the README no longer has: {stale}"


@pytest.mark.parametrize("section", SECTIONS, ids=[section.title for section in SECTIONS])
def test_readme_section_answers_as_documented(section: Section, idemu: str, tmp_path: Path) -> None:
    port = int(idemu.rsplit(":", 1)[1])
    problems, known, ran = run_section(section, port, tmp_path, SEED, KNOWN_README_MISMATCHES)
    if problems:
        message = f"{len(problems)} README mismatch(es) in section {section.title!r} ({ran} commands run):\n\n"
        pytest.fail(message + "\n\n".join(problems) + ("\n\n(known: " + "; ".join(known) + ")" if known else ""),
                    pytrace=False)
    if known:
        pytest.xfail("known README mismatches (KNOWN_README_MISMATCHES):\n" + "\n".join(known))
    assert ran > 0 or all(why_unrunnable(command) for command in section.commands)


def test_commands_that_cannot_run_here() -> None:
    unrunnable = [
        f"[{command.heading}] README line {command.line}: $ {command.first_line} ({reason})"
        for section in SECTIONS
        for command in section.commands
        if (reason := why_unrunnable(command))
    ]
    if unrunnable:
        pytest.skip(f"{len(unrunnable)} README command(s) cannot run here: " + "; ".join(unrunnable))
