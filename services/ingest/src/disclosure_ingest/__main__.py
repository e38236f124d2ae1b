"""`python -m disclosure_ingest`: run the ingest service (the container's start command)."""

from disclosure_ingest.app import create_app
from disclosure_shared.service import serve

if __name__ == "__main__":
    serve(create_app())
