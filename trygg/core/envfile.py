"""Write a local environment file with freshly generated secrets.

Run as ``python -m trygg.core.envfile var/.env``. An existing file keeps every value it has,
so keys that already encrypt data are never replaced by accident; it only gains the secrets
that a later version added (``added_secrets``).
"""

import base64
import secrets
import sys
from pathlib import Path


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def render() -> str:
    return "\n".join(
        [
            "# Local settings written by `make`; never commit this file.",
            "DJANGO_DEBUG=true",
            f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}",
            f"TRYGG_FIELD_KEYS=k1:{new_key()}",
            f"TRYGG_BLIND_INDEX_KEY={new_key()}",
            *added_secrets(),
            "",
        ]
    )


def added_secrets() -> list[str]:
    """Secrets that later versions added; an existing file gets the ones it lacks."""
    from trygg.core.crypto import new_signing_key

    return [f"TRYGG_AUDIT_SIGNING_KEY={new_signing_key()}"]


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "var/.env")
    if path.exists():
        text = path.read_text(encoding="utf-8")
        names = {line.partition("=")[0].strip() for line in text.splitlines()}
        missing = [line for line in added_secrets() if line.partition("=")[0] not in names]
        if missing:
            ending = "" if text.endswith("\n") else "\n"
            path.write_text(text + ending + "\n".join(missing) + "\n", encoding="utf-8")
            print(f"Added {', '.join(m.partition('=')[0] for m in missing)} to {path}.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    path.chmod(0o600)
    print(f"Wrote {path} with new secret and encryption keys.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
