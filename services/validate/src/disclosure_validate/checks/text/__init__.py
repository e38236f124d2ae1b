"""Text checks a reviewer does by hand: unread pages, subject names, wording, years, scope words."""
