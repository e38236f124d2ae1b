"""`python -m disclosure_validate`: run the validate service (the container's start command)."""

from disclosure_shared.service import serve
from disclosure_validate.app import create_app

if __name__ == "__main__":
    serve(create_app())
