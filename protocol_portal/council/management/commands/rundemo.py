import signal
import socket
import subprocess  # nosec B404 - starts our own two processes, with fixed arguments
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from protocol_portal.council.selectors import demo_sign_ins


class Command(BaseCommand):
    help = "Run the demo: the web server and a Celery worker with embedded beat, until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--password", default="", help="The demo password, to print beside each sign-in.")

    def handle(self, *args, port, password, **options):
        if not settings.DEBUG:
            raise CommandError("rundemo serves static files with Django's development server: set DJANGO_DEBUG=true.")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise CommandError(f"Port {port} is already in use. Stop what is using it, or run with --port {port + 1}.")
        python = sys.executable
        # No shell, and nothing from outside but a port number argparse has already made an int.
        processes = [
            subprocess.Popen([python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]),  # nosec B603 - fixed
            subprocess.Popen([python, "-m", "celery", "-A", "protocol_portal", "worker", "--beat",  # nosec B603 - fixed
                              "--concurrency=1", "--loglevel=WARNING",
                              f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}"]),
        ]
        self._wait_until_serving(port, processes[0])
        self._print_welcome(port, password)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            self.stderr.write("A demo process stopped unexpectedly; stopping the rest.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping the demo…")
        finally:
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGINT)
            for p in processes:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()

    def _wait_until_serving(self, port, server, timeout=60):
        """Wait until the web server accepts connections, so "running at" is true when it is printed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and server.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.2)

    def _print_welcome(self, port, password):
        rows = demo_sign_ins()
        width = max(len(role) for role, _, _ in rows) if rows else 10
        self.stdout.write("")
        self.stdout.write(f"Protocol Portal demo is running at http://127.0.0.1:{port}/")
        self.stdout.write(f"Sign in as any of these{' with the password ' + password if password else ''}:")
        self.stdout.write("")
        self.stdout.write(f"  {'Role':<{width}}  {'Username':<16}  Name")
        for role, username, name in rows:
            self.stdout.write(f"  {role:<{width}}  {username:<16}  {name}")
        self.stdout.write("")
        self.stdout.write("Press Ctrl-C to stop the web server and the Celery worker.")
