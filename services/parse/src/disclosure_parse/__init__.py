"""disclosure_parse."""

from disclosure_shared.startup import load_on_first_use

# pdfminer imports charset_normalizer as it starts, to guess the encoding of a bytes string it
# cannot decode otherwise, which the parser's pages hardly ever need: loaded then, not at start-up.
load_on_first_use("charset_normalizer")
