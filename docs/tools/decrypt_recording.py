#!/usr/bin/env python3
"""Reference decoder of a Recording Grid recording, format versions 1 and 2 (docs/recording-format.md).

Independent of the Grid's code: Python 3 and the 'cryptography' package. Given the recording's bytes and its
32-byte data key (unwrapped by the customer's own key custody), prints or writes the media.

    decrypt_recording.py RECORDING DATA_KEY_HEX [OUT]
    decrypt_recording.py --vectors docs/recording-format-v1.vectors.json
    decrypt_recording.py --negative docs/recording-format-v1.negative-vectors.json   (each must be rejected)
"""
import hashlib, json, struct, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
import hmac


def hkdf(key, salt, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def decrypt(rec: bytes, dek: bytes):
    if rec[:4] != b"RGRD" or rec[4] not in (1, 2):
        raise ValueError("not a version 1 or 2 recording")
    bound_len = struct.unpack(">H", rec[5:7])[0]
    bound = rec[7:7 + bound_len]
    at = 7 + bound_len
    env_len = struct.unpack(">H", rec[at:at + 2])[0]
    envelope = rec[at + 2:at + 2 + env_len]
    at += 2 + env_len
    t = bound[0]; c = bound[1 + t]
    rest = bound[2 + t + c:]
    salt, prefix, commitment = rest[:32], rest[32:36], rest[36:68]
    if not hmac.compare_digest(hkdf(dek, salt, b"RGRD v1 key commitment"), commitment):
        raise ValueError("key commitment mismatch")
    aead = AESGCM(hkdf(dek, salt, b"RGRD v1 segment key"))
    aad = hashlib.sha256(rec[:7 + bound_len]).digest()
    if rec[4] == 2:  # the envelope's last 32 bytes authenticate the rest of it
        mac_key = hkdf(dek, salt, b"RGRD v2 envelope mac")
        if not hmac.compare_digest(hmac.new(mac_key, aad + envelope[:-32], hashlib.sha256).digest(), envelope[-32:]):
            raise ValueError("key envelope altered")
    seen, last = [], -1
    while True:
        if at + 13 > len(rec):
            raise ValueError("truncated: no final segment")
        ftype, counter, length = struct.unpack(">BqI", rec[at:at + 13])
        body = rec[at + 13:at + 13 + length]
        if len(body) != length or ftype not in (0, 1):
            raise ValueError("bad frame")
        at += 13 + length
        nonce = prefix + counter.to_bytes(8, "big")[1:] + bytes([ftype])
        plain = aead.decrypt(nonce, body, aad)
        if ftype == 1:
            count, total, nranges = struct.unpack(">qqi", plain[:20])
            ranges = [struct.unpack(">qq", plain[20 + 16 * i:36 + 16 * i]) for i in range(nranges)]
            present = [s for a, b in ranges for s in range(a, b + 1)]
            if present != [s for s, _ in seen] or count != len(seen) or total != sum(len(p) for _, p in seen) \
                    or counter != (present[-1] + 1 if present else 0) or at != len(rec):
                raise ValueError("final segment does not match the segments read")
            return seen
        if counter <= last:
            raise ValueError("segments out of order")
        last = counter
        seen.append((counter, plain))


if __name__ == "__main__":
    if sys.argv[1] == "--vectors":
        for v in json.load(open(sys.argv[2])):
            chunks = decrypt(bytes.fromhex(v["recording"]), bytes.fromhex(v["dataKey"]))
            expected = [(c["sequence"], c["utf8"].encode()) for c in v["chunks"]]
            print(v["name"], "OK" if chunks == expected else "MISMATCH")
            assert chunks == expected
    elif sys.argv[1] == "--negative":
        for v in json.load(open(sys.argv[2])):
            try:
                decrypt(bytes.fromhex(v["recording"]), bytes.fromhex(v["dataKey"]))
                print(v["name"], "ACCEPTED (wrong)")
                sys.exit(1)
            except Exception as e:
                print(v["name"], "rejected:", type(e).__name__, e, "| expected:", v["rejectedWith"])
    else:
        chunks = decrypt(open(sys.argv[1], "rb").read(), bytes.fromhex(sys.argv[2]))
        media = b"".join(p for _, p in chunks)
        (open(sys.argv[3], "wb").write(media) if len(sys.argv) > 3 else sys.stdout.buffer.write(media))
