#!/bin/sh
# Copies the Wycheproof files ferrotls tests from a clone of https://github.com/C2SP/wycheproof
# at the commit named in README.md: sh vectors/wycheproof/fetch.sh /path/to/wycheproof [commit]
set -eu
repo=$1
commit=${2:-dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166}
here=$(dirname "$0")
for f in \
    aes_gcm chacha20_poly1305 x25519 mlkem_768 mlkem_768_encaps \
    ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha256 ecdsa_secp384r1_sha384 ed25519 \
    rsa_pss_2048_sha256_mgf1_32 rsa_pss_2048_sha384_mgf1_48 rsa_pss_3072_sha256_mgf1_32 \
    rsa_pss_4096_sha256_mgf1_32 rsa_pss_4096_sha384_mgf1_48 rsa_pss_4096_sha512_mgf1_64 \
    rsa_signature_2048_sha256 rsa_signature_2048_sha384 rsa_signature_2048_sha512 \
    rsa_signature_3072_sha256 rsa_signature_3072_sha384 rsa_signature_3072_sha512 \
    rsa_signature_4096_sha256 rsa_signature_4096_sha384 rsa_signature_4096_sha512 \
    rsa_signature_8192_sha256 \
    hkdf_sha256 hkdf_sha384 hmac_sha256 hmac_sha384
do
    git -C "$repo" show "$commit:testvectors_v1/${f}_test.json" > "$here/${f}_test.json"
done
