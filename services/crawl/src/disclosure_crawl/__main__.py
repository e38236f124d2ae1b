"""`python -m disclosure_crawl`: run the crawl service (the container's start command)."""

from disclosure_crawl.app import create_app
from disclosure_shared.service import serve

if __name__ == "__main__":
    serve(create_app())
