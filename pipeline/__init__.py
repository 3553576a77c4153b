"""news-events: turn folders of news articles into tidy Parquet tables of entities,
dates, claims and reconciled events.

The stages are plain functions over typed tables; `python -m pipeline` is a thin CLI.
"""

__version__ = "0.1.0"
