"""Parses README.md's ```console examples, runs them in bash and compares their output with what the README documents.

Used by test_readme_examples.py. Nothing here talks to pytest; the module is plain functions and data.

Parsing
  A section is a `## ` heading (a `### ` heading stays inside its `## ` section and only names the block). A
  ```console block holds commands: a line starting with `$ ` (continued by the next line while a line ends in `\\`
  or a quoted string is still open); every following line up to the next `$ ` line or the end of the block is that
  command's documented output (none: the command must print nothing). Other blocks (```sh, ```text, ...) are not run.

Running
  One bash process per section, so shell variables set by a command (`TOKEN=$(curl ...)`) reach later commands of the
  same block and of later blocks of the section. Each command runs as `{ CMD\\n} 2>ERRFILE` followed by
  `printf '\\n<marker> %d\\n' $?`, so its stdout, stderr and exit status are kept apart. `localhost:8080` and
  `127.0.0.1:8080` (commands and documented output) become the emulator's real port. Every command must exit 0 and
  answer within 20 s. Commands that cannot run here (`why_unrunnable`: docker/podman/buildah, make/swift, a browser,
  or a program that is not installed) are left out.

  `VAR=…the MEMBER above…` is the README's placeholder for "copy MEMBER from the previous answer": it runs as
  `VAR='<MEMBER of the previous command's actual JSON output>'`.

Comparing (the rules live in `Matcher`)
  * Both JSON (the documented text is parsed leniently: a bare `…` may stand for a value, an object member or an
    array element): objects are compared member by member for the members the README shows (extra actual members are
    fine); arrays must have the same length and order unless they contain a bare `…`, which matches any run of
    elements (zero or more). A bare `…` value or the string `"…"` matches anything; `…` inside a string matches any
    characters there (so `"eyJhbGciOiJSUzI1NiIs…"` is a prefix).
  * Not JSON: line by line; a line that is only `…` matches any number of lines, `…` inside a line matches anything.
    An HTTP response (`curl -i`, first line `HTTP/`) compares the status line exactly, requires every documented
    header (name case-insensitive; extra actual headers are fine) and compares the body by these same rules.
  * Volatile values (different on every run) match by shape, decided by these rules:
      - by form, for strings and tokens inside strings (URLs, `Location` values, ...):
          JWT (`eyJ…` with three base64url parts): the actual value must be a JWT; its header and payload are
            decoded and compared with these same rules (so `kid`, `iss`, `scp`, ... stay exact, `iat`/`jti` do not);
            the signature only by shape;
          UUID: any UUID;
          ISO 8601 date-time: any ISO 8601 date-time;
          an entity tag `W/"…"`: any weak entity tag;
          a random-looking token (16 or more of `[A-Za-z0-9_-]`, optionally `=`-padded, with both letters and
            digits, not followed by `…`): any token of the same alphabet and a length within ±8 characters;
        except that a value (or token) that occurs verbatim in seed-data/default/*.json, documented or actual, is a
        fixed seed value and compared exactly (seed ids, the Identity Store's `Me` ETag, fixed key ids, ...);
      - by member name, for numbers: `iat`, `exp`, `nbf`, `auth_time` and names ending in `_ms`, `_at` or `At`
        (`uptime_ms`, `accessTokenExpiresAt`, `expiresAt`, ...): any number of the same type and sign, with as many
        digits when the README shows an epoch value (seconds stay seconds, milliseconds stay milliseconds), unless the
        README shows 0 (then exactly 0);
      - by header name: `Date`, `X-Request-Id`, `*-Reset` and `ETag` values match by shape (a number stays a
        number, anything else is any non-empty value).
    A volatile documented value (JWT, UUID, token) is then bound to the actual value it matched: later commands of the
    section, and later documented output, have it replaced by the actual one (so `curl .../Users/<documented id>`
    addresses the user actually created, and a documented value repeated later must repeat the same actual value);
    one actual value documented under two different volatile values is a mismatch too.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ELLIPSIS = "…"
DOCUMENTED_PORT = 8080

# Commands that cannot run in an integration test, whatever is installed.
UNRUNNABLE_TOOLS = {
    "docker": "needs a container engine",
    "podman": "needs a container engine",
    "buildah": "needs a container engine",
    "make": "runs the build",
    "swift": "runs the build",
    "open": "needs a browser",
    "xdg-open": "needs a browser",
    "firefox": "needs a browser",
    "chromium": "needs a browser",
    "google-chrome": "needs a browser",
}
SHELL_WORDS = {
    "if", "then", "else", "fi", "for", "do", "done", "while", "echo", "printf", "export", "test", "[", "true", "false",
    "cd", "set", "unset", "read", "sleep", "local", "eval",
}

PLACEHOLDER = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=…the ([A-Za-z0-9_]+) above…$")


# --- parsing -------------------------------------------------------------------------------------------------------


@dataclass
class Command:
    text: str  # the command as in the README, continuation lines included
    documented: list[str]  # the documented output lines
    line: int  # README line of the `$ ` line
    heading: str  # the section, or "section › subsection"

    @property
    def first_line(self) -> str:
        return self.text.splitlines()[0]


@dataclass
class Section:
    title: str
    commands: list[Command] = field(default_factory=list)
    blocks: int = 0


def section_title(heading: str) -> str:
    """`SecureAuth Connect (`/{tid}/...`)` → `SecureAuth Connect`."""
    return re.sub(r"\s*\(.*\)\s*$", "", heading).strip() or heading.strip()


def parse_readme(text: str) -> list[Section]:
    sections: list[Section] = []
    current = Section("(top)")
    subheading = ""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            if current.commands or current.blocks:
                sections.append(current)
            current = Section(section_title(line[3:]))
            subheading = ""
        elif line.startswith("### "):
            subheading = section_title(line[4:])
        elif line.strip() == "```console":
            current.blocks += 1
            heading = f"{current.title} › {subheading}" if subheading else current.title
            index += 1
            command: Command | None = None
            while index < len(lines) and lines[index].strip() != "```":
                line = lines[index]
                if line.startswith("$ "):
                    start = index
                    parts = [line[2:]]
                    while (parts[-1].endswith("\\") or open_quote("\n".join(parts))) and index + 1 < len(lines):
                        index += 1
                        parts.append(lines[index])
                    command = Command("\n".join(parts), [], start + 1, heading)
                    current.commands.append(command)
                elif command is not None:
                    command.documented.append(line)
                index += 1
        index += 1
    if current.commands or current.blocks:
        sections.append(current)
    return sections


def open_quote(text: str) -> bool:
    """Whether shell text ends inside a quoted string (a `-d '{...` body spread over lines without `\\`)."""
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\":
            index += 1
        elif quote == '"':
            quote = "" if char == '"' else quote
        elif char in "'\"":
            quote = char
        index += 1
    return bool(quote)


def tools_of(command: str) -> list[str]:
    """The programs a command line runs (the first word of each pipeline stage and command substitution)."""
    flat = command.replace("\\\n", " ")
    flat = re.sub(r"'[^']*'", "''", flat)  # quoted text is data, not commands
    tools = []
    for stage in re.split(r"\$\(|\||;|&&|\|\||`|\)", flat):
        words = stage.split()
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words.pop(0)
        if words and words[0] not in SHELL_WORDS and re.match(r"^[A-Za-z0-9_./-]+$", words[0]):
            tools.append(words[0])
    return tools


def why_unrunnable(command: Command) -> str | None:
    if PLACEHOLDER.match(command.text):
        return None
    for tool in tools_of(command.text):
        if tool in UNRUNNABLE_TOOLS:
            return f"{tool}: {UNRUNNABLE_TOOLS[tool]}"
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def with_port(text: str, port: int) -> str:
    return text.replace(f"localhost:{DOCUMENTED_PORT}", f"localhost:{port}").replace(
        f"127.0.0.1:{DOCUMENTED_PORT}", f"127.0.0.1:{port}"
    )


# --- the README's JSON with `…` ------------------------------------------------------------------------------------


class _More:
    """A bare `…` array element or object member: "more of the same"."""

    def __repr__(self) -> str:
        return "…"


class _Anything:
    """A bare `…` value."""

    def __repr__(self) -> str:
        return "…"


MORE = _More()
ANYTHING = _Anything()


class LenientJSON:
    """JSON plus bare `…` (as a value, an array element or an object member). Raises ValueError otherwise."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    @classmethod
    def parse(cls, text: str):
        parser = cls(text)
        value = parser.value()
        parser.space()
        if parser.pos != len(text):
            raise ValueError(f"trailing text at {parser.pos}")
        return value

    def space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        self.space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise ValueError(f"expected {char!r} at {self.pos}")
        self.pos += 1

    def value(self):
        char = self.peek()
        if char == "{":
            return self.object()
        if char == "[":
            return self.array()
        if char == '"':
            return self.string()
        if char == ELLIPSIS:
            self.pos += 1
            return ANYTHING
        match = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null").match(self.text, self.pos)
        if not match:
            raise ValueError(f"unexpected {char!r} at {self.pos}")
        self.pos = match.end()
        return json.loads(match.group())

    def string(self) -> str:
        match = re.compile(r'"(?:[^"\\]|\\.)*"', re.S).match(self.text, self.pos)
        if not match:
            raise ValueError(f"unterminated string at {self.pos}")
        self.pos = match.end()
        return json.loads(match.group())

    def array(self) -> list:
        self.expect("[")
        items: list = []
        if self.peek() == "]":
            self.pos += 1
            return items
        while True:
            if self.peek() == ELLIPSIS:
                self.pos += 1
                items.append(MORE)
            else:
                items.append(self.value())
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return items

    def object(self) -> dict:
        self.expect("{")
        members: dict = {}
        if self.peek() == "}":
            self.pos += 1
            return members
        while True:
            if self.peek() == ELLIPSIS:
                self.pos += 1
                members[MORE] = MORE
            else:
                key = self.string()
                self.expect(":")
                members[key] = self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}")
            return members


