#!/usr/bin/env bash
# Generates the local certificate authority and one server certificate for all three services,
# once, into .local/tls/ (git-ignored). Dev mode, ./run.sh and the tests all trust ca.crt.
# Production never uses this: there the certificate and key come from a mounted secret.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$root/.local/tls}"
if [ -s "$dir/server.crt" ] && [ -s "$dir/server.key" ] && [ -s "$dir/ca.crt" ] && [ -s "$dir/ca.p12" ]; then
  exit 0
fi
mkdir -p "$dir"
tmp="$(mktemp -d "$dir/.gen.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
umask 077
openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 825 \
  -keyout "$tmp/ca.key" -out "$tmp/ca.crt" \
  -subj "/CN=User-info platform local CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -sha256 -nodes -keyout "$tmp/server.key" -out "$tmp/server.csr" \
  -subj "/CN=localhost" 2>/dev/null
cat > "$tmp/ext.cnf" <<CNF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,DNS:auth-service,DNS:userinfo-service,DNS:account-quota-service
CNF
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial \
  -days 397 -sha256 -extfile "$tmp/ext.cnf" -out "$tmp/server.crt" 2>/dev/null
# The same CA as a PKCS#12 trust store, for Java clients that do not read PEM (rest-assured).
keytool -importcert -noprompt -alias local-ca -file "$tmp/ca.crt" -keystore "$tmp/ca.p12" \
  -storetype PKCS12 -storepass changeit >/dev/null 2>&1
chmod 644 "$tmp/ca.crt" "$tmp/server.crt" "$tmp/ca.p12"
chmod 600 "$tmp/server.key" "$tmp/ca.key"
# The CA key is kept only so a renewed server certificate can chain to the same trusted CA.
mv "$tmp/ca.key" "$tmp/ca.crt" "$tmp/ca.p12" "$tmp/server.key" "$tmp/server.crt" "$dir/"
echo "Generated local CA $dir/ca.crt"
