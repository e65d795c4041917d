"""`python -m etl user add|disable|enable|list|passwd|import`: manage the staff accounts of the upload page."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from binjai.auth import ROLES, Account, AccountError, check_name, load_accounts, manage
from binjai.i18n import t
from data_sources import SOURCE_NAMES


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `user` command and its subcommands to the ETL command line."""
    user = sub.add_parser("user", help="manage staff accounts (sign-in for the upload page)")
    user.add_argument("--accounts", type=Path, default=None,
                      help="accounts file (default: the shared store of a ducklake+postgresql $BINJAI_WAREHOUSE, "
                           "else $BINJAI_ACCOUNTS or config/accounts.toml)")
    actions = user.add_subparsers(dest="user_command", required=True)

    add = actions.add_parser("add", help="create an account (asks for the password without echoing it)")
    add.add_argument("name", help="login name: 2-32 characters a-z 0-9 . _ -")
    add.add_argument("--opd", help="the account's department, e.g. DLH (required for staff)")
    add.add_argument("--sources", action="extend", nargs="+", default=[],
                     help=f"sources a staff account may upload ({', '.join(SOURCE_NAMES)}); space or comma separated")
    add.add_argument("--role", choices=ROLES, default="staff", help="viewer, staff (default) or admin")
    add.add_argument("--display-name", default="", help="name shown in the dashboard")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")

    for name, text in (("disable", "stop an account from signing in"), ("enable", "allow a disabled account again")):
        actions.add_parser(name, help=text).add_argument("name")
    actions.add_parser("list", help="list accounts (never shows password hashes)")
    passwd = actions.add_parser("passwd", help="set a new password")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    copy = actions.add_parser("import", help="copy the accounts of an accounts file (e.g. into the shared store of a "
                                            "ducklake+postgresql $BINJAI_WAREHOUSE); existing accounts are kept")
    copy.add_argument("file", type=Path, help="the accounts file to copy from")
    user.set_defaults(handler=run)


def run(args: argparse.Namespace, db: Path) -> int:
    """Run one `user` subcommand; the exit code is 1 with a translated message when it is refused."""
    handlers = {"add": _add, "disable": _disable, "enable": _enable, "list": _list, "passwd": _passwd,
                "import": _import}
    try:
        return handlers[args.user_command](args)
    except AccountError as err:
        print(err.message(args.lang), file=sys.stderr)
        return 1


def read_password(args: argparse.Namespace) -> str:
    """The new password from stdin (--password-stdin) or typed twice at a prompt that does not echo."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AccountError("auth.cli.no_terminal")
    first = getpass.getpass(t("auth.cli.prompt", args.lang))
    if getpass.getpass(t("auth.cli.prompt_again", args.lang)) != first:
        raise AccountError("auth.cli.password_mismatch")
    return first


def _actor() -> str:
    """Who made a change from the command line, for the audit log."""
    return f"cli:{getpass.getuser()}"


def _add(args: argparse.Namespace) -> int:
    name = check_name(args.name)
    if name in load_accounts(args.accounts):
        raise AccountError("auth.cli.exists", name=name)
    manage.checked_rights(args.role, args.opd, args.sources)
    account = manage.add(name, role=args.role, opd=args.opd, sources=args.sources, display_name=args.display_name,
                         password=read_password(args), actor=_actor(), path=args.accounts)
    print(t("auth.cli.added", args.lang, name=name, role=account.role, sources=_sources_text(account, args.lang)))
    return 0


def _disable(args: argparse.Namespace) -> int:
    manage.set_disabled(args.name, True, _actor(), args.accounts)
    print(t("auth.cli.disabled", args.lang, name=check_name(args.name)))
    return 0


def _enable(args: argparse.Namespace) -> int:
    manage.set_disabled(args.name, False, _actor(), args.accounts)
    print(t("auth.cli.enabled", args.lang, name=check_name(args.name)))
    return 0


def _passwd(args: argparse.Namespace) -> int:
    if check_name(args.name) not in load_accounts(args.accounts):
        raise AccountError("auth.cli.unknown", name=args.name)
    manage.reset_password(args.name, read_password(args), _actor(), args.accounts)
    print(t("auth.cli.password_set", args.lang, name=check_name(args.name)))
    return 0


def _import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise AccountError("auth.cli.no_file", file=args.file)
    imported, kept = manage.import_file(args.file, _actor(), args.accounts)
    print(t("auth.cli.imported", args.lang, count=len(imported), names=", ".join(imported) or "-",
            kept=", ".join(kept) or "-"))
    return 0


def _sources_text(account: Account, lang: str) -> str:
    if account.role == "admin":
        return t("auth.all_sources", lang)
    return ", ".join(account.sources) or "-"


def _list(args: argparse.Namespace) -> int:
    accounts = load_accounts(args.accounts)
    if not accounts:
        print(t("auth.cli.none", args.lang))
        return 0
    header = [t(f"auth.col_{col}", args.lang) for col in ("name", "display_name", "role", "opd", "sources", "status")]
    rows = [[a.name, a.display_name, a.role, a.opd or "-", _sources_text(a, args.lang),
             t("auth.status_disabled" if a.disabled else "auth.status_active", args.lang)]
            for a in sorted(accounts.values(), key=lambda a: a.name)]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0
