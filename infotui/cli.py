"""The ``infotui`` command: opens the app, or runs a subcommand for scripts.

Heavy modules (the database layer, Textual) are imported inside the commands
that need them, so ``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar

import click

from infotui import __version__
from infotui.errors import BankError, StoreError
from infotui.validation import ValidationError

if TYPE_CHECKING:
    from infotui.first_look import FirstLook
    from infotui.keeper import NoteKeeper
    from infotui.store import Store
    from infotui.store.imports import Imports
    from infotui.store.plain import PlainFile

DB_HELP = (
    "Database file, or a SQLAlchemy URL. Default: infotui.db in your user data folder. "
    "Also read from INFOTUI_DB."
)
DB_KEY = "infotui.db"


class InfoGroup(click.Group):
    """Turns the errors a user can act on into one line on stderr and exit status 2, and
    a reader that stops reading the output (``| head -1``) into a quiet end, status 0."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            if ctx.parent is None:
                sys.stdout.flush()  # here, not as Python exits, where EPIPE cannot be caught
            return result
        except (StoreError, ValidationError, BankError) as error:
            fail(str(error))
        except BrokenPipeError:
            if not reader_gone():
                raise
            sys.exit(0)


def reader_gone() -> bool:
    """Whether the program reading standard output has closed it (a pipe with no reader
    polls as an error), not some other pipe or standard error. If so, what is still
    buffered, and anything written from now on, goes to /dev/null, as the Python
    documentation advises (signal, "Note on SIGPIPE"): not to a traceback as Python
    exits."""
    import select

    try:
        out = sys.stdout.fileno()
        poller = select.poll()
        poller.register(out, select.POLLOUT)
        if not any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0)):
            return False
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out)
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no poll, or a stream with no file
        return False
    return True


def fail(message: str) -> NoReturn:
    click.echo(f"infotui: {message}", err=True)
    sys.exit(2)


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_root().meta[DB_KEY] = value


FC = TypeVar("FC", bound=Callable[..., Any])  # a click command function


def db_option(*, envvar: str | None = None) -> Callable[[FC], FC]:
    return click.option(
        "--db",
        metavar="PATH|URL",
        envvar=envvar,
        help=DB_HELP,
        expose_value=False,
        callback=_remember_db,
    )


def open_store(ctx: click.Context) -> Store:
    from infotui.store import Store

    store = Store(ctx.find_root().meta.get(DB_KEY))
    ctx.call_on_close(store.close)
    for notice in store.notices:
        click.echo(f"infotui: {notice}", err=True)
    if store.path is not None:
        _save_orphaned_notes(store, store.path)
    return store


def open_plain(ctx: click.Context, *, only_reads: bool = False) -> PlainFile | None:
    """The database file opened with the sqlite3 module alone, for a command that needs
    no more (see :mod:`infotui.store.plain`), or None when the full store must open it:
    a server, a new file, one to upgrade or seed, notes left to save. ``only_reads``: the
    command writes nothing, and may read a file infotui cannot write to."""
    from infotui.dbfile import default_db_path
    from infotui.store.plain import PlainFile

    target = ctx.find_root().meta.get(DB_KEY)
    if target is not None and ("://" in target or target == ":memory:"):
        return None
    path = Path(target).expanduser().resolve() if target else default_db_path()
    plain = PlainFile.open(path, is_default=not target, only_reads=only_reads)
    if plain is not None:
        ctx.call_on_close(plain.close)
        for notice in plain.notices:
            click.echo(f"infotui: {notice}", err=True)
    return plain


def contact_imports(ctx: click.Context) -> Imports:
    """The imports of the database the command names: a plain file's, else the store's."""
    plain = open_plain(ctx)
    return plain.imports if plain is not None else open_store(ctx).imports


def _save_orphaned_notes(store: Store, db_file: Path) -> None:
    """Notes an infotui that was killed left in its journal are saved by the next command
    too, so that an export run after a crash has them."""
    from infotui.keeper import settle_both

    keeper, adopted = _keeper(db_file)
    if not adopted:
        return
    result = keeper.flush(store.answers)
    if not result.ok:  # kept in this command's own journal, for the next one
        click.echo(f"infotui: {adopted} recovered note(s) could not be saved yet", err=True)
        return
    settle_both(store.answers, result)
    click.echo(f"infotui: saved {adopted} note(s) typed just before infotui last stopped", err=True)


