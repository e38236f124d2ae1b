"""`python -m disclosure_parse`: run the parse service (the container's start command)."""

from disclosure_parse.app import create_app
from disclosure_shared.service import serve

if __name__ == "__main__":
    serve(create_app())
