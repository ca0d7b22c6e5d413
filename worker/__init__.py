"""The reference algorithm worker: takes tasks from the dispatch queue and generates real posters."""