def parse_documented_json(text: str):
    text = text.strip()
    if not text or text[0] not in '{["-0123456789tfn':
        raise ValueError("not JSON")
    return LenientJSON.parse(text)


# --- volatile values -----------------------------------------------------------------------------------------------

B64URL = r"[A-Za-z0-9_-]"
JWT = re.compile(rf"eyJ{B64URL}+\.{B64URL}+\.{B64URL}+")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})")
ETAG = re.compile(r'W/"[A-Za-z0-9+/=_-]*"')
TOKEN = re.compile(rf"(?<![A-Za-z0-9_-]){B64URL}{{16,}}={{0,2}}(?![A-Za-z0-9_=-])")
# The order matters: the first kind that matches at a position wins.
VOLATILE_KINDS = [("jwt", JWT), ("uuid", UUID), ("timestamp", TIMESTAMP), ("etag", ETAG), ("token", TOKEN)]
BINDABLE_KINDS = {"jwt", "uuid", "token"}
WORD_CHAR = re.compile(r"[A-Za-z0-9_-]")
VOLATILE_NUMBER_NAME = re.compile(r"^(iat|exp|nbf|auth_time)$|_ms$|(_at|At)$")
VOLATILE_HEADERS = re.compile(r"^(date|x-request-id|etag|.*-reset)$", re.I)


