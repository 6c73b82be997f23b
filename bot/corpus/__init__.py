"""Reading article files and extracting what they say: no Discord and no SQL here."""
