"""Local accounts of the dashboard: `python -m dashboard.users add|list|set-role|disable|...`.

    python -m dashboard.users add amina --role approver          # prompts for the password
    printf '%s\\n' "$PW" | python -m dashboard.users add amina --role approver --password-stdin
    python -m dashboard.users add amina@example.org --role contributor --oidc   # no password
    python -m dashboard.users list
    python -m dashboard.users set-role amina admin
    python -m dashboard.users disable amina          # (enable amina to undo)
    python -m dashboard.users set-password amina
    python -m dashboard.users add wanjiru --role contributor --countries KEN   # Kenya only
    python -m dashboard.users set-countries wanjiru KEN,UGA   # "" = every country again
    python -m dashboard.users unlock wanjiru     # lift a lockout after failed sign-ins

The database is DATABASE_URL if set (PostgreSQL), else data/app.duckdb; --database-url
overrides both. Roles: viewer, contributor, approver, admin. Exit status 0 on success, 1 when
the change is refused (message on stderr), 2 on usage errors. Imports no streamlit.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from core.errors import EtlError
from store.submissions import Store, open_store
from store.users import MIN_PASSWORD_LENGTH, ROLES


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.users",
        description="Manage the dashboard's local accounts.",
    )
    p.add_argument("--database-url", help="postgresql://... or a DuckDB file (default: see docs)")
    sub = p.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    how.add_argument("--oidc", action="store_true", help="no password: signs in via OpenID Connect")
    add.add_argument(
        "--countries", default="", help="limit the role to these ISO3 codes, e.g. KEN,SEN"
    )
    sub.add_parser("list", help="accounts, roles and whether they are disabled")
    role = sub.add_parser("set-role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    scope = sub.add_parser("set-countries", help="limit a role to countries ('' = all)")
    scope.add_argument("name")
    scope.add_argument("countries", help="comma-separated ISO3 codes, e.g. KEN,SEN")
    for cmd, text in (
        ("disable", "stop an account signing in"),
        ("enable", "undo disable"),
        ("unlock", "lift a lockout after failed sign-ins"),
    ):
        sub.add_parser(cmd, help=text).add_argument("name")
    pw = sub.add_parser("set-password", help="replace an account's password")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    return p


def _read_password(from_stdin: bool) -> str:
    """The new password: first line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password (at least {MIN_PASSWORD_LENGTH} characters): ")
    if getpass.getpass("Repeat the password: ") != first:
        raise ValueError("the two passwords differ; nothing was changed")
    return first


def _actor() -> str:
    """Who runs the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _run(store: Store, args: argparse.Namespace) -> str:
    """Carry out one command; returns what to print."""
    by = _actor()
    if args.command == "add":
        password = None if args.oidc else _read_password(args.password_stdin)
        user = store.add_user(args.name, args.role, password, by=by, countries=args.countries)
        return f"added {user.name} ({user.label})"
    if args.command == "list":
        users = store.users()
        if users.is_empty():
            return "no accounts yet: python -m dashboard.users add NAME --role admin"
        return "\n".join(
            f"{r['name']}\t{r['role']}\t{'disabled' if r['disabled'] else 'enabled'}\t"
            f"{r['sign_in']}\t{r['created_at']:%Y-%m-%d %H:%M} UTC\t{r['countries'] or 'all'}"
            + (
                f"\tlocked until {r['locked_until']:%Y-%m-%d %H:%M} UTC"
                if r["locked_until"]
                else ""
            )
            for r in users.iter_rows(named=True)
        )
    if args.command == "set-countries":
        store.set_countries(args.name, args.countries, by=by)
        scoped = store.get_user(args.name)
        return f"{args.name}: {scoped.label if scoped else 'disabled'}"
    if args.command == "unlock":
        store.unlock(args.name, by=by)
        return f"{args.name} unlocked"
    if args.command == "set-role":
        store.set_role(args.name, args.role, by=by)
        return f"{args.name} is now {args.role}"
    if args.command in ("disable", "enable"):
        store.set_disabled(args.name, args.command == "disable", by=by)
        return f"{args.name} {args.command}d"
    store.set_password(args.name, _read_password(args.password_stdin), by=by)
    return f"password of {args.name} changed"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        store = open_store(args.database_url)
        print(_run(store, args))
    except (EtlError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