def emit_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def emit_json_list(items: Iterable[Any]) -> None:
    """A JSON array, as :func:`emit_json` writes one, an item at a time: a hundred thousand
    contacts are not held as one text (or one list of dicts) first."""
    import json

    out = sys.stdout
    first = True
    # A flat object (a contact: text, numbers, nothing nested) is written by json's C
    # encoder, its items each on a line of its own, as indent=2 writes them (which only
    # json's Python encoder does: 100,000 contacts took 5 s).
    flat = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",\n    ", ": "))
    for item in items:
        if item and isinstance(item, dict) and all(isinstance(v, _SCALARS) for v in item.values()):
            text = "{\n    " + flat.encode(item)[1:-1] + "\n  }"
        else:
            text = json.dumps(item, indent=2, ensure_ascii=False, default=str)
            text = text.replace("\n", "\n  ")
        out.write(("[\n" if first else ",\n") + "  " + text)
        first = False
    out.write("[]\n" if first else "\n]\n")
    out.flush()


_SCALARS = (str, int, float, type(None))  # bool is an int


@click.group(
    cls=InfoGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="infotui")
@db_option(envvar="INFOTUI_DB")
@click.option(
    "--demo",
    is_flag=True,
    help="Open a throwaway in-memory database with sample contacts and an interview under way.",
)
@click.option(
    "--bell/--no-bell", default=False, help="Ring the terminal bell at each time warning."
)
@click.pass_context
def main(ctx: click.Context, demo: bool, bell: bool) -> None:
    """infotui: contacts, questions, notes and a countdown for informational interviews.

    Run without a command to open the app.

    \b
    Exit status:
      0  done
      1  done, but not all of it: notes the database did not take (their
         file is named), rows an import skipped, or an unexpected error
      2  not done: a bad file or argument, a database that cannot be used
    """
    if ctx.invoked_subcommand is not None:
        if demo:
            fail("--demo opens the app; it does not go with a command")
        return
    # Starting up makes a great many objects and little garbage: without the collector's
    # passes over them the live screen is up about 40 ms sooner. Once it is up and the
    # store is open, everything made so far is frozen out of later collections, which
    # then stay short. (Collecting first would free a few MB of start-up garbage but
    # stop the app for over 100 ms just as the user may be typing.)
    gc.disable()

    def started() -> None:
        gc.freeze()
        gc.enable()

    target = ctx.find_root().meta.get(DB_KEY)
    if not (target and "://" in target):
        # On a file, infotui makes no network connection of any kind; yet asyncio (under
        # Textual) imports the ssl module, and OpenSSL's TLS library with it, for
        # connections it never makes here: about 1 MB of the app's peak memory. An entry
        # of None makes the import fail (as on a Python built without ssl), which asyncio
        # expects. (A server's URL keeps it: its driver may want it.)
        sys.modules.setdefault("ssl", None)  # type: ignore[arg-type]
        # The same library comes in through hashlib's fast path (_hashlib), for the
        # checksums infotui takes of a question bank or a counting and for modules that
        # import hmac (pydantic's types do): 3.3 MB of the peak. Without it hashlib and
        # hmac use Python's own built-in SHA-2, MD5, SHA-3 and BLAKE2 (same digests),
        # where this Python has them (some builds leave them out for OpenSSL's).
        if _builtin_hashes():
            sys.modules.setdefault("_hashlib", None)  # type: ignore[arg-type]
    from infotui.app import InfoApp
    from infotui.clock import SystemClock

    clock = SystemClock()
    looked = False  # the first look read the file's header and holds a connection to it

    def open_store() -> Store:
        from infotui.store import Store

        if not demo:
            return Store(target, clock=clock, header_checked=looked)
        from infotui.demo import populate

        store = Store("sqlite://", clock=clock)
        populate(store)
        return store

    db_file = None if demo or (target and "://" in target) else _db_file(target)
    if target and db_file is not None:
        from infotui.dbfile import missing_folder

        if missing := missing_folder(db_file):
            fail(missing)  # before the app is drawn: the store would refuse it

    def first_look() -> FirstLook | None:
        """A quick read-only look at the file, to show the live screen while the store opens."""
        from infotui.first_look import FirstLook

        if db_file is None:
            return None
        nonlocal looked
        look = FirstLook.open(db_file)
        looked = look is not None
        return look

    keeper, adopted = _keeper(db_file)
    recovered = (
        f"Recovered {adopted} note(s) typed just before infotui last stopped; they are saved "
        "now (beside any text that changed meanwhile)."
    )
    notices = [recovered] if adopted else []
    app = InfoApp(
        open_store,
        clock=clock,
        bell=bell,
        first_look=first_look,
        started=started,
        keeper=keeper,
        notices=notices,
        secrets=[_password(target)] if target and "://" in target else [],
    )
    try:
        app.run()
        if app.exit_watchdog is not None:
            app.exit_watchdog.cancel()  # the exit finished by itself
    finally:
        if app.store is not None:
            app.store.close()
    if app.open_error:  # the database could not be used, as it opened or later
        _say_on_closed_terminal(f"infotui: {app.open_error}")
        if app.farewell:  # where the notes the database did not take are
            _say_on_closed_terminal(app.farewell)
        sys.exit(2)
    if app.farewell:
        _say_on_closed_terminal(app.farewell)
    if app.store is None:
        # Closed (a signal, a closed terminal) while the database was still opening:
        # what was typed is in the journal or a recovery file. Leave without waiting for
        # the thread that opens it, which Python would otherwise wait for at exit.
        _leave_now(app.return_code or 0)
    if app.return_code:  # notes not saved (their file is named above), or a crash
        sys.exit(app.return_code)


