"""Read API and review page of the disclosure pipeline: serves what the store service wrote."""
