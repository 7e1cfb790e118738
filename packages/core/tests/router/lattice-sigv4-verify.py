"""Checks SigV4 signatures of requests as VPC Lattice would, with botocore's own SigV4 code.

One JSON request a line on stdin, one JSON verdict a line on stdout. A request is what the stand-in
Lattice service received: method, raw target (path?query as sent), raw header pairs, and the
credentials/region the test expects. The signature is recomputed by botocore.auth.SigV4Auth from
the request as received (its signed headers, its query as sent, its X-Amz-Date), independently of
the signer under test, and compared.
"""

import json
import re
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTH = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, "
    r"SignedHeaders=(?P<signed>[a-z0-9;._-]+), Signature=(?P<signature>[0-9a-f]{64})$"
)


def verdict(req):
    headers = {}
    for name, value in zip(req["headers"][0::2], req["headers"][1::2]):
        lname = name.lower()
        headers[lname] = value if lname not in headers else headers[lname] + "," + value
    problems = []
    auth = AUTH.match(headers.get("authorization", ""))
    if not auth:
        return {"ok": False, "problems": ["no SigV4 authorization header: %r" % headers.get("authorization")]}
    amz_date = headers.get("x-amz-date", "")
    expected = req["expect"]
    if auth["key"] != expected["accessKeyId"]:
        problems.append("access key %s, expected %s" % (auth["key"], expected["accessKeyId"]))
    if auth["region"] != expected["region"] or auth["service"] != "vpc-lattice-svcs":
        problems.append("scope %s/%s, expected %s/vpc-lattice-svcs" % (auth["region"], auth["service"], expected["region"]))
    if auth["date"] != amz_date[0:8]:
        problems.append("scope date %s differs from x-amz-date %s" % (auth["date"], amz_date))
    if headers.get("x-amz-content-sha256") != "UNSIGNED-PAYLOAD":
        problems.append("x-amz-content-sha256 is %r, Lattice requires UNSIGNED-PAYLOAD" % headers.get("x-amz-content-sha256"))
    signed = auth["signed"].split(";")
    for required in ("host", "x-amz-date", "x-amz-content-sha256"):
        if required not in signed:
            problems.append("%s is not signed" % required)
    token = expected.get("sessionToken")
    if token and (headers.get("x-amz-security-token") != token or "x-amz-security-token" not in signed):
        problems.append("x-amz-security-token missing, wrong or unsigned")
    missing = [name for name in signed if name not in headers]
    if missing:
        problems.append("signed headers not received: %s" % ", ".join(missing))
    request = AWSRequest(
        method=req["method"],
        url="http://%s%s" % (headers.get("host", ""), req["target"]),
        headers={name: headers[name] for name in signed if name in headers},
    )
    request.context["timestamp"] = amz_date
    credentials = Credentials(expected["accessKeyId"], expected["secretAccessKey"], token)
    signer = SigV4Auth(credentials, "vpc-lattice-svcs", expected["region"])
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    signature = signer.signature(string_to_sign, request)
    if signature != auth["signature"]:
        problems.append("signature mismatch; botocore's canonical request:\n" + canonical)
    return {"ok": not problems, "problems": problems, "signedHeaders": signed, "amzDate": amz_date, "canonicalRequest": canonical}


for line in sys.stdin:
    try:
        out = verdict(json.loads(line))
    except Exception as error:  # a malformed request is a failed verification, not a crash
        out = {"ok": False, "problems": ["verifier error: %r" % (error,)]}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
