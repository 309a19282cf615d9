#!/usr/bin/env python3
"""Writes resumption-data-v1.txt: ferrotls ResumptionData format version 1 examples.

The encodings are assembled here from the byte-by-byte table in
crates/core/src/resumption/mod.rs, independently of the Rust encoder, so the test that decodes
and re-encodes them checks the code against the documented format. The first example is the
TLS 1.3 ticket of RFC 8448 section 3 (PSK, ticket, age_add, lifetime, max_early_data_size,
server certificate taken from vectors/rfc8448/section3-simple-1rtt.txt).

Format version 1 is frozen: never regenerate this file with different output. A new format
version gets a new file.
"""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"tls12-session-id": 1, "tls12-ticket": 2, "tls13-ticket": 3}
VERSIONS = {"tls12-session-id": 0x0303, "tls12-ticket": 0x0303, "tls13-ticket": 0x0304}


def rfc8448_section3():
    values = {}
    with open(os.path.join(HERE, "..", "rfc8448", "section3-simple-1rtt.txt")) as f:
        title = None
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("[step] "):
                title = line[7:]
            elif " = " in line and title is not None:
                label, value = line.split(" = ", 1)
                values.setdefault((title, label), value)
    return values


def encode(v):
    out = bytearray(b"FTRD")
    out += bytes([1, KINDS[v["kind"]]])
    out += struct.pack(">HH", VERSIONS[v["kind"]], v["suite"])
    out += bytes([1 if v["ems"] else 0])
    out += struct.pack(">QIII", v["received"], v["lifetime"], v["age_add"], v["max_early"])
    out += bytes([len(v["secret"])]) + v["secret"]
    out += bytes([len(v["session_id"])]) + v["session_id"]
    out += struct.pack(">H", len(v["ticket"])) + v["ticket"]
    name = (v["server_name"] or "").encode("ascii")
    out += bytes([len(name)]) + name
    alpn = v["alpn"] or b""
    out += bytes([len(alpn)]) + alpn
    chain = b"".join(struct.pack(">I", len(c))[1:] + c for c in v["certs"])
    out += struct.pack(">I", len(chain))[1:] + chain
    return bytes(out)


def hex_or_empty(b):
    return b.hex() if b else "(empty)"


def write_step(f, title, v, now=None, error=None, encoded=None):
    f.write(f"[step] {title}\n")
    f.write(f"kind = {v['kind']}\n")
    f.write(f"cipher suite = {v['suite']:04x}\n")
    f.write(f"secret = {v['secret'].hex()}\n")
    f.write(f"session id = {hex_or_empty(v['session_id'])}\n")
    f.write(f"ticket = {hex_or_empty(v['ticket'])}\n")
    f.write(f"received = {v['received']}\n")
    f.write(f"lifetime = {v['lifetime']}\n")
    f.write(f"ticket age add = {v['age_add']}\n")
    f.write(f"max early data size = {v['max_early']}\n")
    f.write(f"extended master secret = {'yes' if v['ems'] else 'no'}\n")
    f.write(f"server name = {v['server_name'] or '(none)'}\n")
    f.write(f"alpn = {v['alpn'].hex() if v['alpn'] else '(none)'}\n")
    for c in v["certs"]:
        f.write(f"certificate = {c.hex()}\n")
    f.write(f"now = {now if now is not None else v['received']}\n")
    f.write(f"encoded = {(encoded or encode(v)).hex()}\n")
    f.write(f"result = {error or 'ok'}\n")


def main():
    s3 = rfc8448_section3()
    nst = bytes.fromhex(s3[("{server} construct a NewSessionTicket handshake message", "NewSessionTicket")])
    lifetime, age_add = struct.unpack(">II", nst[4:12])
    nonce_len = nst[12]
    pos = 13 + nonce_len
    (ticket_len,) = struct.unpack(">H", nst[pos : pos + 2])
    ticket = nst[pos + 2 : pos + 2 + ticket_len]
    ext = nst[pos + 2 + ticket_len :]
    assert ext[:6] == bytes.fromhex("0008002a0004"), ext.hex()
    (max_early,) = struct.unpack(">I", ext[6:10])
    psk = bytes.fromhex(s3[('{server} generate resumption secret "tls13 resumption"', "expanded")])
    cert_msg = bytes.fromhex(s3[("{server} construct a Certificate handshake message", "Certificate")])
    (cert_len,) = struct.unpack(">I", b"\0" + cert_msg[8:11])
    cert = cert_msg[11 : 11 + cert_len]

    rfc8448 = dict(kind="tls13-ticket", suite=0x1301, secret=psk, session_id=b"", ticket=ticket,
                   received=1_700_000_000, lifetime=lifetime, age_add=age_add, max_early=max_early,
                   ems=True, server_name="server", alpn=None, certs=[cert])
    tls13_384 = dict(kind="tls13-ticket", suite=0x1302, secret=bytes(range(0x80, 0xB0)),
                     session_id=b"", ticket=bytes(range(1, 33)), received=1_700_000_000,
                     lifetime=604_800, age_add=0xFFFFFFFF, max_early=0, ems=True,
                     server_name="Example.COM", alpn=b"h2",
                     certs=[bytes.fromhex("3003020101"), bytes.fromhex("3003020102")])
    session_id = dict(kind="tls12-session-id", suite=0xC02F, secret=bytes([0x42] * 48),
                      session_id=bytes(range(0xE0, 0x100)), ticket=b"", received=1_600_000_000,
                      lifetime=7200, age_add=0, max_early=0, ems=True, server_name="localhost",
                      alpn=None, certs=[bytes.fromhex("300a02010102010202010302")])
    ticket12 = dict(kind="tls12-ticket", suite=0xCCA9, secret=bytes(range(48)), session_id=b"",
                    ticket=bytes([0xAB] * 40), received=1_000_000_000, lifetime=100_000,
                    age_add=0, max_early=0, ems=False, server_name=None, alpn=b"http/1.1",
                    certs=[])

    with open(os.path.join(HERE, "resumption-data-v1.txt"), "w") as f:
        f.write("# ferrotls ResumptionData, format version 1 (crates/core/src/resumption/mod.rs).\n")
        f.write("# Generated by vectors/resumption/generate.py from the documented layout; frozen.\n")
        f.write("# Fields in, encoding out; decoding `encoded` at `now` gives `result`.\n")
        write_step(f, "TLS 1.3 ticket from RFC 8448 section 3", rfc8448)
        write_step(f, "TLS 1.3 ticket, SHA-384 suite, two certificates", tls13_384)
        write_step(f, "TLS 1.2 session ID", session_id)
        write_step(f, "TLS 1.2 ticket without SNI or certificates", ticket12)
        last_second = session_id["received"] + session_id["lifetime"] - 1
        write_step(f, "TLS 1.2 session ID, last second of its lifetime", session_id, now=last_second)
        write_step(f, "refused: TLS 1.2 session ID, lifetime over", session_id,
                   now=last_second + 1, error="expired")
        write_step(f, "refused: TLS 1.3 ticket received after now plus 60 s skew", rfc8448,
                   now=rfc8448["received"] - 61, error="expired")
        good = encode(ticket12)
        write_step(f, "refused: format version 2", ticket12, error="unknown format version 2",
                   encoded=good[:4] + b"\x02" + good[5:])
        write_step(f, "refused: bad magic", ticket12, error="bad magic",
                   encoded=b"FTRX" + good[4:])
        write_step(f, "refused: trailing byte", ticket12, error="malformed: trailing bytes",
                   encoded=good + b"\x00")


if __name__ == "__main__":
    main()
