"""Makes the scratch git repository gitleaks scanned: a demo app with planted FAKE credentials.

The values are random (fixed seed), shaped like an AWS access key id, a GitHub personal access
token and an RSA private key. None of them was ever a real credential.
Usage: python3 make-leaky-repo.py DIR  (then commit it with git and run gitleaks, see README.md)
"""

import pathlib
import random
import string
import sys

random.seed(8)
root = pathlib.Path(sys.argv[1])
(root / "app").mkdir(parents=True, exist_ok=True)
(root / "config").mkdir(exist_ok=True)
aws = "AKIA" + "".join(random.choice(string.ascii_uppercase + "234567") for _ in range(16))
ghp = "ghp_" + "".join(random.choice(string.ascii_letters + string.digits) for _ in range(36))
body = "".join(random.choice(string.ascii_letters + string.digits + "+/") for _ in range(64 * 6))
key = "\n".join(body[at : at + 64] for at in range(0, len(body), 64))
(root / "app/settings.py").write_text(
    '"""Settings of the demo app (fake credentials planted for a secrets-scanner test)."""\n\n'
    f'DEBUG = True\nAWS_ACCESS_KEY_ID = "{aws}"\nREGION = "eu-west-1"\n'
)
(root / "config/deploy.sh").write_text(
    f"#!/bin/sh\n# deploy the demo app\nexport GITHUB_TOKEN={ghp}\ngit push origin main\n"
)
(root / "config/id_rsa").write_text(
    f"-----BEGIN RSA PRIVATE KEY-----\n{key}\n-----END RSA PRIVATE KEY-----\n"
)
(root / "README.md").write_text("demo app\n")
