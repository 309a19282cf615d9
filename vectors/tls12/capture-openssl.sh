#!/bin/sh
# Capture real TLS 1.2 handshakes between OpenSSL 3.0's s_server and the ferrotls client, for
# tests/rfc_tls12_client.rs. Sources: RFC 5246 §7.4 (messages), §8.1 (master secret), §7.4.9
# (Finished); RFC 7627 §3-§4 (session hash, extended master secret); RFC 8422 §5.4, §5.7, §5.10
# (ECDHE parameters, premaster secret).
#
# Usage: sh vectors/tls12/capture-openssl.sh   (from anywhere; needs openssl 3.x and cargo)
#
# For each capture this runs, on a loopback port:
#   openssl s_server -accept 127.0.0.1:PORT -naccept 1 -tls1_2 -cert CERT -key KEY \
#       -cipher CIPHER -groups X25519 -keylogfile KEYLOG -msg [-no_ticket]
#   FERROTLS_CAPTURE_ADDR=127.0.0.1:PORT cargo test -p ferrotls-tests --test rfc_tls12_client \
#       -- --ignored --exact capture_client --nocapture
# The non-EMS capture runs s_server under an OpenSSL config whose system_default section sets
# "Options = -ExtendedMasterSecret" (s_server 3.0 has no -no_ems switch) and sets
# FERROTLS_CAPTURE_NO_EMS=1 so the client accepts the classic master secret.
#
# Stored per capture: every handshake message as s_server's -msg trace shows it (the Finished
# messages decrypted), both randoms, the client's X25519 private key (the client's random source
# is seeded; the test re-derives the key and checks it against ClientKeyExchange), the session
# hash, and the master secret from OpenSSL's key log (CLIENT_RANDOM line, NSS key log format).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CERTS="$ROOT/vectors/certs"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PORT=${FERROTLS_CAPTURE_PORT:-44433}

(cd "$ROOT" && cargo test -q -p ferrotls-tests --test rfc_tls12_client --no-run >/dev/null 2>&1)

