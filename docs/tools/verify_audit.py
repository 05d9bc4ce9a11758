#!/usr/bin/env python3
"""Reference verifier of a Recording Grid tenant audit log (docs/audit-log.md), written from that document alone.

Independent of the Grid's code: Python 3 and the 'cryptography' package. Given the log's records (JSON lines, in
sequence order, as the API's audit export or the storage's log segments hold them), the signed checkpoints (one JSON
object each) and the processor's public key (PEM), prints the verdict and exits 0 for an intact, anchored log and 1
otherwise.

    verify_audit.py --export EXPORT.json                          (GET .../audit/export, saved as it came)
    verify_audit.py TENANT_ID LOG.jsonl CHECKPOINTS.jsonl PUBLIC_KEY.pem
    verify_audit.py --vectors docs/audit-log.vectors.json        (each vector must get its stated verdict)

An export of a period starts at a storage segment's first record, which may not be record 1: that record's link to
the one before it is taken as given, and the signed checkpoints within the export anchor what follows.
"""
import base64, hashlib, json, re, sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

GENESIS = "0" * 64
# The hash member is the record's last; its value is emptied to form the hash input.
HASH_MEMBER = re.compile(rb',"hash":"([0-9a-f]{64})"}$')


def record_hash(line):
    """SHA-256 (lower-case hex) of the record's line with the value of its last member, "hash", emptied."""
    found = HASH_MEMBER.search(line)
    if found is None:
        return None, None
    hashed = line[:found.start()] + b',"hash":""}'
    return hashlib.sha256(hashed).hexdigest(), found.group(1).decode()


def verify_signature(body, signature_b64, key_id, public_pem):
    """ES256 over the UTF-8 body; the signature is r || s (32 bytes each), base64; the key id is the SHA-256 of the
    key's SubjectPublicKeyInfo (DER), lower-case hex."""
    key = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        return False
    spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if hashlib.sha256(spki).hexdigest() != key_id:
        return False
    try:
        raw = base64.b64decode(signature_b64, validate=True)
    except ValueError:
        return False
    if len(raw) != 64:
        return False
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        key.verify(der, body.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def verify(tenant_id, lines, checkpoints, public_pem):
    """Returns (verdict, detail): intact, record-broken, checkpoint-forged, checkpoint-other-tenant, cut, rewritten."""
    previous = GENESIS
    first = 1
    hashes_by_sequence = []
    for index, line in enumerate(lines):
        try:
            record = json.loads(line)
        except ValueError:
            return "record-broken", first + index
        if index == 0 and isinstance(record.get("sequence"), int) and record["sequence"] > 1:
            first, previous = record["sequence"], record.get("previousHash")
        computed, stored = record_hash(line)
        if (computed is None or computed != stored or record.get("sequence") != first + index
                or record.get("previousHash") != previous or record.get("tenantId") != tenant_id):
            return "record-broken", first + index
        previous = stored
        hashes_by_sequence.append(stored)
    signed = 0
    for checkpoint in checkpoints:
        if isinstance(checkpoint, str):
            checkpoint = json.loads(checkpoint)
        if not verify_signature(checkpoint["body"], checkpoint["signature"], checkpoint["keyId"], public_pem):
            return "checkpoint-forged", checkpoint.get("sequence")
        body = json.loads(checkpoint["body"])
        if body["tenantId"] != tenant_id:
            return "checkpoint-other-tenant", body["sequence"]
        if body["sequence"] >= first + len(hashes_by_sequence):
            return "cut", body["sequence"]
        if body["sequence"] < first:
            continue
        if hashes_by_sequence[body["sequence"] - first] != body["headHash"]:
            return "rewritten", body["sequence"]
        signed = max(signed, body["sequence"])
    return "intact", first + len(hashes_by_sequence) - 1 - max(signed, first - 1)


def main(argv):
    if len(argv) == 3 and argv[1] == "--vectors":
        with open(argv[2], encoding="utf-8") as f:
            vectors = json.load(f)
        failures = 0
        for vector in vectors["vectors"]:
            verdict, detail = verify(vector["tenantId"], [l.encode("utf-8") for l in vector["records"]],
                                     vector["checkpoints"], vectors["publicKeyPem"])
            ok = verdict == vector["verdict"] and detail == vector["detail"]
            failures += 0 if ok else 1
            print(f"{vector['name']}: {verdict} {detail} ({'as stated' if ok else 'EXPECTED ' + vector['verdict'] + ' ' + str(vector['detail'])})")
        return 1 if failures else 0
    if len(argv) == 3 and argv[1] == "--export":
        with open(argv[2], encoding="utf-8") as f:
            export = json.load(f)
        lines = [l.encode("utf-8") for l in export["records"]]
        verdict, detail = verify(export["tenantId"], lines, export["checkpoints"], export["publicKeyPem"])
        return report(verdict, detail, len(lines), len(export["checkpoints"]))
    if len(argv) != 5:
        print(__doc__)
        return 2
    tenant_id, log_path, checkpoints_path, key_path = argv[1:]
    with open(log_path, "rb") as f:
        lines = [l for l in f.read().split(b"\n") if l]
    with open(checkpoints_path, encoding="utf-8") as f:
        checkpoints = [json.loads(l) for l in f if l.strip()]
    with open(key_path, encoding="utf-8") as f:
        public_pem = f.read()
    verdict, detail = verify(tenant_id, lines, checkpoints, public_pem)
    return report(verdict, detail, len(lines), len(checkpoints))


def report(verdict, detail, records, checkpoints):
    if verdict == "intact":
        print(f"intact: {records} records, {checkpoints} checkpoints; {detail} record(s) after the last signed head")
        return 0
    print(f"{verdict} at record {detail}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