def looks_random(token: str) -> bool:
    return bool(re.search(r"[A-Za-z]", token)) and bool(re.search(r"\d", token))


def shape_pattern(kind: str, token: str) -> str:
    if kind == "jwt":
        return JWT.pattern
    if kind == "uuid":
        return UUID.pattern
    if kind == "timestamp":
        return TIMESTAMP.pattern
    if kind == "etag":
        return ETAG.pattern
    core = len(token.rstrip("="))
    return rf"{B64URL}{{{max(1, core - 8)},{core + 8}}}={{0,2}}"


def b64url_json(part: str):
    padded = part + "=" * (-len(part) % 4)
    return json.loads(base64.urlsafe_b64decode(padded))


class Matcher:
    """Compares documented output with actual output; collects problems and the bindings of volatile values."""

    def __init__(self, seed_text: str, port: int):
        self.seed_text = seed_text
        self.port = port
        self.bindings: dict[str, str] = {}  # documented volatile value → the actual value it matched
        self.problems: list[str] = []

    # bindings --------------------------------------------------------------------------------------------------------

    def apply_bindings(self, text: str) -> str:
        for documented in sorted(self.bindings, key=len, reverse=True):
            text = text.replace(documented, self.bindings[documented])
        return text

    def bind(self, documented: str, actual: str, where: str) -> None:
        if documented == actual:
            return
        bound = self.bindings.get(documented)
        earlier = [doc for doc, act in self.bindings.items() if act == actual and doc != documented]
        if bound is not None and bound != actual:
            self.problems.append(f"{where}: documented {documented!r} stood for {bound!r} before, now {actual!r}")
        elif earlier:
            self.problems.append(f"{where}: documented {documented!r}, actual {actual!r}, which the README called "
                                 f"{earlier[0]!r} before")
        else:
            self.bindings[documented] = actual

    def in_seed(self, value: str) -> bool:
        return value in self.seed_text or json.dumps(value)[1:-1] in self.seed_text

    def is_fixed(self, value: str) -> bool:
        """A seed value, or an actual value an earlier binding put into the documented text."""
        return self.in_seed(value) or value in self.bindings.values()

    # JSON ------------------------------------------------------------------------------------------------------------

    def fail(self, where: str, documented, actual) -> None:
        self.problems.append(f"{where}: documented {_show(documented)}, actual {_show(actual)}")

    def json(self, documented, actual, where: str = "$", name: str = "") -> None:
        if documented is ANYTHING or documented == ELLIPSIS:
            return
        if isinstance(documented, dict):
            if not isinstance(actual, dict):
                return self.fail(where, documented, actual)
            for key, value in documented.items():
                if key is MORE:
                    continue
                if key not in actual:
                    self.problems.append(f"{where}: member {key!r} is missing (documented {_show(value)})")
                else:
                    self.json(value, actual[key], f"{where}.{key}", key)
            return
        if isinstance(documented, list):
            if not isinstance(actual, list):
                return self.fail(where, documented, actual)
            if MORE not in documented:
                if len(documented) != len(actual):
                    return self.problems.append(
                        f"{where}: documented {len(documented)} elements, actual {len(actual)}: {_show(actual)}"
                    )
                for index, (doc, act) in enumerate(zip(documented, actual)):
                    self.json(doc, act, f"{where}[{index}]", name)
                return
            if not self._sequence(documented, actual, where, name):
                self.fail(where, documented, actual)
            return
        if isinstance(documented, str):
            if not isinstance(actual, str):
                return self.fail(where, documented, actual)
            return self.string(documented, actual, where)
        if isinstance(documented, bool) or documented is None:
            if documented is not actual:
                self.fail(where, documented, actual)
            return
        if isinstance(documented, (int, float)):
            if isinstance(actual, bool) or not isinstance(actual, (int, float)):
                return self.fail(where, documented, actual)
            if documented != 0 and VOLATILE_NUMBER_NAME.search(name):
                epoch = abs(documented) >= 1e9  # epoch seconds or milliseconds: the unit must stay the same
                if (
                    type(documented) is not type(actual)
                    or (actual < 0) != (documented < 0)
                    or (epoch and len(str(int(abs(actual)))) != len(str(int(abs(documented)))))
                ):
                    self.fail(where, documented, actual)
                return
            if documented != actual:
                self.fail(where, documented, actual)
            return
        raise TypeError(f"unexpected documented value {documented!r}")

    def _sequence(self, documented: list, actual: list, where: str, name: str) -> bool:
        """Matches an array with bare `…` elements (each any run of elements); commits the first match found."""

        def quiet_match(doc, act, index) -> bool:
            saved_problems, saved_bindings = list(self.problems), dict(self.bindings)
            self.json(doc, act, f"{where}[{index}]", name)
            ok = len(self.problems) == len(saved_problems)
            self.problems, self.bindings = saved_problems, saved_bindings
            return ok

        def search(d: int, a: int) -> list[tuple[int, int]] | None:
            if d == len(documented):
                return [] if a == len(actual) else None
            if documented[d] is MORE:
                for skip in range(a, len(actual) + 1):
                    rest = search(d + 1, skip)
                    if rest is not None:
                        return rest
                return None
            if a < len(actual) and quiet_match(documented[d], actual[a], a):
                rest = search(d + 1, a + 1)
                if rest is not None:
                    return [(d, a)] + rest
            return None

        pairs = search(0, 0)
        if pairs is None:
            return False
        for d, a in pairs:  # again, for real: records the bindings
            self.json(documented[d], actual[a], f"{where}[{a}]", name)
        return True

    # strings ---------------------------------------------------------------------------------------------------------

    def string(self, documented: str, actual: str, where: str) -> None:
        if documented == actual or documented == ELLIPSIS:
            return
        if JWT.fullmatch(documented) and not self.is_fixed(documented):
            return self.jwt(documented, actual, where)
        if documented[:1] in "{[":
            try:
                doc_json = parse_documented_json(documented)
                act_json = json.loads(actual)
            except ValueError:
                pass
            else:
                return self.json(doc_json, act_json, f"{where}(json)")
        pattern, groups = self.pattern(documented)
        match = re.fullmatch(pattern, actual, re.S)
        if not match:
            return self.fail(where, documented, actual)
        for group, (kind, token) in groups.items():
            value = match.group(group)
            if value != token and self.in_seed(value):
                self.problems.append(f"{where}: documented {token!r} where the actual one is the seed value {value!r}")
            elif kind == "jwt":
                self.jwt(token, value, where)
            elif kind in BINDABLE_KINDS:
                self.bind(token, value, where)

    def pattern(self, documented: str) -> tuple[str, dict[str, tuple[str, str]]]:
        """A regex for a documented string: volatile tokens by shape (named groups), `…` as `.*?`, the rest literal."""
        parts: list[str] = []
        groups: dict[str, tuple[str, str]] = {}
        pos = 0
        while pos < len(documented):
            if documented[pos] == ELLIPSIS:
                parts.append(".*?")
                pos += 1
                continue
            for kind, regex in VOLATILE_KINDS:
                match = regex.match(documented, pos)
                if not match or (pos > 0 and WORD_CHAR.match(documented[pos - 1])):
                    continue
                token = match.group()
                truncated = documented[match.end() : match.end() + 1] == ELLIPSIS
                if truncated or self.is_fixed(token) or (kind == "token" and not looks_random(token)):
                    continue
                name = f"v{len(groups)}"
                groups[name] = (kind, token)
                parts.append(f"(?P<{name}>{shape_pattern(kind, token)})")
                pos = match.end()
                break
            else:
                # a literal: a whole word (volatile tokens only start at word boundaries), or one other character
                end = pos + 1
                if WORD_CHAR.match(documented[pos]):
                    while end < len(documented) and WORD_CHAR.match(documented[end]):
                        end += 1
                parts.append(re.escape(documented[pos:end]))
                pos = end
        return "".join(parts), groups

    def jwt(self, documented: str, actual: str, where: str) -> None:
        if not JWT.fullmatch(actual):
            return self.fail(where, documented, actual)
        doc_parts, act_parts = documented.split("."), actual.split(".")
        for index, label in ((0, "header"), (1, "payload")):
            try:
                doc_value = _with_port(b64url_json(doc_parts[index]), self.port)
            except ValueError:
                return self.problems.append(f"{where}: the documented JWT's {label} does not decode")
            try:
                act_value = b64url_json(act_parts[index])
            except ValueError:
                return self.problems.append(f"{where}: the actual JWT's {label} does not decode: {actual}")
            self.json(doc_value, act_value, f"{where}(jwt {label})")
        self.bind(documented, actual, where)

    # whole outputs ---------------------------------------------------------------------------------------------------

    def output(self, documented_lines: list[str], actual: str, where: str) -> None:
        documented = "\n".join(documented_lines)
        actual = actual.replace("\r\n", "\n").rstrip("\n")
        if documented.startswith("HTTP/"):
            return self.http(documented, actual, where)
        try:
            doc_json = parse_documented_json(documented)
        except ValueError:
            doc_json = None
        if doc_json is not None:
            try:
                act_json = json.loads(actual)
            except ValueError:
                return self.problems.append(f"{where}: documented JSON, actual output is not JSON: {_clip(actual)}")
            return self.json(doc_json, act_json, where)
        self.lines(documented.split("\n") if documented else [], actual.split("\n") if actual else [], where)

    def lines(self, documented: list[str], actual: list[str], where: str) -> None:
        def search(d: int, a: int) -> bool:
            if d == len(documented):
                return a == len(actual)
            if documented[d].strip() == ELLIPSIS:
                return any(search(d + 1, skip) for skip in range(a, len(actual) + 1))
            if a < len(actual) and self._quiet(lambda: self.string(documented[d], actual[a], where)):
                return search(d + 1, a + 1)
            return False

        if not search(0, 0):
            return self.problems.append(
                f"{where}: documented output\n{_indent(documented)}\n    actual output\n{_indent(actual)}"
            )
        # record bindings of lines that are not `…`, matched in order
        a = 0
        for line in documented:
            if line.strip() == ELLIPSIS:
                continue
            while a < len(actual) and not self._quiet(lambda: self.string(line, actual[a], where)):
                a += 1
            if a < len(actual):
                self.string(line, actual[a], where)
                a += 1

    def _quiet(self, check) -> bool:
        saved_problems, saved_bindings = list(self.problems), dict(self.bindings)
        check()
        ok = len(self.problems) == len(saved_problems)
        self.problems, self.bindings = saved_problems, saved_bindings
        return ok

    def http(self, documented: str, actual: str, where: str) -> None:
        doc_head, _, doc_body = documented.partition("\n\n")
        act_head, _, act_body = actual.partition("\n\n")
        doc_lines, act_lines = doc_head.split("\n"), act_head.split("\n")
        self.string(doc_lines[0], act_lines[0], f"{where} status line")
        actual_headers: dict[str, list[str]] = {}
        for line in act_lines[1:]:
            name, _, value = line.partition(":")
            actual_headers.setdefault(name.strip().lower(), []).append(value.strip())
        for line in doc_lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip(), value.strip()
            values = actual_headers.get(name.lower())
            if not values:
                self.problems.append(f"{where}: header {name} is missing (documented {line!r}); actual head:\n"
                                     f"{_indent(act_lines)}")
                continue
            if VOLATILE_HEADERS.match(name):
                shape = re.sub(r"\d+", r"\\d+", re.escape(value)) if value.isdigit() else ".+"
                if not any(re.fullmatch(shape, v) for v in values):
                    self.fail(f"{where} header {name}", value, values)
                continue
            if not any(self._quiet(lambda v=v: self.string(value, v, where)) for v in values):
                self.fail(f"{where} header {name}", value, values if len(values) > 1 else values[0])
            else:
                for v in values:
                    if self._quiet(lambda v=v: self.string(value, v, where)):
                        self.string(value, v, f"{where} header {name}")
                        break
        self.output(doc_body.split("\n") if doc_body else [], act_body, f"{where} body")


