#!/usr/bin/env python3
"""Extract the hex traces of RFC 8448 into one text file per section.

Usage: python3 vectors/rfc8448/extract.py [path/to/rfc8448.txt]
(default: ../shared/rfcs/rfc8448.txt relative to the repository root).

Output format (read by tests/support/vectors.rs):
    # comment
    [step] {client} create an ephemeral x25519 key pair
    private key = 49af42ba...
    salt = 0 (all zero octets)        <- a value that is not hex is kept as text

Steps appear in RFC order; a title may repeat (e.g. "send handshake record"),
so readers address them by title and occurrence. Section 2 (the server's RSA
key) has no "{side}" steps and is written under the step "[step] server RSA key".
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RFC = os.path.join(HERE, "..", "..", "..", "shared", "rfcs", "rfc8448.txt")
SECTIONS = {
    "2": "private-keys",
    "3": "section3-simple-1rtt",
    "4": "section4-resumed-0rtt",
    "5": "section5-hello-retry-request",
    "6": "section6-client-auth",
    "7": "section7-compatibility-mode",
}
HEX_TOKEN = re.compile(r"^[0-9a-f]{2}$")


def page_lines(text):
    """Drop the page footers and headers so values continue across pages."""
    out = []
    for line in text.splitlines():
        if line.startswith("\f"):
            line = line[1:]
        if re.match(r"^Thomson\s+Informational\s+\[Page \d+\]$", line):
            continue
        if re.match(r"^RFC 8448\s+TLS 1.3 Traces\s+January 2019$", line):
            continue
        out.append(line)
    return out


def split_sections(lines):
    sections, current = {}, None
    for line in lines:
        m = re.match(r"^(\d+)\.  (.*)$", line)
        if m:
            current = m.group(1)
            sections[current] = {"title": m.group(2), "lines": []}
            continue
        if current is not None:
            sections[current]["lines"].append(line)
    return sections


def parse_section(lines, default_step):
    steps = []  # list of (title, [(label, value)])
    i = 0
    pending_title = None
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^   (\{(client|server)\}.*)$", line)
        if m:
            title = m.group(1).strip()
            # A title may wrap; it ends with ':' when values follow, or at a
            # blank line for the "(same as ...)" steps that carry none.
            while not title.endswith(":") and i + 1 < len(lines) and lines[i + 1].strip():
                i += 1
                title += " " + lines[i].strip()
            steps.append((re.sub(r"\s+", " ", title.rstrip(":")), []))
            i += 1
            continue
        m = re.match(r"^ {3,6}([A-Za-z][A-Za-z0-9 ()]*?):  ?(.*)$", line)
        if m and (line.startswith("      ") or (default_step and line.startswith("   "))):
            label, rest = m.group(1), m.group(2).strip()
            declared = re.search(r"\((\d+) octets\)$", label)
            label = re.sub(r"\s*\(\d+ octets\)$", "", label)
            tokens = rest.split()
            if tokens and all(HEX_TOKEN.match(t) for t in tokens):
                # Continuation lines are more deeply indented hex. A page break leaves blank
                # lines inside a value; a label always has a colon, so a hex-only line after
                # blanks still belongs to this value.
                while True:
                    j = i + 1
                    while j < len(lines) and not lines[j].strip():
                        j += 1
                    if j < len(lines) and re.match(r"^\s{5,}([0-9a-f]{2}(\s|$))+\s*$", lines[j]):
                        i = j
                        tokens += lines[i].split()
                    else:
                        break
                value = "".join(tokens)
            elif rest == "" and re.match(r"^\s*$", lines[i + 1] if i + 1 < len(lines) else ""):
                value = ""
            else:
                value = rest
            # The RFC states every hex value's length; a mismatch means the parse lost bytes.
            if declared and value != "(empty)" and len(value) != 2 * int(declared.group(1)):
                raise SystemExit(f"{label!r}: parsed {len(value) // 2} octets, RFC says {declared.group(1)}")
            if not steps:
                if default_step is None:
                    i += 1
                    continue
                steps.append((default_step, []))
            steps[-1][1].append((label, value))
        i += 1
    return steps


def main():
    rfc = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_RFC
    with open(rfc, encoding="utf-8") as f:
        sections = split_sections(page_lines(f.read()))
    for num, name in SECTIONS.items():
        sec = sections[num]
        steps = parse_section(sec["lines"], "server RSA key" if num == "2" else None)
        path = os.path.join(HERE, name + ".txt")
        with open(path, "w", encoding="utf-8") as out:
            out.write(f"# RFC 8448 section {num} \"{sec['title']}\".\n")
            out.write("# Generated by vectors/rfc8448/extract.py from rfc8448.txt; do not edit by hand.\n")
            for title, values in steps:
                out.write(f"[step] {title}\n")
                for label, value in values:
                    out.write(f"{label} = {value}\n")
        print(f"{path}: {len(steps)} steps, {sum(len(v) for _, v in steps)} values")


if __name__ == "__main__":
    main()
