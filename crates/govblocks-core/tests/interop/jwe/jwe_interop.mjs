// JWE interop with panva's jose (JavaScript, Node.js), both ways: ECDH-ES + X25519 + A256GCM.
//
//   node jwe_interop.mjs generate RECIPIENT_JWK OUT_JSON   jose encrypts the cases to the key
//   node jwe_interop.mjs check RECIPIENT_JWK IN_JSON       jose decrypts every case (ours), and
//                                                          fails on any mismatch
//
// The same case file as jwe_interop.py. Run by run.sh beside this file, which installs the
// pinned jose 6 into a folder of its own under target/ and runs a copy of this file there.
import { readFileSync, writeFileSync } from 'node:fs';
import * as jose from 'jose';

// run.sh copies this file next to the node_modules it installed jose into.
const version = JSON.parse(
  readFileSync(new URL('./node_modules/jose/package.json', import.meta.url), 'utf8'),
).version;

const b64 = (bytes) => Buffer.from(bytes).toString('base64url');
const unb64 = (text) => new Uint8Array(Buffer.from(text, 'base64url'));

function cases() {
  const message = JSON.stringify({
    header: { action: 'search' },
    message: { reg_type: 'ns:org:RegistryType:Civil' },
  });
  const binary = new Uint8Array(1024);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7) % 251;
  const text = (s) => new TextEncoder().encode(s);
  return [
    ['short', text('hello, registry'), {}, {}],
    ['json-message', text(message), {}, {}],
    ['binary-1kib', binary, {}, {}],
    ['with-kid', text('kid names the recipient'), { kid: 'did:key:recipient#1' }, {}],
    ['with-apu-apv', text('party info in the KDF'), {}, { apu: text('Alice'), apv: text('Bob') }],
  ];
}

const [command, keyPath, path] = process.argv.slice(2);
const jwk = JSON.parse(readFileSync(keyPath, 'utf8'));

if (command === 'generate') {
  const { d: _d, ...publicJwk } = jwk;
  const key = await jose.importJWK(publicJwk, 'ECDH-ES');
  const out = [];
  for (const [name, plaintext, extra, params] of cases()) {
    let builder = new jose.CompactEncrypt(plaintext).setProtectedHeader({
      alg: 'ECDH-ES',
      enc: 'A256GCM',
      ...extra,
    });
    if (params.apu) builder = builder.setKeyManagementParameters(params);
    out.push({ name, plaintext_b64: b64(plaintext), compact: await builder.encrypt(key) });
  }
  writeFileSync(path, JSON.stringify({ tool: 'jose', version, cases: out }, null, 2) + '\n');
} else if (command === 'check') {
  const key = await jose.importJWK(jwk, 'ECDH-ES');
  const data = JSON.parse(readFileSync(path, 'utf8'));
  let failures = 0;
  for (const c of data.cases) {
    let ok = false;
    try {
      const { plaintext, protectedHeader } = await jose.compactDecrypt(c.compact, key);
      ok =
        b64(plaintext) === b64(unb64(c.plaintext_b64)) &&
        protectedHeader.alg === 'ECDH-ES' &&
        protectedHeader.enc === 'A256GCM';
    } catch (e) {
      console.log(`  jose: ${c.name}: ${e}`);
    }
    console.log(`  jose ${version} decrypts ours: ${c.name}: ${ok ? 'ok' : 'MISMATCH'}`);
    if (!ok) failures++;
  }
  if (failures || data.cases.length === 0) {
    console.error(`jose: ${failures} of ${data.cases.length} cases failed`);
    process.exit(1);
  }
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