def _with_port(value, port: int):
    if isinstance(value, str):
        return with_port(value, port)
    if isinstance(value, list):
        return [_with_port(item, port) for item in value]
    if isinstance(value, dict):
        return {key: _with_port(item, port) for key, item in value.items()}
    return value


def _show(value) -> str:
    if value is MORE or value is ANYTHING:
        return "…"
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return _clip(text)


def _clip(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def _indent(lines: list[str]) -> str:
    return "\n".join(f"      | {_clip(line, 400)}" for line in lines) or "      | (nothing)"


def seed_text(repository: Path) -> str:
    return "\n".join(path.read_text() for path in sorted((repository / "seed-data" / "default").glob("*.json")))


# --- running -------------------------------------------------------------------------------------------------------


@dataclass
class Result:
    stdout: str
    stderr: str
    status: int


class BashSession:
    """One bash process; `run(command)` runs a command in it and returns its own stdout, stderr and exit status."""

    def __init__(self, workdir: Path, timeout: float = 20):
        self.workdir = workdir
        self.timeout = timeout
        self.marker = f"__readme_example_{uuid.uuid4().hex}__"
        self.count = 0
        self.process = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=workdir,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        self.buffer = b""

    def run(self, command: str) -> Result:
        self.count += 1
        errfile = self.workdir / f"stderr-{self.count}"
        script = f"{{ {command}\n}} 2>'{errfile}' </dev/null\nprintf '\\n%s %d\\n' '{self.marker}' \"$?\"\n"
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(script.encode())
        self.process.stdin.flush()
        pattern = re.compile(rb"\n" + re.escape(self.marker.encode()) + rb" (\d+)\n")
        fd = self.process.stdout.fileno()
        while not (match := pattern.search(self.buffer)):
            ready, _, _ = select.select([fd], [], [], self.timeout)
            if not ready:
                raise TimeoutError(f"no answer within {self.timeout} s")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise EOFError("bash exited")
            self.buffer += chunk
        stdout, self.buffer = self.buffer[: match.start()], self.buffer[match.end() :]
        stderr = errfile.read_text(errors="replace") if errfile.exists() else ""
        return Result(stdout.decode(errors="replace"), stderr, int(match.group(1)))

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.close()
                self.process.wait(timeout=5)
            except (subprocess.TimeoutExpired, BrokenPipeError):
                self.process.kill()
                self.process.wait()


def shell_quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def run_section(
    section: Section, port: int, workdir: Path, seed: str, known: dict, log: list | None = None
) -> tuple[list[str], list[str], int]:
    """Runs a section's runnable commands; answers (problems, problems of known mismatches, commands run).

    `log`, when given, receives (command, the text that ran, its Result) for every command that ran.
    """
    matcher = Matcher(seed, port)
    problems: list[str] = []
    known_problems: list[str] = []
    previous_output = ""
    ran = 0
    session = BashSession(workdir)
    try:
        for command in section.commands:
            if why_unrunnable(command):
                continue
            shown = command.first_line.rstrip(" \\")
            label = f"[{command.heading}] README line {command.line}: $ {shown}"
            where = "$"
            text = command.text
            placeholder = PLACEHOLDER.match(text)
            if placeholder:
                variable, member = placeholder.groups()
                try:
                    value = json.loads(previous_output)[member]
                except (ValueError, KeyError, TypeError):
                    shown = _clip(previous_output)
                    problems.append(f"{label}\n    the previous output has no JSON member {member!r}: {shown}")
                    continue
                text = f"{variable}={shell_quote(str(value))}"
            text = matcher.apply_bindings(with_port(text, port))
            ran += 1
            try:
                result = session.run(text)
            except (TimeoutError, EOFError) as error:
                problems.append(f"{label}\n    {error}")
                break
            if log is not None:
                log.append((command, text, result))
            matcher.problems = []
            if result.status != 0:
                matcher.problems.append(f"exit status {result.status}; stderr: {_clip(result.stderr.strip())}")
            documented = [matcher.apply_bindings(with_port(line, port)) for line in command.documented]
            matcher.output(documented, result.stdout, where)
            if placeholder is None:
                previous_output = result.stdout
            target = known_problems if (section.title, command.first_line) in known else problems
            target.extend(f"{label}\n    {problem}" for problem in matcher.problems)
            if (section.title, command.first_line) in known and not matcher.problems:
                problems.append(f"{label}\n    listed in KNOWN_README_MISMATCHES but now answers as documented")
    finally:
        session.close()
    return problems, known_problems, ran