# Hex of every handshake message in an s_server -msg log, in order. -msg prints a header line
# ("<<< TLS 1.2, Handshake [length 00c4], ClientHello") and then the message bytes, indented.
messages_of() {
    awk '
        /^(<<<|>>>) / { take = ($0 ~ /Handshake \[length/); next }
        /^    / { if (take) { gsub(/ /, ""); printf "%s", $0 } next }
        { take = 0 }
    ' "$1"
}

capture() { # name cipher cert-stem ems(yes|no) prf-hash
    name=$1; cipher=$2; stem=$3; ems=$4; prf=$5
    out="$HERE/openssl-capture-$name.txt"
    keylog="$TMP/$name.keylog"; log="$TMP/$name.log"
    : > "$keylog"
    if [ "$ems" = no ]; then
        printf 'openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sys\n[sys]\nOptions = -ExtendedMasterSecret\n' > "$TMP/no-ems.cnf"
        conf="$TMP/no-ems.cnf"
    else
        conf=/dev/null
    fi
    # s_server quits when its stdin ends, so it reads from a pipe held open for the capture;
    # the timeout ends it if the client never comes.
    sleep 30 | OPENSSL_CONF=$conf timeout 60 openssl s_server -accept "127.0.0.1:$PORT" -naccept 1 -tls1_2 \
        -cert "$CERTS/$stem.pem" -key "$CERTS/$stem.key" -cipher "$cipher" -groups X25519 \
        -no_ticket -keylogfile "$keylog" -msg > "$log" 2>&1 &
    server=$!
    sleep 1
    if [ "$ems" = no ]; then no_ems=1; export FERROTLS_CAPTURE_NO_EMS=1; else no_ems=; unset FERROTLS_CAPTURE_NO_EMS; fi
    client=$(cd "$ROOT" && FERROTLS_CAPTURE_ADDR="127.0.0.1:$PORT" \
        cargo test -q -p ferrotls-tests --test rfc_tls12_client -- --ignored --exact capture_client \
        --nocapture 2>&1 | grep '^CAPTURE ' | sed 's/^CAPTURE //')
    wait "$server" || true
    client_random=$(printf '%s\n' "$client" | sed -n 's/^client random = //p')
    private=$(printf '%s\n' "$client" | sed -n 's/^client private key = //p')
    got_ems=$(printf '%s\n' "$client" | sed -n 's/^extended master secret = //p')
    master=$(awk -v cr="$client_random" '$1 == "CLIENT_RANDOM" && tolower($2) == cr { print tolower($3) }' "$keylog")
    msgs=$(messages_of "$log")
    [ -n "$master" ] && [ -n "$msgs" ] && [ -n "$private" ] || {
        echo "capture $name failed; s_server log:" >&2; cat "$log" >&2; exit 1; }
    # ServerHello random: bytes 6..38 of the second message (after the ClientHello).
    ch_len=$(( 0x$(printf '%s' "$msgs" | cut -c3-8) ))
    sh=$(printf '%s' "$msgs" | cut -c$(( (4 + ch_len) * 2 + 1 ))-)
    server_random=$(printf '%s' "$sh" | cut -c13-76)
    # The session hash covers ClientHello..ClientKeyExchange: everything before the first
    # Finished (type 0x14) that follows the client's ClientKeyExchange (type 0x10).
    through_cke=$(printf '%s' "$msgs" | awk '{
        s = $0; out = ""
        while (length(s) >= 8) {
            t = substr(s, 1, 2); l = ("0x" substr(s, 3, 6)) + 0
            m = substr(s, 1, 8 + 2 * l); out = out m; s = substr(s, 9 + 2 * l)
            if (t == "10") break
        }
        print out }')
    dgst=$(printf '%s' "$prf" | tr 'A-Z' 'a-z')
    session_hash=$(printf '%s' "$through_cke" | xxd -r -p | openssl dgst "-$dgst" -r | cut -d' ' -f1)
    {
        echo "# A TLS 1.2 handshake between OpenSSL $(openssl version | cut -d' ' -f2) s_server and the ferrotls client"
        echo "# ($cipher, X25519, EMS negotiated: $got_ems). Generated by vectors/tls12/capture-openssl.sh; do not edit."
        echo "# Sources: RFC 5246 §7.4, §8.1, §7.4.9; RFC 7627 §3, §4; RFC 8422 §5.4, §5.7, §5.10."
        echo "# messages: every handshake message in order, as s_server -msg printed them (Finished decrypted)."
        echo "# keylog master secret: OpenSSL's -keylogfile CLIENT_RANDOM line for this client random."
        echo "# session hash: $prf over ClientHello..ClientKeyExchange (computed by openssl dgst)."
        echo "# Server: OPENSSL_CONF=$( [ "$ems" = no ] && echo '<Options = -ExtendedMasterSecret>' || echo /dev/null ) openssl s_server -accept 127.0.0.1:PORT -naccept 1 -tls1_2 -cert vectors/certs/$stem.pem -key vectors/certs/$stem.key -cipher $cipher -groups X25519 -no_ticket -keylogfile KEYLOG -msg"
        echo "# Client: FERROTLS_CAPTURE_ADDR=127.0.0.1:PORT${no_ems:+ FERROTLS_CAPTURE_NO_EMS=1} cargo test -p ferrotls-tests --test rfc_tls12_client -- --ignored --exact capture_client --nocapture"
        echo "[step] capture"
        echo "cipher = $cipher"
        echo "prf hash = $prf"
        echo "client random = $client_random"
        echo "server random = $server_random"
        echo "client private key = $private"
        echo "session hash = $session_hash"
        echo "keylog master secret = $master"
        echo "messages = $msgs"
    } > "$out"
    echo "wrote $out"
    PORT=$((PORT + 1))
}

capture ecdhe-ecdsa-aes128-gcm-sha256-ems ECDHE-ECDSA-AES128-GCM-SHA256 server-ecdsa-p256 yes SHA256
capture ecdhe-rsa-aes256-gcm-sha384-ems ECDHE-RSA-AES256-GCM-SHA384 server-rsa2048 yes SHA384
capture ecdhe-ecdsa-aes128-gcm-sha256-no-ems ECDHE-ECDSA-AES128-GCM-SHA256 server-ecdsa-p256 no SHA256
