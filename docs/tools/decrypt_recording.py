#!/usr/bin/env python3
"""Reference decoder of a Recording Grid recording, format versions 1 and 2 (docs/recording-format.md and
docs/recording-format-v2.md), written from those documents alone.

Independent of the Grid's code: Python 3 and the 'cryptography' package. Given the recording's bytes and its
32-byte data key (unwrapped by the customer's own key custody), prints or writes the media. A recording it refuses
raises Rejected with the reason name of the spec's table of reasons.

    decrypt_recording.py RECORDING DATA_KEY_HEX [OUT]
    decrypt_recording.py --vectors docs/recording-format-v2.vectors.json           (each must decrypt; unwraps too)
    decrypt_recording.py --negative docs/recording-format-v2.negative-vectors.json (each rejected, for its reason)
"""
import hashlib, hmac, json, re, struct, sys
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

MAX_LENGTH = 16 * 1024 * 1024 + 16
WRAPS = {(0, "A256GCM"), (1, "CKM_AES_GCM"), (2, "RSA-OAEP-256"), (2, "A256KW")}
TENANT_ID = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,47}")
CALL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class Rejected(Exception):
    def __init__(self, reason, detail):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


class Fields:
    """Reads a section of the header; running past its end is BadHeader."""
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, n):
        if self.at + n > len(self.data):
            raise Rejected("BadHeader", "the header ends early or a length runs past its section")
        self.at += n
        return self.data[self.at - n:self.at]

    def int(self, n):
        return int.from_bytes(self.take(n), "big")

    def text(self, n, encoding):
        try:
            return self.take(n).decode(encoding)
        except UnicodeDecodeError:
            raise Rejected("BadHeader", f"a field is not {encoding}")

    def end(self):
        if self.at != len(self.data):
            raise Rejected("BadHeader", "bytes left over in a section")


