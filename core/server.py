"""The real-time server: Flask-SocketIO's gevent server, with Nagle off on every connection."""
import socket

from gevent import pywsgi
from geventwebsocket.handler import WebSocketHandler

from core.extensions import socketio


class NoDelayHandler(WebSocketHandler):
    """gevent writes a response's headers and body separately; without TCP_NODELAY a keep-alive
    client's delayed ACK holds every response back by about 40 ms."""

    def __init__(self, sock, *args, **kwargs):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().__init__(sock, *args, **kwargs)


def serve(app, host: str, port: int) -> None:
    """Serve HTTP and Socket.IO until stopped (what socketio.run does for gevent, plus NoDelayHandler)."""
    if app.config["SOCKETIO_ASYNC_MODE"] != "gevent":
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=False)
        return
    socketio.wsgi_server = pywsgi.WSGIServer((host, port), app, handler_class=NoDelayHandler, log=None)
    socketio.wsgi_server.serve_forever()
