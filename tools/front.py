"""The front door of `make run`: one port for people, Odoo's two ports behind it.

Odoo 18 with workers serves its pages on the HTTP port and the bus
(`/websocket`, live updates) only on the gevent port; a browser opens both on
the address it was given. This copies each connection, bytes untouched, to
the gevent port when its first request asks for /websocket, else to the HTTP
port: what the nginx and Caddy examples of README do, without installing
either. Browsers open every WebSocket on a connection of its own, so the first
request line is enough to choose.

    python3 tools/front.py --listen 127.0.0.1:8069 --http 8070 --gevent 8072

Standard library only; stops with its parent (run.sh) or on SIGTERM.
"""

import argparse
import asyncio
import contextlib
import os
import signal


async def _copy(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass


def _target(first_line, http_port, gevent_port):
    parts = first_line.split(b" ")
    path = parts[1] if len(parts) > 1 else b""
    websocket = path == b"/websocket" or path.startswith(
        (b"/websocket?", b"/websocket/")
    )
    return gevent_port if websocket else http_port


async def _serve(client_reader, client_writer, host, http_port, gevent_port):
    upstream_writer = None
    try:
        first_line = await client_reader.readuntil(b"\n")
        port = _target(first_line, http_port, gevent_port)
        upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
        upstream_writer.write(first_line)
        await asyncio.gather(
            _copy(client_reader, upstream_writer),
            _copy(upstream_reader, client_writer),
        )
    except (
        asyncio.IncompleteReadError,
        asyncio.LimitOverrunError,
        ConnectionError,
        OSError,
    ):
        pass
    except asyncio.CancelledError:
        pass  # stopping: open connections end with the front
    finally:
        for writer in (client_writer, upstream_writer):
            if writer is not None:
                writer.close()
                with contextlib.suppress(ConnectionError, OSError):
                    await writer.wait_closed()


async def _watch_parent(parent, stop):
    while os.getppid() == parent:
        await asyncio.sleep(1)
    stop.set()


async def main(args):
    host, port = args.listen.rsplit(":", 1)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncio.start_server(
        lambda r, w: _serve(r, w, args.upstream, args.http, args.gevent),
        host,
        int(port),
        reuse_address=True,
    )
    watcher = asyncio.create_task(_watch_parent(os.getppid(), stop))
    async with server:
        await stop.wait()
    watcher.cancel()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--listen", default="127.0.0.1:8069", help="address:port for people"
    )
    parser.add_argument("--upstream", default="127.0.0.1", help="where Odoo listens")
    parser.add_argument("--http", type=int, required=True, help="Odoo's HTTP port")
    parser.add_argument("--gevent", type=int, required=True, help="Odoo's gevent port")
    asyncio.run(main(parser.parse_args()))