def _password(url: str) -> str:
    """The password in a database URL ('' if none), to keep it out of any report."""
    from urllib.parse import unquote, urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return ""
    return unquote(password) if password else ""


def _say_on_closed_terminal(message: str) -> None:
    """Print on the terminal infotui ran in, unless it has gone (closed, hung up)."""
    with contextlib.suppress(OSError):
        click.echo(message, err=True)


def _leave_now(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _db_file(target: str | None) -> Path:
    from infotui.dbfile import default_db_path

    return Path(target).expanduser().resolve() if target else default_db_path()


def _keeper(db_file: Path | None) -> tuple[NoteKeeper, int]:
    """The keeper of unsaved notes, with its journal beside the database file, and how
    many drafts it took over from the journals of infotui processes that were killed."""
    from infotui.journal import DraftJournal
    from infotui.keeper import NoteKeeper

    if db_file is None:
        return NoteKeeper(), 0
    keeper = NoteKeeper(journal=DraftJournal(db_file))
    return keeper, keeper.recover_orphans()


@main.command()
@db_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--all", "include_archived", is_flag=True, help="Include archived questions.")
@click.pass_context
def questions(ctx: click.Context, as_json: bool, include_archived: bool) -> None:
    """Print the question bank, numbered by section."""
    from infotui.models import Section

    rows = open_store(ctx).questions.all(include_archived=include_archived)
    numbered: list[tuple[int, Any]] = []
    counters: dict[str, int] = {}
    for question in rows:
        counters[question.section] = counters.get(question.section, 0) + 1
        numbered.append((counters[question.section], question))
    if as_json:
        emit_json(
            [
                {
                    "id": q.id,
                    "number": n,
                    "section": q.section,
                    "text": q.text,
                    "hint": q.hint,
                    "closing": q.closing,
                    "archived": q.archived,
                    "key": q.key,
                }
                for n, q in numbered
            ]
        )
        return
    current = None
    for n, q in numbered:
        if q.section != current:
            if current is not None:
                click.echo()
            current = q.section
            click.secho(Section(q.section).title, bold=True)
        flags = " (closing)" if q.closing else ""
        flags += " (archived)" if q.archived else ""
        click.echo(f"{n:>4}. {q.text}{flags}")


@main.group(cls=InfoGroup, invoke_without_command=True)
@db_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def contacts(ctx: click.Context, as_json: bool) -> None:
    """List contacts; add one, log a call, set a status (contacts add, call, status)."""
    if ctx.invoked_subcommand is not None:
        return
    # Plain values, not records: a list of 100,000 took 7 s and 270 MB read as records;
    # from a plain file without the ORM when the file allows it (as `export` does).
    plain = open_plain(ctx, only_reads=True)
    rows = (
        plain.contacts_for_export() if plain is not None else open_store(ctx).contacts.for_export()
    )
    if as_json:
        from infotui.exporting import CONTACT_COLUMNS

        times = [key for key in CONTACT_COLUMNS if key.endswith("_at")]
        emit_json_list(_with_iso_times(c._asdict(), times) for c in rows)
        return
    if not rows:
        click.echo("No contacts yet. Add one with: infotui contacts add NAME --company COMPANY")
        return
    width = max(len(c.name) for c in rows)
    for c in rows:
        at = f"{c.role}, {c.company}" if c.role and c.company else c.role or c.company
        click.echo(f"{c.id:>5}  {c.name:<{width}}  {c.status.replace('_', ' '):<14}  {at}")


def _with_iso_times(row: dict[str, Any], times: list[str]) -> dict[str, Any]:
    """``row`` with its times (those of ``times`` that are set) in ISO 8601."""
    for key in times:
        if (value := row[key]) is not None:
            row[key] = value.isoformat()
    return row


@contacts.command("add")
@db_option()
@click.argument("name")
@click.option("--company", default="")
@click.option("--role", default="", help="Their job title.")
@click.option("--field", default="", help="Their field or industry.")
@click.option("--email", default="")
@click.option("--phone", default="")
@click.option("--linkedin", "linkedin_url", default="", help="LinkedIn profile URL.")
@click.option("--how-we-know", default="", help="How you know each other.")
@click.option("--notes", default="")
@click.option("--allow-duplicate", is_flag=True, help="Add even if the same person is there.")
@click.pass_context
def contacts_add(ctx: click.Context, /, name: str, allow_duplicate: bool, **fields: str) -> None:
    """Add a contact to your networking list."""
    store = open_store(ctx)
    if not allow_duplicate:
        twin = store.contacts.find_duplicate(name, company=fields["company"], email=fields["email"])
        if twin is not None:
            fail(
                f"{twin.name} ({twin.company or 'no company'}) is already contact {twin.id}; "
                "use --allow-duplicate to add another"
            )
    contact = store.contacts.add(name, **fields)  # type: ignore[arg-type]  # text fields only
    where = f" ({contact.company})" if contact.company else ""
    click.echo(f"Added {contact.name}{where} as contact {contact.id}.")


STATUSES = (
    "to_contact", "reached_out", "scheduled", "interviewed", "thank_you_sent",
    "following_up", "no_response", "declined",
)  # fmt: skip  # OutreachStatus's values: the models are not imported for --help


@contacts.command("status")
@db_option()
@click.argument("contact_id", metavar="ID", type=int)
@click.argument("status", metavar="STATUS", type=click.Choice(STATUSES, case_sensitive=False))
@click.option("--note", default="", help="Why, kept in the contact's history.")
@click.pass_context
def contacts_status(ctx: click.Context, contact_id: int, status: str, note: str) -> None:
    """Set a contact's status by hand (dated in their history).

    Calls, bookings and interviews move the status on by themselves; this is for
    the rest, like a mistaken "declined": infotui contacts status 12 reached_out

    STATUS is one of: to_contact, reached_out, scheduled, interviewed, thank_you_sent,
    following_up, no_response, declined.
    """
    from infotui.models import OutreachStatus

    store = open_store(ctx)
    contact = store.contacts.get(contact_id)
    if contact is None:
        fail(f"there is no contact {contact_id} (infotui contacts lists them)")
    new = OutreachStatus(status.lower())
    if contact.status == new.value:
        click.echo(f"{contact.name} is already {new.label}.")
        return
    old = OutreachStatus(contact.status)
    store.contacts.set_status(contact_id, new, note=note.strip() or "set by hand")
    click.echo(f"{contact.name}: {old.label} → {new.label}.")


def _when_option(option: str, text: str, now: Any, *, hour: int) -> Any:
    """A date and time given to an option, read as the app reads them; a day alone is
    taken at ``hour`` (today's, when it is past, at this moment). One line and exit
    status 2 when it cannot be read."""
    from infotui.dates import DateError, parse_when

    try:
        parsed = parse_when(text, now, need_time=False)
    except DateError as error:
        fail(f"{option} {text!r}: {error}")
    if parsed.has_time:
        return parsed.at
    at = parsed.at.set(hour=hour)
    return now if at.date() == now.in_timezone(at.timezone).date() and at < now else at


OUTCOMES = ("no_answer", "left_message", "agreed", "declined", "call_back")  # CallOutcome's


@contacts.command("call")
@db_option()
@click.argument("contact_id", metavar="ID", type=int)
@click.argument("outcome", metavar="OUTCOME", type=click.Choice(OUTCOMES, case_sensitive=False))
@click.option("--note", default="", help="What was said, kept in the contact's history.")
@click.option("--at", "when", metavar="WHEN", help="When the call was made (yesterday 4pm).")
@click.option("--call-back", metavar="WHEN", help="With call_back: when to call (fri 10am).")
@click.pass_context
def contacts_call(
    ctx: click.Context,
    contact_id: int,
    outcome: str,
    note: str,
    when: str | None,
    call_back: str | None,
) -> None:
    """Log a call (or a message) asking for an interview, made now or earlier.

    OUTCOME is one of: no_answer, left_message, agreed, declined, call_back. The
    status and the next follow-up move as in the app's call dialog:
    infotui contacts call 12 left_message --at "yesterday 4pm"
    """
    from infotui.models import CallOutcome

    store = open_store(ctx)
    contact = store.contacts.get(contact_id)
    if contact is None:
        fail(f"there is no contact {contact_id} (infotui contacts lists them)")
    now = store.now()
    at = _when_option("--at", when, now, hour=12) if when is not None else None
    if at is not None and at.date() == now.in_timezone(at.timezone).date() and at > now:
        at = now  # today, at no time said: earlier today
    if at is not None and at > now:
        fail(f"--at {when!r} is still to come: a call is logged once it is made")
    back = _when_option("--call-back", call_back, now, hour=9) if call_back else None
    if back is not None and back < now:
        fail(f"--call-back {call_back!r} is in the past")
    called = CallOutcome(outcome.lower())
    if called is CallOutcome.CALL_BACK and back is None:
        fail("call_back needs --call-back WHEN (like fri 10am)")
    after = store.contacts.log_call(contact_id, called, note=note.strip(), call_back_at=back, at=at)
    follow = ""
    if after.follow_up_at is not None:
        from infotui.dates import humanize

        follow = f"; follow up {humanize(after.follow_up_at, now)}"
    status = after.status.replace("_", " ")
    said = called.label.lower().removesuffix(" on…")
    click.echo(f"{after.name}: {said}, {status}{follow}.")


# Thank-yous owed and follow-ups due that `infotui upcoming` lists of each (--all: every
# one): after a few dozen interviews without a thank-you, a screenful, not thousands.
LISTED_AT_MOST = 20


@main.command()
@db_option()
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 366))
@click.option(
    "--all", "everything", is_flag=True,
    help=f"List every thank-you owed, follow-up due and referral waiting (else the first "
    f"{LISTED_AT_MOST} of each).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (every item).")