def hkdf(key, salt, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def parse_header(rec):
    f = Fields(rec)
    if f.take(4) != b"RGRD":
        raise Rejected("BadHeader", "bad magic")
    h = {"version": f.int(1)}
    if h["version"] not in (1, 2):
        raise Rejected("BadHeader", "unknown version")
    b, e = Fields(f.take(f.int(2))), Fields(f.take(f.int(2)))
    h["tenant"], h["call"] = b.text(b.int(1), "ascii"), b.text(b.int(1), "ascii")
    h["salt"], h["prefix"], h["commitment"] = b.take(32), b.take(4), b.take(32)
    b.end()
    if not TENANT_ID.fullmatch(h["tenant"]) or not CALL_ID.fullmatch(h["call"]):
        raise Rejected("BadHeader", "a tenant or call id breaks the id rules")
    h["custody"], h["keyId"] = e.int(1), e.text(e.int(2), "utf-8")
    h["keyVersion"], h["algorithm"] = e.int(4), e.text(e.int(1), "ascii")
    h["wrapped"] = e.take(e.int(2))
    h["fields"] = e.data[:e.at]
    h["mac"] = e.take(32) if h["version"] == 2 else None
    e.end()
    if (h["custody"], h["algorithm"]) not in WRAPS:
        raise Rejected("BadHeader", "a custody/algorithm pair the format does not define")
    h["ad"] = hashlib.sha256(rec[:7 + len(b.data)]).digest()
    return h, f.at


def unwrap(h, kek):
    """The data key from the envelope, with the test KEK a vector publishes (a customer asks its HSM or vault)."""
    alg, w = h["algorithm"], h["wrapped"]
    try:
        if alg == "RSA-OAEP-256":
            if len(kek) == 32:
                raise ValueError("an AES key cannot perform RSA-OAEP-256")
            rsa = serialization.load_der_private_key(kek, None)
            dek = rsa.decrypt(w, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
        elif len(kek) != 32:
            raise ValueError("the named key is not an AES-256 key")
        elif alg == "A256KW":
            dek = aes_key_unwrap(kek, w)
        else:  # A256GCM, CKM_AES_GCM: iv (12) || ciphertext || tag (16), AAD "{tenantId}/{callId}"
            if len(w) < 28:
                raise ValueError("shorter than its iv and tag")
            dek = AESGCM(kek).decrypt(w[:12], w[12:], f"{h['tenant']}/{h['call']}".encode())
    except (InvalidTag, InvalidUnwrap, ValueError) as e:
        raise Rejected("UnwrapFailed", str(e) or type(e).__name__)
    return dek


def ranges(counters):
    out = []
    for c in counters:
        if out and out[-1][1] + 1 == c:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def decrypt(rec, dek=None, kek=None):
    h, at = parse_header(rec)
    if dek is None:
        dek = unwrap(h, kek)
    if len(dek) != 32:
        raise Rejected("UnwrapFailed", "the data key is not 32 bytes")
    if not hmac.compare_digest(hkdf(dek, h["salt"], b"RGRD v1 key commitment"), h["commitment"]):
        raise Rejected("KeyCommitmentMismatch", "wrong data key or swapped header")
    if h["version"] == 2:
        mac = hmac.new(hkdf(dek, h["salt"], b"RGRD v2 envelope mac"), h["ad"] + h["fields"], hashlib.sha256).digest()
        if not hmac.compare_digest(mac, h["mac"]):
            raise Rejected("EnvelopeMismatch", "the key envelope was altered")
    aead = AESGCM(hkdf(dek, h["salt"], b"RGRD v1 segment key"))
    seen = []
    while True:
        if at + 13 > len(rec):
            raise Rejected("Truncated", "the file ends before the final frame")
        ftype, counter, length = struct.unpack(">BQI", rec[at:at + 13])
        if ftype not in (0, 1) or counter >= 1 << 56 or not 16 <= length <= MAX_LENGTH:
            raise Rejected("BadFrame", "bad type, counter or length")
        if at + 13 + length > len(rec):
            raise Rejected("Truncated", "the file ends inside a frame")
        nonce = h["prefix"] + counter.to_bytes(8, "big")[1:] + bytes([ftype])
        try:
            plain = aead.decrypt(nonce, rec[at + 13:at + 13 + length], h["ad"])
        except InvalidTag:
            raise Rejected("SegmentAuthenticationFailed", f"frame {counter}")
        at += 13 + length
        if ftype == 1:
            if len(plain) < 20 or len(plain) != 20 + 16 * struct.unpack(">I", plain[16:20])[0]:
                raise Rejected("BadFrame", "the final frame's list is malformed")
            count, total, n = struct.unpack(">QQI", plain[:20])
            listed = [struct.unpack(">QQ", plain[20 + 16 * i:36 + 16 * i]) for i in range(n)]
            counters = [c for c, _ in seen]
            if listed != ranges(counters) or count != len(seen) or total != sum(len(p) for _, p in seen) \
                    or counter != (counters[-1] + 1 if counters else 0):
                raise Rejected("SegmentSetMismatch", "the final frame does not describe the frames read")
            if at != len(rec):
                raise Rejected("TrailingData", "bytes after the final frame")
            return seen
        if seen and counter <= seen[-1][0]:
            raise Rejected("SegmentOrder", f"frame {counter} after {seen[-1][0]}")
        seen.append((counter, plain))


def hexed(v, field):
    return bytes.fromhex(v[field]) if field in v else None


if __name__ == "__main__":
    if sys.argv[1] == "--vectors":
        for v in json.load(open(sys.argv[2])):
            rec, dek, kek = bytes.fromhex(v["recording"]), hexed(v, "dataKey"), hexed(v, "kek")
            expected = [(c["sequence"], c["utf8"].encode()) for c in v["chunks"]]
            ok = unwrap(parse_header(rec)[0], kek) == dek and decrypt(rec, dek) == expected == decrypt(rec, kek=kek)
            print(v["name"], "OK" if ok else "MISMATCH")
            assert ok
    elif sys.argv[1] == "--negative":
        wrong = 0
        for v in json.load(open(sys.argv[2])):
            try:
                decrypt(bytes.fromhex(v["recording"]), hexed(v, "dataKey"), hexed(v, "kek"))
                print(v["name"], "ACCEPTED (wrong)")
                wrong += 1
            except Rejected as e:
                print(v["name"], "rejected:", e, "" if e.reason == v["rejectedWith"] else f"(WRONG: expected {v['rejectedWith']})")
                wrong += e.reason != v["rejectedWith"]
        sys.exit(1 if wrong else 0)
    else:
        chunks = decrypt(open(sys.argv[1], "rb").read(), bytes.fromhex(sys.argv[2]))
        media = b"".join(p for _, p in chunks)
        (open(sys.argv[3], "wb").write(media) if len(sys.argv) > 3 else sys.stdout.buffer.write(media))
