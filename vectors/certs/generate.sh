#!/usr/bin/env bash
# Regenerates the test PKI in this directory with OpenSSL 3 (run from anywhere):
#   vectors/certs/generate.sh
# Every certificate is valid from 2025-01-01 to 2049-12-31 so the tests' virtual clocks and the
# real clock both fall inside it.
#
#   ca.pem / ca.key                    server root CA (ECDSA P-256)
#   server-<kind>.pem / .key           leaf for "localhost", "testserver.ferrotls" and 127.0.0.1,
#                                      chain = leaf + nothing (the CA signs leaves directly);
#                                      kind = ecdsa-p256 | ed25519 | rsa2048
#   other-name.pem / .key              leaf for "other.ferrotls" only (SNI selection tests)
#   wildcard-name.pem / .key           leaf for "*.wild.ferrotls" only (wildcard SNI selection)
#   client-ca.pem / .key               client-auth root CA (ECDSA P-256)
#   client-<kind>.pem / .key           client leaves, CN "ferrotls test client"
#   untrusted-ca.pem, untrusted-server.pem / .key   a second, unrelated PKI (negative tests)
set -euo pipefail
cd "$(dirname "$0")"
START=20250101000000Z
END=20491231235959Z

key() { # kind file
    case "$1" in
        ecdsa-p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" ;;
        ed25519) openssl genpkey -algorithm ED25519 -out "$2" ;;
        rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2" 2>/dev/null ;;
    esac
}

# `openssl ca` (not `x509`) because OpenSSL 3.0's x509 cannot set a start date. Its database lives
# in a temporary directory and is thrown away.
DB=$(mktemp -d)
trap 'rm -rf "$DB"' EXIT
sign() { # csr out issuer-cert issuer-key extensions [selfsign]
    : > "$DB/index.txt"
    openssl rand -hex 8 > "$DB/serial"
    printf '[ca]\ndefault_ca=d\n[d]\ndatabase=%s/index.txt\nserial=%s/serial\nnew_certs_dir=%s\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\norganizationName=optional\n[x]\n%s\n' \
        "$DB" "$DB" "$DB" "$5" > "$DB/ca.cnf"
    openssl ca -batch -config "$DB/ca.cnf" -extensions x -in "$1" -out "$2" -notext \
        -startdate $START -enddate $END -cert "$3" -keyfile "$4" ${6:-} 2>/dev/null
}

ca() { # name cn
    key ecdsa-p256 "$1.key"
    openssl req -new -key "$1.key" -subj "/O=ferrotls tests/CN=$2" -out "$DB/$1.csr"
    sign "$DB/$1.csr" "$1.pem" /dev/null "$1.key" \
        "basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash" -selfsign
}

leaf() { # name kind ca cn san eku
    key "$2" "$1.key"
    openssl req -new -key "$1.key" -subj "/O=ferrotls tests/CN=$4" -out "$DB/$1.csr"
    sign "$DB/$1.csr" "$1.pem" "$3.pem" "$3.key" \
        "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=$6
subjectAltName=$5
authorityKeyIdentifier=keyid"
}

ca ca "ferrotls test CA"
for kind in ecdsa-p256 ed25519 rsa2048; do
    leaf "server-$kind" $kind ca localhost "DNS:localhost,DNS:testserver.ferrotls,IP:127.0.0.1" serverAuth
done
leaf other-name ecdsa-p256 ca other.ferrotls "DNS:other.ferrotls" serverAuth
leaf wildcard-name ecdsa-p256 ca "*.wild.ferrotls" "DNS:*.wild.ferrotls" serverAuth
ca client-ca "ferrotls test client CA"
for kind in ecdsa-p256 ed25519 rsa2048; do
    leaf "client-$kind" $kind client-ca "ferrotls test client" "DNS:client.ferrotls" clientAuth
done
ca untrusted-ca "ferrotls untrusted CA"
leaf untrusted-server ecdsa-p256 untrusted-ca localhost "DNS:localhost,DNS:testserver.ferrotls,IP:127.0.0.1" serverAuth
# The same keys in the legacy encodings, for the PEM loader's SEC1 and PKCS#1 paths.
openssl pkey -in server-ecdsa-p256.key -traditional -out server-ecdsa-p256.sec1.key
openssl pkey -in server-rsa2048.key -traditional -out server-rsa2048.pkcs1.key
echo "generated: $(ls ./*.pem | wc -l) certificates"
