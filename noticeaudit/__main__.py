"""``python -m noticeaudit``."""
from .cli import main

main()