@click.pass_context
def upcoming(ctx: click.Context, days: int, everything: bool, as_json: bool) -> None:
    """Interviews in the coming days, thank-yous owed, follow-ups due in those days (and
    any overdue), and referrals not yet contacted: what the app's Upcoming screen (F10)
    shows."""
    from infotui.dates import humanize

    store = open_store(ctx)
    now = store.now()
    until = now.add(days=days)
    items = store.interviews.upcoming(now.start_of("day"), until)
    whole = as_json or everything
    agenda = store.interviews.agenda(
        named=None if whole else LISTED_AT_MOST, follow_ups_until=until
    )
    # A thank-you owed is a reminder too: listed once, with the thank-yous.
    owed = agenda.owed
    follow_ups = [c for c in agenda.follow_ups if c.id not in owed]
    referred = store.follow_ups.referrals_to_contact()
    referrers = store.contacts.names({c.referred_by_id or 0 for c in referred})
    if as_json:
        emit_json(
            {
                "interviews": [
                    {
                        "interview_id": item.interview.id,
                        "contact_id": item.contact.id,
                        "name": item.contact.name,
                        "company": item.contact.company,
                        "starts_at": item.starts_at.isoformat(),
                        "ends_at": item.ends_at.isoformat(),
                        "agreed_minutes": item.interview.agreed_minutes,
                        "medium": item.interview.medium,
                        "place": item.interview.place,
                        "overlaps": item.overlaps,
                    }
                    for item in items
                ],
                "follow_ups_due": [
                    {
                        "contact_id": c.id,
                        "name": c.name,
                        "follow_up_at": c.follow_up_at.isoformat() if c.follow_up_at else None,
                    }
                    for c in follow_ups
                ],
                "thank_yous_due": [
                    {
                        "interview_id": interview.id,
                        "contact_id": contact.id,
                        "name": contact.name,
                        "ended_at": interview.ended_at.isoformat() if interview.ended_at else None,
                    }
                    for interview, contact in agenda.thank_yous
                ],
                "referrals_to_contact": [
                    {
                        "contact_id": c.id,
                        "name": c.name,
                        "company": c.company,
                        "referred_by_id": c.referred_by_id,
                        "referred_by": referrers.get(c.referred_by_id or 0),
                    }
                    for c in referred
                ],
            }
        )
        return
    if not items:
        click.echo(f"No interviews in the next {days} day{'s' if days != 1 else ''}.")
    for item in items:
        who = item.contact.name + (f", {item.contact.company}" if item.contact.company else "")
        clash = "  (overlaps another)" if item.overlaps else ""
        minutes = f"{item.interview.agreed_minutes} min"
        click.echo(f"{humanize(item.starts_at, now)}  {who}  {minutes}{clash}")
    if agenda.thank_yous:
        click.echo()
        click.secho(f"Thank-yous owed ({agenda.thank_yous_owed:,})", bold=True)
        for interview, contact in agenda.thank_yous:
            ended = interview.ended_at
            click.echo(
                f"  {contact.name}" + (f"  interviewed {humanize(ended, now)}" if ended else "")
            )
        _more(agenda.thank_yous_owed - len(agenda.thank_yous))
    if follow_ups:
        click.echo()
        within = f"in the next {days} day{'s' if days != 1 else ''}"
        click.secho(f"Follow-ups due {within} ({len(follow_ups):,})", bold=True)
        for contact in follow_ups if everything else follow_ups[:LISTED_AT_MOST]:
            assert contact.follow_up_at is not None
            late = "  (overdue)" if contact.follow_up_at < now else ""
            click.echo(f"  {contact.name}  {humanize(contact.follow_up_at, now)}{late}")
        _more(0 if everything else len(follow_ups) - LISTED_AT_MOST)
    if referred:
        click.echo()
        click.secho(f"Referrals not yet contacted ({len(referred):,})", bold=True)
        for contact in referred if everything else referred[:LISTED_AT_MOST]:
            via = referrers.get(contact.referred_by_id or 0)
            click.echo(f"  {contact.name}" + (f"  from {via}" if via else ""))
        _more(0 if everything else len(referred) - LISTED_AT_MOST)


