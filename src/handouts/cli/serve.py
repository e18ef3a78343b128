from __future__ import annotations

import contextlib
import logging
import secrets
import socket
import sys
import threading
import webbrowser
from pathlib import Path

import click

from handouts.cli._common import project_option, reports_errors
from handouts.cli._print_options import archive_option, paper_option
from handouts.diagnostics import UsageError

MEGABYTE = 1024 * 1024


@click.command(
    help="Serve the web app: the library, a packet for one patient, a whole day's schedule, "
    "and a live preview for whoever edits content, templates or _brand.yml.",
    epilog="\b\nExamples:\n"
    "  handouts serve --open                 http://127.0.0.1:8000 in this computer's browser\n"
    "  handouts serve --host 0.0.0.0 --certfile cert.pem --keyfile key.pem\n"
    "                                        for the clinic's network: prints a URL with a token\n"
    "Details: docs/serve.md",
)
@project_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any other than 127.0.0.1 needs the access token.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="HANDOUTS_TOKEN",
    help="Access token (default: a new random one for a non-loopback --host).",
)
@click.option(
    "--certfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="TLS certificate (PEM): serve HTTPS.",
)
@click.option(
    "--keyfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="TLS private key (PEM) for --certfile.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder for packets. Default: output/ in the project, as for the CLI.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 16),
    default=2,
    show_default=True,
    help="Render processes kept warm.",
)
@click.option(
    "--max-upload",
    type=click.IntRange(1, 200),
    default=10,
    show_default=True,
    help="Largest schedule upload, in MB.",
)
@click.option(
    "--open", "open_browser", is_flag=True, help="Open the app in this computer's browser."
)
@click.option("--no-watch", is_flag=True, help="Do not reload when project files change.")
@archive_option
@paper_option
@reports_errors
def command(
    project_dir,
    host,
    port,
    token,
    certfile,
    keyfile,
    out_dir,
    workers,
    max_upload,
    open_browser,
    no_watch,
    archive,
    paper,
):
    import uvicorn

    from handouts.pdf.print_options import PrintOptions
    from handouts.project.settings import find_project
    from handouts.serve.app import ServeConfig, create_app
    from handouts.serve.security import TOKEN_PARAMETER, is_loopback

    if (certfile is None) != (keyfile is None):
        raise click.UsageError("--certfile and --keyfile go together")
    root = find_project(project_dir)
    check_port(host, port)
    generated = token is None and not is_loopback(host)
    if generated:
        token = secrets.token_urlsafe(24)
    https = certfile is not None
    config = ServeConfig(
        root=root,
        host=host,
        token=token,
        https=https,
        out_dir=out_dir.resolve() if out_dir else None,
        processes=workers,
        max_upload=max_upload * MEGABYTE,
        options=PrintOptions(archive=archive, paper=paper),
        watch=not no_watch,
    )
    app = create_app(config)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"{'https' if https else 'http'}://{shown_host}:{port}/"
    if generated:  # a token the user gave is theirs to keep: not printed into service logs
        url += f"?{TOKEN_PARAMETER}={token}"
    elif token:
        url += f"?{TOKEN_PARAMETER}=<your token>"
    click.echo(f"handouts serve: {root}")
    click.echo(
        f"Open {url}" + (" (or this computer's name or address)" if shown_host != host else "")
    )
    if not is_loopback(host) and not https:
        click.echo(
            "warning: serving plain HTTP on the network: patients' names cross it unencrypted. "
            "Use --certfile and --keyfile (see docs/serve.md).",
            err=True,
        )
    click.echo("Press Ctrl+C to stop.")
    configure_logging()
    if open_browser:
        threading.Timer(1.5, webbrowser.open, args=(url,)).start()
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        access_log=False,
        log_level="warning",
        server_header=False,
        timeout_graceful_shutdown=2,
        lifespan="on",
    )


def check_port(host: str, port: int) -> None:
    """Say so at once when the port is taken, before the render processes start."""
    in_use = False
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        in_use = True  # something answers there (perhaps on all addresses)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind((host, port))
        except OSError:
            in_use = True
    if in_use:
        raise UsageError(
            f"cannot listen on {host}:{port}: the port is in use "
            "(is another 'handouts serve' running? choose another --port)"
        )


def configure_logging() -> None:
    """Our own access log: method, path, status and time; never a query string or a body."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log = logging.getLogger("handouts.serve")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
