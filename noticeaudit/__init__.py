"""noticeaudit: audit published privacy notices (GDPR Art. 13/14)."""

__version__ = "1.0.0"