def _builtin_hashes() -> bool:
    """Whether hashlib has its own (built-in) SHA-2, SHA-1, MD5, SHA-3 and BLAKE2 to use
    without OpenSSL (random and tempfile need SHA-512 as they are imported)."""
    import importlib.util

    sha2 = ("_sha2",) if sys.version_info >= (3, 12) else ("_sha256", "_sha512")
    names = (*sha2, "_sha1", "_md5", "_sha3", "_blake2")
    return all(importlib.util.find_spec(name) is not None for name in names)


def _more(left: int) -> None:
    if left > 0:
        click.echo(f"  … and {left:,} more (infotui upcoming --all lists them all)")


LONG_JOB = 2000  # rows: a job this long shows its progress (in a terminal)


@contextlib.contextmanager
def long_job(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for a job through many rows; the job calls what this
    yields with the rows done and the rows in all.

    Shown only when the job is long and a person is watching: stderr is a terminal and
    stdout is not piped into another program (whose screen the bar would scribble on).
    """
    bar: Any = None

    def step(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if total <= LONG_JOB or not _watched():
                bar = False
                return
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        if bar:
            bar.update(done - bar.pos)

    try:
        yield step
    finally:
        if bar:
            bar.__exit__(None, None, None)


def _watched() -> bool:
    """stderr is a terminal, and stdout is not a pipe."""
    try:
        if not os.isatty(sys.stderr.fileno()):
            return False
        return not stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # a stream with no file behind it
        return False


def write_output(
    data: bytes | Iterable[bytes], output: str | None, *, force: bool, say: bool = True
) -> None:
    """Write to a file private to the user (never over one without --force), or stdout;
    ``data`` may come a piece at a time. ``say``: say which file was written."""
    from pathlib import Path

    from infotui.errors import FormatError
    from infotui.exporting import write_private

    if output is None or output == "-":
        for piece in [data] if isinstance(data, bytes) else data:
            click.echo(piece, nl=False)
        return
    path = Path(output).expanduser()
    try:
        write_private(path, data, force=force)
    except FileExistsError:
        _exists(path)
    except FormatError as error:
        fail(str(error))
    if say:
        click.echo(f"Wrote {path}", err=True)


def _exists(path: Path) -> NoReturn:
    fail(f"{path} exists already; use --force to replace it")


@main.command("import")
@db_option()
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--format", "fmt", default="auto", show_default=True,
    type=click.Choice(["auto", "linkedin", "csv", "vcard"]),
)  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option(
    "--on-error", default="skip", show_default=True, type=click.Choice(["skip", "refuse"]),
    help="A bad row is skipped, or refuses the whole import.",
)  # fmt: skip
@click.option(
    "--map", "mappings", multiple=True, metavar="COLUMN=FIELD",
    help="CSV: which contact field a column feeds (name, first, last, company, role, email, "
    "phone, notes, linkedin_url, field, how_we_know; empty to ignore). Repeatable.",
)  # fmt: skip
@click.pass_context
def import_(
    ctx: click.Context,
    file: str,
    fmt: str,
    dry_run: bool,
    on_error: Literal["skip", "refuse"],  # click.Choice allows no other
    mappings: tuple[str, ...],
) -> None:
    """Import contacts from LinkedIn, Google Contacts, Outlook, a CSV or TSV file, or vCards.

    The import says how it read the file (format, encoding, separator), the
    columns it ignored, and each value it kept in the notes for want of a place.

    \b
    Exit status: 0 when every row came in, was merged or was already there
    (values kept in the notes included); 1 when any row was skipped (each is
    listed with its line); 2 when the file could not be read at all, or
    --on-error refuse found a bad row.
    """
    from contextlib import closing
    from pathlib import Path

    from infotui.errors import FormatError
    from infotui.formats import format_of, stream_contacts
    from infotui.importing import report

    mapping = None
    if mappings:
        mapping = {}
        for item in mappings:
            column, sep, target = item.partition("=")
            if not sep:
                fail(f"--map takes COLUMN=FIELD, not {item!r}")
            mapping[column.strip()] = target.strip()
    path = Path(file).expanduser()
    try:
        # A CSV file's rows are imported as they are read, under one bar telling how far
        # through the file the import is; a vCard file is read whole, then imported.
        read_whole = format_of(path, fmt) == "vcard"
        with long_job(f"{'Reading' if read_whole else 'Importing'} {path.name}") as step:
            parsed, stream = stream_contacts(path, fmt, mapping, progress=step)
            if stream is not None:
                with closing(stream):
                    result = contact_imports(ctx).contacts(
                        stream, on_error=on_error, dry_run=dry_run, problems=parsed.problems
                    )
        if stream is None:
            total = len(parsed.records)
            with long_job("Importing") as step:
                step(0, total)
                result = contact_imports(ctx).contacts(
                    parsed.records,
                    on_error=on_error,
                    dry_run=dry_run,
                    problems=parsed.problems,
                    progress=lambda done: step(done, total),
                )
    except FormatError as error:
        fail(str(error))
    for line in report(parsed, result):
        click.echo(line, err=True)
    try:
        click.echo(f"{parsed.format}: {result.summary()}")
    except BrokenPipeError:
        if not reader_gone():
            raise
    if result.skipped:
        sys.exit(1)  # done, but not all of it: a script must not delete the file


@main.command()
@db_option()
@click.argument("what", type=click.Choice(["markdown", "csv", "ics", "vcard"]))
@click.option("--interview", "interview_id", type=int, help="Markdown: just this interview.")
@click.option("--days", type=click.IntRange(1, 3660), help="ics: only the next N days.")
@click.option("-o", "--output", metavar="PATH", help="Write to PATH (default: standard output).")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_context
def export(
    ctx: click.Context,
    what: str,
    interview_id: int | None,
    days: int | None,
    output: str | None,
    force: bool,
) -> None:
    """Export interviews (markdown), contacts (csv, vcard) or the schedule (ics).

    Exit status 1: nothing to export (markdown before any interview has
    started, ics with no interview booked in those days); no file is written.
    Exit status 2: any other error.
    """
    from infotui.errors import FormatError, NothingToExport
    from infotui.exporting import CONTACT_EXPORTS, contact_parts, export_parts

    plain = open_plain(ctx, only_reads=True) if what in CONTACT_EXPORTS else None
    store = open_store(ctx) if plain is None else None
    # Written as it is made, a piece at a time (a file takes its place once whole); to a
    # terminal, made whole first, so that the progress bar and the text do not mix.
    to_stdout = output is None or output == "-"
    whole = to_stdout and sys.stdout.isatty()
    if not to_stdout:  # before any of the work, not after it
        path = Path(str(output)).expanduser()
        if path.is_dir():
            fail(f"{path} is a folder; give a file name")
        if path.exists() and not force:
            _exists(path)
    data: bytes | Iterator[bytes] = b""
    with long_job("Exporting") as step:
        try:
            if plain is not None:
                contacts = plain.contacts_for_export()
                pieces = contact_parts(what, contacts, plain.install_id, progress=step)
            else:
                assert store is not None
                pieces = export_parts(
                    store, what, interview_id=interview_id, days=days, progress=step
                )
            data = b"".join(pieces) if whole else pieces
        except NothingToExport as error:
            click.echo(f"infotui: {error}", err=True)
            sys.exit(1)
        except FormatError as error:
            fail(str(error))
        if not whole:
            write_output(data, output, force=force, say=False)
    if whole:
        write_output(data, output, force=force)
    elif not to_stdout:  # once the progress bar is done
        click.echo(f"Wrote {Path(str(output)).expanduser()}", err=True)


@main.command()
@db_option()
@click.option("--by", type=click.Choice(["field", "company"]), default="field",
              show_default=True, help="Group the fit by field or by company.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("-o", "--output", metavar="PATH", help="Write to PATH (default: standard output).")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_context
def report(ctx: click.Context, by: str, as_json: bool, output: str | None, force: bool) -> None:
    """What every finished interview told you, as the Evaluate screen shows it: the
    fit by field, what was named most often, the next steps, questions to ask next.

    Markdown to print or share by your choice, or JSON with --json. A file is
    written readable by you only, and never over an existing one without --force.
    """
    import json

    from infotui.formats.report import report_data, report_markdown

    store = open_store(ctx)
    synthesis = store.evaluation.synthesis(by=by)
    now = store.now()
    if as_json:
        text = json.dumps(report_data(synthesis, now), indent=2, ensure_ascii=False) + "\n"
    else:
        text = report_markdown(synthesis, now)
    write_output(text.encode("utf-8"), output, force=force)


@main.group(cls=InfoGroup)
def db() -> None:
    """The database itself: upgrade a server's database, copy one into another."""


@db.command("upgrade")
@db_option()
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Bring the database's schema up to date.

    A database file is copied aside and upgraded whenever infotui opens it. A
    server's database (PostgreSQL) cannot be copied from here: back it up first
    with pg_dump, as infotui says when it refuses to open it, then run this.
    """
    from infotui import migrations
    from infotui.store import Store

    store = Store(ctx.find_root().meta.get(DB_KEY), upgrade=True)
    ctx.call_on_close(store.close)
    click.echo(f"{store.shown_url} is at schema {migrations.LATEST}, the latest.")


@db.command("copy")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--replace", is_flag=True, help="Replace everything TO holds already.")
def db_copy(source: str, target: str, replace: bool) -> None:
    """Copy everything from one database to another: FROM and TO are each a file or a
    URL, as --db takes. Moves your SQLite file to a PostgreSQL server, and back.

    \b
    TO is written in one transaction and its row counts checked against FROM's: a
    copy that fails leaves TO as it was. TO must hold no contacts or interviews
    (a new database is fine) unless --replace is given. FROM is not changed.
    """
    from infotui.store import Store, resolve_target
    from infotui.store.copying import analyse_for_queries, copy_database

    _, source_file = resolve_target(source)
    if source_file is not None and not source_file.exists():
        fail(f"{source_file} does not exist")
    with Store(source) as origin, Store(target) as destination:
        with long_job("Copying") as step:
            counts = copy_database(
                origin.db, destination.db, replace=replace, progress=step, analyse=False
            )
        if destination.db.engine.dialect.name == "postgresql":
            if _watched():
                click.echo("Analysing the copy for the server's planner…", err=True)
            analyse_for_queries(destination.db)
        width = max(len(c.table) for c in counts)
        for c in counts:
            click.echo(f"{c.table:<{width}}  {c.source:>7}  {c.target:>7}")
        total = sum(c.target for c in counts)
        click.echo(
            f"Copied {total} rows from {origin.path or origin.shown_url} "
            f"to {destination.path or destination.shown_url}."
        )
