"""`python -m disclosure_store`: run the store service (the container's start command)."""

from disclosure_shared.service import serve
from disclosure_store.app import create_app

if __name__ == "__main__":
    serve(create_app())
